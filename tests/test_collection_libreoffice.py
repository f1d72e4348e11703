"""A feedback workbook opened and re-saved by LibreOffice Calc (`soffice --headless`): its comments and
highlights survive, and the re-saved file builds as the province's return (issue 18 §2)."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from analysis import cli, config, dataset, form
from analysis.collection.settings import settings

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                                         ".ci/run installs libreoffice-calc-nogui")]


def test_feedback_workbook_resaved_by_calc_keeps_comments_and_builds(tmp_path, capsys):
    raw = tmp_path / "raw" / "2025"
    shutil.copytree(config.RAW_DIR / "2025", raw)
    path = raw / "42-ha-tinh.xlsx"
    book = openpyxl.load_workbook(path)
    book[form.DATA_SHEET]["F5"] = 999  # field staff above all staff: an error
    book.save(path)
    out = tmp_path / "feedback"
    assert cli.main(["feedback", "--year", "2025", "--raw", str(tmp_path / "raw"), "--processed",
                     str(tmp_path / "processed"), "--out", str(out)]) == 0
    capsys.readouterr()
    sent = out / "42-ha-tinh-phan-hoi-2025.xlsx"
    # the clerk opens it in Calc, corrects F5 (here before the round trip) and saves it as .xlsx
    corrected = openpyxl.load_workbook(sent)
    corrected[form.DATA_SHEET]["F5"] = 4
    corrected.save(tmp_path / "corrected.xlsx")
    resaved = tmp_path / "calc"
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--norestore", "--convert-to", "xlsx", "--outdir", str(resaved),
                           str(tmp_path / "corrected.xlsx")], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    again = openpyxl.load_workbook(resaved / "corrected.xlsx")
    assert again.sheetnames[0] == settings()["feedback"]["sheet"]
    cell = again[form.DATA_SHEET]["F5"]
    assert cell.comment is not None and "Cần làm" in cell.comment.text
    assert cell.fill.fgColor.rgb.upper().endswith(settings()["feedback"]["fill"].upper())
    path.unlink()
    shutil.copy(resaved / "corrected.xlsx", raw / "42-ha-tinh.xlsx")
    result = dataset.process_year(2025, tmp_path / "raw")
    assert result.errors == 0, [str(i) for i in result.issues if i.severity == "error"]
    unit = result.units[result.units["province_code"] == "42"].iloc[0]
    assert (unit["staff_field"], unit["source_row"]) == (4, 5)
