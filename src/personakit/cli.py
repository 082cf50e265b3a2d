"""The ``personakit`` command: ``personakit run CONFIG --out DIR`` and ``personakit demo --out DIR``.

``run`` reads a YAML configuration (see :mod:`personakit.config`), runs the
whole analysis and writes the outputs atomically into DIR: ``report.html``,
``personas.json``, ``journey_map.json``, ``evidence.csv``, ``codebook.csv``,
``figures/`` (PNG and SVG) and ``manifest.json``. ``demo`` does the same on the
bundled sample project. Errors in the configuration or the inputs are printed
as one clear message (exit status 2), never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from personakit._errors import PersonakitError, PersonakitWarning

__all__ = ["demo_config", "main"]


def demo_config() -> dict:
    """The configuration of the bundled sample project (paths inside ``data/sample``).

    Returns
    -------
    dict
        A configuration mapping for :func:`personakit.pipeline.run`.

    Examples
    --------
    >>> from personakit.cli import demo_config
    >>> demo_config()["inputs"]["survey"].endswith("survey_qualtrics.csv")
    True
    """
    from personakit.datasets import sample_path

    return {
        "title": "Slotwise customer research (sample project)",
        "seed": 0,
        "inputs": {
            "survey": str(sample_path("survey_qualtrics.csv")),
            "transcripts": str(sample_path("transcripts")),
            "interviews": str(sample_path("interviews.csv")),
            "accounts": str(sample_path("accounts.csv")),
            "content_inventory": str(sample_path("content_inventory.csv")),
        },
        # Named after reading the persona cards of this seed's run, as an analyst would; the
        # content inventory tags assets with these names. (tests/test_pipeline.py checks each
        # name against the personas planted in the sample.)
        "personas": {
            "names": {
                1: "Solo Practitioner",
                2: "Studio Owner",
                3: "Mobile Pro",
                4: "Clinic Owner",
                5: "Multi-site Operator",
            }
        },
        "accounts_segmentation": {
            "names": {
                1: "Franchise Growth Executive",
                2: "Front-line Operations Champion",
                3: "Clinical Systems Evaluator",
            }
        },
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="personakit",
        description="From customer research to personas and journey maps.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the analysis a YAML configuration describes")
    run.add_argument("config", help="the YAML configuration file")
    run.add_argument("--out", required=True, help="output folder")
    run.add_argument("--force", action="store_true", help="replace an existing output folder")
    run.add_argument("--quiet", action="store_true", help="no progress display")
    demo = sub.add_parser("demo", help="run the bundled sample project")
    demo.add_argument("--out", default="personakit-demo", help="output folder")
    demo.add_argument("--force", action="store_true", help="replace an existing output folder")
    demo.add_argument("--quiet", action="store_true", help="no progress display")
    sub.add_parser("version", help="print the version")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``personakit`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 for bad configuration or input.

    Examples
    --------
    >>> from personakit.cli import main
    >>> main(["run", "missing.yaml", "--out", "out"])
    2
    """
    from personakit import __version__
    from personakit._progress import Progress
    from personakit.pipeline import run

    args = _parser().parse_args(argv)
    if args.command == "version":
        print(__version__)
        return 0
    config = demo_config() if args.command == "demo" else args.config
    progress = Progress(1, enabled=False) if args.quiet else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PersonakitWarning)  # collected in the report
            result = run(config, args.out, force=args.force, progress=progress)
    except PersonakitError as exc:
        print(f"personakit: error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out).expanduser().resolve()
    summary = result.summary()
    if summary["personas"] is not None:
        names = ", ".join(f"{k}. {v}" for k, v in (summary["persona_names"] or {}).items())
        print(
            f"{summary['respondents_analysed']} respondents analysed "
            f"({summary['excluded']} excluded); {summary['personas']} personas: {names}"
        )
    for message in dict.fromkeys(result.warnings):
        print(f"warning: {message}", file=sys.stderr)
    print(f"Report: {out / 'report.html'}")
    print(f"All outputs (JSON, CSV, figures, manifest): {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
