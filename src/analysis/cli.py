"""The `khuyencong` command (also `python -m analysis`): parses arguments and calls the stages.

Exit status: 0 done, 1 bad data or a failed report, 2 usage error (unknown option, province or year).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import config


class UsageError(Exception):
    """A mistake in the command line: printed in one line, exit status 2."""


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"{year} is not a plausible report year")
    return year


def cmd_build(args: argparse.Namespace) -> int:
    from analysis import dataset
    from analysis.quality import count

    raw_dir, out_dir = Path(args.raw), Path(args.out)
    years = [args.year] if args.year else dataset.available_years(raw_dir)
    if not years:
        raise UsageError(f"no year folders under {raw_dir}; run `khuyencong sample --year {config.SAMPLE_YEAR}`")
    status = 0
    for year in years:
        try:
            result = dataset.build_year(year, raw_dir, out_dir)
        except FileNotFoundError as exc:
            raise UsageError(str(exc)) from None
        shown = [i for i in result.issues if args.verbose or i.severity != "info"]
        for issue in shown:
            print(issue, file=sys.stderr)
        infos = count(result.issues, "info")
        if result.errors:
            print(f"{year}: {result.errors} error(s), {result.warnings} warning(s); nothing written, "
                  f"{config.relative_to_root(out_dir / str(year))} left as it was", file=sys.stderr)
            status = 1
        else:
            units = result.units
            print(f"{year}: {len(units)} units from {len(result.files)} files -> "
                  f"{config.relative_to_root(result.out_dir)}/units.parquet "
                  f"({result.warnings} warning(s), {infos} note(s) in quality.csv)")
    return status


def cmd_template(args: argparse.Namespace) -> int:
    from analysis.template import write_template

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{out}: the template is an Excel workbook; give a name ending in .xlsx")
    write_template(args.year, out)
    print(f"wrote the {args.year} return form to {out}")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from analysis.sample import write_sample

    if args.year != config.SAMPLE_YEAR:
        raise UsageError(f"sample data reproduces the published {config.SAMPLE_YEAR} figures; "
                         f"only --year {config.SAMPLE_YEAR} is available")
    written = write_sample(args.year, Path(args.raw))
    print(f"wrote {len(written)} illustrative sample files to {config.relative_to_root(Path(args.raw) / str(args.year))}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khuyencong",
        description="Khuyến công assessment: build the annual returns, compute indicators, render reports.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("build", help="read data/raw/<year>/ and write data/processed/<year>/",
                       description="Read, clean and validate one year's returns (or every year present) and "
                                   "write units.parquet, quality.csv and provenance.json. Bad input is listed "
                                   "one line each (file:row: column: message) and nothing is written.")
    p.add_argument("--year", type=_year, help="year to build (default: every year folder under --raw)")
    p.add_argument("--raw", default=str(config.RAW_DIR), help="folder of raw returns (default: data/raw)")
    p.add_argument("--out", default=str(config.PROCESSED_DIR), help="output folder (default: data/processed)")
    p.add_argument("-v", "--verbose", action="store_true", help="also print notes (severity info)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("template", help="write the Excel return form for a year",
                       description="Write the .xlsx return form a province fills in: headers, frozen header "
                                   "row, province drop-down for the year's map, numeric validation, "
                                   "instructions in Vietnamese.")
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--out", required=True, help="file to write (.xlsx)")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("sample", help="regenerate the illustrative sample returns",
                       description="Regenerate data/raw/<year>/ deterministically: illustrative returns that "
                                   "reproduce the published national figures.")
    p.add_argument("--year", type=_year, default=config.SAMPLE_YEAR)
    p.add_argument("--raw", default=str(config.RAW_DIR), help="folder of raw returns (default: data/raw)")
    p.set_defaults(func=cmd_sample)

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"khuyencong {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; finished outputs are kept, unfinished ones were not written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
