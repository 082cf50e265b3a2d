"""personakit.sample_path / load_sample: find and read the bundled sample project."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import personakit
from personakit import PersonakitError, load_sample, sample_path
from personakit import datasets as ds
from tests.conftest import SAMPLE


def test_sample_path_without_a_name_is_the_sample_folder():
    assert sample_path() == SAMPLE
    assert (sample_path() / "survey_qualtrics.csv").is_file()


@pytest.mark.parametrize("name", sorted(ds.SAMPLE_NAMES))
def test_every_registered_name_exists(name):
    path = sample_path(name)
    assert path.exists()
    assert path == SAMPLE / ds.SAMPLE_NAMES[name]


def test_sample_path_accepts_files_inside_the_sample():
    assert sample_path("truth/personas.json") == SAMPLE / "truth" / "personas.json"
    assert sample_path(" transcripts/interview_04.docx ").suffix == ".docx"


@pytest.mark.parametrize("bad", ["nope", "survey.csv", "../pyproject.toml", "", "truth/nope.csv"])
def test_unknown_names_list_the_valid_ones(bad):
    with pytest.raises(PersonakitError, match=r"sample_path\(name=.*Valid names: 'survey', "):
        sample_path(bad)


def test_absolute_paths_and_non_strings_are_refused():
    with pytest.raises(PersonakitError, match="no sample dataset or sample file"):
        sample_path(str(SAMPLE / "accounts.csv"))
    with pytest.raises(PersonakitError, match="name must be a string, got int"):
        sample_path(3)


def test_an_installed_wheel_is_preferred_over_the_source_tree(tmp_path, monkeypatch):
    packaged = tmp_path / "_sample_data"
    packaged.mkdir()
    (packaged / "survey_qualtrics.csv").write_text("x")
    monkeypatch.setattr(ds, "_PACKAGE_DIR", packaged)
    assert sample_path("survey") == packaged / "survey_qualtrics.csv"
    monkeypatch.setattr(ds, "_PACKAGE_DIR", tmp_path / "missing")
    assert sample_path("survey") == SAMPLE / "survey_qualtrics.csv"


def test_missing_sample_data_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ds, "_PACKAGE_DIR", tmp_path / "a")
    monkeypatch.setattr(ds, "_SOURCE_DIR", tmp_path / "b")
    with pytest.raises(PersonakitError, match="sample data was not found.*make data"):
        sample_path()


def test_load_sample_truth_reads_typed_tables():
    truth = load_sample("truth")
    assert sorted(truth) == [
        "accounts",
        "content_gaps",
        "open_answers",
        "personas",
        "respondents",
        "utterances",
    ]
    respondents = truth["respondents"]
    assert respondents["persona"].dtype == "Int64"
    assert respondents["posterior_persona"].notna().all()
    assert respondents["preview"].dtype == bool
    gf = respondents[respondents["file"] == "survey_google_forms.csv"]
    assert gf["respondent_id"].iloc[0] == "row2"
    answers = truth["open_answers"]
    assert answers["text"].notna().all()  # "N/A" and "None" answers stay text
    assert {"N/A", "None"} <= set(answers["text"])
    assert answers["is_pain_point"].dtype == bool
    assert truth["utterances"]["line"].dtype.kind == "i"
    assert len(truth["accounts"]) == 30
    assert truth["personas"]["company"]["name"] == "Slotwise"


def test_load_sample_interviews_and_readme():
    interviews = load_sample("interviews")
    assert len(interviews) == 12
    assert interviews["respondent_id"].str.startswith("R_").all()
    assert load_sample("readme").startswith("# The Slotwise sample research project")


@pytest.mark.parametrize("bad", ["nope", "truth/personas.json", 5, None])
def test_load_sample_refuses_unknown_names(bad):
    with pytest.raises(PersonakitError, match=r"load_sample\(name=.*unknown sample dataset"):
        load_sample(bad)


def test_public_names_are_exported():
    assert personakit.load_sample is load_sample
    assert personakit.sample_path is sample_path


# -- the readers on the sample (issue 2's readers, written by other parts) -----------------


def _quiet(name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("error", personakit.PersonakitWarning)
        return load_sample(name)


def test_load_sample_survey_is_the_qualtrics_export_with_its_planted_flags():
    survey = _quiet("survey")
    assert isinstance(survey, personakit.Survey)
    assert len(survey.responses) == 1200
    truth = load_sample("truth")["respondents"]
    truth = truth[truth["file"] == "survey_qualtrics.csv"].set_index("respondent_id")
    quality = survey.quality.loc[truth.index]
    for flag in ("preview", "incomplete", "speeder", "straightliner", "duplicate"):
        assert (quality[flag].to_numpy() == truth[flag].to_numpy()).all(), flag


@pytest.mark.parametrize(
    ("name", "file", "rows"),
    [
        ("survey_surveymonkey", "survey_surveymonkey.csv", 250),
        ("survey_google_forms", "survey_google_forms.csv", 200),
    ],
)
def test_load_sample_other_surveys_use_the_truth_ids(name, file, rows):
    survey = _quiet(name)
    truth = load_sample("truth")["respondents"]
    ids = truth.loc[truth["file"] == file, "respondent_id"]
    assert len(survey.responses) == rows
    assert sorted(survey.responses.index) == sorted(ids)


def test_load_sample_accounts_transcripts_and_content():
    accounts = _quiet("accounts")
    assert len(accounts.responses) == 30
    turns = _quiet("transcripts")
    assert turns["interview_id"].nunique() == 12
    interviews = load_sample("interviews").set_index("interview_id")
    persona = turns.groupby("interview_id")["persona"].first()
    assert (persona == interviews.loc[persona.index, "persona"]).all()
    content = _quiet("content")
    assert isinstance(content, pd.DataFrame) and len(content) == 59
