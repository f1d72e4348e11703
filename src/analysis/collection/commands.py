"""The collection's subcommands of `khuyencong`: status, receive, feedback, approve (registered by
cli.build_parser). Output in the --lang edition (labels.yml); exit 0 done, 1 bad data (a log or a return
that cannot be used), 2 usage."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

from analysis import config, messages
from analysis.commands.arguments import UsageError, terminal_lang_option, year_argument
from analysis.labels import t


def _lang() -> str:
    """The terminal's language (--lang, else the locale), as every command prints."""
    return messages.terminal_lang()


def _usage(message: str) -> Exception:

    return UsageError(message)


def _year_dir(args: argparse.Namespace) -> Path:
    year_dir = Path(args.raw) / str(args.year)
    if not year_dir.is_dir():
        raise _usage(f"{config.relative_to_root(year_dir)}: no such folder; returns for {args.year} go there")
    return year_dir


def _process(args: argparse.Namespace):
    """The year's build in memory (nothing written), compared with the previous year's build."""
    import pandas as pd  # lazy: start-up of khuyencong (cli imports this module)

    from analysis import dataset  # lazy: start-up of khuyencong (cli imports this module)

    before = Path(args.processed) / str(args.year - 1) / "units.parquet"
    previous = pd.read_parquet(before) if before.exists() else None
    return dataset.process_year(args.year, Path(args.raw), previous)


def _log_errors(result) -> int:
    """Print the errors of the logs (the status cannot be computed without them); 1 when there were any."""
    for issue in result.issues:
        if issue.code.startswith("log."):
            print(issue, file=sys.stderr)
    return 1


def cmd_status(args: argparse.Namespace) -> int:
    # lazy: start-up of khuyencong (cli imports this module)
    from analysis.collection import status as st
    from analysis.collection.lines import problem_lines, province_line, summary_lines

    _year_dir(args)
    result = _process(args)
    if result.collection is None:
        return _log_errors(result)
    owners = st.issue_provinces(result.issues, result.units, args.year)
    for row in result.collection.to_dict("records"):
        print(province_line(row, _lang()))
        for line in problem_lines(result.issues, owners, row["province_code"], _lang()):
            print(f"    {line}")
    print("\n".join(summary_lines(result.collection, args.year, _lang())))
    return 0


def cmd_receive(args: argparse.Namespace) -> int:
    # lazy: start-up of khuyencong (cli imports this module)
    from analysis.collection import logs, receipts
    from analysis.collection.settings import deadline
    from analysis.readers import RETURN_SUFFIXES

    source = Path(args.file)
    if not source.is_file():
        raise _usage(f"{source}: no such file")
    if source.suffix.lower() not in RETURN_SUFFIXES:
        raise _usage(f"{source.name}: not a return ({', '.join(RETURN_SUFFIXES)}); ask for the spreadsheet itself")
    year = args.year
    if year is None:
        if not source.resolve().parent.name.isdigit():
            raise _usage(f"{source}: give --year (the file is not in a year's folder)")
        year = int(source.resolve().parent.name)
    args.year = year
    year_dir = Path(args.raw) / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    target = year_dir / source.name
    if source.resolve() != target.resolve():
        if target.exists() and target.read_bytes() != source.read_bytes() and not args.replace:
            raise _usage(f"{config.relative_to_root(target)} exists with other contents; give --replace to replace it")
        shutil.copyfile(source, target.with_name(f".{target.name}.receiving"))
        target.with_name(f".{target.name}.receiving").replace(target)
    received = args.date or dt.date.today()
    try:
        log = receipts.add_receipt(year_dir, target.name, received, args.sender)
    except logs.LogError as bad:
        for issue in bad.issues:
            print(issue, file=sys.stderr)
        return 1
    due = deadline(year)
    when = "unknown" if due is None else "on_time" if received <= due.date else "late"
    print(t("collection_received", _lang(), file=config.relative_to_root(target), date=received.isoformat(),
            sender=args.sender or "–", log=config.relative_to_root(log), timeliness=t(f"timeliness_{when}", _lang())))
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    # lazy: start-up of khuyencong (cli imports this module)
    from analysis.collection import feedback
    from analysis.collection import status as st

    year_dir = _year_dir(args)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise _usage(f"--out {out}: is a file, not a folder")
    result = _process(args)
    if result.collection is None:
        return _log_errors(result)
    owners = st.issue_provinces(result.issues, result.units, args.year)
    written = feedback.write_feedback(args.year, year_dir, result.collection, result.issues, owners, out)
    for path in written:
        print(t("collection_feedback_written", _lang(), file=config.relative_to_root(path)))
    clean = int((~result.collection.apply(st.needs_feedback, axis=1)).sum())
    print(t("collection_feedback_summary", _lang(), n=len(written), clean=clean, out=config.relative_to_root(out)))
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    # lazy: start-up of khuyencong (cli imports this module)
    from analysis import reference
    from analysis.collection import approvals, logs

    year_dir = _year_dir(args)
    try:
        province = reference.match_province(args.province, args.year)
    except reference.ProvinceNotFound as exc:
        raise _usage(str(exc)) from None
    if not args.by.strip():
        raise _usage("--by: give the name of the person approving")
    result = _process(args)
    if result.collection is None:
        return _log_errors(result)
    row = result.collection.set_index("province_code").loc[province.code]
    if not row["files"]:
        print(t("collection_approve_no_return", _lang(), province=province.name, year=args.year), file=sys.stderr)
        return 1
    if row["errors"]:
        print(t("collection_approve_errors", _lang(), province=province.name, n=int(row["errors"])), file=sys.stderr)
        return 1
    names = row["files"].split("; ")
    files = approvals.current_files(year_dir, names)
    try:
        approvals.add_approval(year_dir, args.year, province.code, files, args.by, dt.datetime.now(dt.UTC))
    except logs.LogError as bad:
        for issue in bad.issues:
            print(issue, file=sys.stderr)
        return 1
    print(t("collection_approved", _lang(), province=province.name, year=args.year, by=args.by.strip(),
            files=", ".join(names), checks=int(row["checks_open"])))
    return 0


def _date(text: str) -> dt.date:
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.strptime(s, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")


def _common(p: argparse.ArgumentParser, processed: bool = True) -> None:
    p.add_argument("--raw", default=str(config.RAW_DIR), help="folder of raw returns (default: data/raw)")
    if processed:
        p.add_argument("--processed", default=str(config.PROCESSED_DIR),
                       help="processed data folder, for the previous year's figures (default: data/processed)")

    terminal_lang_option(p)  # --lang vi|en, as every command but report (default: the locale)


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add status, receive, feedback and approve to the subparsers `sub` (cli.build_parser)."""
    p = sub.add_parser("status", help="one line per province: received, on time, problems, signed off",
                       description="Print the year's collection: for each province of the year's map its return "
                                   "file(s), the date received (receipts log, else the form's report date, else "
                                   "unknown), on time or late against the deadline in collection.yml, errors, "
                                   "warnings, checks open and confirmed, signed off or not; then the reporting "
                                   "rate, the on-time rate and the missing provinces. Nothing is written.")
    p.add_argument("--year", type=year_argument, required=True)
    _common(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("receive", help="log a return received (copied into data/raw/<year>/ if elsewhere)",
                       description="Record that a return file was received: copy it into data/raw/<year>/ when it "
                                   "is elsewhere (refusing to replace a different file without --replace) and add "
                                   "a row (file, date, sender) to the year's receipts log, atomically.")
    p.add_argument("file", help="the return file (.xlsx, .xlsm, .xls, .ods, .csv)")
    p.add_argument("--year", type=year_argument, help="report year (default: the folder the file is in)")
    p.add_argument("--date", type=_date, help="date received, YYYY-MM-DD or DD/MM/YYYY (default: today)")
    p.add_argument("--from", dest="sender", default="", help="who sent it (e.g. an email address)")
    p.add_argument("--replace", action="store_true", help="replace a different file of the same name")
    _common(p, processed=False)
    p.set_defaults(func=cmd_receive)

    p = sub.add_parser("feedback", help="write one workbook per province to send back, problems marked",
                       description="For every province with an error, a warning or an open check, write its "
                                   "return with each problem cell highlighted and commented in Vietnamese, after "
                                   "a first sheet listing every problem and the contact; for a missing province, "
                                   "a reminder with the empty form. A province whose return is clean gets none. "
                                   "The corrected workbook builds as a return without edits.")
    p.add_argument("--year", type=year_argument, required=True)
    p.add_argument("--out", required=True, help="folder to write the workbooks into")
    _common(p)
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("approve", help="sign off a province's return (who, when, the files' sha256)",
                       description="Record in data/raw/<year>/approvals.csv that the province's return was checked "
                                   "and accepted: one row per file with its sha256, the name given and the time. A "
                                   "return with errors is refused. A file changed after approval is named at every "
                                   "build until approved again.")
    p.add_argument("--year", type=year_argument, required=True)
    p.add_argument("--province", required=True, help="GSO code or any accepted province name")
    p.add_argument("--by", required=True, help="name of the person approving")
    _common(p)
    p.set_defaults(func=cmd_approve)


def write_prefilled(args: argparse.Namespace, out: Path) -> int:
    """`khuyencong template --province X [--prefill-from Y]`: the year's form for one province, with its
    previous figures shown above the header."""
    # lazy: start-up of khuyencong (cli imports this module)
    from analysis import dataset, form, reference

    if not args.province:
        raise _usage("--prefill-from needs --province")
    try:
        province = reference.match_province(args.province, args.year)
    except reference.ProvinceNotFound as exc:
        raise _usage(str(exc)) from None
    previous = None
    if args.prefill_from:
        if args.prefill_from >= args.year:
            raise _usage(f"--prefill-from {args.prefill_from}: give a year before {args.year}")
        if reference.geo_for_year(args.prefill_from) == "vn34" and reference.geo_for_year(args.year) == "vn63":
            raise _usage(f"--prefill-from {args.prefill_from}: a 34-province year cannot fill a {args.year} form")
        try:
            previous = dataset.load_units(args.prefill_from, Path(args.processed))
        except FileNotFoundError as exc:
            raise _usage(str(exc)) from None
    book = form.prefilled_workbook(args.year, province.code, previous)
    form.save_reproducibly(book, out)
    shown = ""
    if previous is not None:
        found = form.previous_figures(previous, args.year, province.code) is not None
        shown = (f" with its {args.prefill_from} figures above the header" if found
                 else f" (no {args.prefill_from} return of it to show)")
    print(f"wrote the {args.year} return form of {province.name} to {out}{shown}")
    return 0
