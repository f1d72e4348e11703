"""`khuyencong verify`: render a year's reports again into a temporary folder and compare every
output, byte for byte, with the sha256 recorded in reports/<year>/manifest.json.

Reports are reproducible (same inputs, code and environment give the same bytes), so any
difference means a changed input, code or environment, or a tampered file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from analysis import reference
from analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR, REPORTS_DIR
from analysis.reports import manifest
from analysis.reports.plan import sha256_path
from analysis.reports.run import ReportError, run_reports


def verify_year(year: int, out: Path = REPORTS_DIR, processed_dir: Path = PROCESSED_DIR,
                notebooks_dir: Path = NOTEBOOKS_DIR, jobs: int | None = None,
                quiet: bool = True) -> tuple[list[str], int]:
    """(outputs that differ from the manifest's sha256, number of outputs compared).

    An output differs when its new rendering, or else the published file, has another sha256 than
    the manifest records; each is named "<path> (rendered again)" or "<path> (the published file)".

    Every built report of the manifest is rendered again (same languages, provinces and formats)
    from `processed_dir` into a temporary folder, which is removed afterwards. ReportError when
    the year has no manifest.
    """
    path = Path(out) / str(year) / manifest.MANIFEST_NAME
    entries = {key: entry for key, entry in manifest.load_manifest(path).get("reports", {}).items()
               if entry.get("status") == "built" and entry.get("outputs")}
    if not entries:
        raise ReportError(f"{path}: no built reports to verify; run `khuyencong report --year {year}` first")
    geo = reference.geo_for_year(year)
    differ, compared = [], 0
    with tempfile.TemporaryDirectory(prefix="khuyencong-verify-") as tmp:
        for lang in sorted({entry.get("lang", "vi") for entry in entries.values()}):
            chosen = [e for e in entries.values() if e.get("lang", "vi") == lang]
            codes = sorted({e["parameters"]["province"] for e in chosen if e.get("kind") == "province"})
            formats = tuple(sorted({f for e in chosen for f in e.get("formats", [])}))
            run_reports(year, [reference.province(code, geo) for code in codes], formats, jobs, True, Path(tmp),
                        lang, quiet, Path(notebooks_dir), Path(processed_dir))
        for entry in entries.values():
            for rel, digest in sorted(entry["outputs"].items()):
                compared += 1
                if sha256_path(Path(tmp) / str(year) / rel) != digest:
                    differ.append(f"{rel} (rendered again)")
                elif sha256_path(Path(out) / str(year) / rel) != digest:
                    differ.append(f"{rel} (the published file)")
    return differ, compared
