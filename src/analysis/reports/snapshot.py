"""One version of the processed data for a whole report run: a private copy taken under the
processed folder's lock.

The year's folder (units.parquet, quality.csv, provenance.json), panel.parquet and the quality.csv
of every earlier year (the unconfirmed values they flag: analysis.flags) are copied to a temporary
folder of this process, the lock is released, and every report of the run reads the copy
(its ``processed_dir`` parameter), so a `khuyencong build` during the run cannot mix versions.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.config import quality_files_before
from analysis.reports import lock
from analysis.reports.lifetime import SNAPSHOT_PREFIX, private_folder


@contextmanager
def processed_snapshot(processed_dir: Path, year: int, wait: bool = False) -> Iterator[Path]:
    """A private copy of `processed_dir` holding the year's folder, panel.parquet and the earlier
    years' quality.csv; removed at the end.

    Raises lock.LockHeld when a build holds the processed folder (unless `wait`).
    """
    processed_dir = Path(processed_dir)
    copy = private_folder(SNAPSHOT_PREFIX)
    try:
        with lock.hold(processed_dir, wait=wait):
            shutil.copytree(processed_dir / str(year), copy / str(year))
            panel = processed_dir / "panel.parquet"
            if panel.exists():
                shutil.copy2(panel, copy / "panel.parquet")
            for path in quality_files_before(year, processed_dir):
                (copy / path.parent.name).mkdir()
                shutil.copy2(path, copy / path.parent.name / path.name)
        yield copy
    finally:
        shutil.rmtree(copy, ignore_errors=True)
