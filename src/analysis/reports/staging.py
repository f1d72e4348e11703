"""A year's reports folder replaced as one: a staged copy beside it (hard links of the published
files), written file by file, swept of every file nothing lists, then swapped in (files.swap_in), so
the index and manifest never show a mix of two sets. Used by `khuyencong report` and `release`."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path


def staged_copy(out_dir: Path) -> Path:
    """A staged copy of `out_dir` beside it (".<year>.stage-<pid>-<id>"): hard links of the published
    files (a copy where links are refused), which the run replaces file by file, never in place."""
    stage = out_dir.with_name(f".{out_dir.name}.stage-{os.getpid()}-{uuid.uuid4().hex[:8]}")

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    if out_dir.is_dir():
        shutil.copytree(out_dir, stage, copy_function=link, ignore=shutil.ignore_patterns(".*.tmp"))
    else:
        stage.mkdir()
    return stage


def sweep(stage: Path, keep: set[str]) -> None:
    """Remove from the stage every file that nothing lists (`keep`: paths relative to it), then
    the folders left empty: a report whose new rendering failed leaves no file of its own behind."""
    for path in sorted(stage.rglob("*"), reverse=True):
        rel = path.relative_to(stage).as_posix()
        if path.is_file() and rel not in keep and not any(rel.startswith(f"{k}/") for k in keep):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
