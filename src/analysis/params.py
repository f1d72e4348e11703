"""Check a notebook's parameters at the top: papermill only warns on unknown names, so we fail here.

Each check raises ParameterError with one line that lists the valid values.
"""

from __future__ import annotations

from pathlib import Path

from analysis import reference
from analysis.config import PROCESSED_DIR, RAW_DIR, relative_to_root
from analysis.labels import LANGS
from analysis.messages import render, terminal_lang, text


class ParameterError(ValueError):
    """A notebook parameter that is not valid; the message (one line) lists what is.

    In JupyterLab and in papermill's error, IPython shows what ``_render_traceback_`` returns: the
    one line, not a traceback into the project's code.
    """

    def _render_traceback_(self) -> list[str]:
        """The lines IPython shows for this error: one, "ParameterError: <message>"."""
        return [f"{type(self).__name__}: {self}"]


def processed_folder(processed_dir: object = None) -> Path:
    """The build folder a notebook reads: its `processed_dir` parameter, or data/processed when None."""
    return PROCESSED_DIR if processed_dir in (None, "") else Path(str(processed_dir))


def built_years(processed_dir: Path = PROCESSED_DIR) -> list[int]:
    """Years that have a processed units table, ascending."""
    root = Path(processed_dir)
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir() if p.name.isdigit() and (p / "units.parquet").exists())


def check_year(year: object, processed_dir: Path = PROCESSED_DIR, lang: object = None) -> int:
    """The year as an int, if it has been built; ParameterError listing the built years otherwise, with
    the command that builds it, in `lang` (the report's language; the terminal's when not vi or en)."""
    years = built_years(processed_dir)
    try:
        value = int(str(year).strip())
    except ValueError:
        value = None
    if value is None or value not in years:
        lang = terminal_lang(lang)
        shown = ", ".join(map(str, years)) or text("none", lang)
        raise ParameterError(text("param.year", lang, year=repr(year), valid=shown,
                                  command=build_command(value, processed_dir),
                                  raw=relative_to_root(RAW_DIR / str(value if value is not None else "<year>"))))
    return value


def build_command(year: int | None, processed_dir: Path = PROCESSED_DIR) -> str:
    """The command that builds `year` (every year when None) into `processed_dir`, as a user types it."""
    command = "khuyencong build" + (f" --year {year}" if year is not None else "")
    if Path(processed_dir).resolve() != PROCESSED_DIR.resolve():
        command += f" --out {relative_to_root(Path(processed_dir))}"
    return command


def check_lang(lang: object) -> str:
    """The report language ("vi" or "en"); ParameterError otherwise (in the terminal's language)."""
    if lang not in LANGS:
        raise ParameterError(text("param.lang", terminal_lang(), lang=repr(lang), valid=", ".join(LANGS)))
    return str(lang)


def check_province(province: object, year: int, lang: object = None) -> reference.Province:
    """The province a code or any accepted name denotes on the year's map; ParameterError otherwise,
    in `lang` (the report's language; the terminal's when not vi or en)."""
    try:
        return reference.match_province(province, year)
    except reference.ProvinceNotFound as exc:
        table = reference.provinces(reference.geo_for_year(year))
        valid = ", ".join(f"{c} {n}" for c, n in zip(table["province_code"], table["province_name"]))
        lang = terminal_lang(lang)
        reason = render(exc.code, {"value": str(province), **exc.params}, lang)
        raise ParameterError(text("param.province", lang, province=repr(province), reason=reason,
                                  valid=valid)) from None
