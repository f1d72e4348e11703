"""analysis.collection.logs: the analyst's CSV logs read with every bad row named (one line each), and
rows appended atomically."""

from __future__ import annotations

import pytest

from analysis.collection import logs


def test_append_is_atomic_and_keeps_the_header(tmp_path):
    path = tmp_path / "log.csv"
    logs.append_rows(path, ["a", "b"], [["1", "2"]])
    logs.append_rows(path, ["a", "b"], [["3", "4"]])
    assert path.read_text(encoding="utf-8") == "a,b\n1,2\n3,4\n"
    assert not list(tmp_path.glob(".*"))


def _count(text: str) -> int:
    if not text.isdigit():
        raise ValueError("log.blank")  # a check raises ValueError with the message code of the problem
    return int(text)


CHECKS = {"file": logs.plain_file_name, "n": _count}


def _log(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "log.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_read_log_gives_parsed_rows_with_their_line_and_skips_blank_lines(tmp_path):
    path = _log(tmp_path, "\ufefffile,n\na.xlsx,1\n,\n\nb.xlsx, 2 \n")
    assert logs.read_log(path, CHECKS) == [{"line": 2, "file": "a.xlsx", "n": 1}, {"line": 5, "file": "b.xlsx", "n": 2}]
    assert logs.read_log(tmp_path / "absent.csv", CHECKS) == []


def test_read_log_names_every_bad_row_in_one_error(tmp_path):
    path = _log(tmp_path, "file,n\ndata/a.xlsx,1\nb.xlsx,x\nc.xlsx\n")
    with pytest.raises(logs.LogError) as info:
        logs.read_log(path, CHECKS)
    found = [(i.row, i.column, i.code) for i in info.value.issues]
    assert found == [(2, "file", "log.file_name"), (3, "n", "log.blank"), (4, "", "log.fields")]
    assert all(i.severity == "error" for i in info.value.issues)


def test_read_log_refuses_another_header_or_encoding(tmp_path):
    with pytest.raises(logs.LogError) as info:
        logs.read_log(_log(tmp_path, "who,when\nAn,now\n"), CHECKS)
    (issue,) = info.value.issues
    assert (issue.code, issue.row, issue.value, issue.params["expected"]) == ("log.header", 1, "who,when", "file,n")
    with pytest.raises(logs.LogError) as info:
        logs.read_log(_log(tmp_path, "file,n\ncà-mau.xlsx,1\n", "cp1258"), CHECKS)  # an old Windows encoding
    assert [i.code for i in info.value.issues] == ["log.not_utf8"]


def test_append_rows_to_a_log_without_a_last_newline(tmp_path):
    path = _log(tmp_path, "a,b\n1,2")
    logs.append_rows(path, ["a", "b"], [["3", "x, y"]])
    assert path.read_text(encoding="utf-8") == 'a,b\n1,2\n3,"x, y"\n'


@pytest.mark.parametrize("name", ["", "../a.xlsx", "sub/a.xlsx", "sub\\a.xlsx", ".", ".."])
def test_plain_file_name_refuses_anything_but_a_bare_name(name):
    with pytest.raises(ValueError, match="log.file_name"):
        logs.plain_file_name(name)
    assert logs.plain_file_name("01-ha-noi.xlsx") == "01-ha-noi.xlsx"
