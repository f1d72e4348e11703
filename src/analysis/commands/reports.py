"""The report commands: report (render a year's reports, or several years') and verify (render
again and compare)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import config
from analysis.commands.arguments import (
    UsageError,
    check_jobs,
    match_provinces,
    processed_option,
    require_built,
    say,
    terminal_lang_option,
    year_argument,
)
from analysis.faults import Fault


def cmd_report(args: argparse.Namespace) -> int:

    from analysis.reports import plan, run  # lazy: CLI start-up

    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    unknown = [f for f in formats if f not in plan.FORMATS]
    if unknown or not formats:
        raise UsageError(say("usage.format", value=args.format, choices=", ".join(plan.FORMATS)))
    years = list(dict.fromkeys(args.year))  # in the order given, each once
    provinces = {year: match_provinces(args.province, year) if args.province else None for year in years}
    processed = Path(args.processed)
    langs = ["vi", "en"] if args.lang == "both" else [args.lang]
    for year in years:
        if args.force or any(run.unchanged_reports(year, provinces[year], formats, Path(args.out), lang,
                                                   Path(args.notebooks), processed) is None for lang in langs):
            require_built(year, processed)  # else the data is what a checked run rendered: no pandas needed
    if args.render_timeout <= 0:
        raise UsageError(say("usage.render_timeout"))
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(say("usage.out_is_file", out=out))
    check_jobs(args.jobs)
    status = 0
    # every year and edition on the same workers (kernels started once), started only if a run needs them
    kept = len(years) * len(langs) > 1
    with run.WarmWorkers(args.jobs, Path(args.notebooks), args.render_timeout) as workers:
        for year in years:
            for lang in langs:
                summary = run.run_reports(year, provinces[year], formats, args.jobs, args.force, out, lang,
                                          args.quiet, Path(args.notebooks), processed,
                                          render_timeout_s=args.render_timeout, wait=args.wait,
                                          workers=workers if kept else None)
                for failure in summary.failures:
                    print(say("report.failed", failure=failure), file=sys.stderr)
                print(run.summary_line(summary, year, lang if len(langs) > 1 else None))
                status = max(status, summary.exit_status)
    return status


def cmd_verify(args: argparse.Namespace) -> int:
    from analysis.reports import verify  # lazy: CLI start-up

    if args.release is not None:
        from analysis.reports import release  # lazy: CLI start-up

        problems, compared = release.check_release(args.year, args.release, Path(args.out))
        for problem in problems:
            print(problem)
        if problems:
            print(Fault("verify.some_differ", bad=len(problems), n=compared), file=sys.stderr)
            return 1
        print(Fault("verify.all_reproduce", n=compared))
        return 0
    processed = Path(args.processed)
    require_built(args.year, processed)
    verdict = verify.verify_year(args.year, Path(args.out), processed, Path(args.notebooks), args.jobs, args.quiet)
    for problem in verdict.problems:
        print(problem)
    print(verdict.summary(), file=sys.stderr if verdict.problems else sys.stdout)
    return verdict.exit_status



def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add report, verify to the subcommands `sub` (cli.build_parser)."""
    p = sub.add_parser("report", help="render the national, data-quality and province reports (HTML, PDF)",
                       description="Run the notebooks through papermill in parallel workers (each with a warm, "
                                   "reset kernel) and write reports/<year>/: index.html, national, data-quality, "
                                   "provinces/<code>-<slug>, the executed notebooks and manifest.json. Reports "
                                   "whose inputs did not change are skipped. Exit 1 if any report failed.")
    p.add_argument("--year", type=year_argument, nargs="+", default=[config.SAMPLE_YEAR], metavar="YEAR",
                   help=f"the year (default: {config.SAMPLE_YEAR}), or several: one run after the other on the "
                        "same workers, whose kernels start once")
    p.add_argument("--province", nargs="+", metavar="CODE_OR_NAME", help="only these provinces")
    p.add_argument("--format", default="html,pdf", help="html, pdf or html,pdf (default)")
    p.add_argument("--jobs", type=int, help="parallel workers (default: number of CPUs)")
    p.add_argument("--force", action="store_true", help="rebuild even the reports that are up to date")
    p.add_argument("--out", default=str(config.REPORTS_DIR), help="output folder (default: reports)")
    p.add_argument("--lang", choices=("vi", "en", "both"), default="vi",
                   help="the reports' edition (default: vi); the terminal's language is `khuyencong --lang` "
                        "before the command, else the locale")
    p.add_argument("--quiet", action="store_true", help="no progress bar (for logs)")
    p.add_argument("--notebooks", default=str(config.NOTEBOOKS_DIR), help=argparse.SUPPRESS)
    processed_option(p)
    p.add_argument("--render-timeout", type=float, default=config.RENDER_TIMEOUT_S, metavar="SECONDS",
                   help=f"time limit for the HTML and PDF of one report (default: {config.RENDER_TIMEOUT_S:g}); "
                        "a report over it fails alone")
    p.add_argument("--wait", action="store_true",
                   help="wait for another run on the same --out, or a build of --processed (default: exit 2 naming it)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("verify", help="render a year's reports again and compare them with manifest.json",
                       description="Check reports/<year>/ as published: inputs changed since the reports, reports "
                                   "that failed, every report of manifest.json rendered again into a temporary "
                                   "folder and each output compared with its recorded sha256 (missing, differs), "
                                   "and every file index.html links. One line per problem (exit 1), or that all "
                                   "outputs reproduce (exit 0).")
    p.add_argument("--year", type=year_argument, default=config.SAMPLE_YEAR)
    p.add_argument("--out", default=str(config.REPORTS_DIR), help="the reports folder to check (default: reports)")
    processed_option(p)
    p.add_argument("--jobs", type=int, help="parallel workers (default: number of CPUs)")
    p.add_argument("--quiet", action="store_true", help="no progress bar (for logs)")
    p.add_argument("--notebooks", default=str(config.NOTEBOOKS_DIR), help=argparse.SUPPRESS)
    p.add_argument("--release", type=int, metavar="N", help="check release N (reports/<year>/releases/N/) "
                                                             "byte for byte against its release.json instead")
    terminal_lang_option(p)
    p.set_defaults(func=cmd_verify)
