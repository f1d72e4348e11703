"""The `khuyencong` command (also `python -m analysis`): parses arguments and calls the stages.

Exit status: 0 done, 1 bad data or a failed report, 2 usage error (unknown option, province or year).
Every line it prints comes from messages.yml's ``terminal`` section (and the build's messages), in the
terminal language: ``--lang vi|en`` (before or after the command; for ``report``, before it, since
``report --lang`` chooses the reports' edition), else the locale as gettext reads it (vi_VN... ->
Vietnamese, anything else English).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis import cli_releases, config, messages


class UsageError(Exception):
    """A mistake in the command line: printed in one line, exit status 2."""


def _say(code: str, **values: object) -> str:
    """A terminal line of messages.yml in the terminal language (--lang, else the locale)."""
    return messages.text(code, messages.terminal_lang(), **values)


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_say("usage.not_a_year", value=text)) from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(_say("usage.implausible_year", value=year))
    return year


def _built_command(year: int, processed: Path, raw: Path = config.RAW_DIR) -> str:
    """The build command that writes `year` into `processed` from `raw`, as a user types it."""
    command = f"khuyencong build --year {year}"
    if Path(raw).resolve() != config.RAW_DIR.resolve():
        command += f" --raw {config.relative_to_root(Path(raw))}"
    if Path(processed).resolve() != config.PROCESSED_DIR.resolve():
        command += f" --out {config.relative_to_root(Path(processed))}"
    return command


def cmd_build(args: argparse.Namespace) -> int:
    """Build under the processed folder's lock (held by another build, or by a report copying its data)."""
    from analysis.faults import Fault
    from analysis.reports import lock

    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise Fault("build.out_not_folder", 2, path=args.out)
    with lock.hold(Path(args.out), wait=args.wait):
        return _build_years(args)


def _build_years(args: argparse.Namespace) -> int:
    from analysis import dataset
    from analysis.quality import count

    raw_dir, out_dir = Path(args.raw), Path(args.out)
    lang = messages.terminal_lang()
    if not raw_dir.is_dir():
        raise UsageError(_say("usage.no_raw_folder", raw=raw_dir))
    years = [args.year] if args.year else dataset.available_years(raw_dir)
    if not years:
        raise UsageError(_say("usage.no_year_folders", raw=config.relative_to_root(raw_dir), year=config.SAMPLE_YEAR))
    status = 0
    dataset.recover_build(out_dir)  # before the checks below look for the previous year's build
    years = _with_previous_years(years, raw_dir, out_dir)
    for year in years:
        previous = dataset.missing_previous(year, raw_dir, out_dir)
        if previous is not None:  # it failed: the year-on-year checks would be skipped without a word
            from analysis.faults import Fault

            print(Fault("build.needs_previous", year=year, previous=previous, raw=config.relative_to_root(raw_dir),
                        out=config.relative_to_root(out_dir), command=dataset.build_command(year, out_dir)),
                  file=sys.stderr)
            status = 1
            continue
        try:
            result = dataset.build_year(year, raw_dir, out_dir)
        except FileNotFoundError as exc:
            raise UsageError(str(exc)) from None
        shown = [i for i in result.issues if args.verbose or i.severity != "info"]
        for issue in shown:
            print(issue.line(lang), file=sys.stderr)
        infos = count(result.issues, "info")
        if result.errors:
            print(_say("build.failed", year=year, errors=result.errors, warnings=result.warnings,
                       folder=config.relative_to_root(out_dir / str(year))), file=sys.stderr)
            status = 1
        else:
            state = _say("build.unchanged" if result.unchanged else "build.written")
            print(_say("build.done", year=year, units=len(result.units), files=len(result.files),
                       folder=config.relative_to_root(result.out_dir), state=state, warnings=result.warnings,
                       checks=count(result.issues, "check"), notes=infos))
    if status == 0 and (out_dir / "panel.parquet").exists():
        print(_say("build.panel", panel=config.relative_to_root(out_dir / "panel.parquet")))
    return status


def _with_previous_years(years: list[int], raw_dir: Path, out_dir: Path) -> list[int]:
    """The years to build, in order: those asked for and, before each, every earlier year that has
    returns but no build (its year-on-year checks compare with it), said in one line each."""
    from analysis import dataset
    from analysis.faults import Fault

    wanted = set(years)
    for year in years:
        current = year
        while (previous := dataset.missing_previous(current, raw_dir, out_dir)) is not None and previous not in wanted:
            print(Fault("build.previous_first", previous=previous, year=current), file=sys.stderr)
            wanted.add(previous)
            current = previous
    return sorted(wanted)


def cmd_template(args: argparse.Namespace) -> int:
    from analysis.form import write_template

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(_say("usage.template_suffix", out=out))
    if args.province or args.prefill_from:
        from analysis.collection.commands import write_prefilled

        return write_prefilled(args, out)
    write_template(args.year, out)
    print(_say("template.written", year=args.year, out=out))
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from analysis.sample import SAMPLE_YEARS, write_sample

    years = [args.year] if args.year else list(SAMPLE_YEARS)
    if any(year not in SAMPLE_YEARS for year in years):
        raise UsageError(_say("usage.no_sample", year=args.year, years=", ".join(map(str, SAMPLE_YEARS))))
    for year in years:
        written = write_sample(year, Path(args.raw))
        print(_say("sample.written", n=len(written), folder=config.relative_to_root(Path(args.raw) / str(year))))
    return 0


def _match_provinces(texts: list[str], year: int) -> list:
    """Provinces named on the command line, matched before anything runs (UsageError otherwise)."""
    from analysis import reference

    found = []
    for text in texts:
        try:
            found.append(reference.match_province(text, year))
        except reference.ProvinceNotFound as exc:
            reason = messages.render(exc.code, {"value": str(text).strip(), **exc.params}, messages.terminal_lang())
            raise UsageError(reason) from None
    return found


def _require_built(year: int, processed_dir: Path) -> None:
    """Every file of the year's build there and intact (dataset.check_built: a Fault in one line otherwise)."""
    from analysis.build_check import check_built

    if not (processed_dir / str(year)).is_dir():  # never built: where its returns go
        raise UsageError(_say("usage.not_built", folder=config.relative_to_root(processed_dir / str(year)),
                              raw=config.relative_to_root(config.RAW_DIR / str(year)),
                              command=_built_command(year, processed_dir)))
    check_built(year, processed_dir)


def cmd_indicators(args: argparse.Namespace) -> int:
    import csv

    from analysis import dataset, key_figures, reconciliation

    processed = Path(args.processed)
    _require_built(args.year, processed)
    units = dataset.load_units(args.year, processed)
    if args.province:
        (province,) = _match_provinces([args.province], args.year)
        figures = key_figures.province_indicators(units, args.year, province.code)
    else:
        figures = key_figures.national_indicators(units, args.year, reconciliation.published_figures(args.year))
    from analysis.files import flattened, json_dumps, neutralise_formula

    if args.format == "json":
        print(json_dumps(figures))  # strict JSON: NaN and infinities as null
        return 0
    writer = csv.writer(sys.stdout)
    writer.writerow(["indicator", "value"])
    for name, value in flattened(figures):  # text that a spreadsheet would run as a formula gets a '
        writer.writerow([neutralise_formula(name), neutralise_formula("" if value is None else value)])
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    from analysis import dataset, trace
    from analysis.files import json_dumps

    processed = Path(args.processed)
    _require_built(args.year, processed)
    if args.column not in trace.TRACEABLE:
        import difflib

        close = difflib.get_close_matches(args.column, trace.TRACEABLE, n=3)
        raise UsageError(_say("usage.not_traceable", column=args.column, close=", ".join(close),
                              choices=", ".join(trace.TRACEABLE)))
    try:
        cells = dataset.load_cells(args.year, processed)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    code = _match_provinces([args.province], args.year)[0].code if args.province else None
    if args.format == "json":
        print(json_dumps(trace.trace_records(cells, args.column, code)))
        return 0
    lines = trace.trace_lines(cells, args.column, code, messages.terminal_lang())
    if code is not None and not lines:
        print(_say("trace.no_return", code=code, year=args.year), file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def cmd_report(args: argparse.Namespace) -> int:

    from analysis.reports import plan, run

    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    unknown = [f for f in formats if f not in plan.FORMATS]
    if unknown or not formats:
        raise UsageError(_say("usage.format", value=args.format, choices=", ".join(plan.FORMATS)))
    provinces = _match_provinces(args.province, args.year) if args.province else None
    processed = Path(args.processed)
    _require_built(args.year, processed)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(_say("usage.jobs"))
    if args.render_timeout <= 0:
        raise UsageError(_say("usage.render_timeout"))
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(_say("usage.out_is_file", out=out))
    if args.jobs and args.jobs > (os.cpu_count() or 1):
        print(_say("report.jobs_capped", jobs=args.jobs, cpus=os.cpu_count() or 1), file=sys.stderr)
    langs = ["vi", "en"] if args.lang == "both" else [args.lang]
    status = 0
    for lang in langs:
        summary = run.run_reports(args.year, provinces, formats, args.jobs, args.force, out, lang, args.quiet,
                                  Path(args.notebooks), processed, render_timeout_s=args.render_timeout,
                                  wait=args.wait)
        for failure in summary.failures:
            print(_say("report.failed", failure=failure), file=sys.stderr)
        print(run.summary_line(summary, args.year))
        status = max(status, summary.exit_status)
    return status


def cmd_verify(args: argparse.Namespace) -> int:
    from analysis.reports import verify

    if args.release is not None:
        from analysis.faults import Fault
        from analysis.reports import release

        problems, compared = release.check_release(args.year, args.release, Path(args.out))
        for problem in problems:
            print(problem)
        if problems:
            print(Fault("verify.some_differ", bad=len(problems), n=compared), file=sys.stderr)
            return 1
        print(Fault("verify.all_reproduce", n=compared))
        return 0
    processed = Path(args.processed)
    _require_built(args.year, processed)
    verdict = verify.verify_year(args.year, Path(args.out), processed, Path(args.notebooks), args.jobs, args.quiet)
    for problem in verdict.problems:
        print(problem)
    print(verdict.summary(), file=sys.stderr if verdict.problems else sys.stdout)
    return verdict.exit_status


def _terminal_lang_option(parser: argparse.ArgumentParser) -> None:
    """--lang after the command too (not for `report`, whose --lang is the reports' edition)."""
    parser.add_argument("--lang", dest="terminal_lang", choices=messages.LANGS, default=argparse.SUPPRESS,
                        help="language of what the command prints (default: from the locale)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khuyencong",
        description="Khuyến công assessment: build the annual returns, compute indicators, render reports.",
        epilog="The terminal language is --lang (vi or en), else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, "
               "LANG: vi_VN... gives Vietnamese). `khuyencong report --lang vi|en|both` chooses the reports' "
               "edition; give the terminal language before the command: `khuyencong --lang en report --lang both`.")
    parser.add_argument("--lang", dest="terminal_lang", choices=messages.LANGS, default=None,
                        help="language of what the command prints (default: from the locale)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("build", help="read data/raw/<year>/ and write data/processed/<year>/",
                       description="Read, clean and validate one year's returns (or every year present) and "
                                   "write units.parquet, quality.csv and provenance.json. Bad input is listed "
                                   "one line each (file:row: column: message) and nothing is written.")
    p.add_argument("--year", type=_year, help="year to build (default: every year folder under --raw)")
    p.add_argument("--raw", default=str(config.RAW_DIR), help="folder of raw returns (default: data/raw)")
    p.add_argument("--out", default=str(config.PROCESSED_DIR), help="output folder (default: data/processed)")
    p.add_argument("-v", "--verbose", action="store_true", help="also print notes (severity info)")
    p.add_argument("--wait", action="store_true",
                   help="wait for another build or a report using the output folder (default: exit 2 naming it)")
    _terminal_lang_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("template", help="write the Excel return form for a year",
                       description="Write the .xlsx return form a province fills in: headers, frozen header "
                                   "row, province drop-down for the year's map, numeric validation, "
                                   "instructions in Vietnamese.")
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--out", required=True, help="file to write (.xlsx)")
    p.add_argument("--province", help="fill in this province (GSO code or name): year, province, unit type, unit name")
    p.add_argument("--prefill-from", type=_year, metavar="YEAR",
                   help="show the province's figures of this earlier year above the header (through the 2025 "
                        "crosswalk for a merged province); needs --province and that year built")
    p.add_argument("--processed", default=str(config.PROCESSED_DIR), help="processed data folder (for --prefill-from)")
    _terminal_lang_option(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("sample", help="regenerate the illustrative sample returns",
                       description="Regenerate data/raw/<year>/ deterministically: illustrative returns (2022 "
                                   "reproduces the published national figures; 2021-2024 on the 63-province map, "
                                   "2025 on the 34-province map).")
    p.add_argument("--year", type=_year, help="one sample year (default: all, 2021-2025)")
    p.add_argument("--raw", default=str(config.RAW_DIR), help="folder of raw returns (default: data/raw)")
    _terminal_lang_option(p)
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("indicators", help="print the indicators the notebooks show (JSON or CSV)",
                       description="Print the national indicators of a year, or one province's, as the "
                                   "notebooks compute them.")
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--province", help="GSO code or any accepted province name (default: national)")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--processed", default=str(config.PROCESSED_DIR), help="processed data folder")
    _terminal_lang_option(p)
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("trace", help="show the cell of the raw return behind a figure",
                       description="Print where a figure was typed: file, sheet, cell, the text as typed and "
                                   "the value kept. With --province, that province's cell; without, every "
                                   "provincial unit's cell behind the national total, and their sum.")
    p.add_argument("column", help="a figure of the return, e.g. staff_field, communes_with_network")
    p.add_argument("--year", type=_year, default=config.SAMPLE_YEAR)
    p.add_argument("--province", help="GSO code or any accepted province name (default: the national total)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--processed", default=str(config.PROCESSED_DIR), help="processed data folder")
    _terminal_lang_option(p)
    p.set_defaults(func=cmd_trace)

    p = sub.add_parser("report", help="render the national, data-quality and province reports (HTML, PDF)",
                       description="Run the notebooks through papermill in parallel workers (each with a warm, "
                                   "reset kernel) and write reports/<year>/: index.html, national, data-quality, "
                                   "provinces/<code>-<slug>, the executed notebooks and manifest.json. Reports "
                                   "whose inputs did not change are skipped. Exit 1 if any report failed.")
    p.add_argument("--year", type=_year, default=config.SAMPLE_YEAR)
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
    p.add_argument("--processed", default=str(config.PROCESSED_DIR), help="processed data folder")
    p.add_argument("--render-timeout", type=float, default=120.0, metavar="SECONDS",
                   help="time limit for the HTML and PDF of one report (default: 120); a report over it fails alone")
    p.add_argument("--wait", action="store_true",
                   help="wait for another run on the same --out, or a build of --processed (default: exit 2 naming it)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("verify", help="render a year's reports again and compare them with manifest.json",
                       description="Check reports/<year>/ as published: inputs changed since the reports, reports "
                                   "that failed, every report of manifest.json rendered again into a temporary "
                                   "folder and each output compared with its recorded sha256 (missing, differs), "
                                   "and every file index.html links. One line per problem (exit 1), or that all "
                                   "outputs reproduce (exit 0).")
    p.add_argument("--year", type=_year, default=config.SAMPLE_YEAR)
    p.add_argument("--out", default=str(config.REPORTS_DIR), help="the reports folder to check (default: reports)")
    p.add_argument("--processed", default=str(config.PROCESSED_DIR), help="processed data folder")
    p.add_argument("--jobs", type=int, help="parallel workers (default: number of CPUs)")
    p.add_argument("--quiet", action="store_true", help="no progress bar (for logs)")
    p.add_argument("--notebooks", default=str(config.NOTEBOOKS_DIR), help=argparse.SUPPRESS)
    p.add_argument("--release", type=int, metavar="N", help="check release N (reports/<year>/releases/N/) "
                                                             "byte for byte against its release.json instead")
    _terminal_lang_option(p)
    p.set_defaults(func=cmd_verify)

    cli_releases.add_commands(sub, _year)
    from analysis.collection.commands import register

    register(sub, _year)  # status, receive, feedback, approve
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    before = os.environ.get(messages.LANG_VARIABLE)
    # the chosen language for every line, the report workers' included; put back when done
    os.environ[messages.LANG_VARIABLE] = messages.terminal_lang(args.terminal_lang)
    try:
        return _run(args)
    finally:
        if before is None:
            os.environ.pop(messages.LANG_VARIABLE, None)
        else:
            os.environ[messages.LANG_VARIABLE] = before


def _run(args: argparse.Namespace) -> int:
    """The command of `args`, its errors as one line each and their exit status."""
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
        return status
    except BrokenPipeError:
        return _reader_gone()
    except UsageError as exc:
        print(_say("main.error", command=args.command, error=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_say("main.interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # errors that carry their exit status: a held lock (2), an unwritable output (1)
        if not hasattr(exc, "exit_status"):
            raise
        error = exc.line(messages.terminal_lang()) if hasattr(exc, "line") else exc
        print(_say("main.error", command=args.command, error=error), file=sys.stderr)
        return exc.exit_status


def _reader_gone() -> int:
    """Exit quietly when the reader of stdout went away (`khuyencong trace ... | head -1`), as Python's
    documentation recommends: stdout pointed at devnull so the interpreter's last flush cannot fail
    again; exit status 141 (128 + SIGPIPE), what a shell reports for a tool the pipe ended."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141


if __name__ == "__main__":
    sys.exit(main())
