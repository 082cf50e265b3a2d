"""Property tests: random bytes and damaged real exports either read or raise PersonakitError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personakit import PersonakitError
from personakit.io import RawExport, read_raw_export

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "real-exports"
OWN = Path(__file__).resolve().parent / "fixtures" / "surveys"
TEXT_SOURCES = sorted(REAL.glob("*/*.csv")) + [OWN / "qualtrics_utf16.tsv", OWN / "typeform.csv"]
WORKBOOKS = [OWN / "qualtrics_text.xlsx", OWN / "surveymonkey.xlsx", OWN / "google_forms.xlsx"]
SPSS = [OWN / "tidewater.sav", *sorted(REAL.glob("spss/*.sav"))]
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            raw = read_raw_export(path)
        except PersonakitError as exc:
            assert str(path) in str(exc) or "=" in str(exc), str(exc)
            return
        assert isinstance(raw, RawExport)
        assert raw.data.shape[1] == len(raw.columns)
        assert list(raw.data.columns) == [c.name for c in raw.columns]
        assert len(set(raw.data.columns)) == raw.data.shape[1]
        assert path.read_bytes() == data


_TOKENS = [
    b'"',
    b",",
    b"\n",
    b"\r\n",
    b"\t",
    b";",
    b'""',
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b'{"ImportId":"QID9"}',
    b"Respondent ID",
    b"Timestamp",
    b"\xe9",
]


@st.composite
def mutated(draw, sources):
    source = draw(st.sampled_from(sources))
    data = bytearray(source.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[pos] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = draw(st.sampled_from(_TOKENS))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        else:
            end = min(len(data), pos + draw(st.integers(1, 200)))
            data[pos:pos] = data[pos:end]
    return source.suffix, bytes(data)


@SETTINGS
@given(st.binary(max_size=2048), st.sampled_from([".csv", ".tsv", ".xlsx", ".sav", ".txt"]))
def test_random_bytes(data, suffix):
    _read(data, suffix)


@SETTINGS
@given(mutated(TEXT_SOURCES))
def test_mutated_text_exports(case):
    suffix, data = case
    _read(data, suffix)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(mutated(WORKBOOKS))
def test_mutated_workbooks(case):
    suffix, data = case
    _read(data, suffix)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(mutated(SPSS))
def test_mutated_spss_files(case):
    # pyreadstat runs in a child process (about half a second each), so fewer examples.
    suffix, data = case
    _read(data, suffix)


def test_a_file_that_crashes_pyreadstat_does_not_crash_python(fixtures_dir):
    path = fixtures_dir / "surveys" / "bad_crashes_reader.sav"
    with pytest.raises(PersonakitError, match=r"bad_crashes_reader\.sav: the SPSS reader"):
        read_raw_export(path)


@SETTINGS
@given(
    st.lists(
        st.lists(
            st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
            min_size=1,
            max_size=6,
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([",", ";", "\t"]),
)
def test_random_tables(rows, sep):
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    _read(buf.getvalue().encode("utf-8"), ".csv")


@pytest.mark.parametrize("source", TEXT_SOURCES, ids=lambda p: p.name)
def test_every_truncation_point_of_a_small_export(source):
    data = source.read_bytes()
    step = max(1, len(data) // 40)
    for cut in range(0, len(data), step):
        _read(data[:cut], source.suffix)
