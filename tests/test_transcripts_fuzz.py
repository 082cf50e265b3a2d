"""Property tests: whatever bytes a transcript file holds, read_transcripts returns a valid
turn table or raises a PersonakitError, nothing else (no raw tracebacks, no empty tables)."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personakit import PersonakitError
from personakit.io.transcripts import TRANSCRIPT_COLUMNS, read_transcripts

FIX = Path(__file__).resolve().parent / "fixtures" / "transcripts"
TEXT_FIXTURES = sorted(
    p for p in FIX.rglob("*") if p.is_file() and p.suffix in {".vtt", ".srt", ".txt", ".csv"}
)
BINARY_FIXTURES = sorted(p for p in FIX.rglob("*") if p.suffix in {".docx", ".xlsx"})
EXTENSIONS = [".vtt", ".srt", ".txt", ".docx", ".csv", ".xlsx"]

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _check(data: bytes, suffix: str) -> None:
    """Write ``data`` to a file and read it: a valid table or a PersonakitError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                df = read_transcripts(path)
        except PersonakitError:
            return
        assert tuple(df.columns) == TRANSCRIPT_COLUMNS
        assert len(df) > 0
        assert set(df["role"]) <= {"interviewer", "participant"}
        assert (df["text"].str.len() > 0).all()
        assert (df["line"] >= 1).all()
        assert df["speaker"].str.len().min() > 0
        for _, group in df.groupby("interview_id", sort=False):
            assert group["turn"].tolist() == list(range(1, len(group) + 1))
        assert path.read_bytes() == data  # never modified


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from(EXTENSIONS))
def test_random_bytes(data, suffix):
    _check(data, suffix)


# Transcript-like lines: speaker labels, timings, markers and junk, in any order.
_PIECES = st.sampled_from(
    [
        "WEBVTT",
        "",
        "NOTE a comment",
        "1",
        "00:00:01.000 --> 00:00:02.500",
        "0:0:0.0 --> 0:0:0.570",
        "00:00:03,000 --> 00:00:04,000",
        "00:00:0x.000 --> 00:00:01.000",
        "<v Dana>Hello there.</v>",
        "<v Sam Ortiz>Why?<v Dana>Because",
        "Dana: How did you find us?",
        "Sam Ortiz (Guest): A friend told me.",
        "Honestly: no idea.",
        "Priya Raman  0:34  ",
        "Unknown Speaker  1:02:05",
        "Transcribed by https://otter.ai",
        "00:00:11",
        "[00:01:02] Dana: And then?",
        "Q: Anything else?",
        "A: No.",
        "&amp; &lt;b&gt; &#39;",
        "the flow goes A --> B",
        "Speaker 1:",
        "：",
        "王小明：价格太高了",
        "\ufeff",
        "\x00",
        "note,speaker,session\nhello,Dana,S1",
    ]
)


@FUZZ
@given(
    lines=st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=25),
    suffix=st.sampled_from([".vtt", ".srt", ".txt", ".csv"]),
    crlf=st.booleans(),
)
def test_transcript_like_text(lines, suffix, crlf):
    text = ("\r\n" if crlf else "\n").join(lines)
    _check(text.encode("utf-8"), suffix)


@FUZZ
@given(
    index=st.integers(min_value=0, max_value=len(TEXT_FIXTURES) - 1),
    cut=st.integers(min_value=0, max_value=4000),
    length=st.integers(min_value=0, max_value=200),
    insert=st.binary(max_size=40),
)
def test_mutated_text_fixtures(index, cut, length, insert):
    source = TEXT_FIXTURES[index]
    data = source.read_bytes()
    cut = min(cut, len(data))
    mutated = data[:cut] + insert + data[cut + length :]
    _check(mutated, source.suffix)


@settings(max_examples=25, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=max(0, len(BINARY_FIXTURES) - 1)),
    cut=st.integers(min_value=0, max_value=20000),
    insert=st.binary(min_size=1, max_size=16),
)
def test_mutated_docx_and_xlsx(index, cut, insert):
    source = BINARY_FIXTURES[index]
    data = source.read_bytes()
    cut = min(cut, len(data))
    _check(data[:cut] + insert + data[cut + len(insert) :], source.suffix)


@pytest.mark.parametrize("path", TEXT_FIXTURES + BINARY_FIXTURES, ids=lambda p: p.name)
def test_every_truncation_point_of_small_files_is_handled(path):
    data = path.read_bytes()
    if len(data) > 1500 or path.suffix in {".docx", ".xlsx"}:
        points = range(0, len(data), max(1, len(data) // 25))
    else:
        points = range(0, len(data), 7)
    for point in points:
        _check(data[:point], path.suffix)
