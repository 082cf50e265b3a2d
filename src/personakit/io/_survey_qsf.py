"""Value labels from a Qualtrics survey definition (``.qsf``).

A numeric Qualtrics export holds choice *codes* (recode values); the QSF, the
survey's JSON definition, says which label each code stands for and in which
order the choices were shown. For single- and multiple-choice questions
(``MC``) the choices are ``Choices`` in ``ChoiceOrder`` with their
``RecodeValues``; for matrix (Likert grid) questions the scale points are
``Answers`` in ``AnswerOrder`` with ``RecodeValues``. Columns are matched by
import id (``QID5_2`` -> question ``QID5``) or, in legacy exports without
import ids, by export tag (``DataExportTag``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from personakit._errors import SurveyFormatError
from personakit.io._raw import RawColumn
from personakit.io._survey_common import clean_text

__all__ = ["apply_qsf", "qsf_value_labels"]


def _labels(choices: dict, order: list, recodes: dict | None) -> dict[str, str]:
    out: dict[str, str] = {}
    ids = [str(c) for c in (order or list(choices))]
    for cid in ids:
        choice = choices.get(cid) or choices.get(str(cid))
        if not isinstance(choice, dict):
            continue
        code = str((recodes or {}).get(cid, cid))
        out[code] = clean_text(str(choice.get("Display", "")))
    return out


def qsf_value_labels(path: Path) -> dict[str, dict[str, Any]]:
    """Read a QSF and return ``{QID: {"tag": export tag, "labels": {code: label}}}``.

    Parameters
    ----------
    path : Path
        The ``.qsf`` file.

    Returns
    -------
    dict
        Per question id: its export tag and its value labels in display order.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> qsf = {"SurveyEntry": {}, "SurveyElements": [{"Element": "SQ", "Payload": {
    ...     "QuestionID": "QID1", "DataExportTag": "Q1", "QuestionType": "MC",
    ...     "Choices": {"1": {"Display": "Agree"}, "2": {"Display": "Disagree"}},
    ...     "ChoiceOrder": ["2", "1"], "RecodeValues": {"1": "5", "2": "1"}}}]}
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.qsf"
    >>> _ = path.write_text(json.dumps(qsf))
    >>> qsf_value_labels(path)
    {'QID1': {'tag': 'Q1', 'labels': {'1': 'Disagree', '5': 'Agree'}}}
    """
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise SurveyFormatError(f"qsf={str(path)!r}: no such file.") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SurveyFormatError(
            f"{path}: not a readable Qualtrics survey definition (.qsf is JSON): {exc}. Export "
            "it again from Qualtrics (Tools > Import/Export > Export Survey)."
        ) from exc
    elements = doc.get("SurveyElements") if isinstance(doc, dict) else None
    if not isinstance(elements, list):
        raise SurveyFormatError(
            f"{path}: this JSON has no 'SurveyElements' list, so it is not a Qualtrics .qsf file."
        )
    out: dict[str, dict[str, Any]] = {}
    for element in elements:
        if not isinstance(element, dict) or element.get("Element") != "SQ":
            continue
        payload = element.get("Payload") or {}
        qid = payload.get("QuestionID") or element.get("PrimaryAttribute")
        if not qid:
            continue
        qtype = payload.get("QuestionType")
        if qtype == "Matrix" and isinstance(payload.get("Answers"), dict):
            labels = _labels(
                payload["Answers"], payload.get("AnswerOrder"), payload.get("RecodeValues")
            )
        elif qtype == "MC" and isinstance(payload.get("Choices"), dict):
            labels = _labels(
                payload["Choices"], payload.get("ChoiceOrder"), payload.get("RecodeValues")
            )
        else:
            continue
        out[str(qid)] = {"tag": payload.get("DataExportTag"), "labels": labels}
    return out


def apply_qsf(columns: list[RawColumn], path: Path, export_kind: str, notes: list[str]) -> None:
    """Attach QSF value labels to the columns of choice questions (in place)."""
    questions = qsf_value_labels(path)
    by_tag = {q["tag"]: qid for qid, q in questions.items() if q["tag"]}
    matched = 0
    for col in columns:
        if col.hint not in (None,):
            continue
        qid = None
        if col.import_id:
            m = re.match(r"(?:\d+_)?(QID\d+)", col.import_id)
            qid = m.group(1) if m else None
        if qid is None:
            qid = by_tag.get(col.original_name.strip()) or by_tag.get(col.question_id or "")
        if qid in questions and questions[qid]["labels"]:
            col.value_labels = dict(questions[qid]["labels"])
            matched += 1
    notes.append(
        f"Value labels for {matched} column(s) taken from the survey definition {Path(path).name}."
    )
