"""The committed notebooks: no outputs, a first code cell tagged `parameters`, thin code cells."""

from __future__ import annotations

import json

import pytest

from analysis import config

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_the_three_notebooks_are_there():
    assert {p.name for p in NOTEBOOKS} == {"national_assessment.ipynb", "province_profile.ipynb",
                                           "data_quality.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        assert not cell.get("outputs") and cell.get("execution_count") is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_tagged_parameters_and_cells_stay_thin(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert "year" in "".join(code[0]["source"]) and "lang" in "".join(code[0]["source"])
    for cell in code:
        source = "".join(cell["source"])
        assert "def " not in source and "for " not in source and "open(" not in source, source
