"""Atomic output folders and the run manifest."""

from __future__ import annotations

import pytest

from personakit import PersonakitError
from personakit.config import validate_config
from personakit.report import AtomicOutputDir, build_manifest, file_sha256


def test_failure_leaves_no_half_written_folder(tmp_path):
    target = tmp_path / "out"
    with pytest.raises(RuntimeError), AtomicOutputDir(target) as tmp:
        (tmp / "report.html").write_text("<html>half")
        raise RuntimeError("boom")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_the_previous_outputs(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "report.html").write_text("previous")
    with pytest.raises(RuntimeError), AtomicOutputDir(target, force=True) as tmp:
        (tmp / "report.html").write_text("new but broken")
        raise RuntimeError("boom")
    assert (target / "report.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_existing_folder_needs_force(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("x")
    with pytest.raises(PersonakitError, match="already exists and is not empty; pass --force"):
        with AtomicOutputDir(target):
            pass
    with AtomicOutputDir(target, force=True) as tmp:
        (tmp / "new.txt").write_text("y")
    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]


def test_empty_existing_folder_is_fine(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    with AtomicOutputDir(target) as tmp:
        (tmp / "a.txt").write_text("a")
    assert (target / "a.txt").exists()


def test_output_folder_may_not_contain_inputs(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    survey = data / "survey.csv"
    survey.write_text("a\n1\n")
    with pytest.raises(PersonakitError, match="contains the input"):
        with AtomicOutputDir(data, force=True, inputs=[survey]):
            pass
    assert survey.read_text() == "a\n1\n"


def test_output_path_that_is_a_file(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("x")
    with pytest.raises(PersonakitError, match="is a file"):
        with AtomicOutputDir(path):
            pass


def test_manifest_hashes_inputs_and_records_config(tmp_path):
    survey = tmp_path / "survey.csv"
    survey.write_bytes(b"id,q1\n1,a\n")
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "a.vtt").write_text("WEBVTT\n")
    config = validate_config(
        {"seed": 5, "inputs": {"survey": str(survey), "transcripts": str(folder)}}
    )
    manifest = build_manifest(config, timings={"read": 1.23456}, outputs=["b.json", "a.csv"])
    by_name = {row["name"]: row for row in manifest["inputs"]}
    assert by_name["survey.csv"]["sha256"] == file_sha256(survey)
    assert by_name["survey.csv"]["role"] == "survey"
    assert by_name["a.vtt"]["role"] == "transcripts"
    assert manifest["seed"] == 5
    assert manifest["config"]["seed"] == 5
    assert manifest["timings_s"] == {"read": 1.235}
    assert manifest["outputs"] == ["a.csv", "b.json"]
    assert manifest["versions"]["numpy"]
