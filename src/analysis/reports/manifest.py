"""reports/<year>/manifest.json: for every report its parameters, input hashes, outputs with their
sha256, timing, status and error; the only file holding run-specific facts (times, durations).

Written as strict JSON (no NaN or Infinity) after every finished report, atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from analysis import files
from analysis.reports.plan import Job, sha256_path

MANIFEST_NAME = "manifest.json"


@dataclass
class JobResult:
    """What happened to a job: status "built" or "failed", outputs {relative path: sha256}, timing, error."""

    key: str
    status: str
    started: str = ""
    duration_s: float = 0.0
    outputs: dict = field(default_factory=dict)
    error: dict | None = None
    recorded: dict = field(default_factory=dict)


def load_manifest(path: Path) -> dict:
    """The manifest of an earlier run ({} when there is none or it is unreadable)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("reports", {}), dict) else {}


def manifest_problem(path: Path) -> str | None:
    """Why a manifest cannot be read ("Expecting value: line 1 column 1"), None when it can; a missing
    file is "missing"."""
    path = Path(path)
    if not path.exists():
        return "missing"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if not isinstance(data, dict) or not isinstance(data.get("reports"), dict) or not all(
            isinstance(e, dict) for e in data["reports"].values()):
        return "not a manifest of reports"
    return None


def outputs_intact(entry: dict | None, out_dir: Path) -> bool:
    """True when an entry was built and every output it lists is on disk with its recorded sha256."""
    if not entry or entry.get("status") != "built":
        return False
    return all(sha256_path(Path(out_dir) / rel) == digest for rel, digest in entry.get("outputs", {}).items())


def is_fresh(entry: dict | None, key: str, out_dir: Path) -> bool:
    """True when an earlier run built this report from the same inputs and its files are intact."""
    return bool(entry) and entry.get("input_key") == key and outputs_intact(entry, out_dir)


def entry_for(job: Job, inputs: dict, key: str, result: JobResult, formats: tuple[str, ...],
              version: str, commit: str | None) -> dict:
    """The manifest entry of a finished job."""
    entry = {"kind": job.kind, "parameters": job.parameters, "notebook": job.notebook, "inputs": inputs,
             "input_key": key, "package_version": version, "git_commit": commit, "started": result.started,
             "duration_s": result.duration_s, "status": result.status, "outputs": result.outputs,
             "formats": list(formats), "title": job.title, "stem": job.stem, "lang": job.lang,
             "recorded": result.recorded}
    if result.error:
        entry["error"] = result.error
    return entry


def merge_failed(previous: dict | None, failed: dict, out_dir: Path) -> dict:
    """The entry to keep after a failed attempt: after a failure to write (disk full, read-only) the
    previous good report, while its files are intact, stays listed with the attempt noted in
    `last_attempt`; after any other failure (a cell's error, a dead kernel, the time limit) the failed
    entry replaces it, and the run removes the files nothing lists any more, so the index never shows
    a report of other data beside the new set."""
    if (failed.get("error") or {}).get("kind") == "write" and outputs_intact(previous, out_dir):
        attempt = {"started": failed.get("started"), "status": "failed", "error": failed.get("error"),
                   "outputs": failed.get("outputs", {})}
        return {**previous, "last_attempt": attempt}
    return failed


def listed_files(entries: dict) -> set[str]:
    """Every file the entries list (outputs, and the audit notebook of a failed last attempt),
    relative to reports/<year>/."""
    listed: set[str] = set()
    for entry in entries.values():
        listed |= set(entry.get("outputs", {}))
        listed |= set((entry.get("last_attempt") or {}).get("outputs", {}))
    return listed


def write_manifest(path: Path, year: int, entries: dict, sample_data: bool | None = None) -> None:
    """Write the manifest atomically as strict JSON (OSError when it cannot be written); `sample_data`
    (the provenance flag of the data the reports were built from) is recorded when given."""
    data = {"year": year, "updated": datetime.now(UTC).isoformat(timespec="seconds")}
    if sample_data is not None:
        data["sample_data"] = bool(sample_data)
    files.write_json(path, {**data, "reports": entries})


def sample_data(year_dir: Path) -> bool:
    """True when the reports in `year_dir` (reports/<year>/) were built from sample data: the manifest's
    flag, else (a manifest written before the flag was recorded) the open data package's."""
    flag = load_manifest(Path(year_dir) / MANIFEST_NAME).get("sample_data")
    if flag is None:
        package = load_manifest(Path(year_dir) / "data" / "datapackage.json")
        flag = package.get("khuyencong:sample_data", False)
    return bool(flag)


#: Where a year's folder keeps its releases (analysis.reports.release), and the record of each.
RELEASES = "releases"
RELEASE_FILE = "release.json"


def releases(year_dir: Path) -> list[dict]:
    """The year's releases (their release.json), oldest first; [] when there is none."""
    found = []
    for path in sorted(Path(year_dir, RELEASES).glob(f"*/{RELEASE_FILE}"), key=lambda p: int(p.parent.name)
                       if p.parent.name.isdigit() else 0):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return found
