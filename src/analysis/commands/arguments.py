"""What the commands share: the usage error, the terminal's words, the year argument, province
matching, the check that a year is built, the terminal-language option."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis import config, messages


class UsageError(Exception):
    """A mistake in the command line: printed in one line, exit status 2."""


def say(code: str, **values: object) -> str:
    """A terminal line of messages.yml in the terminal language (--lang, else the locale)."""
    return messages.text(code, messages.terminal_lang(), **values)


def year_argument(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("usage.not_a_year", value=text)) from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(say("usage.implausible_year", value=year))
    return year


def check_jobs(jobs: int | None) -> None:
    """--jobs: a UsageError below 1; above the CPU count, the line saying how many are used (stderr)."""
    if jobs is not None and jobs < 1:
        raise UsageError(say("usage.jobs"))
    if jobs and jobs > (os.cpu_count() or 1):
        print(say("report.jobs_capped", jobs=jobs, cpus=os.cpu_count() or 1), file=sys.stderr)


def match_provinces(texts: list[str], year: int) -> list:
    """Provinces named on the command line, matched before anything runs (UsageError otherwise)."""
    from analysis import reference  # lazy: CLI start-up

    found = []
    for text in texts:
        try:
            found.append(reference.match_province(text, year))
        except reference.ProvinceNotFound as exc:
            reason = messages.render(exc.code, {"value": str(text).strip(), **exc.params}, messages.terminal_lang())
            raise UsageError(reason) from None
    return found


def require_built(year: int, processed_dir: Path) -> None:
    """Every file of the year's build there and intact (dataset.check_built: a Fault in one line otherwise)."""
    from analysis.build_check import check_built  # lazy: CLI start-up

    if not (processed_dir / str(year)).is_dir():  # never built: where its returns go
        raise UsageError(say("usage.not_built", folder=config.relative_to_root(processed_dir / str(year)),
                              raw=config.relative_to_root(config.RAW_DIR / str(year)),
                              command=config.build_command(year, processed_dir)))
    check_built(year, processed_dir)


def terminal_lang_option(parser: argparse.ArgumentParser) -> None:
    """--lang after the command too (not for `report`, whose --lang is the reports' edition)."""
    parser.add_argument("--lang", dest="terminal_lang", choices=messages.LANGS, default=argparse.SUPPRESS,
                        help="language of what the command prints (default: from the locale)")


def processed_option(parser: argparse.ArgumentParser, help: str = "processed data folder") -> None:
    """--processed: the folder `khuyencong build` wrote (default: data/processed)."""
    parser.add_argument("--processed", default=str(config.PROCESSED_DIR), help=help)
