"""Segmentation speed and quality, personakit next to its peers, in one run.

Data: ``personakit.simulate.simulate_survey`` with 20 Likert items, 6 nominal questions,
2 multi-select questions (11 options), 3 numeric questions, 5 % missing answers and 4
planted personas (separation 1.0: overlapping but recoverable), at n = 1,000, 10,000
and 100,000 respondents.

Rows (time, peak traced memory, adjusted Rand index against the planted personas):

- ``personakit auto sweep``: ``PersonaSegmenter()`` with its defaults, i.e. method
  "auto" (LCA here), k = 1..8, 20 bootstrap resamples per k (capped at 5,000 rows).
- ``personakit <method> k=4``: one fit of each method at k = 4, no bootstrap.
- ``LCA core`` vs ``StepMix``: the same latent class model on the same matrix (the
  categorical/binned answers personakit's LCA sees, missing as NaN), 10 random starts
  each; the log-likelihoods are printed so "as fast at equal likelihood" can be checked.
- ``kmodes KPrototypes`` (missing answers imputed: mode / median) and a plain
  scikit-learn baseline (impute, one-hot, scale, ``KMeans(n_init=10)``).

Peers that would take too long at a given n are skipped with the reason printed.
Ratios are peer time / personakit time. Timings depend on the machine and its load;
run it on an otherwise idle machine for figures worth quoting.

Usage: ``python benchmarks/bench_segment.py [--quick] [--n 1000 10000] [--threads 2]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from personakit import PersonaSegmenter  # noqa: E402
from personakit.segment._encoding import MixedEncoder  # noqa: E402
from personakit.segment._engines import lca_inputs  # noqa: E402
from personakit.segment._lca import fit_mixture  # noqa: E402
from personakit.simulate import simulate_survey  # noqa: E402

ROWS: list[dict] = []


def measure(name, n, func, truth=None, note=""):
    """Run ``func`` once; record wall time, traced peak memory and ARI of its labels."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        labels, extra = func()
        error = ""
    except Exception as exc:  # a peer failing is a result, not a crash of the benchmark
        labels, extra, error = None, {}, f"{type(exc).__name__}: {exc}"[:90]
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    score = (
        adjusted_rand_score(truth, labels) if labels is not None and truth is not None else np.nan
    )
    row = {
        "n": n,
        "run": name,
        "seconds": seconds,
        "peak_MB": peak / 1e6,
        "ARI": score,
        "note": error or note or extra.get("note", ""),
    }
    row.update({k: v for k, v in extra.items() if k != "note"})
    ROWS.append(row)
    ll = f" LL={row['log_likelihood']:.1f}" if "log_likelihood" in row else ""
    print(
        f"  {name:<28} {seconds:8.2f} s {peak / 1e6:9.1f} MB  ARI {score:5.3f}{ll}  {row['note']}",
        flush=True,
    )
    return row


def skip(name, n, reason):
    ROWS.append(
        {"n": n, "run": name, "seconds": np.nan, "peak_MB": np.nan, "ARI": np.nan, "note": reason}
    )
    print(f"  {name:<28}  skipped: {reason}", flush=True)


def lca_matrix(survey):
    encoder = MixedEncoder(survey.codebook).fit(survey.responses, missing=survey.missing)
    enc = encoder.transform(survey.responses, missing=survey.missing)
    data = lca_inputs(encoder, enc)
    codes = np.column_stack(
        [
            np.where(data.Y[:, o : o + L].sum(axis=1) > 0, data.Y[:, o : o + L].argmax(axis=1), -1)
            for o, L in zip(data.offsets, data.n_levels)
        ]
    )
    return data, codes


def run_n(n, args, estimates):
    print(f"\nn = {n:,}", flush=True)
    survey, truth_s = simulate_survey(
        n, 4, separation=1.0, n_likert=20, n_nominal=6, n_multiselect=2, n_numeric=3,
        missing=0.05, random_state=0,
    )  # fmt: skip
    truth = truth_s.to_numpy()
    ids = survey.responses.index

    def seg_run(**kw):
        def go():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                seg = PersonaSegmenter(random_state=0, n_jobs=args.threads, **kw).fit(survey)
            extra = {"k": seg.n_personas_}
            if seg.log_likelihood_ is not None:
                extra["log_likelihood"] = seg.log_likelihood_
            extra["note"] = f"k={seg.n_personas_}"
            return seg.labels_.reindex(ids).fillna(0).to_numpy(), extra

        return go

    if n <= args.sweep_max_n:
        measure("personakit auto sweep", n, seg_run(n_bootstrap=args.bootstrap), truth)
    else:
        skip(
            "personakit auto sweep",
            n,
            f"n > --sweep-max-n={args.sweep_max_n} (the target is n=10,000)",
        )
    for method in ("lca", "kmeans", "gmm"):
        measure(
            f"personakit {method} k=4",
            n,
            seg_run(n_personas=4, method=method, n_bootstrap=0),
            truth,
        )
    if n <= 5000:
        measure(
            "personakit hierarchical k=4",
            n,
            seg_run(n_personas=4, method="hierarchical", n_bootstrap=0),
            truth,
        )
    else:
        try:
            PersonaSegmenter(4, method="hierarchical").fit(survey)
        except Exception as exc:  # the polite refusal is the result
            skip("personakit hierarchical k=4", n, "refused: " + str(exc)[:120] + "...")

    # the same LCA on the same matrix: personakit's EM core vs StepMix
    data, codes = lca_matrix(survey)

    def core():
        fits = fit_mixture(
            data, 4, rng=np.random.default_rng(0), n_init=10, tol=1e-8, screen_size=None
        )
        return fits.resp.argmax(axis=1), {"log_likelihood": fits.log_likelihood}

    core_row = measure("LCA core (10 starts)", n, core, truth)
    est = estimates.get("stepmix")
    if est is not None and est * n > args.peer_budget:
        skip(
            "StepMix (10 starts)",
            n,
            f"estimated {est * n:,.0f} s from the smaller run > --peer-budget",
        )
    else:
        try:
            from stepmix.stepmix import StepMix
        except ImportError:
            skip("StepMix (10 starts)", n, "stepmix not installed (pip install stepmix)")
        else:

            def stepmix():
                X = np.where(codes >= 0, codes, np.nan).astype(float)
                model = StepMix(
                    n_components=4, measurement="categorical_nan", n_init=10, max_iter=1000,
                    abs_tol=1e-8 * n, rel_tol=0, random_state=0, progress_bar=0, verbose=0,
                )  # fmt: skip
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    model.fit(X)
                return model.predict(X), {"log_likelihood": model.score(X) * n}

            row = measure("StepMix (10 starts)", n, stepmix, truth)
            estimates["stepmix"] = row["seconds"] / n
            if core_row["seconds"] > 0:
                row["ratio"] = row["seconds"] / core_row["seconds"]
                print(
                    f"  {'':<28} StepMix / personakit LCA core time: {row['ratio']:.1f}x",
                    flush=True,
                )

    # kmodes k-prototypes (needs complete data)
    est = estimates.get("kprototypes")
    if est is not None and est * n > args.peer_budget:
        skip(
            "kmodes KPrototypes",
            n,
            f"estimated {est * n:,.0f} s from the smaller run > --peer-budget",
        )
    else:
        try:
            from kmodes.kprototypes import KPrototypes
        except ImportError:
            skip("kmodes KPrototypes", n, "kmodes not installed (pip install kmodes)")
        else:
            frame = survey.responses
            cat_cols = [c for c in frame.columns if not pd.api.types.is_float_dtype(frame[c])]
            num_cols = [c for c in frame.columns if c not in cat_cols]

            def kproto():
                X = pd.DataFrame(index=frame.index)
                for c in cat_cols:
                    col = frame[c].astype(object)
                    X[c] = col.fillna(col.mode().iloc[0]).astype(str)
                for c in num_cols:
                    X[c] = frame[c].fillna(frame[c].median())
                cat_idx = [X.columns.get_loc(c) for c in cat_cols]
                model = KPrototypes(n_clusters=4, n_init=2, random_state=0, n_jobs=1)
                return model.fit_predict(X.to_numpy(dtype=object), categorical=cat_idx), {}

            row = measure("kmodes KPrototypes", n, kproto, truth, note="2 inits, imputed")
            estimates["kprototypes"] = row["seconds"] / n

    def sklearn_baseline():
        from sklearn.cluster import KMeans
        from sklearn.compose import make_column_transformer
        from sklearn.impute import SimpleImputer
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder, StandardScaler

        frame = survey.responses
        cat_cols = [c for c in frame.columns if not pd.api.types.is_float_dtype(frame[c])]
        num_cols = [c for c in frame.columns if c not in cat_cols]
        X = frame.copy()
        for c in cat_cols:
            X[c] = X[c].astype(object).where(X[c].notna(), "missing").astype(str)
        pre = make_column_transformer(
            (OneHotEncoder(handle_unknown="ignore", sparse_output=False), cat_cols),
            (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), num_cols),
        )
        pipe = make_pipeline(pre, KMeans(n_clusters=4, n_init=10, random_state=0))
        return pipe.fit_predict(X), {}

    measure(
        "scikit-learn KMeans baseline",
        n,
        sklearn_baseline,
        truth,
        note="one-hot + scaled, n_init=10",
    )


def _preimport():
    """Import peers up front so no run pays for importing its library."""
    for module in (
        "sklearn.cluster", "sklearn.compose", "sklearn.impute", "sklearn.pipeline",
        "sklearn.preprocessing", "stepmix.stepmix", "kmodes.kprototypes", "scipy.cluster.hierarchy",
    ):  # fmt: skip
        with contextlib.suppress(ImportError):
            __import__(module)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="n = 1,000 only, 5 bootstrap resamples"
    )
    parser.add_argument(
        "--n", type=int, nargs="+", default=None, help="sizes (default 1000 10000 100000)"
    )
    parser.add_argument("--bootstrap", type=int, default=20, help="resamples in the auto sweep")
    parser.add_argument("--threads", type=int, default=1, help="PersonaSegmenter n_jobs")
    parser.add_argument("--sweep-max-n", type=int, default=10_000)
    parser.add_argument("--peer-budget", type=float, default=300.0, help="seconds a peer may take")
    parser.add_argument("--csv", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args(argv)
    sizes = args.n or ([1000] if args.quick else [1000, 10_000, 100_000])
    if args.quick:
        args.bootstrap = min(args.bootstrap, 5)
    print(f"personakit segmentation benchmark; cores visible: {os.cpu_count()}; sizes {sizes}")
    _preimport()
    estimates: dict[str, float] = {}
    for n in sizes:
        run_n(n, args, estimates)
    table = pd.DataFrame(ROWS)
    print("\nSummary (time ratios are relative to the personakit LCA k=4 fit at the same n):")
    for n, part in table.groupby("n"):
        base = part.loc[part["run"] == "personakit lca k=4", "seconds"]
        base = float(base.iloc[0]) if len(base) else np.nan
        for _, r in part.iterrows():
            ratio = r["seconds"] / base if base and not np.isnan(r["seconds"]) else np.nan
            print(
                f"  n={n:>7,}  {r['run']:<30} {r['seconds']:8.2f} s  x{ratio:6.2f}  "
                f"{r['peak_MB']:8.1f} MB  ARI {r['ARI']:.3f}"
            )
    if args.csv:
        table.to_csv(args.csv, index=False)
    return table


if __name__ == "__main__":
    main()
