"""Check a notebook's parameters at the top: papermill only warns on unknown names, so we fail here.

Each check raises ParameterError with one line that lists the valid values.
"""

from __future__ import annotations

from pathlib import Path

from analysis import reference
from analysis.config import PROCESSED_DIR
from analysis.labels import LANGS

#: The command that builds every year of data/raw/ into data/processed/ (named in error messages).
BUILD_COMMAND = "make build"


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


def check_year(year: object, processed_dir: Path = PROCESSED_DIR) -> int:
    """The year as an int, if it has been built; ParameterError listing the built years otherwise."""
    years = built_years(processed_dir)
    try:
        value = int(str(year).strip())
    except ValueError:
        value = None
    if value is None or value not in years:
        shown = ", ".join(map(str, years)) or "none"
        raise ParameterError(f"year={year!r} is not a built year; valid: {shown} "
                             f"(run `{BUILD_COMMAND}` to build every year of data/raw/)")
    return value


def check_lang(lang: object) -> str:
    """The report language ("vi" or "en"); ParameterError otherwise."""
    if lang not in LANGS:
        raise ParameterError(f"lang={lang!r} is not a report language; valid: {', '.join(LANGS)}")
    return str(lang)


def check_province(province: object, year: int) -> reference.Province:
    """The province a code or any accepted name denotes on the year's map; ParameterError otherwise."""
    try:
        return reference.match_province(province, year)
    except reference.ProvinceNotFound as exc:
        table = reference.provinces(reference.geo_for_year(year))
        valid = ", ".join(f"{c} {n}" for c, n in zip(table["province_code"], table["province_name"]))
        raise ParameterError(f"province={province!r}: {exc}; valid: {valid}") from None
