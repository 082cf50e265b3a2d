"""The byte and CSV layers: encodings, line endings, delimiters, quoted newlines, detection."""

from __future__ import annotations

import codecs
import csv
import io
import random

import pandas as pd
import pytest

from personakit.io import read_raw_export
from personakit.io._detect import detect
from personakit.io._survey_common import clean_text, joined_separator

QUALTRICS = (
    "StartDate,ResponseId,Q1,Q2\n"
    'Start Date,Response ID,"How did you\nfirst hear of us?","Anything else?"\n'
    '"{""ImportId"":""startDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}",'
    '"{""ImportId"":""QID2_TEXT""}"\n'
    '2024-06-03 09:00:00,R_1,Podcast,"Line one\nline two, with a comma and ""quotes"""\n'
    "2024-06-03 10:00:00,R_2,Search engine,\n"
)


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "bom", "note"),
    [
        ("utf-8", b"", None),
        ("utf-8", codecs.BOM_UTF8, "byte-order mark"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16-LE"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16-BE"),
        ("utf-16-le", b"", "looks like UTF-16-LE"),
        ("cp1252", b"", "Windows-1252"),
    ],
)
@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_encodings_and_line_endings(tmp_path, encoding, bom, note, eol):
    text = QUALTRICS.replace("Podcast", "Caf\u00e9 podcast \u2013 French").replace("\n", eol)
    path = _write(tmp_path, "s.csv", bom + text.encode(encoding))
    raw = read_raw_export(path)
    assert raw.source == "qualtrics" and len(raw.data) == 2
    assert raw.data["Q1"].tolist() == ["Caf\u00e9 podcast \u2013 French", "Search engine"]
    # Quoted newlines inside cells become "\n" whatever the file used.
    assert raw.data["Q2"].iloc[0] == 'Line one\nline two, with a comma and "quotes"'
    assert raw.column("Q1").question == "How did you first hear of us?"
    assert raw.first_data_row == 5
    if note:
        assert any(note in n for n in raw.notes), raw.notes
    if eol == "\r":
        assert any("CR" in n for n in raw.notes)


@pytest.mark.parametrize("sep", [",", "\t", ";", "|"])
def test_delimiter_sniffing(tmp_path, sep):
    rows = [["respondent_id", "city", "answer"], ["r1", "Lyon", "a, b; c"], ["r2", "Nice", "x"]]
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    raw = read_raw_export(_write(tmp_path, "t.txt", buf.getvalue().encode()))
    assert raw.data.values.tolist() == rows[1:]
    forced = read_raw_export(_write(tmp_path, "t2.txt", buf.getvalue().encode()), delimiter=sep)
    pd.testing.assert_frame_equal(forced.data, raw.data)


def _random_survey(rng: random.Random, n_rows: int, n_cols: int) -> list[list[str]]:
    pieces = [
        "yes",
        "no",
        "Strongly agree",
        'He said "hi"',
        "a, b",
        "multi\nline",
        "  padded ",
        "caf\u00e9",
        "\u2019curly\u2019",
        "NA",
        "N/A",
        "null",
        "-99",
        "3.10",
        "",
        "",
        "",
    ]
    header = [f"Q{k}" for k in range(n_cols)]
    return [header] + [[rng.choice(pieces) for _ in range(n_cols)] for _ in range(n_rows)]


@pytest.mark.parametrize("seed", range(5))
def test_cells_match_pythons_csv_module(tmp_path, seed):
    rng = random.Random(seed)
    rows = _random_survey(rng, 300, 12)
    buf = io.StringIO()
    csv.writer(buf, lineterminator=rng.choice(["\n", "\r\n"])).writerows(rows)
    raw = read_raw_export(_write(tmp_path, "r.csv", buf.getvalue().encode()), source="generic")
    expected = [[c if c != "" else None for c in r] for r in rows[1:]]
    got = raw.data.astype(object).where(raw.data.notna(), None).values.tolist()
    assert got == expected
    # Literal "NA", "N/A", "null" typed by respondents stay text, blanks are NA.
    assert "NA" in raw.data.stack().tolist()


def test_blank_lines_between_rows_are_skipped(tmp_path):
    raw = read_raw_export(_write(tmp_path, "b.csv", b"id,answer\n1,a\n\n2,b\n   \n3,c\n\n"))
    assert raw.data["answer"].tolist() == ["a", "b", "c"]


def test_quote_in_the_middle_of_a_field(tmp_path):
    raw = read_raw_export(_write(tmp_path, "q.csv", b'id,screen\n1,15" laptop\n2,27" monitor\n'))
    assert raw.data["screen"].tolist() == ['15" laptop', '27" monitor']


def test_mojibake_is_noted(tmp_path):
    text = "id,comment\n1,It\u00e2\u20ac\u2122s fine\n2,ok\n"
    raw = read_raw_export(_write(tmp_path, "m.csv", text.encode()))
    assert any("mojibake" in n for n in raw.notes)


@pytest.mark.parametrize(
    ("rows", "source", "header_rows"),
    [
        (
            [
                ["StartDate", "Q1"],
                ["Start Date", "How?"],
                ['{"ImportId":"startDate"}', '{"ImportId":"QID1"}'],
            ],
            "qualtrics",
            3,
        ),
        (
            [
                ["ResponseID", "Q1"],
                ["ResponseID", "How?"],
                ["{'ImportId': 'responseId'}", "{'ImportId': 'QID1'}"],
            ],
            "qualtrics_insights",
            3,
        ),
        (
            [["V1", "V2", "Q1"], ["ResponseID", "ResponseSet", "How?"], ["R_1", "Default", "2"]],
            "qualtrics_legacy",
            2,
        ),
        ([["Respondent ID", "Collector ID", "Q?"], ["", "", "Response"]], "surveymonkey", 2),
        (
            [
                ["Respondent ID", "Start Date", "Q?", "Other?"],
                ["", "", "Response", "Open-Ended Response"],
            ],
            "surveymonkey",
            2,
        ),
        (
            [["", "", "q1"], ["Respondent ID", "Collector ID", "Q?"], ["", "", "Yes"]],
            "surveymonkey",
            3,
        ),
        ([["Timestamp", "Q?"], ["2/26/2023 14:12:52", "x"]], "google_forms", 1),
        ([["Marca temporal", "Q?"], ["26/2/2023 14:12:52", "x"]], "google_forms", 1),
        ([["ID", "Start time", "Completion time", "Email", "Name", "Q"]], "ms_forms", 1),
        ([["#", "Q?", "Submit Date (UTC)", "Network ID"]], "typeform", 1),
        ([["respondent_id", "age"], ["r1", "34"]], "generic", 1),
    ],
)
def test_detection_signatures(rows, source, header_rows):
    found = detect(rows)
    assert (found.source, found.header_rows) == (source, header_rows)
    assert found.reason.endswith((".", ")"))


def test_source_override_and_reason(tmp_path):
    path = _write(
        tmp_path,
        "g.csv",
        b'Timestamp,Which tools?\n2/26/2023 14:12:52,"Slack, Email"\n'
        b'2/26/2023 15:00:00,"Email, Teams"\n',
    )
    raw = read_raw_export(path, source="generic")
    assert (
        raw.source == "generic" and "source='generic' given by the caller" in raw.detection_reason
    )
    assert raw.column("Timestamp").hint == "date"
    typeform = read_raw_export(path, source="typeform")
    assert "Auto-detection would have said google_forms" in typeform.detection_reason


def test_clean_text_and_joined_separator():
    assert (
        clean_text("  <p>Rate&nbsp;us</p>\n<div>from 1&ndash;5</div> ") == "Rate us from 1\u20135"
    )
    assert clean_text(None) == ""
    assert joined_separator(pd.Series(["Yes, I'd like to attend", "Maybe", "No"])) is None
    free_text = pd.Series(["It was slow, and the docs were thin", "Great, thanks", "Meh, fine"])
    assert joined_separator(free_text) is None


def test_numeric_text_entry_is_not_hinted_as_text(tmp_path):
    path = _write(
        tmp_path,
        "te.csv",
        b"ResponseId,Q3,Q4\nResponse ID,How many people work here?,Why?\n"
        b'"{""ImportId"":""_recordId""}","{""ImportId"":""QID3_TEXT""}","{""ImportId"":""QID4_TEXT""}"\n'
        b"R_1,12,Too slow\nR_2,250,\nR_3,4,Price\n",
    )
    raw = read_raw_export(path)
    assert raw.column("Q3").hint is None  # a numeric entry box: let the codebook see numbers
    assert raw.column("Q4").hint == "text"
