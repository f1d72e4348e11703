"""Build stage: data/raw/<year>/ -> data/processed/<year>/{units.parquet, cells.parquet, quality.csv,
provenance.json}.

Load inputs (ingest), process (clean, de-duplicate, validate), save outputs atomically: the
year's folder is written under a temporary name and renamed into place only when there is no
error and swapped into place in one step (files.swap_in), so an earlier build is never
half-overwritten and a kill at any instant leaves the earlier build or the new one; the next build
finishes a swap a killed one left (files.recover_swaps).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from analysis import checks, clean, config, denominators, indicators, ingest, outliers, reference
from analysis.collection.status import build_status, rates  # receipts, approvals: analyst input beside the returns
from analysis.config import PROCESSED_DIR, PROJECT_ROOT, RAW_DIR, RETURN_COLUMNS, SAMPLE_MARKER, relative_to_root
from analysis.faults import Fault, cannot_write
from analysis.files import json_dumps, neutralise_formulas, recover_swaps, sha256_file, swap_in
from analysis.quality import Issue, count, issues_frame, sorted_issues

#: The files of data/processed/<year>/ besides provenance.json (whose outputs record their sha256).
OUTPUTS = ("units.parquet", "quality.csv", "cells.parquet", "status.csv")


@dataclass
class BuildResult:
    """What a build of one year produced: the units (if valid), every issue, the files read."""

    year: int
    units: pd.DataFrame | None
    issues: list[Issue] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    out_dir: Path | None = None
    #: Where each value came from (clean.source_cells): written as cells.parquet beside the units.
    cells: pd.DataFrame | None = None
    unchanged: bool = False  # True when the outputs already on disk were identical (nothing rewritten)
    #: The collection's status, one row per province (analysis.collection.status): written as status.csv.
    collection: pd.DataFrame | None = None

    @property
    def errors(self) -> int:
        return count(self.issues, "error")

    @property
    def warnings(self) -> int:
        return count(self.issues, "warning")


def package_version() -> str:
    """Installed version of this package ("unknown" when run from a bare checkout)."""
    try:
        return version("khuyencong-assessment")
    except PackageNotFoundError:
        return "unknown"


def git_commit() -> str | None:
    """The checkout's commit (with "-dirty" when it has changes), or None outside git."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def process_year(year: int, raw_dir: Path = RAW_DIR, previous: pd.DataFrame | None = None) -> BuildResult:
    """Read, clean and validate one year's returns; nothing is written.

    With `previous` (the previous year's built units), each province is also compared with its
    previous return (checks.yml); hits are issues of severity "check".
    """
    year_dir = Path(raw_dir) / str(year)
    if not year_dir.is_dir():
        raise FileNotFoundError(f"{relative_to_root(year_dir)}: no such folder; returns for {year} go there "
                                f"(or run `khuyencong sample --year {year}` for illustrative data)")
    # Load inputs
    raw, issues, files = ingest.read_returns(year_dir)
    if not files:
        found = [i.params.get("name", "") for i in issues if i.code in ("file.not_return", "file.folder")]
        issues.append(Issue.make("error", "folder.no_returns", relative_to_root(year_dir), found=", ".join(found)))
    # Process data
    units, more = clean.tidy_units(raw, year)
    issues += more
    units, more = clean.drop_duplicate_returns(units)
    issues += more
    issues += blank_network_notes(units, year)
    from analysis import validate  # lazy: start-up of report kernels and commands (pandera ~1 s, only for a build)

    issues += validate.unit_errors(units, year)
    if previous is not None:
        issues += checks.check_issues(checks.year_on_year_hits(units, previous, year))
    elif (Path(raw_dir) / str(year - 1)).is_dir():
        issues.append(Issue.make("info", "check.no_previous_year", relative_to_root(year_dir), previous_year=year - 1))
    issues += outliers.outlier_issues(outliers.outlier_hits(units, previous, year), year)
    # every problem in reading order (file, row, column of the form); the missing provinces once, last
    issues = sorted_issues(issues, [c.name for c in RETURN_COLUMNS])
    missing = clean.missing_returns(units, year)
    if files and missing:
        shown_dir = relative_to_root(year_dir)
        if len(units) == 0 or len(missing) == len(reference.provinces(reference.geo_for_year(year))):
            issues.append(Issue.make("warning", "folder.no_units", shown_dir, None, "province", str(len(missing)),
                                     n=len(missing)))
        else:
            issues.append(Issue.make("warning", "folder.missing_provinces", shown_dir, None, "province",
                                     str(len(missing)), n=len(missing), names=", ".join(missing)))
    units = units.sort_values(["unit_type", "province_code", "unit_name"], ignore_index=True,
                              key=lambda s: s.map({"tỉnh": 0, "trung ương": 1}) if s.name == "unit_type" else s)
    collection, more = build_status(year, year_dir, units, issues)
    issues += more
    return BuildResult(year, units, issues, files, cells=clean.source_cells(raw, units), collection=collection)


def blank_network_notes(units: pd.DataFrame, year: int) -> list[Issue]:
    """A note (info, network.blank_as_zero) for each blank network count of a provincial unit that
    the indicators read as 0 (indicators.blank_as_zero_columns), so the data-quality report lists every
    such blank; [] when none."""
    columns = indicators.blank_as_zero_columns(reference.geo_for_year(year))
    provincial = units[units["unit_type"] == config.UNIT_TYPE_PROVINCE]
    return [Issue.make("info", "network.blank_as_zero", row["source_file"], int(row["source_row"]), column)
            for _, row in provincial.iterrows() for column in columns if pd.isna(row[column])]


def is_sample(units: pd.DataFrame) -> bool:
    """True when any return in the table is marked as illustrative sample data."""
    return bool(units["notes"].fillna("").str.contains(SAMPLE_MARKER, regex=False).any())


def provenance(result: BuildResult, raw_dir: Path, started: float) -> dict:
    """Metadata written beside the outputs: the returns read (`inputs`, each file with its sha256), the
    folder's other entries (`other_files`: README, lock, hidden or unexpected files, each with its sha256
    and the code and severity of the note or warning it got), code version, reference snapshot."""
    units = result.units
    return {
        "year": result.year,
        "geo": reference.geo_for_year(result.year),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - started, 3),
        "package_version": package_version(),
        "git_commit": git_commit(),
        "reference": {"library": reference.LIBRARY, "snapshot": reference.SNAPSHOTS[reference.geo_for_year(result.year)],
                      "unit_counts": denominators.unit_counts_basis(result.year)},
        "sample_data": is_sample(units),
        "inputs": [{"file": ingest.shown_path(p), "sha256": sha256_file(p)} for p in result.files],
        "other_files": ingest.other_files(Path(raw_dir) / str(result.year)),
        "rows": {"units": len(units), "provincial": int((units["unit_type"] == "tỉnh").sum()),
                 "central": int((units["unit_type"] == "trung ương").sum())},
        "missing_returns": clean.missing_returns(units, result.year),
        "issues": {s: count(result.issues, s) for s in ("error", "warning", "info")},
        "collection": _collection_counts(result.collection),
    }


def _collection_counts(table: pd.DataFrame | None) -> dict | None:
    """The collection's counts for the provenance (expected, received, on time, signed off), or None."""
    if table is None:
        return None
    r = rates(table)
    return {k: r[k] for k in ("expected", "received", "on_time", "late", "unknown", "signed_off")}


def write_outputs(result: BuildResult, out_dir: Path, meta: dict) -> Path:
    """Write the year's folder atomically (a temporary folder swapped into place); returns its path.

    Fault (build.cannot_write, naming the path) when it cannot be written: a full disk, a read-only
    folder, a file in the way; the earlier build is then as it was.
    """
    out_dir = Path(out_dir)
    final = out_dir / str(result.year)
    # mkdir, not tempfile.mkdtemp: the folder becomes the output and keeps the user's umask, not 0700
    tmp = out_dir / f".{result.year}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        result.units.to_parquet(tmp / "units.parquet", index=False)
        neutralise_formulas(issues_frame(result.issues)).to_csv(tmp / "quality.csv", index=False, encoding="utf-8")
        cells = result.cells if result.cells is not None else pd.DataFrame(columns=list(clean.CELL_COLUMNS))
        cells.to_parquet(tmp / "cells.parquet", index=False)
        if result.collection is not None:
            neutralise_formulas(result.collection).to_csv(tmp / "status.csv", index=False, encoding="utf-8")
        meta = dict(meta, outputs={name: sha256_file(tmp / name) for name in OUTPUTS if (tmp / name).exists()})
        if _same_build(final, meta):
            shutil.rmtree(tmp)
            result.unchanged = True
            return final
        (tmp / "provenance.json").write_text(json_dumps(meta) + "\n", encoding="utf-8")
        swap_in(tmp, final)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise cannot_write("build.cannot_write", getattr(exc, "filename", None) or tmp, exc) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _same_build(final: Path, meta: dict) -> bool:
    """True when `final` already holds these exact outputs from these exact inputs (nothing to write)."""
    try:
        earlier = json.loads((final / "provenance.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (set(earlier) == set(meta) | {"outputs"} and earlier.get("reference") == meta["reference"]
            and earlier.get("inputs") == meta["inputs"] and earlier.get("other_files") == meta.get("other_files")
            and earlier.get("outputs") == meta["outputs"]
            and all((final / name).exists() and sha256_file(final / name) == digest
                    for name, digest in meta["outputs"].items()))


def build_year(year: int, raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR) -> BuildResult:
    """Process one year and, if there is no error, write its outputs; the result says what happened."""
    started = time.perf_counter()
    recover_build(out_dir)
    before = Path(out_dir) / str(year - 1) / "units.parquet"
    previous = pd.read_parquet(before) if before.exists() else None
    result = process_year(year, raw_dir, previous)
    if result.errors:
        return result
    result.out_dir = write_outputs(result, out_dir, provenance(result, raw_dir, started))
    write_panel(out_dir)  # keep the all-years table in step with every year's build
    return result


def recover_build(out_dir: Path = PROCESSED_DIR) -> list[Path]:
    """Finish what a killed build left in `out_dir` (files.recover_swaps): a year's folder put back
    (said on stderr), temporary folders and files removed. Returns the folders put back."""
    restored = recover_swaps(out_dir)
    for path in restored:
        print(Fault("build.recovered", path=relative_to_root(path)), file=sys.stderr)
    return restored


def write_panel(out_dir: Path = PROCESSED_DIR) -> Path | None:
    """Stack every built year's units into <out>/panel.parquet (atomically); None when nothing is built.

    Each row keeps its `geo`, so a province code is always read on its own map.
    """
    out_dir = Path(out_dir)
    years = sorted(int(p.name) for p in out_dir.iterdir() if p.name.isdigit() and (p / "units.parquet").exists())
    if not years:
        return None
    panel = pd.concat([pd.read_parquet(out_dir / str(y) / "units.parquet") for y in years], ignore_index=True)
    path = out_dir / "panel.parquet"
    tmp = out_dir / f".panel.parquet.{os.getpid()}.tmp"
    try:
        panel.to_parquet(tmp, index=False)
        if path.exists() and sha256_file(path) == sha256_file(tmp):
            tmp.unlink()
        else:
            tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise cannot_write("build.cannot_write", path, exc) from None
    return path




def _built_parquet(path: Path, command: str) -> pd.DataFrame:
    """A parquet file the build writes; Fault (data.missing / data.unreadable) naming the command that
    writes it (a FileNotFoundError too, for callers that catch that)."""
    if not path.exists():
        raise MissingBuild(path, command)
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise Fault("data.unreadable", path=relative_to_root(path), reason=first_line(exc), command=command) from None


class MissingBuild(Fault, FileNotFoundError):
    """A file of the build is not there (data.missing, exit 2): the message names the build command."""

    def __init__(self, path: Path, command: str) -> None:
        Fault.__init__(self, "data.missing", 2, path=relative_to_root(path), command=command)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def missing_previous(year: int, raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR) -> int | None:
    """The previous year when it has returns in `raw_dir` but no build in `out_dir` (its year-on-year
    checks could not run); None when there is nothing to compare with or it is built."""
    previous = year - 1
    if (Path(raw_dir) / str(year)).is_dir() and (Path(raw_dir) / str(previous)).is_dir() and not (Path(out_dir) / str(previous) / "units.parquet").exists():
        return previous
    return None


def load_panel(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """Every built year's units (data/processed/panel.parquet; run `khuyencong build`)."""
    return _built_parquet(Path(processed_dir) / "panel.parquet", config.build_command(None, processed_dir))


def available_years(raw_dir: Path = RAW_DIR) -> list[int]:
    """Years that have a folder of returns under raw_dir, ascending."""
    return sorted(int(p.name) for p in Path(raw_dir).iterdir() if p.is_dir() and p.name.isdigit())


def load_units(year: int, processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The processed unit table of one year (run `khuyencong build --year YEAR` first)."""
    return _built_parquet(Path(processed_dir) / str(year) / "units.parquet", config.build_command(year, processed_dir))


def load_quality(year: int, processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The quality table (every warning and note) of one year's build."""
    return pd.read_csv(Path(processed_dir) / str(year) / "quality.csv", dtype={"row": "Int64"},
                       keep_default_na=False, na_values={"row": [""]})


def load_cells(year: int, processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """Where each value of the year's units came from (cells.parquet; see clean.source_cells)."""
    return _built_parquet(Path(processed_dir) / str(year) / "cells.parquet", config.build_command(year, processed_dir))


def load_provenance(year: int, processed_dir: Path = PROCESSED_DIR) -> dict:
    """The provenance record of one year's build (Fault naming the file when it is damaged)."""
    path = Path(processed_dir) / str(year) / "provenance.json"
    if not path.exists():
        raise MissingBuild(path, config.build_command(year, processed_dir))
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise Fault("data.unreadable", path=relative_to_root(path), reason=first_line(exc),
                    command=config.build_command(year, processed_dir)) from None
