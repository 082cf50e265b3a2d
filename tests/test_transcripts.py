"""read_transcripts: every layout and quirk, roles, mapping, folders, errors."""

from __future__ import annotations

import hashlib
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import personakit
from personakit import PersonakitError, PersonakitWarning, TranscriptFormatError
from personakit.io.transcripts import TRANSCRIPT_COLUMNS, read_transcripts

FIX = Path(__file__).resolve().parent / "fixtures" / "transcripts"
BAD = FIX / "bad"
NOTES = FIX / "notes"


def _read(path, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error", PersonakitWarning)
        return read_transcripts(path, **kwargs)


def _rows(df: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(r) for r in df[list(columns)].itertuples(index=False)]


def _check_contract(df: pd.DataFrame) -> None:
    assert tuple(df.columns[: len(TRANSCRIPT_COLUMNS)]) == TRANSCRIPT_COLUMNS
    assert len(df) > 0
    assert set(df["role"]) <= {"interviewer", "participant"}
    assert df["text"].str.len().min() > 0
    assert (df["line"] >= 1).all()
    for _, group in df.groupby("interview_id", sort=False):
        assert group["turn"].tolist() == list(range(1, len(group) + 1))
    assert str(df["turn"].dtype) == "int64" and str(df["line"].dtype) == "int64"
    assert str(df["start"].dtype) == "float64" and str(df["end"].dtype) == "float64"
    assert set(df.attrs) >= {"role_reasons", "formats", "notes", "skipped_files"}
    for interview, group in df.groupby("interview_id", sort=False):
        assert set(df.attrs["role_reasons"][interview]) == set(group["speaker"])


# --------------------------------------------------------------------------- WebVTT / SRT


def test_public_name_is_wired():
    assert personakit.read_transcripts is read_transcripts


def test_zoom_vtt_speakers_names_merging_and_lines():
    df = _read(FIX / "zoom.vtt")
    _check_contract(df)
    assert set(df["format"]) == {"zoom_vtt"}
    assert _rows(df, "turn", "speaker", "role", "line") == [
        (1, "Priya Raman", "interviewer", 11),
        (2, "Lee, Dana", "participant", 15),  # "(Guest)" dropped, comma kept
        (3, "Lee, Dana", "participant", 27),  # 4.8 s after the previous cue: a new turn
        (4, "Priya Raman", "interviewer", 31),
        (5, "Lee, Dana", "participant", 35),  # fullwidth colon
        (6, "Priya Raman", "interviewer", 39),
        (7, "José Ñúñez", "participant", 43),
        (8, "Priya Raman", "interviewer", 47),
    ]
    merged = df.loc[1]
    assert (merged["start"], merged["end"]) == (5.5, 16.2)
    # the "Honestly: ..." cue is speech, continuing Dana's turn, not a speaker called Honestly
    assert merged["text"].endswith("Honestly: I never found the pricing page on my own.")
    assert "Honestly" not in set(df["speaker"])
    assert df.loc[2, "text"] == "The flow goes booking --> reminder --> payment, which I liked."
    assert df.loc[4, "text"] == "The contract length. I was worried about being locked in."
    assert df.attrs["notes"]["zoom.vtt"] == ["skipped 2 NOTE/STYLE/REGION block(s)"]
    assert df.attrs["formats"]["zoom.vtt"].startswith("WebVTT (Zoom style): 10 cues")


def test_teams_vtt_voices_entities_bom_crlf_guid_ids():
    raw = (FIX / "teams.vtt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    df = _read(FIX / "teams.vtt")
    _check_contract(df)
    assert set(df["format"]) == {"teams_vtt"}
    assert _rows(df, "speaker", "role", "start", "end", "line") == [
        ("Miguel Torres", "interviewer", 2.15, 5.6, 7),
        ("Ana Costa", "participant", 6.0, 12.0, 11),
        ("Miguel Torres", "interviewer", 12.5, 14.0, 19),
        ("Ana Costa", "participant", 12.5, 18.0, 19),  # second voice of one cue, then merged
        ("Miguel Torres", "interviewer", 25.0, 28.0, 27),  # no closing </v>
        ("Ana Costa", "participant", 28.5, 33.0, 31),
    ]
    texts = df["text"].tolist()
    assert texts[1] == (
        "Setup was quick, but the calendar sync & reminders took a while. "
        "I had to ask support twice <sigh>."
    )
    assert (
        texts[3] == "Within a day. It was fine, honestly."
    )  # <c.colorE5E5E5>, <00:00:15.000> gone
    assert texts[5] == "If the price for two locations were lower, I'd tell everyone."
    assert not any("3f1c2a9e" in t for t in texts)


def test_teams_vtt_old_timestamps_and_two_voices_on_two_lines():
    df = _read(FIX / "teams_old_timestamps.vtt")
    _check_contract(df)
    assert _rows(df, "speaker", "start", "end", "line") == [
        ("Priya Raman", 0.0, 3.57, 4),
        ("Tomás Herrera", 4.1, 11.0, 7),  # "(External)" dropped; 0:0:4.10 read as 4.1 s
        ("Priya Raman", 62.5, 65.0, 13),
        ("Tomás Herrera", 62.5, 65.0, 14),
    ]
    assert df.loc[1, "text"] == (
        "I opened three tabs and made a spreadsheet. "
        "The comparison page did not show the per-seat price."
    )


def test_real_teams_file_from_webvtt_py(real_exports):
    df = _read(real_exports / "transcripts" / "webvtt-py_teams_timeframe.vtt")
    _check_contract(df)
    assert _rows(df, "speaker", "start", "end", "text") == [
        ("Yuri Bakulin", 0.0, 0.57, "There you go."),
        ("Adrian Petrescu", 0.21, 1.13, "Why hello there, Yuri."),
    ]
    assert df["interview_id"].unique().tolist() == ["webvtt-py_teams_timeframe"]


def test_srt_with_speaker_prefixes_and_comma_millis():
    df = _read(FIX / "subtitles.srt")
    _check_contract(df)
    assert set(df["format"]) == {"srt"}
    assert _rows(df, "speaker", "role", "start", "end", "line") == [
        ("Interviewer", "interviewer", 0.5, 3.0, 3),
        ("Marta Nowak", "participant", 3.4, 9.0, 7),
        ("Interviewer", "interviewer", 12.0, 14.5, 15),
        ("Marta Nowak", "participant", 15.0, 19.0, 19),
    ]
    assert df.loc[1, "text"] == "Reminders, definitely. Fewer no-shows. And the waitlist."
    assert "the label 'Interviewer' says so" in df.attrs["role_reasons"]["subtitles"]["Interviewer"]


@pytest.mark.parametrize(
    ("gap", "turns"),
    [(None, [1, 2, 3, 4, 5]), (0.0, [1, 2, 3, 4, 5]), (0.5, [1, 2, 3, 4]), (5.0, [1, 2, 3, 4])],
)
def test_merge_gap_controls_merging(gap, turns):
    df = _read(FIX / "subtitles.srt", merge_gap=gap)
    assert df["turn"].tolist() == turns


def test_vtt_without_blank_lines_between_cues_and_settings(tmp_path):
    path = tmp_path / "dense.vtt"
    path.write_text(
        "WEBVTT\n\n1\n00:01.000 --> 00:03.000 align:start position:10%\nAna: First point.\n"
        "2\n00:03.500 --> 00:05.000\nBen: Why?\n3\n00:06.000 --> 00:08.000\nAna: Because.\n",
        encoding="utf-8",
    )
    df = _read(path)
    assert _rows(df, "speaker", "start", "text", "line") == [
        ("Ana", 1.0, "First point.", 5),
        ("Ben", 3.5, "Why?", 8),
        ("Ana", 6.0, "Because.", 11),
    ]


def test_vtt_in_a_txt_file_is_sniffed_and_format_can_be_forced(tmp_path):
    text = (FIX / "subtitles.srt").read_text(encoding="utf-8")
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    assert _read(path)["format"].unique().tolist() == ["srt"]
    forced = tmp_path / "export.dat"
    forced.write_text(text, encoding="utf-8")
    df = _read(forced, format="srt")
    assert len(df) == 4


# --------------------------------------------------------------------------- Otter and plain text


def test_otter_headers_unknown_speaker_hours_footer_and_preamble():
    df = _read(FIX / "otter.txt")
    _check_contract(df)
    assert set(df["format"]) == {"otter"}
    assert _rows(df, "speaker", "role", "start", "line") == [
        ("Priya Raman", "interviewer", 3.0, 4),
        ("Kelly Brennan", "participant", 9.0, 7),
        ("Unknown Speaker", "participant", 21.0, 11),
        ("Priya Raman", "interviewer", 24.0, 14),
        ("Kelly Brennan", "participant", 27.0, 17),
        ("Speaker 1", "participant", 41.0, 20),
        ("Kelly Brennan", "participant", 3725.0, 23),  # 1:02:05
    ]
    assert df["end"].isna().all()  # Otter gives start times only
    assert df.loc[1, "text"] == (
        "Mostly through Instagram messages, which is chaos. Half the time I miss someone."
    )
    assert not df["text"].str.contains("otter.ai").any()
    assert df.attrs["notes"]["otter.txt"] == [
        "skipped 2 line(s) before the first speaker (lines 1-2)",
        "skipped the Otter footer at line 26",
    ]


def test_plain_text_continuations_stop_list_and_times():
    df = _read(FIX / "plain.txt")
    _check_contract(df)
    assert set(df["format"]) == {"plain_text"}
    assert _rows(df, "speaker", "role", "line") == [
        ("Sam Okafor", "interviewer", 4),
        ("Rita Gomes", "participant", 5),
        ("Sam Okafor", "interviewer", 7),
        ("Rita Gomes", "participant", 8),
        ("Sam Okafor", "interviewer", 11),
        ("Rita Gomes", "participant", 12),
    ]
    assert df.loc[1, "text"].endswith("Honestly: the phone is the problem. People call to move "
                                      "appointments all day.")  # fmt: skip
    assert df.loc[3, "text"].endswith("Note: it was the one my cousin recommended.")
    assert df["start"].tolist()[:4] == pytest.approx([float("nan")] * 4, nan_ok=True)
    assert df["start"].tolist()[4:] == [760.0, 764.0]


def test_generic_q_a_labels_give_roles():
    df = _read(FIX / "qa_labels.txt")
    assert df["speaker"].tolist() == ["Q", "A"] * 3
    assert df["role"].tolist() == ["interviewer", "participant"] * 3


def test_plain_text_with_markdown_bold_names_and_time_after_name(tmp_path):
    path = tmp_path / "bold.txt"
    path.write_text(
        "**Interviewer:** What do you use it for?\n"
        "**Noor Haddad:** Mostly reminders.\n"
        "Noor Haddad (00:01:10): And invoices.\n",
        encoding="utf-8",
    )
    df = _read(path)
    assert df["speaker"].tolist() == ["Interviewer", "Noor Haddad", "Noor Haddad"]
    assert df["start"].isna().tolist() == [True, True, False]
    assert df["start"].tolist()[2] == 70.0
    assert df["text"].tolist() == ["What do you use it for?", "Mostly reminders.", "And invoices."]


# --------------------------------------------------------------------------- docx


def test_teams_docx_paragraph_turns_markers_and_title():
    df = _read(FIX / "teams.docx")
    _check_contract(df)
    assert set(df["format"]) == {"teams_docx"}
    assert _rows(df, "speaker", "role", "start", "line") == [
        ("Priya Raman", "interviewer", 4.0, 4),
        ("Okafor, Grace", "participant", 11.0, 5),
        ("Priya Raman", "interviewer", 30.0, 6),
        ("Okafor, Grace", "participant", 34.0, 7),
        ("Priya Raman", "interviewer", 3727.0, 8),
    ]
    assert df.loc[1, "text"] == (
        "It was fine but slow. The import of our client list took a whole afternoon."
    )
    assert not df["text"].str.contains("transcription|Meeting Recording|August").any()
    assert df.attrs["notes"]["teams.docx"] == [
        "skipped 2 'started/stopped transcription' marker(s)",
        "skipped 2 paragraph(s) before the first speaker (title, date)",
    ]


def test_teams_docx_header_and_text_in_separate_paragraphs():
    df = _read(FIX / "teams_split.docx")
    assert _rows(df, "speaker", "role", "start", "line", "text") == [
        ("Grace Okafor", "participant", 2.0, 1, "We run four chairs and one front desk."),
        ("Priya Raman", "interviewer", 9.0, 3, "Who books the appointments?"),
        ("Grace Okafor", "participant", 12.0, 5, "Mostly me, at night, after closing. Which is "
                                                 "exhausting."),
    ]  # fmt: skip


def test_teams_docx_arrow_variant_is_timed_and_merged():
    df = _read(FIX / "teams_arrows.docx")
    assert set(df["format"]) == {"teams_docx"}
    assert _rows(df, "speaker", "start", "end", "line") == [
        ("Priya Raman", 5.1, 8.25, 2),
        ("Grace Okafor", 8.9, 14.0, 3),
        ("Priya Raman", 20.0, 23.5, 5),
        ("Grace Okafor", 24.0, 29.0, 6),
    ]
    assert df.loc[1, "text"] == "From a colleague at a trade fair. She swears by the reminders."


def test_meet_docx_skips_gemini_notes_and_trailer():
    df = _read(FIX / "meet.docx")
    _check_contract(df)
    assert set(df["format"]) == {"meet_docx"}
    assert _rows(df, "speaker", "role", "start", "line") == [
        ("Priya Raman", "interviewer", 11.0, 14),
        ("Grace Okafor", "participant", 11.0, 15),
        ("Grace Okafor", "participant", 20.0, 17),
        ("Priya Raman", "interviewer", 31.0, 20),
        ("Grace Okafor", "participant", 31.0, 21),
    ]
    # the AI summary's "Priya Raman: Send Grace the import guide." is not speech
    joined = " ".join(df["text"])
    assert "import guide" not in joined and "discussed onboarding" not in joined
    assert "computer generated" not in joined
    assert (
        df.loc[2, "text"] == "The import was the slow part, honestly. It took most of an afternoon."
    )


def test_plain_docx_name_paragraphs():
    df = _read(FIX / "plain.docx")
    assert set(df["format"]) == {"docx"}
    assert _rows(df, "speaker", "line") == [
        ("Sam Okafor", 2),
        ("Rita Gomes", 3),
        ("Sam Okafor", 6),
        ("Rita Gomes", 7),
    ]
    assert df.loc[1, "text"] == "The old one kept logging me out. It happened every single morning."


# --------------------------------------------------------------------------- notes


def test_notes_csv_sessions_forward_filled_and_roles():
    df = _read(NOTES / "notes.csv")
    _check_contract(df)
    assert set(df["format"]) == {"notes_csv"}
    assert _rows(df, "interview_id", "turn", "speaker", "role", "start", "line") == [
        ("S01", 1, "P01", "participant", 130.0, 2),
        ("S01", 2, "Researcher", "interviewer", 345.0, 3),  # blank session cell = S01
        ("S01", 3, "P01", "participant", 422.0, 4),
        ("S02", 1, "P02", "participant", 750.0, 5),  # no speaker: the participant
        ("S02", 2, "P02", "participant", 905.0, 6),
    ]
    assert df.loc[2, "text"] == 'Compared three tools; the pricing page was "confusing"'
    assert df["source"].unique().tolist() == ["notes.csv"]


def test_notes_xlsx_one_interview_per_sheet_and_time_cells():
    df = _read(NOTES / "notes.xlsx")
    _check_contract(df)
    assert set(df["format"]) == {"notes_xlsx"}
    assert _rows(df, "interview_id", "speaker", "role", "start", "line") == [
        ("notes:Ana", "Ana", "participant", 65.0, 2),
        ("notes:Ana", "Interviewer", "interviewer", 270.0, 3),
        ("notes:Ana", "Ana", "participant", 281.0, 4),
        ("notes:Ben", "Ben", "participant", 0.0, 2),  # date-times: from the first note
        ("notes:Ben", "Ben", "participant", 210.0, 3),
        ("notes:Ben", "Ben", "participant", 540.0, 5),  # row 4 is blank
    ]


def test_notes_with_user_columns_and_semicolons():
    df = _read(NOTES / "sticky_export.csv", columns={"session": "Board", "participant": "Person"})
    assert _rows(df, "interview_id", "speaker", "role", "line") == [
        ("Round 1", "Ana", "participant", 2),
        ("Round 1", "Ana", "participant", 3),
        ("Round 2", "Ben", "participant", 4),
    ]
    with pytest.raises(
        TranscriptFormatError,
        match=r"sticky_export.csv, row 1: columns=\{'text': 'Memo'\} names a column that is not in the header",
    ):
        read_transcripts(NOTES / "sticky_export.csv", columns={"text": "Memo"})
    with pytest.raises(PersonakitError, match=r"columns= has unknown field\(s\) \['colour'\]"):
        read_transcripts(NOTES / "sticky_export.csv", columns={"colour": "Colour"})


# --------------------------------------------------------------------------- roles


def test_roles_override_flat_and_per_interview():
    df = _read(FIX / "zoom.vtt", roles={"José Ñúñez": "interviewer"})
    assert df.loc[df["speaker"] == "José Ñúñez", "role"].unique().tolist() == ["interviewer"]
    assert df.attrs["role_reasons"]["zoom"]["José Ñúñez"] == "interviewer: set by roles="
    df = _read(FIX / "otter.txt", roles={"otter": {"Speaker 1": "interviewer"}})
    assert df.loc[df["speaker"] == "Speaker 1", "role"].unique().tolist() == ["interviewer"]
    assert df.loc[df["speaker"] == "Kelly Brennan", "role"].unique().tolist() == ["participant"]


def test_participants_and_interviewers_names_match_loosely(tmp_path):
    # "Kelly" matches "Kelly Brennan"; case and "(Guest)" are ignored
    df = _read(FIX / "otter.txt", participants=["kelly"], interviewers="PRIYA RAMAN (Guest)")
    reasons = df.attrs["role_reasons"]["otter"]
    assert reasons["Kelly Brennan"] == "participant: named in participants="
    assert reasons["Priya Raman"] == "interviewer: named in interviewers="
    df = _read(FIX / "zoom.vtt", participants=["Dana Lee", "josé ñúñez"])
    reasons = df.attrs["role_reasons"]["zoom"]
    assert reasons["Lee, Dana"] == reasons["José Ñúñez"] == "participant: named in participants="
    with pytest.warns(PersonakitWarning, match=r"not found.*\['Raman'\]"):
        # "Raman" is ambiguous in a file with two Ramans: not matched
        path = FIX / "zoom.vtt"
        text = path.read_text(encoding="utf-8").replace("José Ñúñez", "Ravi Raman")
        other = tmp_path / "two_ramans.vtt"
        other.write_text(text, encoding="utf-8")
        read_transcripts(other, participants=["Raman"])
    # naming only the participant makes the questioner the interviewer
    df = _read(FIX / "teams.vtt", participants={"teams": "Ana Costa"})
    assert dict(zip(df["speaker"], df["role"], strict=False)) == {
        "Miguel Torres": "interviewer",
        "Ana Costa": "participant",
    }


def test_unknown_names_warn_and_bad_roles_raise():
    with pytest.warns(
        PersonakitWarning, match=r"roles= names interview\(s\) \['zooom'\] that were not read"
    ):
        read_transcripts(FIX / "zoom.vtt", roles={"zooom": {"Priya Raman": "interviewer"}})
    with pytest.warns(PersonakitWarning, match=r"names not found among the speakers.*'Zed'"):
        read_transcripts(FIX / "zoom.vtt", participants=["Zed"])
    with pytest.raises(PersonakitError, match=r"role 'host' for 'Priya Raman' is not valid"):
        read_transcripts(FIX / "zoom.vtt", roles={"Priya Raman": "host"})
    with pytest.raises(PersonakitError, match=r"named both in participants= and interviewers="):
        read_transcripts(FIX / "zoom.vtt", participants=["Dana"], interviewers=["dana"])
    with pytest.raises(PersonakitError, match=r"participants must hold speaker names \(str\)"):
        read_transcripts(FIX / "zoom.vtt", participants=[1, 2])


def test_role_inference_when_participant_speaks_first_and_nobody_asks(tmp_path):
    path = tmp_path / "first.txt"
    path.write_text(
        "Ana: I should start by saying we have three salons.\n"
        "Dana: Sure. How many staff do you have?\n"
        "Ana: Twelve stylists and two receptionists.\n"
        "Dana: And how do they book?\n"
        "Ana: Through the app, mostly.\n",
        encoding="utf-8",
    )
    df = _read(path)
    assert dict(zip(df["speaker"], df["role"], strict=False)) == {
        "Ana": "participant",
        "Dana": "interviewer",
    }
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("Ana: Hello.\nBen: Hi there.\nAna: Right.\nBen: Indeed.\n", encoding="utf-8")
    df = _read(quiet)
    reasons = df.attrs["role_reasons"]["quiet"]
    assert reasons["Ana"].startswith("interviewer: no speaker asks questions; speaks first")
    assert reasons["Ben"].startswith("participant:")


def test_interviews_always_keep_a_participant(tmp_path):
    path = tmp_path / "both_ask.txt"
    path.write_text(
        "Dana: What do you use?\nSam: Why do you ask?\nDana: How long?\nSam: What do you mean?\n"
        "Sam: Sorry, two years? Maybe three, I think, give or take a little.\n",
        encoding="utf-8",
    )
    df = _read(path)
    assert set(df["role"]) == {"interviewer", "participant"}


# --------------------------------------------------------------------------- mapping


def test_mapping_dict_series_and_dataframe():
    df = _read(FIX / "zoom.vtt", mapping={"zoom": "R_1a2b"})
    assert df["respondent_id"].unique().tolist() == ["R_1a2b"]
    assert str(df["persona"].dtype) == "Int64" and df["persona"].isna().all()
    df = _read(FIX / "zoom.vtt", mapping={"zoom": {"respondent_id": "R_9", "persona": 3}})
    assert df["persona"].unique().tolist() == [3]
    df = _read(FIX / "zoom.vtt", mapping=pd.Series({"zoom": 2}, name="persona"))
    assert df["persona"].unique().tolist() == [2] and df["respondent_id"].isna().all()
    frame = pd.DataFrame({"Interview ID": ["zoom"], "Persona": ["4"], "Respondent": ["R_7"]})
    original = frame.copy()
    df = _read(FIX / "zoom.vtt", mapping=frame)
    assert _rows(df.head(1), "respondent_id", "persona") == [("R_7", 4)]
    pd.testing.assert_frame_equal(frame, original)  # the user's mapping is not modified
    assert list(df.columns) == [*TRANSCRIPT_COLUMNS, "respondent_id", "persona"]


def test_mapping_csv_with_file_column_renames_and_sets_roles(tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    for name in ["zoom.vtt", "otter.txt"]:
        shutil.copy(FIX / name, folder / name)
    mapping = tmp_path / "interviews.csv"
    mapping.write_text(
        "interview_id,file,participant,interviewer,persona,respondent_id\n"
        "int_01,transcripts/zoom.vtt,Lee; José Ñúñez,Priya Raman,1,R_001\n"
        "int_02,otter.txt,Kelly Brennan,Priya Raman,2,R_002\n",
        encoding="utf-8",
    )
    df = _read(folder, mapping=mapping)
    assert df["interview_id"].unique().tolist() == ["int_02", "int_01"]  # sorted by file name
    assert _rows(df.drop_duplicates("interview_id"), "source", "respondent_id", "persona") == [
        ("otter.txt", "R_002", 2),
        ("zoom.vtt", "R_001", 1),
    ]
    reasons = df.attrs["role_reasons"]
    assert reasons["int_01"]["Priya Raman"] == "interviewer: named as interviewer in mapping="
    assert reasons["int_01"]["José Ñúñez"] == "participant: named as participant in mapping="
    # "Unknown Speaker" is not named: inferred
    assert reasons["int_02"]["Unknown Speaker"].startswith("participant: asks questions")


def test_mapping_problems(tmp_path):
    with pytest.warns(PersonakitWarning, match=r"mapping= has no row for 1 interview\(s\): zoom"):
        df = read_transcripts(FIX / "zoom.vtt", mapping={"other": "R_1"})
    assert df["respondent_id"].isna().all()
    with pytest.raises(PersonakitError, match=r"persona 'Busy Owner' is not a persona id"):
        read_transcripts(FIX / "zoom.vtt", mapping={"zoom": {"persona": "Busy Owner"}})
    bad = pd.DataFrame({"who": ["zoom"], "persona": [1]})
    with pytest.raises(
        PersonakitError, match=r"no interview id or file column among \['who', 'persona'\]"
    ):
        read_transcripts(FIX / "zoom.vtt", mapping=bad)
    bad = pd.DataFrame({"interview_id": ["zoom"], "notes": ["x"]})
    with pytest.raises(PersonakitError, match=r"no 'respondent_id' or 'persona' column"):
        read_transcripts(FIX / "zoom.vtt", mapping=bad)
    dup = pd.DataFrame({"interview_id": ["zoom", "zoom"], "persona": [1, 2]})
    with pytest.raises(PersonakitError, match=r"interview 'zoom' appears twice \(rows 1 and 2\)"):
        read_transcripts(FIX / "zoom.vtt", mapping=dup)
    with pytest.raises(PersonakitError, match=r"mapping='.*missing.csv': no such file"):
        read_transcripts(FIX / "zoom.vtt", mapping=tmp_path / "missing.csv")
    with pytest.raises(PersonakitError, match=r"mapping= must be a dict.*got int"):
        read_transcripts(FIX / "zoom.vtt", mapping=5)


# --------------------------------------------------------------------------- folders


def test_folder_sorted_unsupported_listed_hidden_and_lock_files_ignored(tmp_path):
    for name in ["zoom.vtt", "otter.txt", "teams.docx", "subtitles.srt"]:
        shutil.copy(FIX / name, tmp_path / name)
    shutil.copy(NOTES / "notes.csv", tmp_path / "notes.csv")
    (tmp_path / "recording.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (tmp_path / "summary.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "~$teams.docx").write_bytes(b"lock")
    (tmp_path / "sub").mkdir()
    with pytest.warns(
        PersonakitWarning,
        match=r"skipped 2 file\(s\) that are not transcripts: recording.mp4, summary.pdf",
    ):
        df = read_transcripts(tmp_path)
    _check_contract(df)
    assert df["source"].unique().tolist() == [
        "notes.csv", "otter.txt", "subtitles.srt", "teams.docx", "zoom.vtt",
    ]  # fmt: skip
    assert df["interview_id"].unique().tolist() == [
        "S01",
        "S02",
        "otter",
        "subtitles",
        "teams",
        "zoom",
    ]
    assert df.attrs["skipped_files"] == ["recording.mp4", "summary.pdf"]


def test_folder_skips_a_table_that_is_not_notes_with_a_warning(tmp_path):
    shutil.copy(FIX / "zoom.vtt", tmp_path / "zoom.vtt")
    shutil.copy(BAD / "survey_not_notes.csv", tmp_path / "survey.csv")
    with pytest.warns(PersonakitWarning, match=r"survey.csv: skipped, not interview notes"):
        df = read_transcripts(tmp_path)
    assert df["source"].unique().tolist() == ["zoom.vtt"]


def test_same_stem_twice_gets_distinct_ids(tmp_path):
    shutil.copy(FIX / "zoom.vtt", tmp_path / "call.vtt")
    shutil.copy(FIX / "plain.txt", tmp_path / "call.txt")
    with pytest.warns(PersonakitWarning, match=r"interview id 'call' is also used by call.txt"):
        df = read_transcripts(tmp_path)
    assert df["interview_id"].unique().tolist() == ["call", "call (call.vtt)"]


def test_list_of_paths_keeps_order_and_refuses_duplicates():
    df = _read([FIX / "zoom.vtt", str(FIX / "otter.txt")])
    assert df["interview_id"].unique().tolist() == ["zoom", "otter"]
    with pytest.raises(PersonakitError, match=r"is given twice"):
        read_transcripts([FIX / "zoom.vtt", FIX / "zoom.vtt"])
    with pytest.raises(PersonakitError, match=r"empty list"):
        read_transcripts([])


def test_path_errors(tmp_path):
    with pytest.raises(TranscriptFormatError, match=r"nope.vtt: no such file or folder"):
        read_transcripts(tmp_path / "nope.vtt")
    with pytest.raises(TranscriptFormatError, match=r"no transcript files in this folder"):
        read_transcripts(tmp_path)
    pdf = tmp_path / "call.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(
        TranscriptFormatError, match=r"unsupported file type '.pdf'.*as .vtt or .docx instead"
    ):
        read_transcripts(pdf)
    with pytest.raises(PersonakitError, match=r"format='zoom' is not known"):
        read_transcripts(FIX / "zoom.vtt", format="zoom")
    with pytest.raises(PersonakitError, match=r"merge_gap=-1 must be zero or more seconds"):
        read_transcripts(FIX / "zoom.vtt", merge_gap=-1)
    with pytest.raises(PersonakitError, match=r"merge_gap='2' must be a number of seconds"):
        read_transcripts(FIX / "zoom.vtt", merge_gap="2")
    with pytest.raises(PersonakitError, match=r"paths_or_folder must be a folder"):
        read_transcripts(42)


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.vtt", r"bad/empty.vtt: the file is empty \(0 bytes\)"),
        ("whitespace.txt", r"whitespace.txt: contains only whitespace"),
        ("binary.vtt", r"binary.vtt: looks like a binary file \(a NUL byte at offset 8\)"),
        ("no_speakers.vtt", r"no_speakers.vtt: no speakers found in 2 cues \(first cue text at line 5: 'Welcome back"),
        ("unknown_layout.txt", r"unknown_layout.txt: no speakers found: no 'Name: text' lines and no Otter"),
        ("bad_timing.vtt", r"bad_timing.vtt, line 8: cannot read the cue timing '00:00:05.000 --> 00:00:0x.000'"),
        ("labels_only.txt", r"labels_only.txt: parsed to zero turns"),
        ("not_really.docx", r"not_really.docx: is not a readable Word .docx file"),
        ("tables_only.docx", r"tables_only.docx: the document has no text paragraphs \(its 2 table rows"),
        ("timed_unaligned.docx", r"timed_unaligned.docx: has 3 timecodes \(first at paragraph 1\).*cannot be aligned"),
        ("survey_not_notes.csv", r"survey_not_notes.csv, row 1: no note text column in the header: \['respondent', 'q1', 'q2'\]"),
        ("corrupt.xlsx", r"corrupt.xlsx: is not a readable Excel .xlsx file"),
    ],
)  # fmt: skip
def test_bad_files_raise_with_file_and_line(name, message):
    with pytest.raises(TranscriptFormatError, match=message):
        read_transcripts(BAD / name)


def test_docx_with_unalignable_time_lines_between_name_paragraphs(tmp_path):
    import docx

    document = docx.Document()
    for text in ["Dana: Hello.", "[00:01]", "Sam: Hi.", "[00:04]", "Dana: Bye."]:
        document.add_paragraph(text)
    document.save(tmp_path / "odd.docx")
    with pytest.raises(
        TranscriptFormatError,
        match=r"odd.docx: has 2 timecode lines \(first at paragraph 2\) that cannot be aligned",
    ):
        read_transcripts(tmp_path / "odd.docx")


def test_inputs_are_never_modified(tmp_path):
    def digest(folder: Path) -> dict[str, str]:
        return {
            str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    before = digest(FIX)
    for path in sorted(FIX.rglob("*")):
        if path.is_file() and path.suffix != ".py":
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    read_transcripts(path)
            except PersonakitError:
                pass
    assert digest(FIX) == before


# --------------------------------------------------------------------------- encodings


def test_cp1252_file_warns_and_decodes(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("Zoë Müller: The café’s booking page — awful.\nDana: Why?\n".encode("cp1252"))
    with pytest.warns(PersonakitWarning, match=r"win.txt: not valid UTF-8; decoded as cp1252"):
        df = read_transcripts(path)
    assert df.loc[0, "speaker"] == "Zoë Müller"
    assert df.loc[0, "text"] == "The café’s booking page — awful."
    df = _read(path, encoding="cp1252")
    assert df.loc[0, "speaker"] == "Zoë Müller"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_with_and_without_bom(tmp_path, codec):
    path = tmp_path / "wide.vtt"
    text = (FIX / "zoom.vtt").read_text(encoding="utf-8")
    path.write_bytes(text.encode(codec))
    df = _read(path)
    assert df["speaker"].tolist() == _read(FIX / "zoom.vtt")["speaker"].tolist()


def test_bad_encoding_argument(tmp_path):
    with pytest.raises(TranscriptFormatError, match=r"encoding='klingon' is not a codec"):
        read_transcripts(FIX / "zoom.vtt", encoding="klingon")
    path = tmp_path / "latin.txt"
    path.write_bytes("Zoë: hi\nAl: yo\n".encode("latin-1"))
    with pytest.raises(
        TranscriptFormatError, match=r"latin.txt: cannot be decoded as encoding='utf-8' \(byte 2"
    ):
        read_transcripts(path, encoding="utf-8")


# --------------------------------------------------------------------------- scale and determinism


def _long_vtt(path: Path, cues: int) -> None:
    parts = ["WEBVTT", ""]
    for i in range(cues):
        start = i * 2.4
        speaker = "Priya Raman" if i % 6 == 0 else "Lee, Dana (Guest)"
        text = "How did that go for you?" if i % 6 == 0 else f"Part {i} of a long answer."
        hours, rest = divmod(start, 3600)
        minutes, seconds = divmod(rest, 60)
        end = start + 2.0
        eh, er = divmod(end, 3600)
        em, es = divmod(er, 60)
        parts += [
            str(i + 1),
            f"{int(hours):02d}:{int(minutes):02d}:{seconds:06.3f} --> "
            f"{int(eh):02d}:{int(em):02d}:{es:06.3f}",
            f"{speaker}: {text}",
            "",
        ]
    path.write_text("\n".join(parts), encoding="utf-8")


def test_two_hour_transcript(tmp_path):
    path = tmp_path / "long.vtt"
    _long_vtt(path, 3000)  # 3000 cues x 2.4 s = 2 hours
    df = _read(path)
    # every interviewer cue starts a turn; the five answer cues after it merge into one
    assert len(df) == 1000
    assert df["role"].value_counts().to_dict() == {"interviewer": 500, "participant": 500}
    assert df["end"].max() == pytest.approx(2999 * 2.4 + 2.0)
    assert df.loc[1, "text"].startswith("Part 1 of a long answer. Part 2 of")
    assert df.loc[1, "line"] == 9


def test_same_input_same_output_bytes(tmp_path):
    for name in ["zoom.vtt", "teams.docx", "otter.txt", "meet.docx"]:
        shutil.copy(FIX / name, tmp_path / name)
    first = _read(tmp_path)
    second = _read(tmp_path)
    assert first.to_csv(index=False) == second.to_csv(index=False)
    assert first.attrs == second.attrs


def test_zoom_device_names_with_digits_need_to_recur(tmp_path):
    cues = [
        ("Priya Raman", "What do you use?"),
        ("Galaxy S21", "The app."),
        ("Priya Raman", "Why?"),
        ("Galaxy S21", "Reminders."),
        ("Priya Raman", "And?"),
        ("Galaxy S21", "Step 2: nothing else."),
    ]
    body = "".join(
        f"{i + 1}\n00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.000\n{name}: {text}\n\n"
        for i, (name, text) in enumerate(cues)
    )
    path = tmp_path / "device.vtt"
    path.write_text("WEBVTT\n\n" + body, encoding="utf-8")
    df = _read(path)
    assert df["speaker"].tolist() == ["Priya Raman", "Galaxy S21"] * 3
    assert df["text"].tolist()[-1] == "Step 2: nothing else."
    # seen only once, a label with digits is speech
    once = body.replace("Galaxy S21: Reminders.", "Reminders.").replace(
        "Galaxy S21: The app.", "The app."
    )
    path.write_text("WEBVTT\n\n" + once, encoding="utf-8")
    df = _read(path)
    assert "Galaxy S21" not in set(df["speaker"])
    assert df["speaker"].tolist() == ["Priya Raman"]  # cues 1 s apart merge into one turn
    assert df["text"].tolist()[-1].endswith("And? Galaxy S21: Step 2: nothing else.")


def test_generic_labels_with_names_attached(tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text(
        "Interviewer (Dana): Could we start with your role?\n"
        "Participant 3 - Maria: I manage two clinics.\n"
        "Interviewer (Dana): And the booking?\n"
        "Participant 3 - Maria: It is handled by reception.\n",
        encoding="utf-8",
    )
    df = _read(path)
    assert df["speaker"].tolist() == ["Interviewer (Dana)", "Participant 3 - Maria"] * 2
    reasons = df.attrs["role_reasons"]["labels"]
    assert reasons == {
        "Interviewer (Dana)": "interviewer: the label 'Interviewer (Dana)' says so",
        "Participant 3 - Maria": "participant: the label 'Participant 3 - Maria' says so",
    }


def test_text_before_the_first_voice_is_an_unknown_speaker(tmp_path):
    path = tmp_path / "intro.vtt"
    path.write_text(
        "WEBVTT\n\n00:00.000 --> 00:01.000\n(music)\n\n"
        "00:04.000 --> 00:06.000\n<v Dana>How did you start?</v>\n\n"
        "00:07.000 --> 00:09.000\n<v Sam>With a paper diary.</v>\n",
        encoding="utf-8",
    )
    df = _read(path)
    assert df["speaker"].tolist() == ["Unknown Speaker", "Dana", "Sam"]
    assert df.attrs["notes"]["intro.vtt"] == [
        "1 segment(s) before the first named speaker: 'Unknown Speaker'"
    ]


def test_otter_headers_with_digits_in_the_name(tmp_path):
    path = tmp_path / "room.txt"
    path.write_text(
        "Dana Lee  0:01\nWho is in the room?\n\nRoom 4B  0:05\nTwo of us, from the clinic.\n\n"
        "Dana Lee  0:09\nGreat, thanks.\n",
        encoding="utf-8",
    )
    df = _read(path)
    assert _rows(df, "speaker", "start", "line") == [
        ("Dana Lee", 1.0, 1),
        ("Room 4B", 5.0, 4),
        ("Dana Lee", 9.0, 7),
    ]
