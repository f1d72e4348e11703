"""The committed notebooks: no outputs, a first code cell tagged `parameters`, thin code cells.

"Committed without outputs" is checked on what git stores (the index), not on the working copy:
JupyterLab saves outputs into the notebooks, and the nbstripout git filter (`make env`,
.gitattributes) keeps them out of git.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis import config

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
ROOT = config.PROJECT_ROOT


def git(*args: str, cwd: Path = ROOT, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, **kwargs)


def stored_notebook(path: Path) -> dict:
    """The notebook as git stores it (the index: what the next commit holds); the file outside git."""
    if shutil.which("git") and git("rev-parse", "--git-dir").returncode == 0:
        shown = git("show", f":{path.relative_to(ROOT).as_posix()}")
        if shown.returncode == 0:
            return json.loads(shown.stdout)
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_three_notebooks_are_there():
    assert {p.name for p in NOTEBOOKS} == {"national_assessment.ipynb", "province_profile.ipynb",
                                           "data_quality.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = stored_notebook(path)
    for cell in nb["cells"]:
        assert not cell.get("outputs") and cell.get("execution_count") is None


def filter_config() -> list[list[str]]:
    """The `git config NAME VALUE` commands of the Makefile's git-filter target."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ngit-filter:", 1)[1].split("\n\n", 1)[0]
    return [[name, value.strip("'")] for name, value in re.findall(r"git config (\S+) ('[^']*'|\S+?)(?= &&|;|$)", recipe)]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not on PATH")
def test_git_filter_of_make_env_stores_a_lab_saved_notebook_without_outputs(tmp_path):
    # a repository with the project's .gitattributes, the filter configured as `make env` does
    # it, and the province notebook committed as it is stored here
    commands = filter_config()
    assert {name for name, _ in commands} >= {"filter.nbstripout.clean", "filter.nbstripout.required"}
    git("init", "-q", cwd=tmp_path, check=True)
    for name, value in commands:
        git("config", name, value, cwd=tmp_path, check=True)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    shutil.copy(ROOT / ".gitattributes", tmp_path / ".gitattributes")
    stored = stored_notebook(NOTEBOOKS[0])
    notebook = tmp_path / "x.ipynb"
    notebook.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    # JupyterLab saves it with outputs and execution counts
    saved = json.loads(json.dumps(stored))
    for cell in saved["cells"]:
        if cell["cell_type"] == "code":
            cell.update(execution_count=3, outputs=[{"output_type": "stream", "name": "stdout", "text": ["11\n"]}])
    notebook.write_text(json.dumps(saved, indent=1, ensure_ascii=False), encoding="utf-8")
    git("add", "x.ipynb", ".gitattributes", cwd=tmp_path, check=True)
    blob = json.loads(git("show", ":x.ipynb", cwd=tmp_path, check=True).stdout)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in blob["cells"])
    assert [c.get("id") for c in blob["cells"]] == [c.get("id") for c in stored["cells"]], "cell ids kept"
    assert [c["source"] for c in blob["cells"]] == [c["source"] for c in stored["cells"]]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_tagged_parameters_and_cells_stay_thin(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert "year" in "".join(code[0]["source"]) and "lang" in "".join(code[0]["source"])
    for cell in code:
        source = "".join(cell["source"])
        assert "def " not in source and "for " not in source and "open(" not in source, source
    for cell in code[1:]:
        # one set-up call (report_inputs), then one or two calls per cell
        statements = ast.parse("".join(cell["source"])).body
        assert len(statements) <= 3, "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_read_the_build_through_one_set_up_call(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"][1:]
    assert sum("report_inputs(" in s for s in sources) == 1
    assert not any("dataset." in s or "params." in s or "key_figures." in s for s in sources)
