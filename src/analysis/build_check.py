"""The processed data of a year checked before anything reads it: every file of the build there and
what the build wrote (the sha256 provenance.json records), the panel readable; otherwise one line
naming the file in the folder the user gave and the command that builds it again there."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from analysis.config import PROCESSED_DIR, build_command, relative_to_root
from analysis.dataset import OUTPUTS, MissingBuild, first_line
from analysis.faults import Fault
from analysis.files import sha256_file


def check_built(year: int, processed_dir: Path = PROCESSED_DIR, shown: Path | None = None) -> dict:
    """The year's provenance record once every file of its build is there and is what the build wrote
    (each output's sha256 as provenance.json records it; panel.parquet readable). Fault otherwise,
    naming the file (under `shown`, the folder the user gave, when `processed_dir` is a copy of it)
    and the command that builds it again into that folder. Reports and indicators call it first."""
    processed_dir = Path(processed_dir)
    shown = Path(shown) if shown is not None else processed_dir
    command = build_command(year, shown)
    path = processed_dir / str(year) / "provenance.json"
    if not path.exists():
        raise MissingBuild(shown / str(year) / path.name, command)
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or not isinstance(meta.get("outputs", {}), dict):
            raise ValueError("not a provenance record")
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise Fault("data.unreadable", path=relative_to_root(shown / str(year) / path.name),
                    reason=first_line(exc), command=command) from None
    for name in OUTPUTS:
        file = processed_dir / str(year) / name
        if not file.exists():
            raise MissingBuild(shown / str(year) / name, command)
        recorded = meta.get("outputs", {}).get(name)
        if recorded is not None and sha256_file(file) != recorded:
            raise Fault("data.changed", path=relative_to_root(shown / str(year) / name), command=command)
    panel = processed_dir / "panel.parquet"
    if not panel.exists():
        raise MissingBuild(shown / "panel.parquet", command)
    try:
        pq.read_metadata(panel)
    except (OSError, ValueError) as exc:
        raise Fault("data.unreadable", path=relative_to_root(shown / "panel.parquet"), reason=first_line(exc),
                    command=command) from None
    return meta
