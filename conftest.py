"""Settings for the whole test run, doctests in src/ included."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import matplotlib  # noqa: E402

matplotlib.use("Agg")


def pytest_runtest_teardown(item):
    import matplotlib.pyplot as plt

    plt.close("all")
