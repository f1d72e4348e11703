"""What a researcher sees in JupyterLab: a parameter error is one line (no traceback into analysis),
and it names the command that works; charts come out as SVG with their text as text."""

from __future__ import annotations

import re
from html import unescape

import nbformat
import papermill as pm
import pytest

from analysis import config
from analysis.labels import t
from analysis.reports import render

#: every test here reads notebooks executed by Jupyter kernels
pytestmark = pytest.mark.slow


def run(notebook: str, tmp_path, **parameters):
    """The notebook executed by papermill in a new kernel, as JupyterLab runs it (the one such helper)."""
    return pm.execute_notebook(str(config.NOTEBOOKS_DIR / notebook), str(tmp_path / notebook), parameters=parameters,
                               progress_bar=False, kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR))


@pytest.mark.parametrize(("notebook", "parameters", "start"), [
    ("province_profile.ipynb", {"province": "Hà Tây", "year": 2022}, "ParameterError: province='Hà Tây': "),
    ("national_assessment.ipynb", {"year": 1999, "lang": "en"},
     "ParameterError: year=1999 is not a built year; valid: "),
    ("province_profile.ipynb", {"province": "77", "year": 1999},  # lang="vi": the message in Vietnamese
     "ParameterError: year=1999 không phải năm đã tổng hợp; hợp lệ: "),
    ("province_profile.ipynb", {"province": "77", "year": 2022, "lang": "fr"},
     "ParameterError: lang='fr' is not a report language; valid: vi, en"),
])
def test_parameter_error_is_one_line_in_the_kernel(notebook, parameters, start, report_build, tmp_path):
    # the error papermill reports and the traceback IPython sends (what JupyterLab shows under the
    # cell) are the single line
    with pytest.raises(pm.PapermillExecutionError) as failure:
        run(notebook, tmp_path, processed_dir=str(report_build), **parameters)
    assert failure.value.ename == "ParameterError"
    assert "\n" not in failure.value.evalue and start.removeprefix("ParameterError: ") in failure.value.evalue
    assert len(failure.value.traceback) == 1 and failure.value.traceback[0].startswith(start)
    assert "\n" not in failure.value.traceback[0]
    if "year=1999" in start:  # the command that builds it into the folder the notebook reads
        assert failure.value.traceback[0].endswith(f"`khuyencong build --year 1999 --out {report_build}`)")


def test_notebook_charts_are_svg_with_text(built_reports):
    folder, _ = built_reports  # the batch's executed notebook (conftest.built_reports)
    nb = nbformat.read(folder / "notebooks" / "provinces" / "79-tp-ho-chi-minh.ipynb", as_version=4)
    outputs = [o for cell in nb.cells for o in cell.get("outputs", []) if "image/svg+xml" in o.get("data", {})]
    assert len(outputs) >= 2, "the locator map and the position chart"
    assert not any("image/png" in o.get("data", {}) for cell in nb.cells for o in cell.get("outputs", []))
    svg = "".join(o["data"]["image/svg+xml"] for o in outputs)
    assert "TP Hồ Chí Minh</text>" in svg and "<image" not in svg
    # each chart carries its description, which the report shows as the image's alt text
    alts = [o["metadata"]["image/svg+xml"]["alt"] for o in outputs]
    assert alts == [f"{t('maps', 'vi')}: TP Hồ Chí Minh", t("chart_position", "vi", province="TP Hồ Chí Minh")]
    html = render.notebook_html(nb, "t", "h", "vi", "0")
    assert [unescape(a) for a in re.findall(r'<img alt="([^"]*)" src="data:image/svg\+xml;base64,', html)] == alts
