"""Bytes in, clean UTF-8 text out: the first step of every text survey reader.

Survey exports arrive with a UTF-8 byte-order mark (Qualtrics legacy, Google
Sheets), in UTF-16 (Qualtrics TSV), in Windows-1252 after an Excel re-save
(Microsoft Forms), with CRLF or old Mac CR line endings. This module

1. checks the path (exists, is a file, is not empty) and reads the bytes once;
2. recognises files that are not text at all by their first bytes (an Excel
   workbook, an encrypted Office file, an SPSS file, a PDF, an HTML page);
3. picks the encoding: a BOM first, then strict UTF-8, then UTF-16 without a
   BOM (NUL bytes every other byte), then Windows-1252 with a note; an
   ``encoding=`` given by the user wins;
4. returns the text re-encoded as UTF-8 without a BOM and with ``\\n`` line
   endings, so the CSV parsers downstream (pandas' C parser for the data rows,
   Python's :mod:`csv` for the header rows) see one canonical form.

The input file is only ever opened for reading.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from personakit._errors import SurveyFormatError

__all__ = ["TextSource", "check_path", "file_kind", "load_text"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CHUNK = 1 << 24  # 16 MiB: validate big UTF-8 files without holding a decoded copy
KEEP_CRLF_MIN = 1 << 23  # from 8 MiB on, \r\n line endings are read as they are


@dataclass
class TextSource:
    """A text file decoded and normalised to UTF-8 bytes with ``\\n`` line endings.

    Attributes
    ----------
    path : Path
        The file read.
    data : bytes
        The content as UTF-8, without a BOM, every line ending turned into ``\\n``
        (except in a big file with only ``\\r\\n`` endings: see ``crlf``).
    encoding : str
        The encoding the file was written in (``"utf-8"``, ``"utf-8-sig"``,
        ``"utf-16-le"``, ``"cp1252"``, ...).
    notes : list of str
        What was fixed or noticed (BOM, encoding fallback, CR line endings).
    stamp : tuple of int or None
        ``(size, modification time in ns)`` of the file when ``data`` are its bytes
        exactly as stored from ``offset`` on (UTF-8, ``\n`` line endings), else
        None. A reader may then read the file again instead of holding ``data``,
        and tell from the stamp whether it changed meanwhile.
    offset : int
        Where ``data`` starts in the file when ``stamp`` is set: 3 after a UTF-8
        byte-order mark, else 0.
    crlf : bool
        True when a big file's ``\\r\\n`` line endings were left as they are (every
        ``\\r`` is followed by ``\\n``): the reader reads ``\\r\\n`` as ``\\n``,
        inside quoted cells too. Converting them would copy the whole file.
    """

    path: Path
    data: bytes
    encoding: str
    notes: list[str] = field(default_factory=list)
    stamp: tuple[int, int] | None = None
    offset: int = 0
    crlf: bool = False


def check_path(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as a :class:`~pathlib.Path` after checking it is a readable file.

    Parameters
    ----------
    path : str or path-like
        The file to read.

    Returns
    -------
    Path
        The same path.

    Raises
    ------
    SurveyFormatError
        When the path does not exist, is a directory, or is not a file.

    Examples
    --------
    >>> check_path("/no/such/survey.csv")
    Traceback (most recent call last):
    ...
    personakit._errors.SurveyFormatError: /no/such/survey.csv: no such file. ...
    """
    try:
        p = Path(os.fspath(path))
    except TypeError as exc:
        raise SurveyFormatError(
            f"path={path!r}: expected a file path (str or pathlib.Path) to a survey export, "
            f"got a {type(path).__name__}."
        ) from exc
    if not p.exists():
        parent = p.parent if str(p.parent) else Path(".")
        hint = (
            "check the spelling and the working directory"
            if parent.is_dir()
            else f"the folder {parent} does not exist either"
        )
        raise SurveyFormatError(
            f"{p}: no such file. Expected a survey export (CSV, TSV, XLSX or SPSS .sav); {hint}."
        )
    if p.is_dir():
        raise SurveyFormatError(
            f"{p}: is a directory, not a file. Pass the path of one survey export inside it "
            "(CSV, TSV, XLSX or SPSS .sav)."
        )
    if not p.is_file():
        raise SurveyFormatError(
            f"{p}: is not a regular file. Pass the path of a survey export saved on disk."
        )
    return p


def read_bytes(path: Path) -> bytes:
    """Read the whole file, turning OS errors and empty files into :class:`SurveyFormatError`."""
    try:
        raw = path.read_bytes()
    except PermissionError as exc:
        raise SurveyFormatError(
            f"{path}: permission denied. Make the file readable (or copy it somewhere you can "
            "read it) and try again."
        ) from exc
    except OSError as exc:
        raise SurveyFormatError(f"{path}: could not be read ({exc.strerror or exc}).") from exc
    blank = b" \t\r\n\x00" + codecs.BOM_UTF8
    if not raw[: 1 << 16].strip(blank) and not raw.strip(blank):
        raise SurveyFormatError(
            f"{path}: the file is empty. Expected a survey export with header row(s) and one "
            "row per response; export the responses again."
        )
    return raw


def file_kind(raw: bytes) -> str:
    """Name what the first bytes of a file say it is.

    Parameters
    ----------
    raw : bytes
        The file's content (its first few hundred bytes are enough).

    Returns
    -------
    str
        ``"zip"`` (an XLSX workbook or another zip archive), ``"ole2"`` (an
        encrypted Office file or an old ``.xls``), ``"sav"`` (SPSS), ``"zsav"``,
        ``"pdf"``, ``"html"``, ``"json"``, ``"gzip"`` or ``"text"``.

    Examples
    --------
    >>> file_kind(b"PK\\x03\\x04...")
    'zip'
    >>> file_kind(b"$FL2@(#) IBM SPSS STATISTICS")
    'sav'
    >>> file_kind(b"StartDate,EndDate\\n")
    'text'
    """
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return "zip"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if raw.startswith(b"$FL2"):
        return "sav"
    if raw.startswith(b"$FL3"):
        return "zsav"
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"\x1f\x8b"):
        return "gzip"
    head = raw[:512].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        return "html"
    if head[:1] in (b"{", b"[") and raw.rstrip().endswith((b"}", b"]")):
        return "json"
    return "text"


def _looks_utf16(raw: bytes) -> str | None:
    """Return ``"utf-16-le"``/``"utf-16-be"`` for BOM-less UTF-16 text, else None."""
    sample = raw[:4000]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _utf8_error(raw: bytes) -> UnicodeDecodeError | None:
    """Validate ``raw`` as strict UTF-8 chunk by chunk; return the first error or None."""
    if raw.isascii():
        return None
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(raw)
    for start in range(0, len(raw), _CHUNK):
        try:
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(raw))
        except UnicodeDecodeError as exc:
            # Re-raise with offsets relative to the whole file.
            return UnicodeDecodeError(
                "utf-8", bytes(exc.object), start + exc.start, start + exc.end, exc.reason
            )
    return None


def _decode(raw: bytes, encoding: str, path: Path, *, given: bool) -> str:
    try:
        return raw.decode(encoding)
    except LookupError as exc:
        raise SurveyFormatError(
            f"encoding={encoding!r}: unknown encoding name. Use a Python codec name such as "
            "'utf-8', 'utf-16', 'cp1252' or 'latin-1'."
        ) from exc
    except UnicodeDecodeError as exc:
        line = _line_of(raw, exc.start)
        bad = raw[exc.start : exc.start + 1].hex()
        what = "the encoding you gave" if given else "it"
        raise SurveyFormatError(
            f"{path}: line {line}: byte 0x{bad} is not valid {encoding} ({exc.reason}). "
            f"The file is not in {what}; pass the right one with encoding=... "
            "(for example 'utf-16', 'cp1252', 'latin-1'), or re-export the survey as UTF-8 CSV."
        ) from exc


def load_text(path: Path, encoding: str | None = None, raw: bytes | None = None) -> TextSource:
    """Read a text export and normalise it to UTF-8 with ``\\n`` line endings.

    Parameters
    ----------
    path : Path
        The file (already checked with :func:`check_path`).
    encoding : str, optional
        Force this encoding instead of detecting it.
    raw : bytes, optional
        The file's bytes, when they were already read.

    Returns
    -------
    TextSource
        The normalised content, the encoding found and notes.

    Raises
    ------
    SurveyFormatError
        When the file is empty, binary, or in an encoding that cannot be detected.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "s.csv").write_bytes(b"\\xef\\xbb\\xbfTimestamp,Q\\r\\n1/2/2023 10:00:00,Yes\\r\\n")
    >>> text = load_text(folder / "s.csv")
    >>> text.encoding, text.data
    ('utf-8-sig', b'Timestamp,Q\\n1/2/2023 10:00:00,Yes\\n')
    """
    if raw is None:
        raw = read_bytes(path)
    notes: list[str] = []
    as_stored, offset = None, 0  # data that are the file's bytes from ``offset`` on
    if encoding is not None:
        enc = encoding
        text = _decode(raw, enc, path, given=True)
        if text.startswith("\ufeff"):
            text = text[1:]
        data = text.encode("utf-8")
    else:
        enc = ""
        data = b""
        bom = b""
        for candidate, name in _BOMS:
            if raw.startswith(candidate):
                enc, bom = name, candidate
                break
        if enc == "utf-8-sig":
            data = raw[len(codecs.BOM_UTF8) :]
            as_stored, offset = data, len(codecs.BOM_UTF8)
            err = _utf8_error(data)
            if err is not None:
                line = _line_of(data, err.start)
                raise SurveyFormatError(
                    f"{path}: line {line}: the file starts with a UTF-8 byte-order mark but byte "
                    f"0x{data[err.start : err.start + 1].hex()} is not valid UTF-8; the file is "
                    "damaged or was edited in another encoding. Re-export it, or pass "
                    "encoding='cp1252' if it was re-saved by Excel."
                ) from err
            notes.append("The file starts with a UTF-8 byte-order mark (BOM); it was removed.")
        elif enc:
            text = _decode(raw[len(bom) :], enc, path, given=False)
            data = text.encode("utf-8")
            notes.append(f"The file is {enc.upper()} (byte-order mark); it was read as {enc}.")
        else:
            err = _utf8_error(raw)
            if err is None:
                enc = "utf-8"
                data = as_stored = raw
            else:
                utf16 = _looks_utf16(raw)
                if utf16:
                    enc = utf16
                    data = _decode(raw, enc, path, given=False).encode("utf-8")
                    notes.append(
                        f"The file has no byte-order mark but looks like {enc.upper()} "
                        "(NUL bytes every other byte); it was read as such."
                    )
                else:
                    try:
                        text = raw.decode("cp1252")
                    except UnicodeDecodeError as exc:
                        line = _line_of(raw, exc.start)
                        raise SurveyFormatError(
                            f"{path}: unknown encoding: line {line} has byte "
                            f"0x{raw[exc.start : exc.start + 1].hex()}, which is neither UTF-8 "
                            "nor Windows-1252. Pass encoding=... (for example 'latin-1', "
                            "'mac-roman', 'shift_jis'), or re-export the survey as UTF-8 CSV."
                        ) from exc
                    enc = "cp1252"
                    data = text.encode("utf-8")
                    line = _line_of(raw, err.start)
                    notes.append(
                        f"The file is not valid UTF-8 (line {line}, byte "
                        f"0x{raw[err.start : err.start + 1].hex()}); it was read as Windows-1252 "
                        "(cp1252), as Excel saves CSV files. Check accented letters and "
                        "dashes, or pass encoding=... if that is wrong."
                    )
    if b"\x00" in data:
        line = _line_of(data, data.index(b"\x00"))
        raise SurveyFormatError(
            f"{path}: line {line} holds NUL bytes: this is a binary file, not a text "
            f"(CSV/TSV) export read as {enc}. Pass the survey export itself, or the right "
            "encoding=... if it is UTF-16/UTF-32 text."
        )
    keep_crlf = False
    has_cr = b"\r" in data  # one pass over the bytes, not one per test
    if has_cr and len(data) >= KEEP_CRLF_MIN and _crlf_only(data):
        keep_crlf = True
    elif has_cr:
        crlf = b"\r\n" in data
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            data = data.replace(b"\r", b"\n")
            if not crlf:
                notes.append("The file uses old Mac (CR) line endings; they were read as newlines.")
    if "â€" in data[:1_000_000].decode("utf-8", "ignore"):
        notes.append(
            "The text contains 'â€' sequences: UTF-8 text that was once opened as Windows-1252 "
            "and saved again (mojibake); curly quotes and dashes will look garbled."
        )
    stamp = file_stamp(path, len(raw)) if data is as_stored else None
    return TextSource(
        path=path,
        data=data,
        encoding=enc,
        notes=notes,
        stamp=stamp,
        offset=offset if stamp is not None else 0,
        crlf=keep_crlf,
    )


def _crlf_only(data: bytes) -> bool:
    """Whether every ``\\r`` in ``data`` is followed by ``\\n`` (Windows line endings only)."""
    view = np.frombuffer(data, dtype=np.uint8)
    if not len(view) or view[-1] == 13:
        return False
    for start in range(0, len(view) - 1, _CHUNK):
        # each \r of this chunk, and the byte after it (the last byte is not a \r)
        chunk = view[start : start + _CHUNK + 1]
        returns = np.flatnonzero(chunk[:-1] == 13)
        if len(returns) and not (chunk[returns + 1] == 10).all():
            return False
    return True


def file_stamp(path: Path, size: int) -> tuple[int, int] | None:
    """``(size, mtime_ns)`` of ``path``, or None if it cannot be read or is not ``size`` bytes."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns) if info.st_size == size else None
