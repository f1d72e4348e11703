"""The committed notebooks: no outputs, a first code cell tagged `parameters`, thin code cells.

"Committed without outputs" is checked on what git stores (the index), not on the working copy:
JupyterLab saves outputs into the notebooks, and the nbstripout git filter (`make env`,
.gitattributes) keeps them out of git.
"""

from __future__ import annotations

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


def lab_saves(path: Path, notebook: dict) -> None:
    """Save `notebook` at `path` as JupyterLab does: through jupyter_server's contents manager, after
    a run (outputs, execution counts, the kernel's full language_info) and a collapsed heading."""
    from jupyter_server.services.contents.filemanager import FileContentsManager

    saved = json.loads(json.dumps(notebook))
    saved["metadata"]["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py", "mimetype": "text/x-python",
        "name": "python", "nbconvert_exporter": "python", "pygments_lexer": "ipython3", "version": "3.11.7"}
    for cell in saved["cells"]:
        if cell["cell_type"] == "code":
            cell.update(execution_count=3, outputs=[{"output_type": "stream", "name": "stdout", "text": ["11\n"]}])
            cell["metadata"]["execution"] = {"iopub.status.busy": "2026-12-01T10:00:00.000Z"}
        else:
            cell["metadata"]["jp-MarkdownHeadingCollapsed"] = True
    manager = FileContentsManager(root_dir=str(path.parent))
    manager.save({"type": "notebook", "format": "json", "content": saved}, path.name)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not on PATH")
def test_git_filter_of_make_env_sees_no_change_after_lab_runs_and_saves_a_notebook(tmp_path):
    # a repository with the project's .gitattributes, the filter configured as `make env` does
    # it, and the province notebook committed as it is stored here
    commands = filter_config()
    assert {name for name, _ in commands} >= {"filter.nbstripout.clean", "filter.nbstripout.required"}
    git("init", "-q", cwd=tmp_path, check=True)
    for name, value in commands + [["user.email", "t@example.org"], ["user.name", "t"]]:
        git("config", name, value, cwd=tmp_path, check=True)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    shutil.copy(ROOT / ".gitattributes", tmp_path / ".gitattributes")
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    stored = stored_notebook(NOTEBOOKS[0])
    notebook = tmp_path / "x.ipynb"
    notebook.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    git("add", "x.ipynb", ".gitattributes", cwd=tmp_path, check=True)
    git("commit", "-qm", "x", cwd=tmp_path, check=True)

    lab_saves(notebook, stored)
    assert json.loads(notebook.read_text(encoding="utf-8"))["cells"][1].get("outputs"), "Lab kept the outputs"
    assert git("diff", "--exit-code", cwd=tmp_path).returncode == 0, git("diff", cwd=tmp_path).stdout
    git("add", "x.ipynb", cwd=tmp_path, check=True)  # (git status lists a re-saved file until then)
    assert git("status", "--porcelain", "x.ipynb", cwd=tmp_path, check=True).stdout == ""
    assert json.loads(git("show", ":x.ipynb", cwd=tmp_path, check=True).stdout) == stored


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_carries_only_the_kernelspec_of_this_environment(path):
    assert stored_notebook(path)["metadata"] == {"kernelspec": {
        "display_name": "Python 3 (khuyencong)", "language": "python", "name": "python3"}}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_tagged_parameters_and_cells_stay_thin(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert "year" in "".join(code[0]["source"]) and "lang" in "".join(code[0]["source"])
    for cell in code:
        source = "".join(cell["source"])
        assert "def " not in source and "for " not in source and "open(" not in source, source
