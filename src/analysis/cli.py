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

from analysis import messages
from analysis.collection import commands as collection_commands
from analysis.commands import data, releases, reports
from analysis.commands.arguments import UsageError, say


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
    data.add_commands(sub)
    reports.add_commands(sub)
    releases.add_commands(sub)
    collection_commands.add_commands(sub)  # status, receive, feedback, approve
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
        print(say("main.error", command=args.command, error=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(say("main.interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # errors that carry their exit status: a held lock (2), an unwritable output (1)
        if not hasattr(exc, "exit_status"):
            raise
        error = exc.line(messages.terminal_lang()) if hasattr(exc, "line") else exc
        print(say("main.error", command=args.command, error=error), file=sys.stderr)
        return exc.exit_status


def _reader_gone() -> int:
    """Exit quietly when the reader of stdout went away (`khuyencong trace ... | head -1`), as Python's
    documentation recommends: stdout pointed at devnull so the interpreter's last flush cannot fail
    again; exit status 141 (128 + SIGPIPE), what a shell reports for a tool the pipe ended."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141
