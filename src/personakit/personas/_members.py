"""Representative respondents and quotes of each persona.

Representatives are the members closest to the persona's centre: in the
segmentation's own encoding when the fitted segmenter is given (the centre is
the members' mean there), otherwise around the medoid (the member with the
smallest total distance to the others) of a simple encoding in which every
question weighs the same. Quotes are open-ended answers of the members, taken
in that order (so representatives speak first), one per respondent, with
personal data masked by :func:`personakit.privacy.mask_pii`, including the
names found in the survey's personal-data name columns.
"""

from __future__ import annotations

import contextlib
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.privacy import mask_pii, name_variants, respondent_names

__all__ = [
    "closeness_order",
    "name_list",
    "pick_quotes",
    "segmentation_matrix",
    "simple_encoding",
    "text_variables_of",
]

_MEDOID_SAMPLE = 1500
_JUNK = {
    "n/a",
    "na",
    "none",
    "no",
    "nothing",
    "nope",
    "-",
    "--",
    ".",
    "...",
    "no comment",
    "no comments",
    "nothing to add",
    "not applicable",
    "idk",
    "don't know",
}
# words that carry nothing on their own: an answer made only of them ("Hard to say
# but", "not sure really") is no quote
_EMPTY_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "but",
        "or",
        "so",
        "to",
        "the",
        "i",
        "i'm",
        "it",
        "it's",
        "is",
        "was",
        "be",
        "that",
        "this",
        "not",
        "no",
        "nothing",
        "sure",
        "really",
        "honestly",
        "hard",
        "say",
        "said",
        "know",
        "don't",
        "dont",
        "idk",
        "just",
        "well",
        "um",
        "uh",
        "like",
        "maybe",
        "guess",
        "think",
        "mean",
        "yeah",
        "yes",
        "ok",
        "okay",
        "fine",
        "good",
        "all",
        "about",
        "for",
        "me",
        "my",
        "of",
    ]
)


def simple_encoding(survey: Any, infos: list[Any], index: pd.Index) -> np.ndarray:
    """Encode the profiled variables as numbers for distances between respondents.

    Likert/ordinal answers become positions scaled to 0-1; nominal answers
    one-hot columns scaled by 1/sqrt(2) (two different answers are 1 apart);
    multi-select options 0/1 scaled by 1/sqrt(number of options of the
    question); numbers are centred on the median, divided by the interquartile
    range and clipped to [-3, 3] / 3. Missing values become the column mean.

    Parameters
    ----------
    survey : Survey
        The survey.
    infos : list of VariableInfo
        The variables.
    index : pandas.Index
        Respondent ids (rows) to encode.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(index), n_columns)``, float.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> from personakit.personas._profile import variable_infos
    >>> s = Survey(pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=["a", "b", "c"]),
    ...            pd.DataFrame({"variable": ["x"], "kind": ["numeric"]}))
    >>> simple_encoding(s, variable_infos(s), s.responses.index).shape
    (3, 1)
    """
    from personakit.personas._profile import _codes, _numeric, _selected

    responses = survey.responses.loc[index]
    per_question: dict[str, int] = {}
    for info in infos:
        if info.kind == "multiselect":
            per_question[info.question_id] = per_question.get(info.question_id, 0) + 1
    blocks = []
    for info in infos:
        series = responses[info.variable]
        if info.kind in ("likert", "ordinal"):
            codes = _codes(series, info).astype(float)
            m = max(len(info.levels) - 1, 1)
            block = np.where(codes >= 0, codes / m, np.nan)[:, None]
        elif info.kind == "nominal":
            codes = _codes(series, info)
            block = np.zeros((len(codes), max(len(info.levels), 1)))
            ok = codes >= 0
            block[np.flatnonzero(ok), codes[ok]] = 1.0 / math.sqrt(2.0)
            block[~ok] = np.nan
        elif info.kind == "multiselect":
            chosen = _selected(series, info.variable).astype(float)
            scale = 1.0 / math.sqrt(per_question[info.question_id])
            block = np.where(chosen >= 0, chosen * scale, np.nan)[:, None]
        else:
            x = _numeric(series, info.variable)
            ok = ~np.isnan(x)
            if ok.sum() == 0:
                continue
            median = np.median(x[ok])
            q1, q3 = np.percentile(x[ok], [25, 75])
            spread = q3 - q1 if q3 > q1 else (np.std(x[ok]) or 1.0)
            block = (np.clip((x - median) / spread, -3.0, 3.0) / 3.0)[:, None]
        blocks.append(block)
    if not blocks:
        return np.zeros((len(index), 1))
    matrix = np.hstack(blocks).astype(float)
    means = np.nanmean(np.where(np.isnan(matrix).all(axis=0), 0.0, matrix), axis=0)
    rows, cols = np.nonzero(np.isnan(matrix))
    matrix[rows, cols] = means[cols]
    return matrix


def segmentation_matrix(segmentation: Any, survey: Any, index: pd.Index) -> np.ndarray | None:
    """The fitted segmenter's encoding of the respondents in ``index``, if it offers one.

    Looks for, in order: an ``encoded_`` table (indexed by respondent id), a
    ``transform(survey)`` method returning one row per respondent, then the
    fitted encoder (``encoder_``, or the ``PersonaSegmenter``'s own encoder)
    whose ``transform(responses)`` gives the encoded matrix ``X``.

    Parameters
    ----------
    segmentation : object
        A fitted segmenter (or None).
    survey : Survey
        The survey it was fitted on.
    index : pandas.Index
        Respondent ids wanted, in order.

    Returns
    -------
    numpy.ndarray or None
        Float matrix with one row per id, or None when unavailable.

    Examples
    --------
    >>> segmentation_matrix(None, None, pd.Index(["a"])) is None
    True
    """
    if segmentation is None:
        return None
    candidates = []
    encoded = getattr(segmentation, "encoded_", None)
    if encoded is not None:
        candidates.append(encoded)
    transform = getattr(segmentation, "transform", None)
    if callable(transform):
        with contextlib.suppress(PersonakitError, AttributeError, TypeError, ValueError, KeyError):
            candidates.append(transform(survey))
    for attr in ("encoder_", "_encoder"):
        encoder = getattr(segmentation, attr, None)
        if encoder is not None and callable(getattr(encoder, "transform", None)):
            with contextlib.suppress(
                PersonakitError, AttributeError, TypeError, ValueError, KeyError
            ):
                candidates.append(encoder.transform(survey.responses.loc[index]))
            break
    for table in candidates:
        matrix = _align(table, survey, index)
        if matrix is not None:
            return matrix
    return None


def _align(table: Any, survey: Any, index: pd.Index) -> np.ndarray | None:
    if hasattr(table, "X") and hasattr(table, "index"):  # an encoder's EncodedData
        table = pd.DataFrame(np.asarray(table.X, dtype=float), index=pd.Index(table.index))
    if isinstance(table, pd.DataFrame):
        if index.isin(table.index.astype(str)).all():
            frame = table.copy()
            frame.index = frame.index.astype(str)
            values = frame.loc[index].apply(pd.to_numeric, errors="coerce")
            return values.to_numpy(dtype=float, na_value=np.nan)
        return None
    try:
        array = np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        return None
    if array.ndim != 2 or len(array) != survey.n_respondents:
        return None
    positions = survey.responses.index.get_indexer(index)
    if (positions < 0).any():
        return None
    return array[positions]


def closeness_order(
    matrix: np.ndarray, members: np.ndarray, *, centre: str, rng: np.random.Generator
) -> np.ndarray:
    """Member positions sorted from closest to farthest from the persona's centre.

    Parameters
    ----------
    matrix : numpy.ndarray
        Encoded rows of all labelled respondents.
    members : numpy.ndarray
        Row positions of the persona's members.
    centre : {"mean", "medoid"}
        Use the members' mean (a segmentation's centroid) or their medoid.
    rng : numpy.random.Generator
        Draws the subsample of candidates for the medoid of large personas.

    Returns
    -------
    numpy.ndarray
        ``members`` reordered (ties broken by position, so the order is stable).

    Examples
    --------
    >>> m = np.array([[0.0], [1.0], [10.0], [1.2]])
    >>> closeness_order(m, np.array([0, 1, 3]), centre="medoid",
    ...                 rng=np.random.default_rng(0)).tolist()
    [1, 3, 0]
    """
    x = matrix[members]
    x = np.where(np.isnan(x), np.nanmean(np.where(np.isnan(x).all(0), 0.0, x), axis=0), x)
    if centre == "mean":
        point = x.mean(axis=0)
    else:
        candidates = np.arange(len(members))
        if len(members) > _MEDOID_SAMPLE:
            candidates = np.sort(rng.choice(len(members), _MEDOID_SAMPLE, replace=False))
        sub = x[candidates]
        total = np.zeros(len(candidates))
        for start in range(0, len(candidates), 500):
            chunk = sub[start : start + 500]
            d2 = (chunk**2).sum(1)[:, None] + (sub**2).sum(1)[None, :] - 2 * chunk @ sub.T
            total[start : start + 500] = np.sqrt(np.maximum(d2, 0.0)).sum(axis=1)
        point = sub[int(np.argmin(total))]
    distance = np.sqrt(((x - point) ** 2).sum(axis=1))
    order = np.lexsort((members, np.round(distance, 12)))
    return members[order]


def text_variables_of(survey: Any, text_variables: Any) -> list[str]:
    """The open-answer variables quotes come from.

    Parameters
    ----------
    survey : Survey
        The survey.
    text_variables : list of str or None
        Chosen variables; by default every non-PII variable of kind ``text``.

    Returns
    -------
    list of str
        Variable names.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> s = Survey(pd.DataFrame({"why": ["because"]}, index=["a"]),
    ...            pd.DataFrame({"variable": ["why"], "kind": ["text"]}))
    >>> text_variables_of(s, None)
    ['why']
    """
    cb = survey.codebook.set_index("variable")
    pii = cb["pii"].map(lambda v: bool(v) if v is not None and v is not pd.NA else False)
    if text_variables is None:
        return [v for v in cb.index[cb["kind"] == "text"] if not pii.get(v, False)]
    if isinstance(text_variables, str):
        text_variables = [text_variables]
    chosen = []
    for name in text_variables:
        if name not in cb.index:
            raise PersonakitError(
                f"text_variables=: {name!r} is not a variable of this survey. Use open-answer "
                f"variables from survey.variables(kind='text'): {survey.variables(kind='text')}."
            )
        if pii.get(name, False):
            raise PersonakitError(
                f"text_variables=: {name!r} is marked as personal data (pii=True in the "
                "codebook); quoting it would expose respondents. Leave it out, or set its "
                "codebook 'pii' to False if it holds no personal data."
            )
        chosen.append(name)
    return chosen


def name_list(survey: Any, own_names: dict[str, list[str]] | None = None) -> list[str]:
    """Respondents' names from the survey's personal-data columns, to mask in quotes.

    The names of :func:`personakit.privacy.respondent_names` (columns flagged
    ``pii`` whose name or question mentions a name), with the parts of full
    names (:func:`personakit.privacy.name_variants`), and the names
    ``read_survey`` recognised.

    Parameters
    ----------
    survey : Survey
        The survey.
    own_names : dict, optional
        ``respondent_names(survey)`` when already at hand.

    Returns
    -------
    list of str
        Sorted, unique names.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> s = Survey(pd.DataFrame({"contact_name": ["Ana Lima"]}, index=["a"]),
    ...            pd.DataFrame({"variable": ["contact_name"], "kind": ["text"], "pii": [True]}))
    >>> name_list(s)
    ['Ana', 'Ana Lima', 'Lima']
    """
    own = respondent_names(survey) if own_names is None else own_names
    names = set(name_variants(name for values in own.values() for name in values))
    survey_names = getattr(survey, "_names", None)  # names read_survey recognised
    if callable(survey_names):
        names.update(str(n) for n in survey_names())
    return sorted(names)


def _clean_quote(text: Any, max_chars: int) -> str | None:
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return None
    text = re.sub(r"\s+", " ", str(text)).strip()
    if text.lower().strip(" .!") in _JUNK or len(text.split()) < 3:
        return None
    words = re.findall(r"[a-z']+", text.lower())
    if sum(w not in _EMPTY_WORDS for w in words) < 2:
        return None
    if len(text) > max_chars:
        cut = text[:max_chars].rsplit(" ", 1)[0]
        text = cut.rstrip(",;:") + "…"
    return text


def pick_quotes(
    survey: Any,
    ordered_members: list[str],
    variables: list[str],
    names: list[str],
    *,
    n_quotes: int,
    max_chars: int = 300,
    mask: bool = True,
    own_names: dict[str, list[str]] | None = None,
) -> list[dict[str, str]]:
    """Up to ``n_quotes`` masked open answers, one per respondent, closest members first.

    Answers of fewer than three words, non-answers ("n/a", "nothing"), answers
    with fewer than two words that carry meaning ("Hard to say but") and
    repeats of a quote already taken are skipped. Text is masked with
    :func:`personakit.privacy.mask_pii`, each answer also with its writer's
    own names (``own_names``).

    Parameters
    ----------
    survey : Survey
        The survey.
    ordered_members : list of str
        Respondent ids, closest to the persona's centre first.
    variables : list of str
        Open-answer variables, in the order to try.
    names : list of str
        Names to mask as ``[NAME]``.
    n_quotes : int
        How many quotes.
    max_chars : int, default 300
        Longer answers are cut at a word boundary and end with "…".
    mask : bool, default True
        Mask personal data; ``False`` only on the user's explicit opt-in.
    own_names : dict, optional
        Respondent id -> that respondent's own names
        (:func:`personakit.privacy.respondent_names`), masked everywhere in
        their answers.

    Returns
    -------
    list of dict
        ``{"text", "respondent_id", "variable"}`` per quote.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> s = Survey(pd.DataFrame({"why": ["mail me: a@b.org please", "no"]}, index=["a", "b"]),
    ...            pd.DataFrame({"variable": ["why"], "kind": ["text"]}))
    >>> pick_quotes(s, ["b", "a"], ["why"], [], n_quotes=2)
    [{'text': 'mail me: [EMAIL] please', 'respondent_id': 'a', 'variable': 'why'}]
    """
    if not variables or n_quotes <= 0:
        return []
    columns = [survey.responses[v].to_numpy(dtype=object) for v in variables]
    positions = survey.responses.index.get_indexer(pd.Index(ordered_members, dtype=object))
    quotes: list[dict[str, str]] = []
    seen: set[str] = set()
    for respondent, position in zip(ordered_members, positions, strict=True):
        for variable, column in zip(variables, columns, strict=True):
            text = _clean_quote(column[position], max_chars)
            if text is None:
                continue
            if mask:
                own = own_names.get(str(respondent)) if own_names else None
                text = mask_pii(text, names=names, own_names=own)
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            quotes.append(
                {
                    "text": text,
                    "respondent_id": str(respondent),
                    "variable": variable,
                }
            )
            break
        if len(quotes) >= n_quotes:
            break
    return quotes
