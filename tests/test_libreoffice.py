"""Returns as LibreOffice Calc saves them: a real-client test with `soffice --headless`.

The generated form is filled in (openpyxl) and LibreOffice saves it as .xlsx, .ods, .xls and UTF-8
CSV; each builds to the same values. The 2022 sample returns converted to .ods and .xls build to
exactly the same units as the .xlsx originals. soffice runs four times in all (one call converts
many files), with a private profile.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import config, dataset
from analysis.form import HEADER_ROW, form_columns, write_template

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
#: LibreOffice starts in seconds per conversion: slow (`make test-fast` skips it)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                                         ".ci/run installs libreoffice-calc-nogui")]
#: LibreOffice's CSV export filter: comma, double quote, UTF-8 (76), first line included.
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76,1"
FILLED = {"year": 2022, "province": "Lào Cai", "unit_name": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Lào Cai",
          "unit_type": "tỉnh", "staff_total": 30, "staff_field": 12, "districts_total": 9,
          "districts_with_network": 5, "district_collaborators": 7, "communes_total": 152,
          "communes_with_network": 20, "commune_collaborators": 25, "collaborator_pay_mvnd": 1250.5,
          "notes": "Ghi chú: đã kiểm tra"}


def _convert(files: list[Path], target: str, out: Path, profile: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", target, "--outdir", str(out), *map(str, files)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """tmp/<kind>/: the filled form as LibreOffice saved it, and the 2022 sample converted."""
    root = tmp_path_factory.mktemp("libreoffice")
    form = write_template(2022, root / "form" / "filled.xlsx")
    book = openpyxl.load_workbook(form)
    sheet = book["Báo cáo"]
    for index, column in enumerate(form_columns(2022), start=1):
        sheet.cell(row=HEADER_ROW + 1, column=index, value=FILLED[column.name])
    book.save(form)
    sample = sorted((config.RAW_DIR / "2022").glob("*.xlsx"))
    profile = root / "profile"
    _convert([form, *sample], "ods", root / "ods", profile)
    _convert([form, *sample], "xls", root / "xls", profile)
    _convert([form], CSV_UTF8, root / "csv", profile)
    _convert([root / "ods" / "filled.ods"], "xlsx", root / "xlsx", profile)  # a round trip through Calc
    write_template(2025, root / "form" / "form-2025.xlsx")
    _convert([form, root / "form" / "form-2025.xlsx"], "pdf", root / "pdf", profile)  # printed as Calc prints
    return root


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls", "csv"])
def test_filled_form_saved_by_libreoffice_builds_the_same_values(converted, kind, tmp_path):
    raw = tmp_path / "raw" / "2022"
    raw.mkdir(parents=True)
    shutil.copy(converted / kind / f"filled.{kind}", raw)
    result = dataset.process_year(2022, tmp_path / "raw")
    assert result.errors == 0, [str(i) for i in result.issues if i.severity == "error"]
    (unit,) = result.units.to_dict("records")
    for name, value in FILLED.items():
        if name == "province":
            assert unit["province_name"] == value
        else:
            assert unit[name] == value, name
    assert unit["source_row"] == HEADER_ROW + 1  # the row Calc shows


@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_sample_2022_converted_builds_exactly_the_same_units(converted, kind, tmp_path):
    raw = tmp_path / "raw" / "2022"
    raw.mkdir(parents=True)
    for path in (converted / kind).glob(f"*.{kind}"):
        if path.stem != "filled":
            shutil.copy(path, raw)
    for path in (config.RAW_DIR / "2022").glob("*.csv"):
        shutil.copy(path, raw)
    result = dataset.process_year(2022, tmp_path / "raw")
    assert result.errors == 0, [str(i) for i in result.issues if i.severity == "error"]
    original = dataset.process_year(2022, config.RAW_DIR)

    def comparable(units: pd.DataFrame) -> pd.DataFrame:
        stem = units["source_file"].map(lambda f: Path(f).stem)  # the same return, another folder and type
        return units.assign(source_file=stem).reset_index(drop=True)

    pd.testing.assert_frame_equal(comparable(result.units), comparable(original.units))
    # and every value leads to the same cell (sheet, address, text as typed) as in the .xlsx
    pd.testing.assert_frame_equal(comparable(result.cells).sort_values(["source_file", "column"], ignore_index=True),
                                  comparable(original.cells).sort_values(["source_file", "column"], ignore_index=True))


@pytest.mark.parametrize("name", ["filled", "form-2025"])
def test_form_prints_one_a4_landscape_page_wide_with_tone_marks(converted, name):
    """Calc prints each sheet of the form on one A4 landscape page (one page wide, the 14 columns
    together) and the title keeps its tone marks."""
    from pypdf import PdfReader

    reader = PdfReader(converted / "pdf" / f"{name}.pdf")
    assert len(reader.pages) == 2  # "Báo cáo" and "Hướng dẫn", one page each
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    text = reader.pages[0].extract_text()
    assert "BÁO CÁO NHÂN LỰC VÀ MẠNG LƯỚI CỘNG TÁC VIÊN KHUYẾN CÔNG" in text
    assert "Ghi chú" in text and "Thù lao" in text  # the last columns are on the same page
