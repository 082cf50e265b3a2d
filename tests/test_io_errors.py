"""Bad input: every case raises SurveyFormatError naming the file, the place, what was expected and what to do."""

from __future__ import annotations

import os
import shutil

import pytest

from personakit import PersonakitError, SurveyFormatError
from personakit.io import read_raw_export


@pytest.fixture(scope="module")
def surveys(fixtures_dir):
    return fixtures_dir / "surveys"


BAD = [
    ("bad_empty.csv", r"bad_empty\.csv: the file is empty\. Expected a survey export"),
    ("bad_blank_lines.csv", r"bad_blank_lines\.csv: the file is empty"),
    (
        "bad_not_a_survey.txt",
        r"bad_not_a_survey\.txt: line 2: this row has 1 field but the header has 2",
    ),
    ("bad_one_column.csv", r"only one column was found \(header 'email'\).*not look like one"),
    ("bad_numbers_only.csv", r"row 1 holds numbers \(1, 2, 3, \.\.\.\).*no header row"),
    ("bad_header_only.csv", r"no response rows after the 3 header row\(s\).*line 11"),
    (
        "bad_truncated_quote.csv",
        r"bad_truncated_quote\.csv: line 12: a quoted field starts here and is never closed.*truncated",
    ),
    ("bad_truncated_row.csv", r"line 23: the last row stops after 4 of 27 fields.*looks truncated"),
    (
        "bad_short_row.csv",
        r"bad_short_row\.csv: line 15: this row has 23 fields but the header has 27.*re-export",
    ),
    (
        "bad_extra_field.csv",
        r"line 17: this row has 28 fields but the header has 27; the extra cells hold data",
    ),
    ("bad_unknown_encoding.csv", r"unknown encoding: line 2 has byte 0x81.*Pass encoding="),
    ("bad_html_page.csv", r"not a survey export but an HTML page"),
    (
        "bad_not_spss.sav",
        r"bad_not_spss\.sav: this is not an SPSS \.sav file \(it starts with b'StartDat'",
    ),
    (
        "bad_corrupted.xlsx",
        r"bad_corrupted\.xlsx: the workbook is corrupted.*download or export it again",
    ),
    ("bad_renamed.xlsx", r"the name says Excel workbook but the content is not one"),
    (
        "bad_encrypted.xlsx",
        r"bad_encrypted\.xlsx: the workbook is password-protected.*remove the password",
    ),
    ("bad_two_sheets.xlsx", r"2 sheets with data \(\['2023', '2024'\]\).*Pass sheet="),
]


@pytest.mark.parametrize(("name", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_raises_a_clear_error(surveys, name, message):
    path = surveys / name
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    with pytest.raises(SurveyFormatError, match=message) as info:
        read_raw_export(path)
    assert str(path) in str(info.value)
    # Never a raw library traceback without our message, and the input is untouched.
    assert isinstance(info.value, PersonakitError) and isinstance(info.value, ValueError)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


def test_library_errors_are_chained(surveys):
    with pytest.raises(SurveyFormatError) as info:
        read_raw_export(surveys / "bad_corrupted.xlsx")
    assert info.value.__cause__ is not None


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(
        SurveyFormatError, match=r"no_such\.csv: no such file\. Expected a survey export"
    ):
        read_raw_export(tmp_path / "no_such.csv")
    with pytest.raises(SurveyFormatError, match=r"the folder .*missing_dir does not exist either"):
        read_raw_export(tmp_path / "missing_dir" / "survey.csv")
    with pytest.raises(
        SurveyFormatError, match=r"is a directory, not a file\. Pass the path of one"
    ):
        read_raw_export(tmp_path)
    with pytest.raises(SurveyFormatError, match=r"path=3: expected a file path"):
        read_raw_export(3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"source": "qualtricks"},
            r"source='qualtricks': unknown survey format\. Expected 'auto' or one of",
        ),
        ({"header_rows": 0}, r"header_rows=0: expected a whole number of header rows from 1 to 10"),
        (
            {"header_rows": 2},
            r"header_rows=2: .* is a qualtrics export with 3 header row\(s\).*source='generic'",
        ),
        ({"delimiter": ";;"}, r"delimiter=';;': expected a single character"),
        ({"sheet": 0}, r"sheet=0: qualtrics_numeric\.csv is a text file, not a workbook"),
        ({"encoding": "utf-99"}, r"encoding='utf-99': unknown encoding name"),
        ({"source": "spss"}, r"not an SPSS \.sav file"),
        (
            {"source": "google_forms", "qsf": "x.qsf"},
            r"qsf='x\.qsf': a \.qsf survey definition only applies to Qualtrics",
        ),
        ({"qsf": "missing.qsf"}, r"qsf='missing\.qsf': no such file"),
    ],
)
def test_bad_parameters(surveys, kwargs, message):
    with pytest.raises(SurveyFormatError, match=message):
        read_raw_export(surveys / "qualtrics_numeric.csv", **kwargs)


def test_bad_sheet_names(surveys):
    with pytest.raises(
        SurveyFormatError,
        match=r"sheet='2025': bad_two_sheets\.xlsx has no such sheet; its sheets are \['2023', '2024'\]",
    ):
        read_raw_export(surveys / "bad_two_sheets.xlsx", sheet="2025")
    with pytest.raises(SurveyFormatError, match=r"sheet=5: bad_two_sheets\.xlsx has 2 sheet\(s\)"):
        read_raw_export(surveys / "bad_two_sheets.xlsx", sheet=5)
    raw = read_raw_export(surveys / "bad_two_sheets.xlsx", sheet="2024")
    assert raw.data["name"].tolist() == ["c", "d"]


def test_wrong_forced_encoding(surveys):
    with pytest.raises(SurveyFormatError, match=r"line 1: byte 0x97 is not valid utf-8.*encoding="):
        read_raw_export(surveys / "ms_forms_cp1252.csv", encoding="utf-8")
    raw = read_raw_export(surveys / "ms_forms_cp1252.csv", encoding="cp1252")
    assert not any("Windows-1252" in n for n in raw.notes)


def test_spss_damaged_file(surveys, tmp_path):
    path = tmp_path / "cut.sav"
    path.write_bytes((surveys / "tidewater.sav").read_bytes()[:700])
    with pytest.raises(SurveyFormatError, match=r"cut\.sav: the SPSS file cannot be read"):
        read_raw_export(path)


def test_other_binary_files(tmp_path):
    pdf = tmp_path / "report.csv"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(SurveyFormatError, match=r"not a survey export but a PDF document"):
        read_raw_export(pdf)
    blob = tmp_path / "blob.csv"
    blob.write_bytes(b"ID,Q1\n1,\x00\x00\x01\x02\n")
    with pytest.raises(SurveyFormatError, match=r"line 2 holds NUL bytes: this is a binary file"):
        read_raw_export(blob)


def test_header_and_rows_of_different_lengths_in_a_workbook(tmp_path, surveys):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Timestamp", "Q"])
    ws.append(["1/2/2024 10:00:00", "yes", "stray"])
    wb.save(tmp_path / "stray.xlsx")
    with pytest.raises(
        SurveyFormatError,
        match=r"column 3 has no name in the header row\(s\) but holds data \(first in response 1, row 2 or later: .stray.\)",
    ):
        read_raw_export(tmp_path / "stray.xlsx")


def test_read_only_input_is_fine(tmp_path, surveys):
    path = tmp_path / "ro.csv"
    shutil.copy(surveys / "generic.csv", path)
    os.chmod(path, 0o444)
    raw = read_raw_export(path)
    assert len(raw.data) == 15
    assert path.read_bytes() == (surveys / "generic.csv").read_bytes()
