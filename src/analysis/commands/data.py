"""The data commands: build, template, sample, indicators, trace."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from analysis import config, messages
from analysis.commands.arguments import (
    UsageError,
    match_provinces,
    processed_option,
    require_built,
    say,
    terminal_lang_option,
    year_argument,
)
from analysis.faults import Fault
from analysis.files import figures_table, json_dumps
from analysis.reports import lock


def cmd_build(args: argparse.Namespace) -> int:
    """Build under the processed folder's lock (held by another build, or by a report copying its data)."""

    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise Fault("build.out_not_folder", 2, path=args.out)
    with lock.hold(Path(args.out), wait=args.wait):
        return _build_years(args)


def _build_years(args: argparse.Namespace) -> int:
    from analysis import dataset  # lazy: CLI start-up
    from analysis.quality import count  # lazy: CLI start-up

    raw_dir, out_dir = Path(args.raw), Path(args.out)
    lang = messages.terminal_lang()
    if not raw_dir.is_dir():
        raise UsageError(say("usage.no_raw_folder", raw=raw_dir))
    years = [args.year] if args.year else dataset.available_years(raw_dir)
    if not years:
        raise UsageError(say("usage.no_year_folders", raw=config.relative_to_root(raw_dir), year=config.SAMPLE_YEAR))
    status = 0
    dataset.recover_build(out_dir)  # before the checks below look for the previous year's build
    years = _with_previous_years(years, raw_dir, out_dir)
    for year in years:
        previous = dataset.missing_previous(year, raw_dir, out_dir)
        if previous is not None:  # it failed: the year-on-year checks would be skipped without a word

            print(Fault("build.needs_previous", year=year, previous_year=previous, raw=config.relative_to_root(raw_dir),
                        out=config.relative_to_root(out_dir), command=config.build_command(year, out_dir)),
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
            print(say("build.failed", year=year, errors=result.errors, warnings=result.warnings,
                       folder=config.relative_to_root(out_dir / str(year))), file=sys.stderr)
            status = 1
        else:
            state = say("build.unchanged" if result.unchanged else "build.written")
            print(say("build.done", year=year, units=len(result.units), files=len(result.files),
                       folder=config.relative_to_root(result.out_dir), state=state, warnings=result.warnings,
                       checks=count(result.issues, "check"), notes=infos))
    if status == 0 and (out_dir / "panel.parquet").exists():
        print(say("build.panel", panel=config.relative_to_root(out_dir / "panel.parquet")))
    return status


def _with_previous_years(years: list[int], raw_dir: Path, out_dir: Path) -> list[int]:
    """The years to build, in order: those asked for and, before each, every earlier year that has
    returns but no build (its year-on-year checks compare with it), said in one line each."""
    from analysis import dataset  # lazy: CLI start-up

    wanted = set(years)
    for year in years:
        current = year
        while (previous := dataset.missing_previous(current, raw_dir, out_dir)) is not None and previous not in wanted:
            print(Fault("build.previous_first", previous_year=previous, year=current), file=sys.stderr)
            wanted.add(previous)
            current = previous
    return sorted(wanted)


def cmd_template(args: argparse.Namespace) -> int:
    from analysis.form import write_template  # lazy: CLI start-up

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(say("usage.template_suffix", out=out))
    if args.province or args.prefill_from:
        from analysis.collection.commands import write_prefilled  # lazy: CLI start-up

        return write_prefilled(args, out)
    write_template(args.year, out)
    print(say("template.written", year=args.year, out=out))
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from analysis.sample import SAMPLE_YEARS, write_sample  # lazy: CLI start-up

    years = [args.year] if args.year else list(SAMPLE_YEARS)
    if any(year not in SAMPLE_YEARS for year in years):
        raise UsageError(say("usage.no_sample", year=args.year, years=", ".join(map(str, SAMPLE_YEARS))))
    for year in years:
        written = write_sample(year, Path(args.raw))
        print(say("sample.written", n=len(written), folder=config.relative_to_root(Path(args.raw) / str(year))))
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    from analysis import dataset, key_figures, reconciliation  # lazy: CLI start-up

    processed = Path(args.processed)
    require_built(args.year, processed)
    units = dataset.load_units(args.year, processed)
    if args.province:
        (province,) = match_provinces([args.province], args.year)
        figures = key_figures.province_indicators(units, args.year, province.code)
    else:
        figures = key_figures.national_indicators(units, args.year, reconciliation.published_figures(args.year))

    if args.format == "json":
        print(json_dumps(figures))  # strict JSON: NaN and infinities as null
        return 0
    figures_table(figures).to_csv(sys.stdout, index=False, lineterminator="\n")  # the PDF's attached table
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    from analysis import dataset, trace  # lazy: CLI start-up

    processed = Path(args.processed)
    require_built(args.year, processed)
    if args.column not in trace.TRACEABLE:

        close = difflib.get_close_matches(args.column, trace.TRACEABLE, n=3)
        raise UsageError(say("usage.not_traceable", column=args.column, close=", ".join(close),
                              choices=", ".join(trace.TRACEABLE)))
    try:
        cells = dataset.load_cells(args.year, processed)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    code = match_provinces([args.province], args.year)[0].code if args.province else None
    if args.format == "json":
        print(json_dumps(trace.trace_records(cells, args.column, code)))
        return 0
    lines = trace.trace_lines(cells, args.column, code, messages.terminal_lang())
    if code is not None and not lines:
        print(say("trace.no_return", code=code, year=args.year), file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0



def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add build, template, sample, indicators, trace to the subcommands `sub` (cli.build_parser)."""
    p = sub.add_parser("build", help="read data/raw/<year>/ and write data/processed/<year>/",
                       description="Read, clean and validate one year's returns (or every year present) and "
                                   "write units.parquet, quality.csv and provenance.json. Bad input is listed "
                                   "one line each (file:row: column: message) and nothing is written.")
    p.add_argument("--year", type=year_argument, help="year to build (default: every year folder under --raw)")
    p.add_argument("--raw", default=str(config.RAW_DIR), help="folder of raw returns (default: data/raw)")
    p.add_argument("--out", default=str(config.PROCESSED_DIR), help="output folder (default: data/processed)")
    p.add_argument("-v", "--verbose", action="store_true", help="also print notes (severity info)")
    p.add_argument("--wait", action="store_true",
                   help="wait for another build or a report using the output folder (default: exit 2 naming it)")
    terminal_lang_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("template", help="write the Excel return form for a year",
                       description="Write the .xlsx return form a province fills in: headers, frozen header "
                                   "row, province drop-down for the year's map, numeric validation, "
                                   "instructions in Vietnamese.")
    p.add_argument("--year", type=year_argument, required=True)
    p.add_argument("--out", required=True, help="file to write (.xlsx)")
    p.add_argument("--province", help="fill in this province (GSO code or name): year, province, unit type, unit name")
    p.add_argument("--prefill-from", type=year_argument, metavar="YEAR",
                   help="show the province's figures of this earlier year above the header (through the 2025 "
                        "crosswalk for a merged province); needs --province and that year built")
    processed_option(p, "processed data folder (for --prefill-from)")
    terminal_lang_option(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("sample", help="regenerate the illustrative sample returns",
                       description="Regenerate data/raw/<year>/ deterministically: illustrative returns (2022 "
                                   "reproduces the published national figures; 2021-2024 on the 63-province map, "
                                   "2025 on the 34-province map).")
    p.add_argument("--year", type=year_argument, help="one sample year (default: all, 2021-2025)")
    p.add_argument("--raw", default=str(config.RAW_DIR), help="folder of raw returns (default: data/raw)")
    terminal_lang_option(p)
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("indicators", help="print the indicators the notebooks show (JSON or CSV)",
                       description="Print the national indicators of a year, or one province's, as the "
                                   "notebooks compute them.")
    p.add_argument("--year", type=year_argument, required=True)
    p.add_argument("--province", help="GSO code or any accepted province name (default: national)")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    processed_option(p)
    terminal_lang_option(p)
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("trace", help="show the cell of the raw return behind a figure",
                       description="Print where a figure was typed: file, sheet, cell, the text as typed and "
                                   "the value kept. With --province, that province's cell; without, every "
                                   "provincial unit's cell behind the national total, and their sum.")
    p.add_argument("column", help="a figure of the return, e.g. staff_field, communes_with_network")
    p.add_argument("--year", type=year_argument, default=config.SAMPLE_YEAR)
    p.add_argument("--province", help="GSO code or any accepted province name (default: the national total)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    processed_option(p)
    terminal_lang_option(p)
    p.set_defaults(func=cmd_trace)
