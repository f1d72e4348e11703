"""Paths, the return's columns and other constants, defined once and imported everywhere."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: openpyxl writes different bytes with lxml (a dependency of pikepdf) than without; the workbooks the
#: project writes (template, sample returns) must be byte-identical everywhere, and without lxml
#: openpyxl parses through defusedxml. Set before any module of the package imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

PACKAGE_DIR = Path(__file__).resolve().parent
#: The checkout's top folder (src/analysis/../..); overridable for an installed package.
PROJECT_ROOT = Path(os.environ.get("KHUYENCONG_ROOT", PACKAGE_DIR.parent.parent)).resolve()
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
#: The default build folder; another one is passed explicitly (--processed, the notebooks' processed_dir).
PROCESSED_DIR = DATA_DIR / "processed"
PUBLISHED_DIR = RAW_DIR / "published"
#: Province outlines (decoded once by data/geo/decode_echarts.py; see data/geo/README.md).
GEO_DIR = DATA_DIR / "geo"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REFERENCE_DATA_DIR = PACKAGE_DIR / "reference_data"
ASSESSMENT_CONFIG = PACKAGE_DIR / "assessment.yml"

#: The year the shipped sample data describes (the article's reference year).
SAMPLE_YEAR = 2022
#: Time limit for the HTML and PDF of one report, in seconds (`khuyencong report --render-timeout`).
RENDER_TIMEOUT_S = 120.0
#: The editions: every label and message exists in each (labels.yml, messages.yml).
LANGS = ("vi", "en")
#: First year reported on the 34-province map (the merger took effect on 1 July 2025).
FIRST_VN34_YEAR = 2025

UNIT_TYPE_PROVINCE = "tỉnh"
UNIT_TYPE_CENTRAL = "trung ương"
UNIT_TYPES = (UNIT_TYPE_PROVINCE, UNIT_TYPE_CENTRAL)

#: The marker a return's notes carry when its figures are invented for illustration.
SAMPLE_MARKER = "DỮ LIỆU MẪU"


@dataclass(frozen=True)
class Column:
    """One column of the annual return: its Vietnamese header, internal name and kind."""

    header: str
    name: str
    kind: str  # "int", "number", "text", "province", "unit_type"
    required: bool = True
    district_level: bool = False


#: The annual return's columns, in the template's order.
RETURN_COLUMNS: tuple[Column, ...] = (
    Column("Năm", "year", "int"),
    Column("Tỉnh/thành phố", "province", "province", required=False),
    Column("Đơn vị", "unit_name", "text"),
    Column("Loại đơn vị", "unit_type", "unit_type"),
    Column("Tổng số cán bộ, viên chức, người lao động", "staff_total", "int"),
    Column("Số cán bộ trực tiếp làm khuyến công tại cơ sở", "staff_field", "int"),
    Column("Tổng số đơn vị cấp huyện", "districts_total", "int", required=False, district_level=True),
    Column("Số huyện có cộng tác viên khuyến công", "districts_with_network", "int", required=False, district_level=True),
    Column("Số cộng tác viên cấp huyện", "district_collaborators", "int", required=False, district_level=True),
    Column("Tổng số đơn vị cấp xã", "communes_total", "int", required=False),
    Column("Số xã có cộng tác viên khuyến công", "communes_with_network", "int", required=False),
    Column("Số cộng tác viên cấp xã", "commune_collaborators", "int", required=False),
    Column("Thù lao, phụ cấp cộng tác viên (triệu đồng/năm)", "collaborator_pay_mvnd", "number", required=False),
    Column("Ghi chú", "notes", "text", required=False),
)
INT_COLUMNS = tuple(c.name for c in RETURN_COLUMNS if c.kind == "int")
DISTRICT_COLUMNS = tuple(c.name for c in RETURN_COLUMNS if c.district_level)

#: Columns of data/processed/<year>/units.parquet, in order.
UNIT_COLUMNS = (
    "year", "geo", "province_code", "province_name", "region", "unit_name", "unit_type",
    "staff_total", "staff_field",
    "districts_total", "districts_with_network", "district_collaborators",
    "communes_total", "communes_with_network", "commune_collaborators",
    "collaborator_pay_mvnd", "districts_total_source", "communes_total_source",
    "notes", "source_file", "source_row", "source_sheet",
)


def relative_to_root(path: Path) -> str:
    """A path as shown in messages: relative to the project root when inside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def build_command(year: int | None, processed_dir: Path = PROCESSED_DIR, raw_dir: Path = RAW_DIR) -> str:
    """The command that builds `year` (every year when None) from `raw_dir` into `processed_dir`, as a
    user types it: `khuyencong build --year 2022`, with `--raw X` / `--out X` when not the defaults."""
    command = "khuyencong build" + (f" --year {year}" if year is not None else "")
    if Path(raw_dir).resolve() != RAW_DIR.resolve():
        command += f" --raw {relative_to_root(Path(raw_dir))}"
    if Path(processed_dir).resolve() != PROCESSED_DIR.resolve():
        command += f" --out {relative_to_root(Path(processed_dir))}"
    return command


def quality_files_before(year: int, processed_dir: Path = PROCESSED_DIR) -> list[Path]:
    """The quality tables (<year>/quality.csv) of the built years before `year`, oldest first: a
    report reads them for the values of earlier years that were never confirmed (analysis.flags)."""
    found = [p for p in Path(processed_dir).glob("[0-9][0-9][0-9][0-9]/quality.csv") if int(p.parent.name) < int(year)]
    return sorted(found, key=lambda p: p.parent.name)


def read_yaml(path: Path) -> object:
    """The YAML file at `path` (UTF-8) as Python objects, PyYAML's safe loader: libyaml's C parser when
    PyYAML was built with it (the same objects, several times faster: the catalogues are read in every
    process, kernels and workers included), else the pure-Python one."""
    import yaml  # lazy: start-up of `khuyencong --help` (PyYAML ~20 ms; no catalogue is read there)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
