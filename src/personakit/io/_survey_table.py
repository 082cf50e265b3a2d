"""A survey file as rows of strings: the header block parsed, the data rows parsed fast.

Every format reader starts from a :class:`Table`. For CSV/TSV files
(:class:`CsvTable`) the first few records are parsed with Python's :mod:`csv`
module, which honours quoted newlines in question texts (the classic bug of
readers that skip header *lines*); the response rows after the header block are
parsed with pandas' C parser, all cells as strings, starting at the exact byte
where the header block ends. Before trusting pandas, a vectorised NumPy pass
counts the fields of every record, so rows cut short (a truncated download),
rows longer than the header, and quotes that never close are reported with
their line number instead of being padded with blanks or swallowed silently.

Speed and memory (see ``benchmarks/bench_read.py``): the field counts come from
bit counts of the delimiters, a cache-sized chunk at a time; pandas parses the
cells as Python objects, which are then wrapped as the ``str`` columns
``dtype=str`` would give, without a second pass over every cell; a big file
stored exactly as read (UTF-8) is parsed from disk while its bytes are let go; and
a big file's ``\\r\\n`` line endings are not rewritten in memory: the few cells
that hold one inside quotes are fixed after parsing.

Workbooks (:class:`XlsxTable`) are read with openpyxl in read-only mode; cells
become strings the way Excel shows them (integers without ``.0``, dates as
``YYYY-MM-DD HH:MM:SS``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import SurveyFormatError
from personakit.io._bytes import TextSource
from personakit.io._factorize import factorize

__all__ = ["CsvTable", "Table", "XlsxTable", "sniff_delimiter"]

HEAD_RECORDS = 10  # records parsed up front: every known header block, and header_rows= up to 10
_BLANK = b" \t\r"  # a record of nothing but these is a blank line (\r: of a \r\n ending)
_REREAD_MIN = 1 << 23  # files from 8 MiB on are parsed from disk, not from memory
_SCAN_CHUNK = 1 << 20  # 1 MiB per NumPy pass: the byte masks stay in the CPU cache
_DELIMITERS = (",", "\t", ";", "|")
_DELIM_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}


@dataclass
class Table:
    """Rows of one survey file (or worksheet) as strings.

    Attributes
    ----------
    path : Path
        The file.
    records : list of list of str
        The first records (header candidates), blanks as ``""``.
    record_lines : list of int
        1-based line (CSV) or row (worksheet) where each of ``records`` starts.
    kind : str
        ``"csv"`` or ``"xlsx"``.
    notes : list of str
        What was fixed or noticed while reading.
    sheet : str or None
        The worksheet read, for workbooks.
    delimiter : str or None
        The field delimiter, for text files.
    encoding : str or None
        The text encoding, for text files.
    """

    path: Path
    records: list[list[str]]
    record_lines: list[int]
    kind: str
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None

    @property
    def where(self) -> str:
        """The file (and sheet) for error messages."""
        if self.sheet is not None:
            return f"{self.path} (sheet {self.sheet!r})"
        return str(self.path)

    def unit(self) -> str:
        """``"line"`` for text files, ``"row"`` for worksheets."""
        return "row" if self.kind == "xlsx" else "line"

    def frame(self, header_rows: int, ncols: int) -> tuple[pd.DataFrame, int]:
        """Parse the response rows after ``header_rows`` header records.

        Parameters
        ----------
        header_rows : int
            Number of header records before the first response.
        ncols : int
            Number of columns the header declares.

        Returns
        -------
        data : pandas.DataFrame
            One row per response, columns ``0..ncols-1``, string cells, ``NA`` for blanks.
        first_data_row : int
            1-based line/row of the first response.
        """
        raise NotImplementedError


# --------------------------------------------------------------------------- CSV / TSV


def _records(text: str, delimiter: str, limit: int) -> tuple[list[list[str]], list[int], int]:
    """Parse up to ``limit`` records of ``text``; return them, their start lines, chars used."""
    consumed = 0
    lines_used = 0

    def feed():
        nonlocal consumed, lines_used
        for line in io.StringIO(text, newline=""):
            consumed += len(line)
            lines_used += 1
            yield line

    reader = csv.reader(feed(), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    records: list[list[str]] = []
    starts: list[int] = []
    while len(records) < limit:
        start_line = lines_used + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line, as pandas skips them
        records.append(row)
        starts.append(start_line)
    return records, starts, consumed


def sniff_delimiter(text: str) -> str:
    """Guess the field delimiter of a CSV/TSV from its first records.

    The candidate (comma, tab, semicolon, pipe) that splits the first record
    into the most fields wins, as long as the next records (up to 10) split into
    the same number; quoted fields are respected.

    Parameters
    ----------
    text : str
        The beginning of the file.

    Returns
    -------
    str
        The delimiter; ``","`` when nothing splits the first record.

    Examples
    --------
    >>> sniff_delimiter("a;b;c\\n1;2,5;3\\n")
    ';'
    >>> sniff_delimiter('"q, with comma"\\tq2\\n1\\t2\\n')
    '\\t'
    """
    best, best_score = ",", (0, 0)
    for cand in _DELIMITERS:
        try:
            recs, _, _ = _records(text, cand, 10)
        except csv.Error:
            continue
        if not recs:
            continue
        width = len(recs[0])
        if width < 2:
            continue
        body = recs[1:-1] if len(recs) > 2 else recs[1:]  # the last may be cut off
        agree = sum(len(r) == width for r in body)
        consistent = not body or agree >= max(1, len(body) // 2)
        score = (1 if consistent else 0, width)
        if score > best_score:
            best, best_score = cand, score
    return best


@dataclass
class _Scan:
    counts: np.ndarray  # fields per record (blank records included)
    starts: np.ndarray  # byte offset where each record starts
    ends: np.ndarray  # byte offset of each record's terminating newline (or EOF)
    unclosed_at: int | None  # offset of a quote that never closes
    # (record, field) of every newline inside quotes: the cells holding line breaks
    broken_cells: tuple[np.ndarray, np.ndarray] | None = None


_POPCOUNT = np.array([bin(b).count("1") for b in range(256)], dtype=np.uint8)


def _bit_count(words: np.ndarray) -> np.ndarray:
    """Set bits of each 64-bit word."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return np.bitwise_count(words)
    return _POPCOUNT.take(words.view(np.uint8)).reshape(-1, 8).sum(axis=1)


class _BitCounter:
    """How many bytes equal to ``value`` lie before any offset of a chunk.

    One bit per byte (packed 64 to a word) and a running count per word: an
    offset's count is its word's running count plus the set bits below it.
    """

    def __init__(self, chunk: np.ndarray, value: int) -> None:
        packed = np.packbits(chunk == value, bitorder="little")
        # whole words, plus one zero word so that the chunk's end is a valid offset
        packed = np.append(packed, np.zeros(8 + (-len(packed)) % 8, dtype=np.uint8))
        self.words = packed.view(np.uint64)
        self.running = np.zeros(len(self.words), dtype=np.int64)
        np.cumsum(_bit_count(self.words[:-1]), out=self.running[1:])
        self.total = int(self.running[-1])

    def before(self, offsets: np.ndarray) -> np.ndarray:
        """The count of matching bytes at offsets below each of ``offsets`` (0 <= offset <= size)."""
        word = offsets >> 6
        below = np.left_shift(np.uint64(1), (offsets & 63).astype(np.uint64)) - np.uint64(1)
        return self.running[word] + _bit_count(self.words[word] & below)


def _scan(data: bytes, start: int, sep: str) -> _Scan:
    """Count the fields of every record from ``start`` on, assuming RFC 4180 quoting.

    One cache-sized chunk at a time: a byte is inside quotes when an odd number
    of quotes precede it. Newlines outside quotes end records; a record's fields
    are one more than its delimiters outside quotes, which are its delimiters
    minus those between the two quotes of each quoted region. Quotes and
    newlines are rare and located one by one; delimiters are only counted (see
    :class:`_BitCounter`).
    """
    n = len(data)
    sep_b = ord(sep)
    inside = 0  # 1 while a quoted field is open at the start of the chunk
    carry = 0  # delimiters outside quotes seen in the current, unfinished record
    records = 0  # records ended before the chunk
    counts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    cell_records: list[np.ndarray] = []
    cell_fields: list[np.ndarray] = []
    last_quote = -1
    for base in range(start, n, _SCAN_CHUNK):
        size = min(_SCAN_CHUNK, n - base)
        a = np.frombuffer(data, dtype=np.uint8, count=size, offset=base)
        quotes = np.flatnonzero(a == 34)
        newlines = np.flatnonzero(a == 10)
        delims = _BitCounter(a, sep_b)
        del a
        outside_delims = delims.total
        region_starts = region_inside = None
        quoted_newlines = newlines[:0]
        if len(quotes) or inside:
            if len(quotes):
                last_quote = base + int(quotes[-1])
                quoted = ((np.searchsorted(quotes, newlines) + inside) & 1) == 1
                quoted_newlines, newlines = newlines[quoted], newlines[~quoted]
            else:
                quoted_newlines, newlines = newlines, newlines[:0]
            # quoted regions [open, close): the chunk may start or end inside one
            bounds = np.concatenate(([0], quotes)) if inside else quotes
            if len(bounds) % 2:
                bounds = np.append(bounds, size)
            at = delims.before(bounds)
            per_region = at[1::2] - at[0::2]
            region_starts = bounds[0::2]
            region_inside = np.concatenate(([0], np.cumsum(per_region)))
            outside_delims -= int(region_inside[-1])
            inside = (inside + len(quotes)) & 1
        # delimiters outside quotes before each record end
        upto = delims.before(newlines)
        if region_starts is not None:
            upto = upto - region_inside[np.searchsorted(region_starts, newlines)]
        if len(quoted_newlines):
            # the cell of a newline inside quotes: its record, and the delimiters outside
            # quotes between the record's start and the quoted region holding the newline
            region = np.searchsorted(region_starts, quoted_newlines, side="right") - 1
            before = delims.before(region_starts[region]) - region_inside[region]
            ended = np.searchsorted(newlines, quoted_newlines)  # records ended in the chunk
            cell_records.append(records + ended)
            cell_fields.append(before - np.concatenate(([-carry], upto))[ended])
        if len(newlines):
            per = np.diff(upto, prepend=0)
            per[0] += carry
            counts.append(per + 1)
            ends.append(newlines + base)
            carry = outside_delims - int(upto[-1])
            records += len(newlines)
        else:
            carry += outside_delims
    end_arr = np.concatenate(ends) if ends else np.empty(0, dtype=np.int64)
    count_arr = np.concatenate(counts) if counts else np.empty(0, dtype=np.int64)
    last_end = int(end_arr[-1]) + 1 if len(end_arr) else start
    if last_end < n:  # final record without a trailing newline
        end_arr = np.append(end_arr, n)
        count_arr = np.append(count_arr, carry + 1)
    starts = np.empty_like(end_arr)
    if len(end_arr):
        starts[0] = start
        starts[1:] = end_arr[:-1] + 1
    empty = np.empty(0, dtype=np.int64)
    return _Scan(
        counts=count_arr,
        starts=starts,
        ends=end_arr,
        unclosed_at=last_quote if inside else None,
        broken_cells=(
            np.concatenate(cell_records) if cell_records else empty,
            np.concatenate(cell_fields) if cell_fields else empty,
        ),
    )


def _count_python(data: bytes, start: int, sep: str) -> _Scan:
    """Slow but exact field counts with the csv module (used when quoting is irregular)."""
    text = data[start:].decode("utf-8")
    counts: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = start
    line_lengths: list[int] = []

    def feed():
        for line in io.StringIO(text, newline=""):
            line_lengths.append(len(line.encode("utf-8")))
            yield line

    reader = csv.reader(feed(), delimiter=sep, quotechar='"', doublequote=True, strict=False)
    used = 0
    for row in reader:
        rec_start = pos
        consumed = sum(line_lengths[used:])
        used = len(line_lengths)
        pos += consumed
        starts.append(rec_start)
        ends.append(pos - 1)
        counts.append(len(row) if row else 1)
    return _Scan(np.asarray(counts), np.asarray(starts), np.asarray(ends), None)


def _string_wrapper():
    """How to turn the parser's object columns into the ``str`` columns ``dtype=str`` gives.

    With ``dtype=str``, pandas checks and copies every cell of every column into
    its string array. Parsed as objects, the cells are already what such an
    array holds (Python strings, NaN for a blank), so they are wrapped as they
    are. Returns None when the string dtype is not NumPy-backed (pyarrow storage,
    or pandas < 3 where ``str`` means object): then the reader asks for
    ``dtype=str`` itself.
    """
    dtype = pd.Series([], dtype=str).dtype
    if not isinstance(dtype, pd.StringDtype) or dtype.storage != "python":
        return None
    array_type = dtype.construct_array_type()

    def wrap(values: np.ndarray):
        # ``values`` is a read-only view of the parsed frame, which is dropped right after:
        # the string array becomes its only user and must be editable like any column.
        try:
            values.flags.writeable = True
        except ValueError:  # pragma: no cover - memory numpy will not hand out for writing
            values = values.copy()
        try:
            return array_type._simple_new(values, dtype)
        except (AttributeError, TypeError):  # pragma: no cover - other pandas internals
            return array_type(values, dtype=dtype)

    return wrap


def _crlf_cells(df: pd.DataFrame, scan: _Scan, blank: np.ndarray) -> None:
    """Read the ``\\r\\n`` inside quoted cells as ``\\n``, in place (data kept ``\\r\\n``).

    The scan says which cells hold a line break (its record and field); without
    that (the exact, slow scan), every column is checked by its distinct values.
    """
    fix = np.vectorize(
        lambda v: v.replace("\r\n", "\n") if isinstance(v, str) else v, otypes=[object]
    )
    if scan.broken_cells is not None:
        records, fields = scan.broken_cells
        row_of = np.cumsum(~blank) - 1  # record -> response row
        rows = row_of[records]
        keep = fields < df.shape[1]
        for field in np.unique(fields[keep]).tolist():
            at = np.unique(rows[keep & (fields == field)])
            df.iloc[at, field] = fix(df.iloc[at, field].to_numpy(dtype=object))
        return
    for position in range(df.shape[1]):
        codes, uniques = factorize(df.iloc[:, position])
        if any(isinstance(u, str) and "\r" in u for u in uniques):
            at = np.flatnonzero(np.isin(codes, [j for j, u in enumerate(uniques) if "\r" in u]))
            df.iloc[at, position] = fix(df.iloc[at, position].to_numpy(dtype=object))


def _fields(k) -> str:
    return f"{int(k)} field" + ("" if int(k) == 1 else "s")


class CsvTable(Table):
    """A CSV or TSV export decoded by :func:`personakit.io._bytes.load_text`."""

    def __init__(self, source: TextSource, delimiter: str | None = None):
        data = source.data
        head_size = 1 << 18
        while True:
            head = data[:head_size].decode("utf-8", errors="ignore")
            whole = head_size >= len(data)
            sep = delimiter or sniff_delimiter(head)
            try:
                records, lines, consumed = _records(head, sep, HEAD_RECORDS + 1)
            except csv.Error as exc:
                if not whole:
                    head_size *= 4
                    continue
                raise SurveyFormatError(
                    f"{source.path}: the header rows cannot be parsed as "
                    f"{_DELIM_NAMES.get(sep, repr(sep))}-separated values ({exc}). A quoted "
                    "field is probably never closed; re-export the survey."
                ) from exc
            # Records cut by the end of ``head`` are unreliable: read more.
            if not whole and (len(records) <= HEAD_RECORDS or consumed >= len(head) - 1):
                head_size *= 4
                continue
            break
        if source.crlf:  # \r\n kept in the data; cells read it as \n
            records = [[cell.replace("\r\n", "\n") for cell in row] for row in records]
        super().__init__(
            path=source.path,
            records=records[:HEAD_RECORDS],
            record_lines=lines[:HEAD_RECORDS],
            kind="csv",
            notes=list(source.notes),
            delimiter=sep,
            encoding=source.encoding,
        )
        self._data: bytes | None = data
        self._size = len(data)
        # a big file stored as it is read (UTF-8, \n) is parsed from disk: see _pandas
        self._stamp = source.stamp if len(data) >= _REREAD_MIN else None
        self._offset = source.offset  # where the data start in the file (after a BOM)
        self._crlf = source.crlf
        self._head_text = head
        if delimiter is None and sep != ",":
            self.notes.append(
                f"Fields are separated by {_DELIM_NAMES.get(sep, repr(sep))}s (detected)."
            )

    def _offset_after(self, header_rows: int) -> int:
        """Byte offset just after the first ``header_rows`` records."""
        records, _, consumed = _records(self._head_text, self.delimiter or ",", header_rows)
        if len(records) < header_rows:
            return self._size
        return len(self._head_text[:consumed].encode("utf-8"))

    def _bytes(self) -> bytes:
        """The file's (normalised) content, read again if it was let go during parsing."""
        if self._data is None:
            self._check_unchanged()
            try:
                self._data = self.path.read_bytes()[self._offset :]
            except OSError as exc:
                self._changed(exc)
            self._check_unchanged()
        return self._data

    def _check_unchanged(self) -> None:
        try:
            info = self.path.stat()
            now = (info.st_size, info.st_mtime_ns)
        except OSError:
            now = None
        if now != self._stamp:
            self._changed(None)

    def _changed(self, exc: Exception | None) -> None:
        raise SurveyFormatError(
            f"{self.path}: the file changed while it was being read (it was moved, or its "
            "size or modification time differ). Wait until whatever is writing it has "
            "finished, then read it again."
        ) from exc

    def _line(self, offset: int) -> int:
        return self._bytes().count(b"\n", 0, offset) + 1

    def frame(self, header_rows: int, ncols: int) -> tuple[pd.DataFrame, int]:
        data = self._bytes()
        sep = self.delimiter or ","
        start = self._offset_after(header_rows)
        scan = _scan(data, start, sep)
        blank = np.zeros(len(scan.counts), dtype=bool)
        for i in np.flatnonzero(scan.counts == 1):
            blank[i] = not data[scan.starts[i] : scan.ends[i]].strip(_BLANK)
        if not (~blank).any():
            raise SurveyFormatError(
                f"{self.where}: there are no response rows after the {header_rows} header "
                f"row(s) (the file ends at line {self._line(len(data))}). Export the responses "
                "again, including the data, not only the question headers."
            )
        first_line = self._line(int(scan.starts[np.argmax(~blank)]))
        width = max(ncols, int(scan.counts[~blank].max()))
        del data  # so that _pandas can let the bytes go while it parses
        try:
            df = self._pandas(start, width)
            exact = scan.unclosed_at is None and len(df) == int((~blank).sum())
        except (pd.errors.ParserError, ValueError, OverflowError) as exc:
            if scan.unclosed_at is not None and "EOF inside string" in str(exc):
                line = self._line(scan.unclosed_at)
                raise SurveyFormatError(
                    f"{self.where}: line {line}: a quoted field starts here and is never "
                    "closed, so the rest of the file would be read as one cell. The file is "
                    "probably truncated or was edited by hand; re-export it from the survey tool."
                ) from exc
            scan = self._exact_scan(start, sep, exc)
            blank = scan.counts == 0
            width = max(ncols, int(scan.counts.max()))
            try:
                df = self._pandas(start, width)
            except (pd.errors.ParserError, ValueError, OverflowError) as exc2:
                raise SurveyFormatError(
                    f"{self.where}: the response rows after line {first_line - 1} cannot be "
                    f"parsed as {_DELIM_NAMES.get(sep, repr(sep))}-separated values: {exc2}. "
                    "Re-export the survey as CSV."
                ) from exc2
            exact = True
        if not exact:
            scan = self._exact_scan(start, sep, None)
            blank = scan.counts == 0
            if len(df) != int((~blank).sum()):
                raise SurveyFormatError(
                    f"{self.where}: the response rows after line {first_line - 1} could not be "
                    "split into records consistently (irregular quoting). Re-export the survey "
                    "as CSV from the survey tool."
                )
        counts = scan.counts[~blank]
        starts = scan.starts[~blank]
        short = np.flatnonzero(counts < ncols)
        if len(short):
            i = int(short[0])
            line = self._line(int(starts[i]))
            is_last = i == len(counts) - 1
            if is_last and not self._bytes().endswith(b"\n"):
                raise SurveyFormatError(
                    f"{self.where}: line {line}: the last row stops after {counts[i]} of "
                    f"{ncols} fields and the file has no final newline: the file looks "
                    "truncated (an interrupted download or copy). Export or download it again."
                )
            more = f" ({len(short)} rows like this)" if len(short) > 1 else ""
            raise SurveyFormatError(
                f"{self.where}: line {line}: this row has {_fields(counts[i])} but the header "
                f"has {ncols}{more}. Header and rows do not match: the file was cut, edited in a "
                "spreadsheet, or the survey changed after export; re-export it from the survey "
                "tool."
            )
        if width > ncols:
            extra = df.iloc[:, ncols:]
            filled = extra.notna().any(axis=1).to_numpy()
            if filled.any():
                i = int(np.flatnonzero(filled)[0])
                line = self._line(int(starts[i]))
                raise SurveyFormatError(
                    f"{self.where}: line {line}: this row has {_fields(counts[i])} but the "
                    f"header has {ncols}; the extra cells hold data. The rows and the header do not "
                    "match (an unquoted delimiter in an answer, or a column removed from the "
                    "header); re-export the survey from the survey tool."
                )
            df = df.iloc[:, :ncols]
            self.notes.append(
                f"Some rows end with {width - ncols} empty extra field(s) beyond the header; "
                "they were ignored."
            )
        if self._crlf:
            _crlf_cells(df, scan, blank)
        return df, first_line

    def _pandas(self, start: int, width: int) -> pd.DataFrame:
        """Parse the rows from byte ``start`` on with pandas' C parser, every cell a string.

        A big file whose bytes are exactly what was read (UTF-8, ``\\n`` line endings,
        perhaps after a byte-order mark) is parsed from disk, and the bytes held in memory are let go meanwhile (read
        again only for an error message); a change to the file in between is an error.
        """
        if self._stamp is None:
            buf = io.BytesIO(self._bytes())
            buf.seek(start)
            return self._read_csv(buf, width)
        self._data = None
        self._check_unchanged()
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed by the with block below
        except OSError as exc:
            self._changed(exc)
        with handle:
            handle.seek(self._offset + start)
            df = self._read_csv(handle, width)
        self._check_unchanged()
        return df

    def _read_csv(self, buf, width: int) -> pd.DataFrame:
        wrap = _string_wrapper()
        df = pd.read_csv(
            buf,
            sep=self.delimiter or ",",
            header=None,
            names=list(range(width)),
            index_col=False,
            dtype=object if wrap is not None else str,
            keep_default_na=False,
            na_values=[""],
            quotechar='"',
            doublequote=True,
            skip_blank_lines=True,
            engine="c",
            encoding="utf-8",
        )
        if wrap is None:
            return df
        return pd.DataFrame({c: wrap(df[c].to_numpy()) for c in df.columns}, copy=False)

    def _exact_scan(self, start: int, sep: str, exc: Exception | None) -> _Scan:
        try:
            scan = _count_python(self._bytes(), start, sep)
        except csv.Error as err:
            raise SurveyFormatError(
                f"{self.where}: the response rows cannot be parsed ({err}). A quoted field is "
                "probably never closed; re-export the survey from the survey tool."
            ) from (exc or err)
        # csv gives [] for an empty line; _count_python stores 1 for it. Mark blanks as 0.
        counts = scan.counts.copy()
        data = self._bytes()
        for i in np.flatnonzero(counts == 1):
            if not data[scan.starts[i] : scan.ends[i]].strip(_BLANK):
                counts[i] = 0
        scan.counts = counts
        return scan


# --------------------------------------------------------------------------- XLSX


def cell_text(value: Any) -> str | None:
    """Turn one worksheet cell value into the string Excel would show.

    Parameters
    ----------
    value : object
        A value from openpyxl.

    Returns
    -------
    str or None
        ``None`` for empty cells.

    Examples
    --------
    >>> import datetime
    >>> cell_text(5.0), cell_text(3.1), cell_text(datetime.datetime(2023, 2, 26, 14, 12, 52))
    ('5', '3.1', '2023-02-26 14:12:52')
    >>> cell_text(True), cell_text("  "), cell_text(None)
    ('TRUE', '  ', None)
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, _dt.datetime):
        if value.microsecond:
            value = value.replace(microsecond=0)
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    return str(value)


_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def _open_workbook(path: Path, raw: bytes):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if _ENCRYPTED_MARK in raw:
            raise SurveyFormatError(
                f"{path}: the workbook is password-protected (encrypted), so it cannot be read. "
                "Open it in Excel, remove the password (File > Info > Protect Workbook > "
                "Encrypt with Password, clear it), save, and read it again; or export the "
                "survey as CSV."
            )
        raise SurveyFormatError(
            f"{path}: this is an old binary Excel file (.xls), which personakit does not read. "
            "Open it in Excel and save it as .xlsx (or CSV), or export the survey again as XLSX/CSV."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())
            bad = zf.testzip()
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, ... from a damaged archive
        raise SurveyFormatError(
            f"{path}: the workbook is corrupted (not a readable zip archive: {exc}). It may be "
            "truncated or damaged; download or export it again."
        ) from exc
    if bad is not None:
        raise SurveyFormatError(
            f"{path}: the workbook is corrupted (member {bad!r} fails its checksum). Download or "
            "export it again."
        )
    if "xl/workbook.xml" not in names:
        what = "an OpenDocument spreadsheet" if "content.xml" in names else "a zip archive"
        raise SurveyFormatError(
            f"{path}: this is {what}, not an Excel .xlsx workbook. Save it as .xlsx or CSV, or "
            "unzip it and pass the survey export inside."
        )
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SurveyFormatError(
            f"{path}: the workbook cannot be opened ({type(exc).__name__}: {exc}). It may be "
            "corrupted; open it in Excel, save it again as .xlsx (or CSV), and retry."
        ) from exc
    except Exception as exc:  # lxml/ElementTree parse errors inside openpyxl
        raise SurveyFormatError(
            f"{path}: the workbook's contents cannot be parsed ({type(exc).__name__}: {exc}). It "
            "is probably corrupted; open it in Excel, save it again, or export the survey as CSV."
        ) from exc


def _rows(ws, limit: int | None = None) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    for values in ws.iter_rows(values_only=True, max_row=limit):
        rows.append([cell_text(v) for v in values])
    # Trim trailing empty rows and columns (formatting can stretch the sheet's dimensions).
    while rows and not any(v is not None and v.strip() for v in rows[-1]):
        rows.pop()
    width = 0
    for row in rows:
        for j in range(len(row) - 1, -1, -1):
            if row[j] is not None and row[j].strip():
                width = max(width, j + 1)
                break
    return [(row + [None] * (width - len(row)))[:width] for row in rows]


class XlsxTable(Table):
    """One worksheet of an Excel workbook."""

    def __init__(self, path: Path, sheet_name: str, rows: list[list[str | None]], notes=None):
        lead = 0
        while lead < len(rows) and not any(v is not None and v.strip() for v in rows[lead]):
            lead += 1
        body = rows[lead:]
        records = [[v if v is not None else "" for v in r] for r in body[:HEAD_RECORDS]]
        super().__init__(
            path=path,
            records=records,
            record_lines=list(range(lead + 1, lead + 1 + len(records))),
            kind="xlsx",
            notes=list(notes or []),
            sheet=sheet_name,
        )
        self._rows = body
        self._lead = lead

    def frame(self, header_rows: int, ncols: int) -> tuple[pd.DataFrame, int]:
        body = list(self._rows[header_rows:])
        first = self._lead + header_rows + 1
        keep = [r for r in body if any(v is not None and v.strip() for v in r)]
        if not keep:
            raise SurveyFormatError(
                f"{self.where}: there are no response rows after the {header_rows} header "
                "row(s). Export the responses again, including the data."
            )
        width = max(len(r) for r in keep)
        if width > ncols:
            for idx, r in enumerate(body):
                if any(v is not None and v.strip() for v in r[ncols:]):
                    raise SurveyFormatError(
                        f"{self.where}: row {first + idx}: cells beyond the last header column "
                        f"(column {ncols}) hold data, but the header has no name for them. Add "
                        "the missing header cells or delete the stray cells, then read it again."
                    )
        df = pd.DataFrame([(r + [None] * ncols)[:ncols] for r in keep], dtype=str)
        df.columns = list(range(ncols))
        return df, first


def read_workbook(path: Path, raw: bytes, sheet: str | int | None, detect) -> XlsxTable:
    """Open a workbook and pick the sheet that holds the responses.

    ``detect(records)`` must return the detection for a sheet's first records
    (an object with ``source`` and ``known`` attributes).
    """
    try:
        return _read_workbook(path, raw, sheet, detect)
    except SurveyFormatError:
        raise
    except Exception as exc:  # openpyxl/lxml/zlib errors from a damaged workbook
        raise SurveyFormatError(
            f"{path}: the workbook cannot be read ({type(exc).__name__}: {exc}). It is probably "
            "damaged; open it in Excel and save it again as .xlsx, or export the survey as CSV."
        ) from exc


def _read_workbook(path: Path, raw: bytes, sheet: str | int | None, detect) -> XlsxTable:
    wb = _open_workbook(path, raw)
    try:
        names = [ws.title for ws in wb.worksheets]
        if not names:
            raise SurveyFormatError(f"{path}: the workbook has no worksheets.")
        if sheet is not None:
            if isinstance(sheet, bool) or not isinstance(sheet, int | str):
                raise SurveyFormatError(
                    f"sheet={sheet!r}: expected a sheet name (str) or a 0-based position (int); "
                    f"the sheets of {path.name} are {names}."
                )
            if isinstance(sheet, int):
                if not -len(names) <= sheet < len(names):
                    raise SurveyFormatError(
                        f"sheet={sheet}: {path.name} has {len(names)} sheet(s) {names}; pass a "
                        f"position from 0 to {len(names) - 1} or a sheet name."
                    )
                chosen = names[sheet]
            else:
                if sheet not in names:
                    raise SurveyFormatError(
                        f"sheet={sheet!r}: {path.name} has no such sheet; its sheets are {names}."
                    )
                chosen = sheet
            notes = []
        else:
            peeks = {}
            for ws in wb.worksheets:
                rows = _rows(ws, limit=HEAD_RECORDS + 2)
                if rows:
                    peeks[ws.title] = rows
            if not peeks:
                raise SurveyFormatError(
                    f"{path}: every sheet of the workbook is empty ({names}). Export the "
                    "responses again."
                )
            if len(peeks) == 1:
                chosen = next(iter(peeks))
                notes = (
                    [] if len(names) == 1 else [f"Read sheet {chosen!r}, the only one with data."]
                )
            else:
                known = [
                    name
                    for name, rows in peeks.items()
                    if detect([[v or "" for v in r] for r in rows[:4]]).known
                ]
                responses = [
                    n for n in peeks if re.fullmatch(r"(form )?responses?( \d+)?", n, re.I)
                ]
                if len(known) == 1:
                    chosen = known[0]
                elif len(responses) == 1:
                    chosen = responses[0]
                else:
                    raise SurveyFormatError(
                        f"{path}: the workbook has {len(peeks)} sheets with data "
                        f"({list(peeks)}) and more than one could hold the responses. Pass "
                        "sheet='<name>' (or its 0-based position) to say which one to read."
                    )
                notes = [
                    f"Read sheet {chosen!r} of {list(peeks)}: it looks like the responses. "
                    "Pass sheet=... to read another."
                ]
        ws = wb[chosen]
        try:
            rows = _rows(ws)
        except Exception as exc:
            raise SurveyFormatError(
                f"{path} (sheet {chosen!r}): the sheet cannot be read ({type(exc).__name__}: "
                f"{exc}). The workbook may be corrupted; save it again in Excel or export CSV."
            ) from exc
    finally:
        wb.close()
    if not rows:
        raise SurveyFormatError(
            f"{path} (sheet {chosen!r}): the sheet is empty. Pass sheet=... to read another "
            f"sheet; the sheets are {names}."
        )
    return XlsxTable(path, chosen, rows, notes)
