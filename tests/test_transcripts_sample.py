"""The bundled sample project's 12 interviews read with the right speakers, roles and lines.

``data/sample/truth/utterances.csv`` lists every participant turn the generator
wrote, keyed by interview, turn and line; every one of them must be a
participant turn of ``read_transcripts`` output at the same line and turn.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from personakit import PersonakitWarning
from personakit.io._transcripts._speakers import name_key
from personakit.io.transcripts import read_transcripts

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TRANSCRIPTS = SAMPLE / "transcripts"
INTERVIEWS = SAMPLE / "interviews.csv"
TRUTH = SAMPLE / "truth" / "utterances.csv"


def _read(**kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error", PersonakitWarning)
        return read_transcripts(TRANSCRIPTS, **kwargs)


@pytest.fixture(scope="module")
def interviews() -> pd.DataFrame:
    return pd.read_csv(INTERVIEWS, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    return pd.read_csv(TRUTH, dtype={"interview_id": str}, keep_default_na=False)


@pytest.fixture(scope="module")
def turns() -> pd.DataFrame:
    return _read()


@pytest.fixture(scope="module")
def mapped() -> pd.DataFrame:
    return _read(mapping=INTERVIEWS)


def test_all_twelve_interviews_are_read_in_their_formats(turns, interviews):
    assert sorted(turns["interview_id"].unique()) == sorted(interviews["interview_id"])
    assert len(interviews) == 12
    assert set(turns["format"]) >= {"zoom_vtt", "teams_vtt", "otter", "teams_docx", "plain_text"}
    assert not turns.attrs["skipped_files"]
    counts = turns.groupby("interview_id").size()
    assert counts.to_dict() == {
        row.interview_id: int(row.turns) for row in interviews.itertuples(index=False)
    }
    for row in interviews.itertuples(index=False):
        assert turns.loc[turns["interview_id"] == row.interview_id, "source"].unique().tolist() == [
            Path(row.file).name
        ]


def test_speakers_and_inferred_roles_match_the_interview_list(turns, interviews):
    for row in interviews.itertuples(index=False):
        group = turns[turns["interview_id"] == row.interview_id]
        roles = dict(zip(group["speaker"].map(name_key), group["role"], strict=False))
        assert roles[name_key(row.interviewer)] == "interviewer", row.interview_id
        assert roles[name_key(row.participant)] == "participant", row.interview_id
        # nobody else is taken for the interviewer (e.g. an "Unknown Speaker" walking in)
        others = {k: v for k, v in roles.items() if k != name_key(row.interviewer)}
        assert set(others.values()) == {"participant"}, row.interview_id
        assert "honestly" not in roles


def test_every_truth_utterance_is_a_participant_turn_at_its_line(turns, truth):
    keyed = turns.set_index(["interview_id", "line"])
    assert keyed.index.is_unique
    missing = []
    for row in truth.itertuples(index=False):
        key = (row.interview_id, int(row.line))
        if key not in keyed.index:
            missing.append(key)
            continue
        found = keyed.loc[key]
        assert found["turn"] == int(row.turn), key
        if name_key(row.speaker) != "unknown speaker":
            assert found["role"] == "participant", key
        assert name_key(found["speaker"]) == name_key(row.speaker), key
    assert not missing, f"{len(missing)} truth rows have no turn at their line: {missing[:5]}"


def test_truth_text_is_the_turn_text(turns, truth):
    merged = truth.merge(turns, on=["interview_id", "line"], suffixes=("_truth", ""))
    assert len(merged) == len(truth)
    same = merged["text"].str.split().str.join(" ") == merged["text_truth"].str.split().str.join(
        " "
    )
    assert same.mean() == 1.0, merged.loc[~same, ["interview_id", "line", "text_truth", "text"]]


def test_mapping_attaches_respondent_and_persona(mapped, interviews):
    first = mapped.drop_duplicates("interview_id").set_index("interview_id")
    for row in interviews.itertuples(index=False):
        assert first.loc[row.interview_id, "respondent_id"] == row.respondent_id
        if row.persona.strip().isdigit():
            assert first.loc[row.interview_id, "persona"] == int(row.persona)
    assert str(mapped["persona"].dtype) == "Int64"
    reasons = mapped.attrs["role_reasons"]
    assert all(
        any("mapping=" in reason for reason in by_speaker.values())
        for by_speaker in reasons.values()
    )
