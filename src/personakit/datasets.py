"""The bundled sample research project: Slotwise, a fictional scheduling SaaS.

The sample holds everything a persona and journey-map study starts from: a
Qualtrics survey export (1,200 rows), the same questionnaire as SurveyMonkey and
Google Forms exports, 30 top B2B accounts, 12 interview transcripts in five
formats, a content inventory, and the planted truth (persona per respondent,
stage/emotion/pain point per utterance and open answer, account groups, content
gaps). It is written by ``data/make_sample_data.py``; ``sample_path("readme")``
describes it in full.

Names known to :func:`sample_path` and :func:`load_sample`:

======================= ============================== =====================================
name                    file or folder                 ``load_sample`` returns
======================= ============================== =====================================
``survey``              ``survey_qualtrics.csv``       :class:`personakit.Survey`
``survey_surveymonkey`` ``survey_surveymonkey.csv``    :class:`personakit.Survey`
``survey_google_forms`` ``survey_google_forms.csv``    :class:`personakit.Survey`
``accounts``            ``accounts.csv``               a Survey of accounts (``read_accounts``)
``transcripts``         ``transcripts/``               turns DataFrame (``read_transcripts``)
``content``             ``content_inventory.csv``      content inventory (``read_content_inventory``)
``interviews``          ``interviews.csv``             DataFrame: interview -> file, persona, ...
``truth``               ``truth/``                     dict of DataFrames plus ``personas`` (dict)
``readme``              ``README.md``                  the README text
======================= ============================== =====================================
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from personakit._errors import PersonakitError

__all__ = ["SAMPLE_NAMES", "load_sample", "sample_path"]

SAMPLE_NAMES = {
    "survey": "survey_qualtrics.csv",
    "survey_surveymonkey": "survey_surveymonkey.csv",
    "survey_google_forms": "survey_google_forms.csv",
    "accounts": "accounts.csv",
    "transcripts": "transcripts",
    "content": "content_inventory.csv",
    "interviews": "interviews.csv",
    "truth": "truth",
    "readme": "README.md",
}
"""Sample dataset names and the file or folder each one is, inside the sample folder."""

# In a wheel the sample ships as package data; in a source checkout it lives in data/.
_PACKAGE_DIR = Path(__file__).resolve().parent / "_sample_data"
_SOURCE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"

# Columns of the truth tables that hold ids or codes, read with an explicit dtype.
_TRUTH_DTYPES = {
    "respondents": {
        "respondent_id": "str",
        "duplicate_of": "str",
        "persona": "Int64",
        "posterior_persona": "Int64",
        "interview_id": "str",
    },
    "open_answers": {
        "respondent_id": "str",
        "persona": "Int64",
        "theme_id": "Int64",
        "text": "str",
    },
    "utterances": {"theme_id": "Int64", "text": "str"},
    "accounts": {"persona": "Int64"},
    "content_gaps": {},
}


def _sample_root() -> Path:
    for folder in (_PACKAGE_DIR, _SOURCE_DIR):
        if (folder / SAMPLE_NAMES["survey"]).is_file():
            return folder
    raise PersonakitError(
        f"The bundled sample data was not found (looked in {_PACKAGE_DIR} and {_SOURCE_DIR}). "
        "Reinstall personakit, or in a source checkout run `make data` to regenerate data/sample/."
    )


def _valid_names() -> str:
    return ", ".join(repr(n) for n in SAMPLE_NAMES)


def sample_path(name: str | None = None) -> Path:
    """Return the path of the bundled sample project, or of one of its files.

    Parameters
    ----------
    name : str, optional
        A sample dataset name (``"survey"``, ``"survey_surveymonkey"``,
        ``"survey_google_forms"``, ``"accounts"``, ``"transcripts"``, ``"content"``,
        ``"interviews"``, ``"truth"``, ``"readme"``) or a path relative to the sample
        folder (e.g. ``"truth/personas.json"``). ``None`` gives the folder itself.

    Returns
    -------
    pathlib.Path
        An existing file or folder. In an installed wheel it lies inside the
        package (``personakit/_sample_data``); in a source checkout, in
        ``data/sample``.

    Raises
    ------
    PersonakitError
        If ``name`` is not a known dataset or a file of the sample; the message
        lists the valid names.

    Examples
    --------
    >>> from personakit import sample_path
    >>> sample_path("survey").name
    'survey_qualtrics.csv'
    >>> sorted(p.suffix for p in sample_path("transcripts").iterdir())
    ['.docx', '.docx', '.txt', '.txt', '.txt', '.txt', '.txt', '.vtt', '.vtt', '.vtt', '.vtt', '.vtt']
    >>> sample_path("truth/personas.json").is_file()
    True
    """
    root = _sample_root()
    if name is None:
        return root
    if not isinstance(name, str):
        raise PersonakitError(
            f"sample_path(name={name!r}): name must be a string, got {type(name).__name__}. "
            f"Valid names: {_valid_names()}."
        )
    key = name.strip()
    if key in SAMPLE_NAMES:
        return root / SAMPLE_NAMES[key]
    relative = Path(key)
    if key and not relative.is_absolute() and ".." not in relative.parts:
        candidate = root / relative
        if candidate.exists():
            return candidate
    raise PersonakitError(
        f"sample_path(name={name!r}): there is no sample dataset or sample file of that name. "
        f"Valid names: {_valid_names()}; or a path inside {root}, e.g. 'truth/personas.json'."
    )


def _read_truth_csv(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    # keep_default_na=False: answers such as "N/A" or "None" are text, not missing
    return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])


def _load_truth() -> dict[str, Any]:
    folder = sample_path("truth")
    truth: dict[str, Any] = {
        table: _read_truth_csv(folder / f"{table}.csv", dtypes)
        for table, dtypes in _TRUTH_DTYPES.items()
    }
    truth["personas"] = json.loads((folder / "personas.json").read_text(encoding="utf-8"))
    return truth


def load_sample(name: str) -> Any:
    """Load one part of the bundled sample project, read the way a user would read it.

    Parameters
    ----------
    name : str
        ``"survey"`` (the Qualtrics export), ``"survey_surveymonkey"``,
        ``"survey_google_forms"`` (each read with :func:`personakit.read_survey`),
        ``"accounts"`` (:func:`personakit.read_accounts`), ``"transcripts"``
        (:func:`personakit.read_transcripts` on the folder, with
        ``interviews.csv`` as the mapping, so every turn carries its interview's
        ``respondent_id`` and planted ``persona``), ``"content"``
        (:func:`personakit.read_content_inventory`), ``"interviews"`` (the
        interview table as a DataFrame), ``"truth"`` or ``"readme"``.

    Returns
    -------
    object
        What the matching reader returns. ``"truth"`` gives a dict with the
        DataFrames ``respondents``, ``open_answers``, ``utterances``,
        ``accounts`` and ``content_gaps`` (see ``sample_path("readme")`` for
        their columns) and ``personas``, the parsed ``truth/personas.json``.
        ``"readme"`` gives the README text.

    Raises
    ------
    PersonakitError
        If ``name`` is not one of the names above.

    Examples
    --------
    >>> from personakit import load_sample
    >>> truth = load_sample("truth")
    >>> sorted(truth)
    ['accounts', 'content_gaps', 'open_answers', 'personas', 'respondents', 'utterances']
    >>> [p["name"] for p in truth["personas"]["personas"]]
    ['Solo Practitioner', 'Studio Owner', 'Mobile Pro', 'Clinic Owner', 'Multi-site Operator']
    >>> int((truth["respondents"]["file"] == "survey_qualtrics.csv").sum())
    1200
    >>> load_sample("interviews")["format"].value_counts().sort_index().to_dict()
    {'otter_txt': 3, 'plain_txt': 2, 'teams_docx': 2, 'teams_vtt': 2, 'zoom_vtt': 3}
    """
    loaders = {
        "survey": _survey,
        "survey_surveymonkey": _survey,
        "survey_google_forms": _survey,
        "accounts": _accounts,
        "transcripts": _transcripts,
        "content": _content,
        "interviews": lambda _: pd.read_csv(
            sample_path("interviews"), dtype={"respondent_id": "str"}
        ),
        "truth": lambda _: _load_truth(),
        "readme": lambda _: sample_path("readme").read_text(encoding="utf-8"),
    }
    key = name.strip() if isinstance(name, str) else name
    if key not in loaders:
        raise PersonakitError(
            f"load_sample(name={name!r}): unknown sample dataset. Valid names: {_valid_names()}. "
            "For another file of the sample, use personakit.sample_path(...) and read it yourself."
        )
    return loaders[key](key)


# The readers live in modules written alongside this one; import them on use.
def _survey(key: str):
    from personakit.survey import read_survey

    return read_survey(sample_path(key))


def _accounts(key: str):
    from personakit.io.accounts import read_accounts

    return read_accounts(sample_path(key))


def _transcripts(key: str):
    from personakit.io.transcripts import read_transcripts

    return read_transcripts(sample_path(key), mapping=sample_path("interviews"))


def _content(key: str):
    from personakit.io.content import read_content_inventory

    return read_content_inventory(sample_path(key))
