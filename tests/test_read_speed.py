"""The shortcuts behind read_survey's speed give exactly what the plain computations give.

``benchmarks/bench_read.py`` times ``read_survey`` against ``pandas.read_csv``. Its
speed rests on a few shortcuts, each checked here against the straightforward way:
string columns factorised once (long ones from their first rows' distinct values),
field counts from bit counts, the parser's object cells wrapped as ``str`` columns,
option columns told apart from their first rows, row statistics computed in blocks,
answer patterns packed into exact integer keys, and quality reasons joined with arrays.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from personakit.io import _factorize, _survey_common, _survey_table, read_raw_export
from personakit.io._factorize import factorize
from personakit.quality import _AnswerKey, _Item, _join_reasons, _row_spread, _spread_by_rows

# -- factorize ---------------------------------------------------------------------------


def _same_as_pandas(values: np.ndarray) -> None:
    codes, uniques = factorize(values)
    want_codes, want_uniques = pd.factorize(values, use_na_sentinel=True)
    assert codes.tolist() == want_codes.tolist()
    assert len(uniques) == len(want_uniques)
    assert all(a is b or a == b for a, b in zip(uniques, want_uniques))


@pytest.mark.parametrize("distinct", [3, 40, 300, 5000])
def test_factorize_matches_pandas_shared_and_fresh_objects(distinct):
    rng = np.random.default_rng(distinct)
    labels = [f"answer {i}" for i in range(distinct)]
    n = 6000
    values = np.empty(n, dtype=object)
    for i, k in enumerate(rng.integers(0, distinct, n).tolist()):
        # half the cells share the label's object, half are equal copies
        values[i] = labels[k] if rng.random() < 0.5 else "".join(labels[k])
    values[rng.random(n) < 0.1] = np.nan
    values[rng.random(n) < 0.02] = None
    _same_as_pandas(values)


def test_factorize_mixed_objects_and_edge_cases():
    rng = np.random.default_rng(0)
    pool = ["a", "b", "ab", None, np.nan, pd.NA, 1, 1.0, True, "x", ""]
    for _ in range(300):
        n = int(rng.integers(0, 40))
        values = np.empty(n, dtype=object)
        for i in range(n):
            v = pool[int(rng.integers(len(pool)))]
            values[i] = "".join(v) if isinstance(v, str) and rng.random() < 0.5 else v
        _same_as_pandas(values)
    # every cell its own object, and input that is not an object array
    _same_as_pandas(np.array([f"id{i}" for i in range(500)], dtype=object))
    codes, uniques = factorize(np.array([3, 1, 3]))
    assert codes.tolist() == [0, 1, 0] and list(uniques) == [3, 1]


def test_factorize_columns_of_a_parsed_export(tmp_path):
    path = tmp_path / "survey.csv"
    rng = np.random.default_rng(1)
    rows = ["Respondent ID,Q1,Q2,Q3"]
    for i in range(3000):
        q1 = ["Agree", "Disagree", "", "Neutral"][int(rng.integers(4))]
        q2 = ["Slack", ""][int(rng.integers(2))]
        rows.append(f'{i},{q1},{q2},"free text {int(rng.integers(50))}, with comma"')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    raw = read_raw_export(path)
    for name in raw.data.columns:
        column = raw.data[name]
        codes, uniques = factorize(column)
        want_codes, want_uniques = pd.factorize(column.to_numpy(dtype=object))
        assert codes.tolist() == want_codes.tolist()
        assert list(uniques) == list(want_uniques)


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize("head", [1, 4, 16])
def test_factorize_from_the_head_matches_pandas(monkeypatch, head, public):
    """Long columns are factorised from their head's distinct values: values first seen
    after the head, other missing values (None, pd.NA, numpy NaN) and mixed objects
    still give pandas' codes and order."""
    monkeypatch.setattr(_factorize, "_HEAD", head)
    monkeypatch.setattr(_factorize, "_MIN_ROWS", 2 * head)
    monkeypatch.setattr(_factorize, "_MAX_HEAD_DISTINCT", max(head // 2, 1))
    if public:  # the public look-up used when pandas' hash table is not there
        monkeypatch.setattr(_factorize, "_ObjectTable", None)
    rng = np.random.default_rng(head)
    pool = ["a", "b", "ab", "x", "", " ", None, np.nan, np.float64("nan"), pd.NA, 1, 1.0, True]
    for _ in range(300):
        n = int(rng.integers(0, 60))
        values = np.empty(n, dtype=object)
        for i in range(n):
            v = pool[int(rng.integers(len(pool)))] if rng.random() < 0.3 else np.nan
            if rng.random() < 0.5:
                v = ["a", "b"][int(rng.integers(2))]
            values[i] = "".join(v) if isinstance(v, str) and rng.random() < 0.5 else v
        _same_as_pandas(values)
    # a head of answers and NaN, then new answers later on
    values = np.array((["a", np.nan] * 40) + ["c", "a", None, "b", "c", pd.NA, "d"], dtype=object)
    codes, uniques = factorize(values)
    assert list(uniques) == ["a", "c", "b", "d"]
    _same_as_pandas(values)


def test_factorize_long_columns_every_path():
    """At the real sizes: few answers with blanks (looked up), no blanks in the head,
    many distinct values, and answers that only appear after the head."""
    rng = np.random.default_rng(3)
    n = 3 * _factorize._MIN_ROWS
    labels = np.array(["Agree", "Disagree", "Neutral", np.nan], dtype=object)
    few = labels[rng.integers(0, 4, n)]
    late = few.copy()
    late[-50:] = "Strongly agree"
    late[-10] = None
    dense = few.copy()
    dense[dense != dense] = "Agree"
    ids = np.array([f"R_{i}" for i in range(n)], dtype=object)
    for values in (few, late, dense, ids):
        _same_as_pandas(values)
        codes, uniques = factorize(pd.Series(values, dtype="str"))
        want_codes, want_uniques = pd.factorize(values)
        assert codes.tolist() == want_codes.tolist() and list(uniques) == list(want_uniques)


# -- field counts --------------------------------------------------------------------------


def _reference_scan(data: bytes, start: int, sep: str):
    """Field counts, record starts/ends, an unclosed quote and the (record, field) of each
    newline inside quotes, byte by byte (RFC 4180 parity)."""
    counts, starts, ends, broken = [], [], [], []
    inside, fields, begin, last_quote = False, 1, start, None
    for pos in range(start, len(data)):
        byte = data[pos : pos + 1]
        if byte == b'"':
            inside = not inside
            last_quote = pos
        elif byte == sep.encode() and not inside:
            fields += 1
        elif byte == b"\n" and inside:
            broken.append((len(counts), fields - 1))
        elif byte == b"\n":
            counts.append(fields)
            starts.append(begin)
            ends.append(pos)
            fields, begin = 1, pos + 1
    if begin < len(data):
        counts.append(fields)
        starts.append(begin)
        ends.append(len(data))
    return counts, starts, ends, (last_quote if inside else None), broken


@pytest.mark.parametrize("chunk", [1, 3, 8, 64, 100, 1 << 20])
def test_scan_counts_fields_like_the_definition(monkeypatch, chunk):
    monkeypatch.setattr(_survey_table, "_SCAN_CHUNK", chunk)
    rng = np.random.default_rng(chunk)
    alphabet = [b'"', b",", b";", b"\n", b"a", b"b", b" "]
    for _ in range(400):
        k = int(rng.integers(0, 160))
        data = b"".join(alphabet[i] for i in rng.integers(0, len(alphabet), k).tolist())
        start = int(rng.integers(0, k + 1)) if k else 0
        for sep in ",;":
            scan = _survey_table._scan(data, start, sep)
            counts, starts, ends, unclosed, broken = _reference_scan(data, start, sep)
            assert scan.counts.tolist() == counts, (data, start, sep)
            assert scan.starts.tolist() == starts
            assert scan.ends.tolist() == ends
            assert scan.unclosed_at == unclosed
            records, fields = scan.broken_cells
            assert list(zip(records.tolist(), fields.tolist())) == broken, (data, start, sep)


def test_bit_count_without_numpy_bitwise_count(monkeypatch):
    words = np.random.default_rng(2).integers(0, 2**63, 500, dtype=np.uint64)
    want = [bin(int(w)).count("1") for w in words]
    assert _survey_table._bit_count(words).tolist() == want
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    assert _survey_table._bit_count(words).tolist() == want


# -- string columns ------------------------------------------------------------------------


def test_parsed_cells_are_the_str_columns_dtype_str_gives(tmp_path):
    text = (
        "Respondent ID,Q1,Q2,Q3\n"
        + "".join(
            f'{i},"Ja, gern {i % 7}",{"" if i % 3 else "Nein"},"line {i}\nbreak ""quoted"""\n'
            for i in range(200)
        )
        + '201,Ü€ñ,  ,"x"\n'
    )
    data = text.encode("utf-8")
    start = data.index(b"\n") + 1
    table = _survey_table.CsvTable.__new__(_survey_table.CsvTable)
    table._data, table.delimiter, table._stamp = data, ",", None
    got = table._pandas(start, 4)
    want = pd.read_csv(
        io.BytesIO(data[start:]),
        header=None,
        names=list(range(4)),
        index_col=False,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        engine="c",
    )
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert [str(t) for t in got.dtypes] == [str(t) for t in want.dtypes]
    for column in got.columns:
        assert type(got[column].array) is type(want[column].array)
    # the columns are ordinary, editable columns
    got.loc[0, 1] = "edited"
    got.iloc[1:3, 2] = None
    assert got.loc[0, 1] == "edited" and got.iloc[1:3, 2].isna().all()


# -- quality shortcuts ---------------------------------------------------------------------


def _spread_reference(positions: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The whole-matrix computation (as a DataFrame of the columns gives it)."""
    block = pd.DataFrame(dict(enumerate(positions))).to_numpy()
    count = (~np.isnan(block)).sum(axis=1)
    filled = np.where(np.isnan(block), 0.0, block)
    with np.errstate(all="ignore"):
        mean = filled.sum(axis=1) / count
        spread = np.sqrt(np.maximum((filled**2).sum(axis=1) / count - mean**2, 0.0))
    return count, spread


@pytest.mark.parametrize("block_rows", [2, 7, 4096])
def test_spread_in_blocks_matches_the_whole_matrix_to_the_bit(monkeypatch, block_rows):
    monkeypatch.setattr("personakit.quality._ROW_BLOCK", block_rows)
    rng = np.random.default_rng(block_rows)
    for n, m in [(1, 12), (8, 3), (15, 40), (2 * block_rows + 1, 25), (999, 63)]:
        items = []
        for j in range(m):
            k = int(rng.integers(2, 12))
            codes = rng.integers(-1, k, n).astype(np.int8)  # -1: unanswered
            items.append(_Item(codes, k, reverse=j % 3 == 0))
        count, spread = _spread_by_rows(items, n)
        # as a frame of positions gives them: codes / (k - 1), reverse-coded items flipped
        positions = []
        for item in items:
            values = np.where(item.codes < 0, np.nan, item.codes.astype(float))
            if item.reverse:
                values = (item.k - 1) - values
            positions.append(values / (item.k - 1))
        want_count, want_spread = _spread_reference(positions)
        assert count.tolist() == want_count.tolist()
        assert np.array_equal(spread, want_spread, equal_nan=True)
    # the row statistics themselves
    count, spread = _row_spread(np.array([[0.0, 1.0], [np.nan, 0.5]], order="F"))
    assert count.tolist() == [2, 1] and spread.tolist() == [0.5, 0.0]


def test_answer_key_is_equal_exactly_for_equal_answer_patterns():
    rng = np.random.default_rng(3)
    n = 400
    columns = []
    for j in range(90):  # wide enough to renumber the packed keys several times
        width = int(rng.integers(2, 9)) if j % 10 else 300
        columns.append(rng.integers(-1, width, n))
    floats = rng.choice([0.5, 1.5, np.nan], n)
    columns.append(np.where(np.isnan(floats), -1, np.abs(floats.view(np.int64))))  # sparse
    # plant copies of earlier rows
    matrix = np.column_stack(columns)
    matrix[n - 10 :] = matrix[:10]
    key = _AnswerKey(n)
    for j in range(matrix.shape[1]):
        key.add(matrix[:, j].astype(np.int8 if j % 10 and j < 90 else np.int64))
    rows = [tuple(r) for r in matrix.tolist()]
    for a in range(n):
        for b in range(a + 1, n):
            assert (key.key[a] == key.key[b]) == (rows[a] == rows[b])


def test_wide_generated_export_reads_and_flags(tmp_path):
    """An export wider and longer than the fixtures: codebook, responses and flags hold up."""
    rng = np.random.default_rng(4)
    agree = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    n = 2500
    names = ["ResponseId", "Duration (in seconds)"] + [f"Q1_{k}" for k in range(1, 11)]
    names += [f"Q2_{k}" for k in range(1, 6)] + ["Q3"]
    texts = ["Response ID", "Duration (in seconds)"]
    texts += [f"How much do you agree? - Statement {k}" for k in range(1, 11)]
    texts += [f"Which tools? - Selected Choice - Tool {k}" for k in range(1, 6)] + ["Why?"]
    ids = ['{"ImportId":"_recordId"}', '{"ImportId":"duration"}']
    ids += [f'{{"ImportId":"QID1_{k}"}}' for k in range(1, 11)]
    ids += [f'{{"ImportId":"QID2_{k}"}}' for k in range(1, 6)] + ['{"ImportId":"QID3_TEXT"}']
    body = []
    for i in range(n):
        grid = [agree[int(x)] for x in rng.integers(0, 5, 10)]
        if i % 97 == 0:
            grid = [agree[4]] * 10  # straight-liner
        tools = [f"Tool {k}" if rng.random() < 0.4 else "" for k in range(1, 6)]
        why = ["Too slow, honestly", "N/A", "", 'The "guest" role\nis hidden'][i % 4]
        body.append([f"R_{i:06d}", str(int(rng.integers(60, 900)))] + grid + tools + [why])
    body.append(list(body[5]))  # same answers as R_000005, new id
    body[-1][0] = "R_copy"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([names, texts, ids, *body])
    path = tmp_path / "wide.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")

    from personakit import read_survey

    survey = read_survey(path)
    assert survey.n_respondents == n + 1
    cb = survey.codebook.set_index("variable")
    assert cb.loc["Q1_1", "kind"] == "likert" and cb.loc["Q1_1", "levels"] == agree
    assert cb.loc["Q2_1", "kind"] == "multiselect" and cb.loc["Q3", "kind"] == "text"
    assert survey.responses["Q1_3"].cat.categories.tolist() == agree
    # "N/A" (every 4th from 1, and the copy of R_000005) and blanks are missing
    not_applicable = len(range(1, n, 4)) + 1
    assert survey.responses["Q3"].isna().sum() == not_applicable + len(range(2, n, 4))
    assert (survey.missing["reason"] == "non-substantive answer: N/A").sum() == not_applicable
    assert survey.responses.loc["R_000003", "Q3"] == 'The "guest" role\nis hidden'
    straight = set(survey.quality.index[survey.quality["straightliner"]])
    assert {f"R_{i:06d}" for i in range(0, n, 97)} <= straight
    dup = survey.quality.loc["R_copy"]
    assert dup["duplicate"] and dup["quality_reasons"].endswith("same answers as R_000005")


# -- big files are parsed from disk ----------------------------------------------------------

_FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "surveys"


def _read_both_ways(monkeypatch, path):
    """read_raw_export with the bytes held in memory, then with the file parsed from disk."""
    parse = _survey_table.CsvTable._read_csv
    sources: list[str] = []

    def spy(self, buf, width):
        sources.append(type(buf).__name__)
        return parse(self, buf, width)

    monkeypatch.setattr(_survey_table.CsvTable, "_read_csv", spy)
    content = path.read_bytes()
    try:
        content.decode("utf-8")  # a byte-order mark is only skipped
        as_stored = b"\r" not in content
    except UnicodeDecodeError:
        as_stored = False  # decoded into new bytes: those are what pandas parses
    results = []
    for threshold in (1 << 62, 0):
        monkeypatch.setattr(_survey_table, "_REREAD_MIN", threshold)
        sources.clear()
        try:
            results.append(read_raw_export(path))
        except Exception as exc:  # noqa: BLE001 - compared below
            results.append(exc)
        # pandas parsed from memory, then from the file itself (when stored as it is read)
        assert set(sources) <= {"BufferedReader" if as_stored and not threshold else "BytesIO"}
    return results


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in _FIXTURES.glob("*.csv")
        if p.name.startswith(("bad_", "generic", "qualtrics", "typeform"))
    ),
)
def test_parsing_from_disk_gives_the_same_export_or_error(monkeypatch, name):
    in_memory, from_disk = _read_both_ways(monkeypatch, _FIXTURES / name)
    if isinstance(in_memory, Exception):
        assert type(from_disk) is type(in_memory) and str(from_disk) == str(in_memory)
        return
    pd.testing.assert_frame_equal(from_disk.data, in_memory.data, check_exact=True)
    assert from_disk.columns == in_memory.columns and from_disk.notes == in_memory.notes


def test_parsing_from_disk_after_a_byte_order_mark(monkeypatch, tmp_path):
    rows = ["Respondent ID,Q1,Q2"] + [f'{i},"Ja, gern",Über {i % 3}' for i in range(40)]
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(rows) + "\n").encode("utf-8"))
    in_memory, from_disk = _read_both_ways(monkeypatch, path)
    pd.testing.assert_frame_equal(from_disk.data, in_memory.data, check_exact=True)
    assert from_disk.data.iloc[0].tolist() == ["0", "Ja, gern", "Über 0"]
    assert from_disk.notes == in_memory.notes and from_disk.first_data_row == 2


def test_short_row_found_after_parsing_from_disk(monkeypatch, tmp_path):
    lines = ["id,q1,q2"] + [f"{i},a,b" for i in range(50)] + ["50,a"] + ["51,a,b"]
    for bom in (b"", b"\xef\xbb\xbf"):
        path = tmp_path / "short.csv"
        path.write_bytes(bom + ("\n".join(lines) + "\n").encode("utf-8"))
        in_memory, from_disk = _read_both_ways(monkeypatch, path)
        assert isinstance(from_disk, _survey_table.SurveyFormatError)  # found after the parse
        assert "line 52: this row has 2 fields but the header has 3" in str(from_disk)
        assert str(from_disk) == str(in_memory)


def test_a_file_changed_while_parsed_is_an_error(monkeypatch, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("id,q1\n" + "".join(f"{i},yes\n" for i in range(20)), encoding="utf-8")
    monkeypatch.setattr(_survey_table, "_REREAD_MIN", 0)
    parse = _survey_table.CsvTable._read_csv

    def parse_then_append(self, buf, width):
        df = parse(self, buf, width)
        with open(path, "a", encoding="utf-8") as handle:  # someone else writes meanwhile
            handle.write("20,no\n")
        return df

    monkeypatch.setattr(_survey_table.CsvTable, "_read_csv", parse_then_append)
    with pytest.raises(_survey_table.SurveyFormatError, match="changed while it was being read"):
        read_raw_export(path)


def test_a_file_moved_away_while_parsed_is_an_error(monkeypatch, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("id,q1\n" + "".join(f"{i},yes\n" for i in range(20)), encoding="utf-8")
    monkeypatch.setattr(_survey_table, "_REREAD_MIN", 0)
    check = _survey_table.CsvTable._check_unchanged
    calls = []

    def check_then_move(self):
        check(self)
        if not calls:  # right after the first check, before the file is opened
            path.rename(tmp_path / "moved.csv")
        calls.append(1)

    monkeypatch.setattr(_survey_table.CsvTable, "_check_unchanged", check_then_move)
    with pytest.raises(_survey_table.SurveyFormatError, match="changed while it was being read"):
        read_raw_export(path)


# -- big files with \r\n line endings are read as they are ------------------------------------


def _read_crlf_both_ways(monkeypatch, path):
    """read_raw_export with \\r\\n turned into \\n in memory, then with \\r\\n kept (and the
    file parsed from disk)."""
    from personakit.io import _bytes

    results = []
    for keep in (False, True):
        monkeypatch.setattr(_bytes, "KEEP_CRLF_MIN", 0 if keep else 1 << 62)
        monkeypatch.setattr(_survey_table, "_REREAD_MIN", 0 if keep else 1 << 62)
        try:
            results.append(read_raw_export(path))
        except Exception as exc:  # noqa: BLE001 - compared below
            results.append(exc)
    return results


def _same_export(a, b) -> None:
    if isinstance(a, Exception) or isinstance(b, Exception):
        assert type(a) is type(b) and str(a) == str(b)
        return
    pd.testing.assert_frame_equal(b.data, a.data, check_exact=True)
    assert b.columns == a.columns and b.notes == a.notes
    assert (b.first_data_row, b.export_kind, b.source) == (
        a.first_data_row,
        a.export_kind,
        a.source,
    )


@pytest.mark.parametrize(
    "name", sorted(p.name for p in _FIXTURES.glob("*.csv")) + ["qualtrics_utf16.tsv"]
)
def test_crlf_kept_reads_like_crlf_converted(monkeypatch, tmp_path, name):
    content = (_FIXTURES / name).read_bytes()
    path = tmp_path / name
    if b"\r" not in content and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        content = content.replace(b"\n", b"\r\n")  # the same export with Windows line endings
    path.write_bytes(content)
    _same_export(*_read_crlf_both_ways(monkeypatch, path))


def test_crlf_kept_with_line_breaks_in_cells_blank_lines_and_errors(monkeypatch, tmp_path):
    from personakit.io import _bytes

    rng = np.random.default_rng(5)
    answers = ["yes", "", '"two\nlines"', '"a, b"', '"say ""hi""\n\nbye"', "  ", '"\n"']
    header = 'ResponseId,Q1,Q2,"Q3 with\nbreak",Q4'
    for case in range(40):
        rows = [header]
        for i in range(int(rng.integers(1, 60))):
            cells = [f"R_{i}"] + [answers[int(k)] for k in rng.integers(0, len(answers), 4)]
            rows.append(",".join(cells))
            if rng.random() < 0.05:
                rows.append("")  # blank line
            if rng.random() < 0.03:
                rows.append("   ")  # whitespace only
        if case % 10 == 9:
            rows.insert(len(rows) // 2 + 1, "R_x,only,three")  # a short row: an error
        text = "\n".join(rows) + ("\n" if case % 4 else "")
        lf = tmp_path / f"lf{case}.csv"
        crlf = tmp_path / f"crlf{case}.csv"
        lf.write_bytes(text.encode("utf-8"))
        crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
        converted, kept = _read_crlf_both_ways(monkeypatch, crlf)
        assert _bytes.load_text(crlf).crlf  # \r\n kept (KEEP_CRLF_MIN is 0 now)
        _same_export(converted, kept)
        if not isinstance(kept, Exception):  # and the same as the \n file
            monkeypatch.setattr(_survey_table, "_REREAD_MIN", 1 << 62)
            plain = read_raw_export(lf)
            pd.testing.assert_frame_equal(kept.data, plain.data, check_exact=True)


def test_lone_carriage_returns_are_still_converted(monkeypatch, tmp_path):
    from personakit.io import _bytes

    monkeypatch.setattr(_bytes, "KEEP_CRLF_MIN", 0)
    path = tmp_path / "mixed.csv"
    path.write_bytes(b'id,q1\r\n1,"a\rb"\r\n2,c\r\n')  # a lone \r inside a cell
    assert not _bytes._crlf_only(path.read_bytes())
    assert read_raw_export(path).data["q1"].tolist() == ["a\nb", "c"]
    assert _bytes._crlf_only(b"a\r\nb\r\n") and not _bytes._crlf_only(b"a\r\nb\r")


def test_crlf_cells_fixed_alike_with_and_without_the_scan_positions():
    values = ["a\r\nb", "plain", None, "x\r\n\r\ny", "plain"]
    data = b"".join((f'"{v}"' if v is not None else "").encode() + b",1\r\n" for v in values)
    scan = _survey_table._scan(data, 0, ",")
    blank = np.zeros(len(scan.counts), dtype=bool)
    want = ["a\nb", "plain", None, "x\n\ny", "plain"]
    for cells in (scan.broken_cells, None):
        frame = pd.DataFrame({0: pd.array(values, dtype="str"), 1: ["1"] * 5})
        scan.broken_cells = cells
        _survey_table._crlf_cells(frame, scan, blank)
        assert [None if pd.isna(v) else v for v in frame[0]] == want


# -- option columns ------------------------------------------------------------------------


def _option_state_reference(values: pd.Series) -> tuple[str | None, bool]:
    found = list(pd.unique(values.dropna()))
    value = found[0] if len(found) == 1 and isinstance(found[0], str) else None
    return value, bool(values.notna().any())


@pytest.mark.parametrize("head", [1, 3, 2048])
def test_option_state_matches_every_cell_read(monkeypatch, head):
    """The early answer from a column's first rows is the one its whole column gives."""
    monkeypatch.setattr(_survey_common, "_HEAD_ROWS", head)
    rng = np.random.default_rng(head)
    pool = ["Slack", "Slack", "Slack", "Jira", None]
    for _ in range(300):
        n = int(rng.integers(0, 12))
        cells = [pool[int(rng.integers(len(pool)))] for _ in range(n)]
        for dtype in ("str", object):
            values = pd.Series(cells, dtype=dtype)
            want = _option_state_reference(values)
            assert _survey_common.option_state(values) == want, (cells, dtype)
            assert _survey_common.option_value(values) == want[0]


# -- quality reasons -----------------------------------------------------------------------


def test_reasons_joined_per_row_in_the_order_noted():
    rng = np.random.default_rng(5)
    n = 50
    reasons, want = [], {}
    for k in range(8):
        rows = np.flatnonzero(rng.random(n) < 0.3)
        texts = [f"rule {k} row {i}" for i in rows.tolist()]
        if len(rows):
            reasons.append((rows, texts))
        for i, text in zip(rows.tolist(), texts):
            want.setdefault(i, []).append(text)
    got = _join_reasons(reasons, n)
    assert got.tolist() == ["; ".join(want.get(i, [])) for i in range(n)]
    assert _join_reasons([], 3).tolist() == ["", "", ""]


@pytest.mark.parametrize("head", [1, 2, 5])
def test_looks_numeric_from_the_first_rows_matches_every_cell_read(monkeypatch, head):
    monkeypatch.setattr(_survey_common, "_HEAD_ROWS", head)
    rng = np.random.default_rng(head)
    pool = ["1", "-2", " 3.5 ", "1e5", "nan", "inf", "99999999999999999999", "1,000", "Yes", None]
    for _ in range(300):
        cells = [pool[int(rng.integers(len(pool)))] for _ in range(int(rng.integers(0, 10)))]
        values = pd.Series(cells, dtype="str")
        found = pd.Series(list(pd.unique(values.dropna())), dtype=object)
        want = not found.empty and bool(pd.to_numeric(found, errors="coerce").notna().all())
        assert _survey_common.looks_numeric(values) == want, cells
