"""The commands of releases: `khuyencong release` and `khuyencong diff` (their parsers and what they
run); `khuyencong verify --release N` is in commands.reports.cmd_verify. Errors end in one line (faults.Fault)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import config
from analysis.commands.arguments import check_jobs, processed_option, year_argument
from analysis.faults import Fault


def cmd_release(args: argparse.Namespace) -> int:
    from analysis.reports import release  # lazy: CLI start-up

    processed = Path(args.processed)
    from analysis.build_check import check_built  # lazy: CLI start-up

    check_built(args.year, processed)
    check_jobs(args.jobs)
    try:
        record = release.make_release(args.year, args.note, args.kind, Path(args.out), processed,
                                      Path(args.notebooks), wait=args.wait, jobs=args.jobs, quiet=args.quiet)
    except release.ReleaseRefused as refused:
        for reason in refused.reasons:
            print(reason, file=sys.stderr)
        raise
    print(Fault("release.made", year=args.year, number=record["number"], date=record["date"],
                path=Path(args.out) / str(args.year) / release.RELEASES / str(record["number"]),
                changes=len(record["changes"]) if record.get("previous") else None, previous=record.get("previous")))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from analysis.reports import changes, release  # lazy: CLI start-up

    year_dir = Path(args.out) / str(args.year)
    numbers = [r["number"] for r in release.releases(year_dir)]
    if len(numbers) < 2 and (args.before is None or args.after is None):
        raise Fault("diff.needs_two", 2, year=args.year, n=len(numbers), path=year_dir / release.RELEASES)
    after = args.after if args.after is not None else numbers[-1]
    earlier = [n for n in numbers if n < after]
    if args.before is None and not earlier:
        raise Fault("diff.needs_two", 2, year=args.year, n=len(numbers), path=year_dir / release.RELEASES)
    before = args.before if args.before is not None else earlier[-1]
    dirs = {n: year_dir / release.RELEASES / str(n) for n in (before, after)}
    for folder in dirs.values():
        if not (folder / release.RELEASE_FILE).exists():
            raise Fault("release.unknown", 2, path=folder / release.RELEASE_FILE, year=args.year)
    cells = changes.cell_changes(dirs[before], dirs[after])
    moved = changes.figure_changes(dirs[before], dirs[after])
    if cells.empty:
        print(Fault("diff.none", before=before, after=after))
        return 0
    for row in cells.to_dict("records"):
        side = "after" if isinstance(row.get("source_file_after"), str) else "before"
        figures = [f"{m['report']}: {m['figure']}" for m in sorted(moved, key=_headline_first)
                   if str(row["province_code"]) in m["cause_provinces"]]
        print(Fault("diff.cell", file=row[f"source_file_{side}"], sheet=row.get(f"sheet_{side}") or "",
                    cell=row.get(f"cell_{side}") or "", column=row["column"],
                    before=repr(row.get("typed_before")) if isinstance(row.get("typed_before"), str) else "–",
                    after=repr(row.get("typed_after")) if isinstance(row.get("typed_after"), str) else "–",
                    figures=", ".join(figures[:12]) + (" …" if len(figures) > 12 else "")))
    return 0


def _headline_first(change: dict) -> tuple:
    """Order of the figures a cell moved: the national headline figures, the province's own, the rest."""
    figure = change["figure"]
    return (0 if figure.startswith("national.") else 1 if change["report"].startswith("province-") else 2,
            change["report"], figure)


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `release` and `diff` to the command line's subparsers (`year_type` parses --year)."""
    p = sub.add_parser("release", help="publish the year's current reports as the next release, kept for good",
                       description="Copy the year's current reports, open data and index into "
                                   "reports/<year>/releases/<N>/ with release.json (date, note, kind, sha256 of "
                                   "every file, the figures changed since the previous release). Refused, with "
                                   "every reason, when the reports are not those of the current data, a report "
                                   "failed or a return changed since the build.")
    p.add_argument("--year", type=year_argument, default=config.SAMPLE_YEAR)
    p.add_argument("--note", default="", help="what the release is, e.g. why it revises the previous one")
    p.add_argument("--kind", choices=("revision", "correction"),
                   help="after the first release: a revision with new data (default) or a correction of an error")
    p.add_argument("--out", default=str(config.REPORTS_DIR), help="the reports folder (default: reports)")
    processed_option(p)
    p.add_argument("--notebooks", default=str(config.NOTEBOOKS_DIR), help=argparse.SUPPRESS)
    p.add_argument("--wait", action="store_true", help="wait for a report run on the same --out")
    p.add_argument("--jobs", type=int, help="parallel workers rendering the release's pages (default: number of CPUs)")
    p.add_argument("--quiet", action="store_true", help="no progress bar (for logs)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("diff", help="list the raw cells that differ between two releases",
                       description="List, cell by cell, the raw values that differ between two releases of a year "
                                   "(file, sheet, cell, old and new as typed) and the published figures each moved. "
                                   "Default: the last release and the one before.")
    p.add_argument("--year", type=year_argument, default=config.SAMPLE_YEAR)
    p.add_argument("--from", dest="before", type=int, metavar="N", help="the earlier release")
    p.add_argument("--to", dest="after", type=int, metavar="M", help="the later release (default: the last)")
    p.add_argument("--out", default=str(config.REPORTS_DIR), help="the reports folder (default: reports)")
    p.set_defaults(func=cmd_diff)
