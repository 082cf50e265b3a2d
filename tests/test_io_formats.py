"""The look-alike fixtures (tests/fixtures/surveys, made by make_fixtures.py) for layouts with no real file."""

from __future__ import annotations

import pandas as pd
import pytest

from personakit.io import read_raw_export

AGREE = [
    "Strongly disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Strongly agree",
]
TOOLS = ["Slack", "Microsoft Teams", "Email", "Jira", "Google Docs"]


@pytest.fixture(scope="module")
def surveys(fixtures_dir):
    return fixtures_dir / "surveys"


def _by_name(raw):
    return {c.name: c for c in raw.columns}


@pytest.mark.parametrize("name", ["qualtrics_utf16.tsv", "qualtrics_text.xlsx"])
def test_qualtrics_text_export_tsv_utf16_and_xlsx(surveys, name):
    raw = read_raw_export(surveys / name)
    cols = _by_name(raw)
    assert raw.source == "qualtrics" and raw.export_kind == "text"
    assert len(raw.data) == 12 and raw.id_column == "ResponseId"
    if name.endswith(".tsv"):
        assert any("UTF-16" in n for n in raw.notes) and any("tabs" in n for n in raw.notes)
        # Row 2 spans several lines (quoted newlines): the data start at line 11.
        assert raw.first_data_row == 11
    else:
        assert raw.first_data_row == 4
    assert any("Europe/Paris" in n for n in raw.notes)
    # HTML stripped from the question; newline in the question text normalised.
    assert cols["Q1"].question == "How did you first hear about Tidewater?"
    q2 = [c for c in raw.columns if c.question_id == "Q2"]
    assert q2[0].question == "Which tools does your team use every week? (Select all that apply)"
    assert [c.sub_label for c in q2] == [*TOOLS, "Other", "Other"]
    assert [c.hint for c in q2] == ["multiselect_option"] * 6 + ["other_text"]
    assert raw.data["Q2_6_TEXT"].dropna().tolist() == ["Basecamp"]
    grid = [c for c in raw.columns if c.question_id == "Q3"]
    assert [c.hint for c in grid] == [None, None, None]
    assert set(raw.data["Q3_1"]) <= set(AGREE)
    assert cols["Q5"].hint == "text"
    # An open answer with a newline inside survives intact.
    assert "Pricing was confusing - per seat or per project?\nWe had to email sales twice." in (
        raw.data["Q5"].tolist()
    )
    # Qualtrics' duplicate Status column gets a unique name, the original stays visible.
    assert cols["Status.2"].original_name == "Status" and cols["Status.2"].hint == "status"
    assert cols["Q_RecaptchaScore"].hint == "metadata"
    assert raw.data["Status"].tolist()[:2] == ["Survey Preview", "IP Address"]


def test_qualtrics_tsv_and_xlsx_hold_the_same_cells(surveys):
    tsv = read_raw_export(surveys / "qualtrics_utf16.tsv")
    xlsx = read_raw_export(surveys / "qualtrics_text.xlsx")
    pd.testing.assert_frame_equal(tsv.data, xlsx.data)
    assert [(c.name, c.question, c.sub_label, c.hint) for c in tsv.columns] == [
        (c.name, c.question, c.sub_label, c.hint) for c in xlsx.columns
    ]


def test_qualtrics_numeric_export_with_qsf(surveys):
    plain = read_raw_export(surveys / "qualtrics_numeric.csv")
    assert plain.export_kind == "numeric"
    assert plain.column("Q1").value_labels is None
    assert plain.column("Q2_1").value_labels == {"1": "Slack"}
    raw = read_raw_export(surveys / "qualtrics_numeric.csv", qsf=surveys / "qualtrics_numeric.qsf")
    assert raw.column("Q1").value_labels == {
        "1": "Search engine",
        "2": "A colleague",
        "3": "Podcast or blog",
        "4": "Conference",
        "5": "LinkedIn",
    }
    # Matrix: the scale points, low to high, for every statement.
    for k in (1, 2, 3):
        assert list(raw.column(f"Q3_{k}").value_labels.values()) == AGREE
    assert set(raw.data["Q3_2"].dropna()) <= set(raw.column("Q3_2").value_labels)
    assert raw.data["Status"].tolist()[:2] == ["1", "0"]


def test_surveymonkey_xlsx_serial_dates_nbsp_and_curly_quotes(surveys):
    raw = read_raw_export(surveys / "surveymonkey.xlsx")
    cols = _by_name(raw)
    assert raw.source == "surveymonkey" and len(raw.data) == 10
    # Excel turned the dates into serial numbers; they are turned back, with a note.
    assert raw.data["Start Date"].iloc[0] == "2024-06-03 09:00:00"
    assert sum("Excel serial" in n for n in raw.notes) == 2
    # Integers from Excel stay integers, as strings.
    assert raw.data["Respondent ID"].iloc[0] == "11676764933"
    q1 = [c for c in raw.columns if c.question_id == "Q1"]
    assert [c.sub_label for c in q1] == [
        "Slack",
        "Microsoft Teams",
        "Email",
        "Other (please specify)",
    ]
    assert [c.hint for c in q1] == ["multiselect_option"] * 3 + ["other_text"]
    # The cell keeps its NBSP: the codebook builder matches labels loosely.
    assert set(raw.data["Q1_2"].dropna()) == {"Microsoft\u00a0Teams"}
    assert cols["Q2"].question == "How satisfied are you with Tidewater\u2019s onboarding?"
    assert "Don\u2019t know" in raw.data["Q2"].tolist()
    assert cols["Q4"].hint == "text"
    for name in ("IP Address", "Email Address", "First Name", "Last Name"):
        assert cols[name].hint == "pii"


def test_google_forms_xlsx_picks_the_responses_sheet(surveys):
    raw = read_raw_export(surveys / "google_forms.xlsx")
    assert raw.source == "google_forms" and len(raw.data) == 12
    assert any("Form Responses 1" in n for n in raw.notes)
    q2 = raw.column("Q2")
    assert (q2.hint, q2.separator) == ("multiselect_joined", ", ")
    grid = [c for c in raw.columns if c.question_id == "Q3"]
    assert [c.sub_label for c in grid] == [
        "Setting up my first project was easy",
        "The pricing page was clear",
        "I trust Tidewater with our data",
    ]
    assert raw.column("Email address").hint == "pii"
    # Linear scale answers written as numbers by Sheets come back as integer strings.
    assert set(raw.data["Q4"].dropna()) <= {str(k) for k in range(11)}
    other = read_raw_export(surveys / "google_forms.xlsx", sheet="Summary")
    assert other.source == "generic" and len(other.data) == 2
    by_position = read_raw_export(surveys / "google_forms.xlsx", sheet=0)
    pd.testing.assert_frame_equal(by_position.data, raw.data)


def test_google_forms_semicolon_joined_with_a_comma_label(surveys):
    raw = read_raw_export(surveys / "google_forms_semicolon.csv")
    q2 = raw.column("Q2")
    # One option label contains ", ": the ";" that joins the options must win.
    assert (q2.hint, q2.separator) == ("multiselect_joined", ";")
    joined = raw.data["Q2"].dropna()
    assert joined.str.contains("Email, calendar and chat (Google Workspace)", regex=False).any()
    assert raw.data["Timestamp"].iloc[0] == "2024/06/03 1:00:00 PM GMT+2"


@pytest.mark.parametrize("name", ["ms_forms.xlsx", "ms_forms_cp1252.csv"])
def test_ms_forms(surveys, name):
    raw = read_raw_export(surveys / name)
    cols = _by_name(raw)
    assert raw.source == "ms_forms" and len(raw.data) == 8
    assert raw.id_column == "ID" and raw.data["ID"].tolist()[:3] == ["1", "2", "3"]
    assert (cols["Q1"].hint, cols["Q1"].separator) == ("multiselect_joined", ";")
    assert raw.data["Q1"].str.endswith(";").all()
    assert cols["Email"].hint == "pii" and set(raw.data["Email"]) == {"anonymous"}
    points = cols["Points - Which plan did you choose?"]
    assert (points.hint, points.question, points.sub_label) == (
        "metadata",
        "Which plan did you choose?",
        "Points",
    )
    assert cols["Start time"].hint == "date"
    if name.endswith(".csv"):
        assert any("Windows-1252" in n for n in raw.notes)
        assert (
            cols["Q2"].question == "How did you first hear about Tidewater \u2014 if you remember?"
        )


def test_typeform(surveys):
    raw = read_raw_export(surveys / "typeform.csv")
    cols = _by_name(raw)
    assert raw.source == "typeform" and len(raw.data) == 10
    assert raw.id_column == "#"
    assert cols["Q1"].question == "How did you first hear about Tidewater?"
    assert cols["Q1"].original_name.startswith("<strong>")
    choices = [c for c in raw.columns if c.question_id == "Q2"]
    assert [(c.sub_label, c.hint) for c in choices] == [
        ("Slack", "multiselect_option"),
        ("Microsoft Teams", "multiselect_option"),
        ("Email", "multiselect_option"),
    ]
    assert (cols["Q3"].hint, cols["Q3"].separator) == ("multiselect_joined", ",")
    assert cols["Response Type"].hint == "status"
    assert set(raw.data["Response Type"]) == {"completed", "partial"}
    assert cols["Network ID"].hint == "pii"
    assert cols["Submit Date (UTC)"].hint == "date"
    assert cols["Q6"].question == "utm_source"  # a hidden field, kept as a column


@pytest.mark.parametrize("name", ["generic.csv", "generic_semicolon.csv", "generic.xlsx"])
def test_generic_tables(surveys, name):
    raw = read_raw_export(surveys / name)
    cols = _by_name(raw)
    assert raw.source == "generic" and len(raw.data) == 15
    assert "generic" in raw.detection_reason
    assert list(cols) == [
        "respondent_id",
        "email",
        "segment",
        "company_size",
        "tools",
        "satisfaction",
        "weight",
    ]
    assert raw.id_column == "respondent_id"
    assert cols["email"].hint == "pii" and cols["weight"].hint == "weight"
    assert cols["tools"].hint == "multiselect_joined"
    assert cols["tools"].separator == ("|" if "semicolon" in name else ";")
    assert raw.data["company_size"].iloc[:4].str.fullmatch(r"\d+").all()


def test_generic_with_two_header_rows(tmp_path):
    path = tmp_path / "two_rows.csv"
    path.write_text(
        "id,Which tools?,,Overall\nid,Slack,Email,Response\n1,Slack,,Good\n2,,Email,Poor\n",
        encoding="utf-8",
    )
    raw = read_raw_export(path, header_rows=2)
    assert raw.header_rows == 2 and len(raw.data) == 2
    tools = [c for c in raw.columns if c.question == "Which tools?"]
    assert [c.sub_label for c in tools] == ["Slack", "Email"]
    assert len({c.question_id for c in tools}) == 1


def test_spss_fixture(surveys):
    raw = read_raw_export(surveys / "tidewater.sav")
    cols = _by_name(raw)
    assert raw.source == "spss" and len(raw.data) == 12
    assert raw.id_column == "respid"
    assert list(cols["q3_1"].value_labels.values()) == [*AGREE, "Don't know", "Refused"]
    assert cols["q3_1"].missing_values == [8, 9] and cols["q3_1"].measure == "ordinal"
    assert {8.0, 9.0} <= set(raw.data["q3_1"])
    assert cols["nps"].missing_values == [-99] and cols["nps"].hint == "numeric"
    assert cols["wgt"].hint == "weight"
    assert cols["comment"].question == "What almost stopped you from buying?"
    # Empty strings in SPSS string variables are missing.
    assert raw.data["comment"].isna().sum() == 3


def test_reading_twice_gives_identical_results(surveys):
    for name in ("qualtrics_utf16.tsv", "surveymonkey.xlsx", "tidewater.sav", "typeform.csv"):
        a, b = read_raw_export(surveys / name), read_raw_export(surveys / name)
        pd.testing.assert_frame_equal(a.data, b.data)
        assert a.columns == b.columns and a.notes == b.notes


def test_reading_never_modifies_the_input(surveys, real_exports):
    import os

    paths = [p for p in sorted(surveys.iterdir()) if not p.name.startswith(("bad_", "make_", "_"))]
    paths += sorted(real_exports.glob("*/*.csv")) + sorted(real_exports.glob("*/*.sav"))
    assert len(paths) > 20
    for path in paths:
        if path.suffix == ".qsf":
            continue
        before = (path.read_bytes(), os.stat(path).st_mtime_ns, os.stat(path).st_size)
        read_raw_export(path)
        assert (path.read_bytes(), os.stat(path).st_mtime_ns, os.stat(path).st_size) == before


def test_generic_with_many_header_rows_on_a_large_file(tmp_path):
    lines = ["Survey export", "Wave 3", "Region filter: all", "id,Q", "id,Sub"]
    lines += [f"r{i},answer {i}" for i in range(20000)]
    path = tmp_path / "five.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_raw_export(path, header_rows=5, source="generic")
    assert len(raw.data) == 20000 and raw.first_data_row == 6
    assert raw.data.iloc[-1].tolist() == ["r19999", "answer 19999"]
