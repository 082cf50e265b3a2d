"""Run configurations: defaults, paths, and errors that name the key and line."""

from __future__ import annotations

import pytest

from personakit import ConfigError
from personakit.config import DEFAULT_CONFIG, load_config, validate_config


def _write(tmp_path, text, name="run.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_file_gives_the_defaults(tmp_path):
    config = load_config(_write(tmp_path, ""))
    assert config == DEFAULT_CONFIG
    assert config["exclusions"]["suggested"] is True
    assert config["stages"] == "b2c"


def test_relative_paths_resolve_against_the_config_folder(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "survey.csv").write_text("a\n1\n")
    config = load_config(_write(tmp_path, "inputs:\n  survey: data/survey.csv\n"))
    assert config["inputs"]["survey"] == str((tmp_path / "data" / "survey.csv").resolve())


def test_unknown_key_names_key_line_and_suggestion(tmp_path):
    path = _write(tmp_path, "seed: 3\nsegmentation:\n  methd: kmeans\n")
    with pytest.raises(
        ConfigError,
        match=r"run.yaml, line 3: unknown key 'methd' under "
        r"'segmentation'; did you mean 'method'\?",
    ):
        load_config(path)


def test_wrong_type_names_key_and_line(tmp_path):
    path = _write(tmp_path, "seed: 3\nexclusions:\n  suggested: 'yes please'\n")
    with pytest.raises(ConfigError, match=r"line 3: 'exclusions.suggested' must be true or false"):
        load_config(path)


def test_bool_is_not_an_integer(tmp_path):
    with pytest.raises(ConfigError, match=r"line 1: 'seed' must be an integer, got true/false"):
        load_config(_write(tmp_path, "seed: true\n"))


def test_missing_input_file_is_named(tmp_path):
    path = _write(tmp_path, "inputs:\n  transcripts: interviews/\n")
    with pytest.raises(
        ConfigError,
        match=r"line 2: 'inputs.transcripts' names 'interviews/', "
        r"which does not exist",
    ):
        load_config(path)


def test_bad_choice_lists_the_choices(tmp_path):
    path = _write(tmp_path, "segmentation:\n  method: dbscan\n")
    with pytest.raises(ConfigError, match=r"'segmentation.method' is 'dbscan'; choose one of auto"):
        load_config(path)


@pytest.mark.parametrize("value", ["0", "[5, 3]", "'many'"])
def test_bad_n_personas(tmp_path, value):
    path = _write(tmp_path, f"segmentation:\n  n_personas: {value}\n")
    with pytest.raises(ConfigError, match=r"line 2: 'segmentation.n_personas' must be"):
        load_config(path)


def test_section_must_be_a_mapping(tmp_path):
    with pytest.raises(ConfigError, match=r"'inputs' must be a mapping of settings, got a list"):
        load_config(_write(tmp_path, "inputs:\n  - a\n"))


def test_invalid_yaml_names_the_line(tmp_path):
    with pytest.raises(ConfigError, match=r"run.yaml, line \d+: not valid YAML"):
        load_config(_write(tmp_path, "seed: 1\nsegmentation: [\n  method: x\n"))


def test_top_level_must_be_a_mapping(tmp_path):
    with pytest.raises(ConfigError, match="must be a mapping of settings"):
        load_config(_write(tmp_path, "- just\n- a list\n"))


def test_unknown_stage_set(tmp_path):
    with pytest.raises(ConfigError, match=r"'stages' is 'journey'; use one of b2c"):
        load_config(_write(tmp_path, "stages: journey\n"))


def test_custom_stage_list_is_kept():
    config = validate_config({"stages": ["browse", {"name": "buy"}]})
    assert config["stages"] == ["browse", {"name": "buy"}]


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")


def test_persona_names_need_numbers(tmp_path):
    path = _write(tmp_path, "personas:\n  names:\n    first: Solo\n")
    with pytest.raises(ConfigError, match=r"line 2: 'personas.names' must be a mapping of persona"):
        load_config(path)
    config = load_config(_write(tmp_path, "personas:\n  names:\n    1: Solo\n", "ok.yaml"))
    assert config["personas"]["names"] == {1: "Solo"}


def test_speaker_roles_are_checked(tmp_path):
    path = _write(tmp_path, "speakers:\n  roles:\n    Dana Cole: host\n")
    with pytest.raises(ConfigError, match=r"line 2: 'speakers.roles' must be a mapping of speaker"):
        load_config(path)
    path = _write(tmp_path, "speakers:\n  interviewers: [Dana, 3]\n", "names.yaml")
    with pytest.raises(ConfigError, match=r"'speakers.interviewers' must be a list of non-empty"):
        load_config(path)
    config = load_config(_write(tmp_path, "speakers:\n  interviewers: [Dana Cole]\n", "ok.yaml"))
    assert config["speakers"] == {"interviewers": ["Dana Cole"], "participants": [], "roles": {}}
