"""The public API: flat, documented with numpydoc, with runnable examples."""

from __future__ import annotations

import inspect

import pytest
from numpydoc.validate import validate

import personakit

# Checks every public object must pass: a docstring, a summary, all parameters documented
# and no unknown ones, and an Examples section (top-level objects only).
REQUIRED = {"GL08", "SS01", "PR01", "PR02", "EX01"}
REQUIRED_MEMBER = {"GL08", "PR01", "PR02"}


def _documentable(name: str):
    """The public object ``name`` if it is a class or function, else skip the test."""
    obj = getattr(personakit, name)
    if not (inspect.isclass(obj) or inspect.isfunction(obj)):
        pytest.skip(f"{name} is a {type(obj).__name__}, documented by its module")
    return obj


def _errors(import_path: str, required: set[str]) -> list[str]:
    result = validate(import_path)
    return [f"{code}: {msg}" for code, msg in result["errors"] if code in required]


def test_all_is_sorted_and_resolvable():
    assert list(personakit.__all__) == sorted(personakit.__all__)
    for name in personakit.__all__:
        assert getattr(personakit, name) is not None, name
    assert set(personakit.__all__) <= set(dir(personakit))


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'not_a_thing'"):
        personakit.not_a_thing  # noqa: B018


@pytest.mark.parametrize("name", personakit.__all__)
def test_public_object_has_numpydoc_docstring(name):
    _documentable(name)
    errors = _errors(f"personakit.{name}", REQUIRED)
    assert not errors, f"personakit.{name}: " + "; ".join(errors)


@pytest.mark.parametrize("name", personakit.__all__)
def test_public_methods_are_documented(name):
    obj = _documentable(name)
    if not inspect.isclass(obj) or issubclass(obj, BaseException):
        return
    problems = []
    for attr, member in vars(obj).items():
        if attr.startswith("_"):
            continue
        if inspect.isfunction(member) or isinstance(member, classmethod | staticmethod | property):
            errors = _errors(f"{obj.__module__}.{obj.__qualname__}.{attr}", REQUIRED_MEMBER)
            problems += [f"{attr}: {e}" for e in errors]
    assert not problems, f"personakit.{name}: " + "; ".join(problems)


def test_modules_have_docstrings():
    import pkgutil

    missing = []
    for info in pkgutil.walk_packages(personakit.__path__, "personakit."):
        module = __import__(info.name, fromlist=["_"])
        if not (module.__doc__ or "").strip():
            missing.append(info.name)
    assert not missing, f"modules without a docstring: {missing}"


def test_lazy_exports_are_listed_in_all():
    assert set(personakit._LAZY) <= set(personakit.__all__)
