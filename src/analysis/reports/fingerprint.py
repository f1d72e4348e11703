"""What a report set rests on, as hashes: the inputs of a year's reports (data, notebooks, code,
published figures) and the fingerprint of a whole published set, which lets a run with nothing to
do stop in a fraction of a second.

A run that renders nothing still copied the data, checked it, hashed every output, wrote the open
data, status pages and index again (the same bytes) and imported pandas to plan its jobs: seconds.
So a run in which every report was built or up to date records in manifest.json (`fingerprint`) the
hash of the state it left (`state_digest`: every input file of the year, the notebooks, the code, the
published figures, the manifest's report entries and every file of reports/<year>/ but the manifest
itself, a release by its release.json) and the requests it completed at that state (year, provinces,
formats, edition). The next run of one of those requests computes the state again (file hashes only,
no pandas) and stops when it is the same: nothing a run would render or write can differ. Any change
of an input, a notebook, the code, the published figures, an output (edited, deleted, a file added)
or a release gives another state, and the run goes the whole way.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from analysis.config import PACKAGE_DIR, PUBLISHED_DIR, quality_files_before

MANIFEST_NAME = "manifest.json"
RELEASES = "releases"
RELEASE_FILE = "release.json"
NOTEBOOKS = ("national_assessment.ipynb", "data_quality.ipynb", "province_profile.ipynb")
ROOT_INDEX = "index.html"


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sha256_path(path: Path) -> str:
    """Hex sha256 of a file ("missing" when it does not exist)."""
    return sha256_file(path) if Path(path).is_file() else "missing"


@lru_cache(maxsize=1)
def code_hash() -> str:
    """One hash over the package's code, templates and reference data (any change rebuilds reports)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def data_inputs(year: int, processed_dir: Path) -> dict:
    """sha256 of the data every report of a year reads ("missing" for an absent file): each file of
    the year's build, the panel and the earlier years' quality tables ("2023/quality.csv": their
    unconfirmed values are flagged in the trends). Hashed once per run, shared by its jobs."""
    data_dir = Path(processed_dir) / str(year)
    built = {path.name: sha256_file(path) for path in sorted(data_dir.glob("*")) if path.is_file()}
    return {
        **dict.fromkeys(("units.parquet", "quality.csv", "provenance.json"), "missing"),
        **built,  # and whatever else the build writes (cells.parquet)
        "panel.parquet": sha256_path(Path(processed_dir) / "panel.parquet"),
        **{f"{p.parent.name}/{p.name}": sha256_file(p) for p in quality_files_before(year, processed_dir)},
    }


def request_key(year: int, province_codes: list[str] | None, formats: tuple[str, ...], lang: str) -> str:
    """What a run was asked to render, as one string (provinces None: every province of the year)."""
    return json.dumps({"year": year, "provinces": sorted(province_codes) if province_codes is not None else None,
                       "formats": sorted(formats), "lang": lang}, sort_keys=True)


def _set_files(year_dir: Path) -> dict[str, str]:
    """sha256 of every file of a published set but manifest.json; of a release, its release.json (a
    release is never touched again: `khuyencong verify --release N` checks its files)."""
    found = {}
    for path in sorted(year_dir.rglob("*")):
        rel = path.relative_to(year_dir)
        if rel.parts[0] == RELEASES and len(rel.parts) > 2 and rel.parts[2:] != (RELEASE_FILE,):
            continue
        if path.is_file() and rel.as_posix() != MANIFEST_NAME:
            found[rel.as_posix()] = sha256_file(path)
    return found


def state_digest(year: int, year_dir: Path, entries: dict, processed_dir: Path, notebooks_dir: Path) -> str:
    """One hash of everything a year's set rests on and consists of (see the module docstring)."""
    state = {
        "data": data_inputs(year, processed_dir),
        "notebooks": {name: sha256_path(Path(notebooks_dir) / name) for name in NOTEBOOKS},
        "code": code_hash(),
        "published": sha256_path(PUBLISHED_DIR / "figures.csv"),
        "entries": entries,
        "set": _set_files(Path(year_dir)),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def recorded_fingerprint(year_dir: Path) -> tuple[dict, dict]:
    """(the manifest's report entries, its fingerprint {"state", "requests"}); ({}, {}) when unreadable."""
    try:
        manifest = json.loads((Path(year_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(manifest, dict) or not isinstance(manifest.get("reports"), dict):
        return {}, {}
    fingerprint = manifest.get("fingerprint")
    return manifest["reports"], fingerprint if isinstance(fingerprint, dict) else {}


def unchanged_jobs(year: int, request: str, out: Path, processed_dir: Path, notebooks_dir: Path) -> int | None:
    """The number of reports of `request` when the set in `out`/<year>/ is exactly as a run of it left
    it (the same state; nothing to render or write), else None. The caller holds `out`'s lock."""
    year_dir = Path(out) / str(year)
    entries, fingerprint = recorded_fingerprint(year_dir)
    jobs = (fingerprint.get("requests") or {}).get(request)
    if not isinstance(jobs, int) or not (Path(out) / ROOT_INDEX).is_file():
        return None
    if fingerprint.get("state") != state_digest(year, year_dir, entries, processed_dir, notebooks_dir):
        return None
    return jobs


def fingerprint_after(previous: dict, state: str, request: str, jobs: int) -> dict:
    """The fingerprint to record after a complete run of `request` ended in `state`: the requests
    completed at the previous state stay listed when the state did not change."""
    requests = dict(previous.get("requests") or {}) if previous.get("state") == state else {}
    return {"state": state, "requests": {**requests, request: jobs}}
