"""Run configurations: the YAML file behind ``personakit run CONFIG --out DIR``.

A configuration names the inputs and every setting of an analysis, so the same
file gives the same personas and maps on another machine. Paths are relative
to the configuration file. Every key is checked: an unknown key, a wrong type or
a missing file raises :class:`personakit.ConfigError` naming the key and its
line in the file.

The full schema, with defaults (``~`` means "not set")::

    seed: 0                      # random seed for everything random
    title: Customer research     # report title
    inputs:
      survey: ~                  # survey export (any format read_survey reads)
      survey_source: auto        # force a format: qualtrics, surveymonkey, google_forms, ...
      sheet: ~                   # sheet name for multi-sheet XLSX exports
      transcripts: ~             # a folder or a list of transcript files
      interviews: ~              # CSV mapping interview_id -> respondent_id and/or persona
      accounts: ~                # top-accounts table (CSV/XLSX)
      content_inventory: ~       # content inventory (CSV/XLSX)
    codebook:
      file: ~                    # a codebook CSV saved from an earlier run, re-applied
      reverse: []                # reverse-coded variables
      attention_checks: {}       # {variable: expected answer}
      overrides: {}              # {variable: {kind:, stage:, role:, include:, levels:}}
    exclusions:
      suggested: true            # drop respondents whose quality flags suggest it
      flags: ~                   # or only these flags, e.g. [speeder, preview]
      respondents: []            # respondent ids to drop
    segmentation:
      method: auto               # auto, kmeans, gmm, lca, hierarchical
      n_personas: auto           # auto, an integer, or [min, max]
      variables: ~               # variables to segment on (default: all analysable)
      n_bootstrap: 20
      min_share: 0.05
      options: {}                # any other PersonaSegmenter setting, e.g. {drop_redundant: false}
    personas:
      names: {}                  # {1: "Solo practitioner", ...} once you have read the cards
    accounts_segmentation:
      method: auto
      n_personas: auto
      names: {}                  # names for the account personas
    speakers:                    # who is who in the transcripts (inferred when not given)
      interviewers: []           # names of the interviewers, in every interview
      participants: []           # names of the participants
      roles: {}                  # final say: {"Dana Cole": interviewer, ...}
    text:
      variables: ~               # open-ended survey variables to analyse (default: all text)
      embeddings: false          # use the [embeddings] extra
    stages: b2c                  # b2c, funnel, b2b_buying, student, or a list of stages
    journey:
      kind: brand                # persona, brand
      min_evidence: 5
      handoff: true              # hand-off journey of the account personas, if accounts given
    privacy:
      keep_pii: false            # true puts personal data into the outputs: opt in knowingly
    figures:
      formats: [png, svg]

Examples
--------
>>> import pathlib, tempfile
>>> from personakit.config import load_config
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "run.yaml").write_text("seed: 7\\nsegmentation:\\n  method: kmeans\\n")
>>> config = load_config(folder / "run.yaml")
>>> config["seed"], config["segmentation"]["method"], config["segmentation"]["n_bootstrap"]
(7, 'kmeans', 20)
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from personakit._errors import ConfigError

__all__ = ["DEFAULT_CONFIG", "load_config", "validate_config"]


class _Spec:
    """What one configuration key accepts."""

    def __init__(
        self,
        types: tuple[type, ...],
        default: Any,
        *,
        choices=None,
        path=False,
        children: dict[str, _Spec] | None = None,
        check=None,
        describe: str = "",
    ):
        self.types = types
        self.default = default
        self.choices = choices
        self.path = path
        self.children = children
        self.check = check
        self.describe = describe


def _positive_int(value: Any) -> str | None:
    return None if isinstance(value, int) and value > 0 else "a positive integer"


def _share(value: Any) -> str | None:
    return None if 0 <= float(value) < 1 else "a number between 0 and 1"


def _n_personas(value: Any) -> str | None:
    if value == "auto" or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value)
        and value[0] <= value[1]
    ):
        return None
    return "'auto', a positive integer, or [min, max] with min <= max"


def _strings(value: Any) -> str | None:
    ok = all(isinstance(v, str) and v.strip() for v in value)
    return None if ok else "a list of non-empty names"


def _roles(value: Any) -> str | None:
    ok = all(
        isinstance(k, str) and k.strip() and v in ("interviewer", "participant")
        for k, v in value.items()
    )
    return None if ok else "a mapping of speaker names to 'interviewer' or 'participant'"


def _names(value: Any) -> str | None:
    ok = all(
        isinstance(k, int) and not isinstance(k, bool) and k >= 1 and isinstance(v, str) and v
        for k, v in value.items()
    )
    return None if ok else "a mapping of persona numbers (1, 2, ...) to non-empty names"


_METHODS = ("auto", "kmeans", "gmm", "lca", "hierarchical")
_NONE = type(None)

SCHEMA: dict[str, _Spec] = {
    "seed": _Spec((int,), 0, describe="an integer"),
    "title": _Spec((str,), "Customer research", describe="a string"),
    "inputs": _Spec(
        (dict,),
        None,
        children={
            "survey": _Spec((str, _NONE), None, path=True, describe="a file path"),
            "survey_source": _Spec(
                (str,),
                "auto",
                choices=(
                    "auto",
                    "qualtrics",
                    "qualtrics_legacy",
                    "qualtrics_insights",
                    "surveymonkey",
                    "google_forms",
                    "ms_forms",
                    "typeform",
                    "spss",
                    "generic",
                ),
            ),
            "sheet": _Spec((str, _NONE), None, describe="a sheet name"),
            "transcripts": _Spec(
                (str, list, _NONE), None, path=True, describe="a folder or a list of files"
            ),
            "interviews": _Spec((str, _NONE), None, path=True, describe="a file path"),
            "accounts": _Spec((str, _NONE), None, path=True, describe="a file path"),
            "content_inventory": _Spec((str, _NONE), None, path=True, describe="a file path"),
        },
    ),
    "codebook": _Spec(
        (dict,),
        None,
        children={
            "file": _Spec((str, _NONE), None, path=True, describe="a file path"),
            "reverse": _Spec((list,), [], describe="a list of variable names"),
            "attention_checks": _Spec(
                (dict,), {}, describe="a mapping variable -> expected answer"
            ),
            "overrides": _Spec((dict,), {}, describe="a mapping variable -> settings"),
        },
    ),
    "exclusions": _Spec(
        (dict,),
        None,
        children={
            "suggested": _Spec((bool,), True, describe="true or false"),
            "flags": _Spec((list, _NONE), None, describe="a list of quality flag names"),
            "respondents": _Spec((list,), [], describe="a list of respondent ids"),
        },
    ),
    "segmentation": _Spec(
        (dict,),
        None,
        children={
            "method": _Spec((str,), "auto", choices=_METHODS),
            "n_personas": _Spec((str, int, list), "auto", check=_n_personas),
            "variables": _Spec((list, _NONE), None, describe="a list of variable names"),
            "n_bootstrap": _Spec((int,), 20, check=_positive_int),
            "min_share": _Spec((float, int), 0.05, check=_share),
            "options": _Spec((dict,), {}, describe="a mapping of PersonaSegmenter settings"),
        },
    ),
    "personas": _Spec(
        (dict,),
        None,
        children={
            "names": _Spec((dict,), {}, check=_names, describe="a mapping persona number -> name"),
        },
    ),
    "accounts_segmentation": _Spec(
        (dict,),
        None,
        children={
            "method": _Spec((str,), "auto", choices=_METHODS),
            "n_personas": _Spec((str, int, list), "auto", check=_n_personas),
            "names": _Spec((dict,), {}, check=_names, describe="a mapping persona number -> name"),
        },
    ),
    "speakers": _Spec(
        (dict,),
        None,
        children={
            "interviewers": _Spec((list,), [], check=_strings, describe="a list of names"),
            "participants": _Spec((list,), [], check=_strings, describe="a list of names"),
            "roles": _Spec((dict,), {}, check=_roles, describe="a mapping speaker name -> role"),
        },
    ),
    "text": _Spec(
        (dict,),
        None,
        children={
            "variables": _Spec((list, _NONE), None, describe="a list of variable names"),
            "embeddings": _Spec((bool,), False, describe="true or false"),
        },
    ),
    "stages": _Spec((str, list), "b2c", describe="a built-in set name or a list of stages"),
    "journey": _Spec(
        (dict,),
        None,
        children={
            "kind": _Spec((str,), "brand", choices=("persona", "brand")),
            "min_evidence": _Spec((int,), 5, check=_positive_int),
            "handoff": _Spec((bool,), True, describe="true or false"),
        },
    ),
    "privacy": _Spec(
        (dict,),
        None,
        children={
            "keep_pii": _Spec((bool,), False, describe="true or false"),
        },
    ),
    "figures": _Spec(
        (dict,),
        None,
        children={
            "formats": _Spec((list,), ["png", "svg"], describe="a list of png, svg, pdf"),
        },
    ),
}


def _defaults(schema: dict[str, _Spec]) -> dict[str, Any]:
    out = {}
    for key, spec in schema.items():
        out[key] = _defaults(spec.children) if spec.children else copy.deepcopy(spec.default)
    return out


DEFAULT_CONFIG: dict[str, Any] = _defaults(SCHEMA)
"""The configuration used when a key is not given."""


def _line_map(text: str) -> dict[tuple[str, ...], int]:
    """1-based line of every mapping key in a YAML document, by key path."""
    import yaml

    lines: dict[tuple[str, ...], int] = {}

    def walk(node: Any, prefix: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = (*prefix, str(key_node.value))
                lines[key] = key_node.start_mark.line + 1
                walk(value_node, key)

    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines
    walk(root, ())
    return lines


def _type_name(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "an integer",
        float: "a number",
        _NONE: "empty",
    }.get(type(value), type(value).__name__)


def validate_config(
    raw: Mapping[str, Any],
    *,
    base_dir: str | Path = ".",
    source: str = "<config>",
    lines: dict | None = None,
) -> dict[str, Any]:
    """Check a configuration mapping and return it complete, with defaults and absolute paths.

    Parameters
    ----------
    raw : mapping
        The configuration as parsed from YAML (or built in Python).
    base_dir : str or Path, default "."
        Folder that relative input paths are resolved against.
    source : str, default "<config>"
        Name used in error messages (the file name).
    lines : dict, optional
        Key path -> line number, for error messages.

    Returns
    -------
    dict
        The resolved configuration: every key of :data:`DEFAULT_CONFIG`, input
        paths absolute.

    Raises
    ------
    ConfigError
        For an unknown key, a wrong type, a bad value or a missing input file.

    Examples
    --------
    >>> from personakit.config import validate_config
    >>> validate_config({"segmentation": {"n_personas": 4}})["segmentation"]["n_personas"]
    4
    >>> validate_config({"segmentaton": {}})
    Traceback (most recent call last):
    ...
    personakit._errors.ConfigError: <config>: unknown key 'segmentaton' at the top level; did you mean 'segmentation'? ...
    """
    lines = lines or {}
    base = Path(base_dir)

    def where(path: tuple[str, ...]) -> str:
        line = lines.get(path)
        return f"{source}, line {line}" if line else source

    def check(mapping: Any, schema: dict[str, _Spec], prefix: tuple[str, ...]) -> dict[str, Any]:
        here = " under '" + ".".join(prefix) + "'" if prefix else " at the top level"
        if mapping is None:
            mapping = {}
        if not isinstance(mapping, Mapping):
            raise ConfigError(
                f"{where(prefix)}: '{'.'.join(prefix)}' must be a mapping of settings, got "
                f"{_type_name(mapping)} {mapping!r}."
            )
        out: dict[str, Any] = {}
        for key in mapping:
            if key not in schema:
                close = difflib.get_close_matches(str(key), list(schema), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else "."
                raise ConfigError(
                    f"{where((*prefix, str(key)))}: unknown key '{key}'{here}{hint} Known keys: "
                    f"{', '.join(schema)}."
                )
        for key, spec in schema.items():
            path = (*prefix, key)
            name = ".".join(path)
            if spec.children:
                out[key] = check(mapping.get(key), spec.children, path)
                continue
            if key not in mapping:
                out[key] = copy.deepcopy(spec.default)
                continue
            value = mapping[key]
            ok_type = isinstance(value, spec.types) and not (
                isinstance(value, bool) and bool not in spec.types
            )
            if not ok_type:
                expected = spec.describe or " or ".join(
                    _type_name(t()) if t is not _NONE else "empty" for t in spec.types
                )
                raise ConfigError(
                    f"{where(path)}: '{name}' must be {expected}, got {_type_name(value)} "
                    f"{value!r}."
                )
            if spec.choices is not None and value not in spec.choices:
                raise ConfigError(
                    f"{where(path)}: '{name}' is {value!r}; choose one of "
                    f"{', '.join(map(str, spec.choices))}."
                )
            if spec.check is not None and value is not None:
                problem = spec.check(value)
                if problem:
                    raise ConfigError(f"{where(path)}: '{name}' must be {problem}, got {value!r}.")
            if spec.path and value is not None:
                value = _resolve_paths(value, base, where(path), name)
            out[key] = value
        return out

    resolved = check(raw, SCHEMA, ())
    if isinstance(resolved["stages"], str):
        from personakit.stages import BUILTIN_STAGE_SETS

        key = resolved["stages"].strip().lower()
        if key not in BUILTIN_STAGE_SETS:
            raise ConfigError(
                f"{where(('stages',))}: 'stages' is {resolved['stages']!r}; use one of "
                f"{', '.join(BUILTIN_STAGE_SETS)} or a list of stages."
            )
    bad_formats = sorted(set(resolved["figures"]["formats"]) - {"png", "svg", "pdf"})
    if bad_formats:
        raise ConfigError(
            f"{where(('figures', 'formats'))}: unknown figure format(s) {bad_formats}; "
            "use png, svg or pdf."
        )
    return resolved


def _resolve_paths(value: Any, base: Path, where: str, name: str) -> Any:
    if isinstance(value, list):
        return [_resolve_paths(v, base, where, name) for v in value]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: '{name}' must be a file path, got {value!r}.")
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = base / path
    if not path.exists():
        raise ConfigError(
            f"{where}: '{name}' names {value!r}, which does not exist (looked for {path}). "
            "Paths are relative to the configuration file."
        )
    return str(path.resolve())


def load_config(path: str | Path) -> dict[str, Any]:
    """Read and check a YAML run configuration.

    Parameters
    ----------
    path : str or Path
        The YAML file. Relative input paths inside it are relative to its folder.

    Returns
    -------
    dict
        The resolved configuration (see :func:`validate_config`).

    Raises
    ------
    ConfigError
        If the file is missing, is not valid YAML, or fails validation; the
        message names the key and line.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "bad.yaml").write_text("seed: 1\\nsegmentation:\\n  n_bootstrap: many\\n")
    >>> load_config(folder / "bad.yaml")
    Traceback (most recent call last):
    ...
    personakit._errors.ConfigError: bad.yaml, line 3: 'segmentation.n_bootstrap' must be an integer, got a string 'many'.
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Configuration file {str(path)!r} does not exist or is not a file.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path.name}: not UTF-8 text ({exc.reason}); save it as UTF-8.") from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path.name}{line}: not valid YAML ({problem}).") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ConfigError(
            f"{path.name}: the configuration must be a mapping of settings (key: value), got "
            f"{_type_name(raw)}."
        )
    return validate_config(raw, base_dir=path.parent, source=path.name, lines=_line_map(text))
