"""Charts: the rank a chart shows is the rank of the table and the sentence; SVG keeps text as text."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import dataset, fmt, key_figures, maps, plots
from analysis.labels import t
from analysis.present import profile as present_profile
from analysis.thresholds import assessment_thresholds

RANK_TEXT = re.compile(r"\((=?)(\d+)/(\d+)\)")  # "(=52/63)" in the Vietnamese chart
COLUMNS = ("staff_total", "field_share")


@pytest.fixture(scope="module")
def built(sample_processed) -> Path:
    """The sample data built once per test run (conftest.sample_years)."""
    return sample_processed


def chart_ranks(figure) -> dict[str, tuple[bool, int, int]]:
    """(tied, rank, n) read from each panel's text artists, keyed by the panel's column."""
    out = {}
    for ax, column in zip(figure.axes, COLUMNS):
        assert ax.get_title(loc="left") == t(column, "vi")
        found = [RANK_TEXT.search(text.get_text()) for text in ax.texts]
        found = [m for m in found if m]
        assert len(found) == 1, [x.get_text() for x in ax.texts]
        tied, rank, n = found[0].groups()
        out[column] = (tied == "=", int(rank), int(n))
    return out


def svg_texts(figure) -> list[str]:
    """The text of every <text> element of the figure saved as SVG."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg")
    root = ET.fromstring(buffer.getvalue())
    return ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]


def table_ranks(html: str) -> dict[str, str]:
    """Rank cell of each row of the key-figures table, keyed by the row's measure label."""
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", str(html), flags=re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if len(cells) >= 3:
            out[cells[0]] = cells[2]
    return out


@pytest.mark.parametrize("year", [2022, 2025])
def test_position_chart_ranks_agree_with_the_table_and_sentence_for_every_province(built, year):
    units = dataset.load_units(year, built)
    thresholds = assessment_thresholds()
    ranks = key_figures.year_ranks(units, year, thresholds)  # as a batch makes the profiles
    assessment = ranks.assessment
    checked = 0
    for code in assessment.index:
        profile = key_figures.province_indicators(units, year, code, ranks=ranks)
        if not profile["returned"]:
            continue
        figure = plots.province_position(assessment, code, "vi")
        shown = chart_ranks(figure)
        plt.close(figure)
        table = table_ranks(present_profile.key_figures(profile, "vi").data)
        sentences = unescape(re.sub(r"<[^>]+>", " ", present_profile.assessment_sentences(profile, thresholds, "vi").data))
        for column in COLUMNS:
            figures = profile["figures"][column]
            # tied: another reporting province shows the same value (a share as its displayed percentage;
            # counted here from the formatted text, not by analysis.ranking)
            show = fmt.percent if column == "field_share" else fmt.number
            shown_values = assessment[column].dropna().astype(float).map(lambda v, show=show: show(v, "vi"))
            tied = int((shown_values == show(figures["value"], "vi")).sum()) > 1
            assert shown[column] == (tied, figures["rank"], figures["n"]), (code, column)
            label = f"{'=' if tied else ''}{figures['rank']}/{figures['n']}"
            assert table[t(column, "vi")] == label, (code, column, table)
        staff_label = f"{'=' if shown['staff_total'][0] else ''}{shown['staff_total'][1]}/{shown['staff_total'][2]}"
        in_sentences = re.findall(rf"(=?\d+/{shown['staff_total'][2]})\b", sentences)
        assert in_sentences == [staff_label], (code, sentences)
        checked += 1
    assert checked == int(assessment["staffing"].ne("no_return").sum()) > 20


def test_quang_tri_2022_shares_rank_52_and_its_bar_stands_there(built):
    # the sample's Quảng Trị has 11 staff; 51 provinces have more and several others have 11 too
    units = dataset.load_units(2022, built)
    assessment = key_figures.year_assessment(units, 2022)
    staff = assessment["staff_total"].dropna()
    assert (staff > 11).sum() == 51 and (staff == 11).sum() > 1 and len(staff) == 63
    figure = plots.province_position(assessment, "45", "vi")
    texts = svg_texts(figure)
    assert "11 (=52/63)" in texts and "Quảng Trị" in texts
    bars = [p for p in figure.axes[0].patches if p.get_facecolor()[:3] == pytest.approx((0xD5 / 255, 0x5E / 255, 0))]
    assert len(bars) == 1 and bars[0].get_x() + bars[0].get_width() / 2 == pytest.approx(52)
    plt.close(figure)


def test_position_chart_untied_rank_has_no_equals_sign():
    # values 9, 7, 5: "b" (7) is second of three, alone
    assessment = pd.DataFrame({"province_name": ["A", "B", "C"], "staff_total": [9.0, 7.0, 5.0],
                               "field_share": [0.5, 0.5, None]}, index=["a", "b", "c"])
    figure = plots.province_position(assessment, "b", "vi")
    assert chart_ranks(figure) == {"staff_total": (False, 2, 3), "field_share": (True, 1, 2)}
    plt.close(figure)


def test_charts_save_text_as_text_in_svg():
    assessment = pd.DataFrame({"province_name": ["Hà Nội", "Đắk Lắk"], "region": ["Đồng bằng sông Hồng", "Tây Nguyên"],
                               "staff_total": [12.0, 8.0]}, index=["01", "66"])
    figure = plots.staff_by_province(assessment, "vi")
    texts = svg_texts(figure)
    assert "Đắk Lắk" in texts and t("chart_staff", "vi") in texts
    plt.close(figure)


def test_field_share_legend_is_outside_the_plot_area(built):
    units = dataset.load_units(2022, built)
    assessment = key_figures.year_assessment(units, 2022)
    figure = plots.field_share_by_province(assessment, 0.4, "vi")
    figure.canvas.draw()
    legend = figure.legends[0].get_window_extent()
    plot_area = figure.axes[0].get_window_extent()
    assert legend.y1 <= plot_area.y0, "the legend sits below the bars and the national line"
    plt.close(figure)


def test_description_is_label_then_title_then_panel_title():
    figure, ax = plt.subplots()
    assert plots.description(figure) == ""
    ax.set_title("Panel", loc="left")
    assert plots.description(figure) == "Panel"
    figure.suptitle("Chart")
    assert plots.description(figure) == "Chart"
    figure.set_label("Map: Quảng Trị")
    assert plots.description(figure) == "Map: Quảng Trị"
    plt.close(figure)


def test_axis_ends_near_the_data():
    from analysis.plots import axis_end
    assert axis_end(0.31, True) == 0.35 and axis_end(0.0712, True) == 0.1 and axis_end(0.95, True) == 1.0
    assert axis_end(84, False) == 95 and axis_end(12, False) == 15


def _coverage_frame(names, district, commune):
    return pd.DataFrame({"province_name": names, "region": "Đồng bằng sông Hồng",
                         "district_coverage": district, "commune_coverage": commune,
                         "has_network": [True] * len(names)}, index=[f"{i:02d}" for i in range(len(names))])


def test_network_chart_follows_the_table_order_and_ends_near_the_data():
    from analysis.indicators import network_ranking
    # three tied at 10 % (table: Đắk Nông between Bắc Ninh and Thái Bình: Vietnamese order), one at 31 %
    coverage = _coverage_frame(["Thái Bình", "Đắk Nông", "Bắc Ninh", "Hà Nam"], [0.1, 0.1, 0.1, 0.31],
                               [0.1, 0.1, 0.1, 0.31])
    table_order = list(network_ranking(coverage)["province_name"])
    assert table_order == ["Hà Nam", "Bắc Ninh", "Đắk Nông", "Thái Bình"]
    fig = plots.network_coverage_chart(coverage, "vi")
    ax = fig.axes[0]
    chart_top_down = [label.get_text() for label in ax.get_yticklabels()][::-1]
    assert chart_top_down == table_order
    assert ax.get_xlim()[1] == pytest.approx(0.35)  # not 100 %
    assert "31,0\u00a0%" in {text.get_text() for text in ax.texts}  # each bar carries its value
    plt.close(fig)


def test_province_bars_order_ties_by_name_and_label_values():
    index = [f"{i:02d}" for i in range(4)]
    assessment = pd.DataFrame({"province_name": ["Thái Bình", "Đắk Nông", "Bắc Ninh", "Hà Nam"],
                               "region": "Đồng bằng sông Hồng", "staff_total": [12.0, 12.0, 12.0, 30.0]}, index=index)
    fig = plots.staff_by_province(assessment, "vi")
    ax = fig.axes[0]
    assert [label.get_text() for label in ax.get_yticklabels()][::-1] == ["Hà Nam", "Bắc Ninh", "Đắk Nông", "Thái Bình"]
    assert sorted(text.get_text() for text in ax.texts) == ["12", "12", "12", "30"]
    assert ax.get_xlim()[1] < 40
    plt.close(fig)


def test_long_coverage_chart_fits_beside_the_end_of_its_table():
    coverage = _coverage_frame([f"Tỉnh {i}" for i in range(30)], [0.5] * 30, [0.05] * 30)
    fig = plots.network_coverage_chart(coverage, "vi")
    assert fig.get_figheight() <= 5.6  # was 7.8 in: pushed to the next page, leaving two thirds of one blank
    plt.close(fig)


def test_network_chart_takes_the_ranking_too():
    from analysis.indicators import network_ranking
    coverage = _coverage_frame(["Thái Bình", "Hà Nam"], [0.1, 0.31], [0.1, 0.31])
    fig = plots.network_coverage_chart(network_ranking(coverage), "en")
    assert [label.get_text() for label in fig.axes[0].get_yticklabels()] == ["Thái Bình", "Hà Nam"]
    plt.close(fig)


def test_long_province_chart_is_readable_on_a_phone():
    # 63 bars shown 390 px wide: the province names at least 7.5 px high, and every bar has its value
    index = [f"{i:02d}" for i in range(63)]
    assessment = pd.DataFrame({"province_name": [f"Tỉnh {i}" for i in range(63)], "region": "Đồng bằng sông Hồng",
                               "staff_total": [float(i + 1) for i in range(63)]}, index=index)
    fig = plots.staff_by_province(assessment, "vi")
    ax = fig.axes[0]
    px_per_point = 390 / (fig.get_figwidth() * 72)
    assert min(label.get_fontsize() for label in ax.get_yticklabels()) * px_per_point >= 7.5
    assert len(ax.texts) == 63 and fig.get_figheight() <= 9.2
    plt.close(fig)


def test_the_english_legend_names_the_regions_in_english(built):
    from analysis.present.names import REGION_KEYS

    assessment = key_figures.year_assessment(dataset.load_units(2022, built), 2022)
    for lang in ("en", "vi"):
        figure = plots.staff_by_province(assessment, lang)
        legend = [text.get_text() for text in figure.legends[0].get_texts()]
        expected = [t(key, lang) if lang == "en" else region for region, key in REGION_KEYS.items()]
        assert set(expected) <= set(legend), (lang, legend)
        plt.close(figure)


def test_a_share_axis_never_reads_more_than_100_percent(built):
    # Thanh Hóa's field share (91,3 % in 2024) is the largest: the axis ends at the data, below 100 %
    assessment = key_figures.year_assessment(dataset.load_units(2024, built), 2024)
    figure = plots.province_position(assessment, "38", "vi")
    share_axis = figure.axes[1]
    assert max(share_axis.get_yticks()) <= 1.0
    assert not any("120" in label.get_text() for label in share_axis.get_yticklabels())
    plt.close(figure)


def beyond_canvas(figure) -> dict[str, float]:
    """How far (inches) what a figure draws reaches past each edge of its canvas, for the edges it
    passes: the extent that a "tight" crop would have added (Agg's metrics, the SVG's fonts)."""
    figure.canvas.draw()
    drawn = figure.get_tightbbox(figure.canvas.get_renderer())
    width, height = figure.get_size_inches()
    over = {"left": -drawn.x0, "bottom": -drawn.y0, "right": drawn.x1 - width, "top": drawn.y1 - height}
    return {edge: round(inches, 3) for edge, inches in over.items() if inches > 0.01}


@pytest.mark.parametrize("year", [2022, 2025])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_charts_laid_out_by_hand_keep_every_text_on_the_canvas(built, year, lang):
    # the position chart and the locator map have fixed margins (plots.fixed_margins) and are saved
    # uncropped; the provinces that test them: the longest name, the most staff, the first and the last
    assessment = key_figures.year_assessment(dataset.load_units(year, built), year)
    staff = assessment["staff_total"].dropna()
    longest = max(assessment.index, key=lambda code: len(assessment.at[code, "province_name"]))
    codes = {longest, staff.idxmax(), staff.idxmin(), assessment["field_share"].dropna().idxmax()}
    for code in sorted(codes):
        for figure in (plots.province_position(assessment, code, lang), maps.locator(year, code, lang)):
            assert figure.get_layout_engine() is None, "saved uncropped"
            assert beyond_canvas(figure) == {}, (code, figure.get_label())
            plt.close(figure)
    figure = plots.province_position(assessment, longest, lang)
    plots.fixed_margins(figure, 0, 0, 0, 0)
    assert set(beyond_canvas(figure)) >= {"left", "bottom", "top"}, "the check sees a text cut off"
    plt.close(figure)
