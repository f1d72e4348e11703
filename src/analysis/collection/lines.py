"""The status in words, in either edition (labels.yml): one line per province, its problems, the rates."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis import fmt, messages
from analysis.collection import status as st
from analysis.collection.settings import deadline
from analysis.labels import t
from analysis.quality import Issue


def _date(text: str, lang: str) -> str:
    if not text:
        return t("unknown", lang)
    day = dt.date.fromisoformat(text[:10])
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def approval_words(row: dict, lang: str) -> str:
    """"signed off by An on 03/02/2026", "changed since signed off by ...: files" or "not signed off"."""
    if row["approval"] == "none":
        return t("approval_none", lang)
    key = "approval_approved" if row["approval"] == "approved" else "approval_changed"
    return t(key, lang, by=row["approved_by"], date=_date(row["approved_at"], lang), files=row["changed_files"])


def received_words(row: dict, lang: str) -> str:
    """Where the received date comes from, in words ("received 20/01/2026 (receipts log)")."""
    if row["timeliness"] == "missing":
        return t("status_no_return", lang)
    if not row["received"]:
        return t("received_unknown", lang)
    return t("received_on", lang, date=_date(row["received"], lang), source=t(f"received_from_{row['received_from']}", lang))


def province_line(row: dict, lang: str) -> str:
    """One province's status line."""
    parts = [f"{row['province_code']} {row['province_name']}"]
    if row["timeliness"] != "missing":
        parts.append(row["files"])
    parts.append(received_words(row, lang))
    if row["timeliness"] != "missing":
        parts.append(t(f"timeliness_{row['timeliness']}", lang))
        parts.append(t("status_counts", lang, errors=int(row["errors"]), warnings=int(row["warnings"]),
                       open=int(row["checks_open"]), confirmed=int(row["checks_confirmed"])))
        parts.append(approval_words(row, lang))
        if not st.needs_feedback(pd.Series(row)):
            parts.append(t("status_clean", lang))
    return " · ".join(parts)


def problem_lines(issues: list[Issue], owners: list[str | None], code: str, lang: str) -> list[str]:
    """A province's errors, warnings and open checks, one line each (file:row: severity: column: message)."""
    lines = []
    for issue, owner in zip(issues, owners):
        if owner != code or issue.severity == "info" or issue.code.startswith(st.OFFICE_CODES):
            continue
        if issue.severity == "check" and issue.params.get("confirmation"):
            continue
        place = issue.file + (f":{issue.row}" if issue.row is not None else "")
        column = f" {messages.column_label(issue.column, lang) if lang != 'en' else issue.column}:" if issue.column else ""
        lines.append(f"{place}: {t(f'severity_{issue.severity}', lang)}:{column} {issue.message_in(lang)}")
    return lines


def summary_lines(table: pd.DataFrame, year: int, lang: str) -> list[str]:
    """The reporting and on-time rates (DHIS2's definitions), the deadline and its reason, the missing
    provinces and the returns signed off."""
    r = st.rates(table)
    due = deadline(year)
    lines = [t("reporting_rate_line", lang, received=r["received"], expected=r["expected"],
               rate=fmt.percent(r["reporting_rate"], lang)),
             t("on_time_rate_line", lang, on_time=r["on_time"], expected=r["expected"],
               rate=fmt.percent(r["on_time_rate"], lang), late=r["late"], unknown=r["unknown"])]
    lines.append(t("deadline_line", lang, date=_date(due.date.isoformat(), lang), reason=due.reason[lang])
                 if due else t("deadline_none", lang, year=year))
    lines.append(t("missing_line", lang, n=len(r["missing"]), names=", ".join(r["missing"]) or "–"))
    lines.append(t("signed_off_line", lang, n=r["signed_off"], expected=r["expected"]))
    return lines
