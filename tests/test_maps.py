"""Maps: classed shades with round bounds, large enough to read, all vector (no raster legend)."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import maps, reference
from analysis.labels import t


@pytest.mark.parametrize(("values", "bounds"), [
    ([5, 48], [0, 10, 20, 30, 40, 50]),          # staff: steps of 10 from below 5 to above 48
    ([0.12, 0.81], [0, 0.2, 0.4, 0.6, 0.8, 1.0]),  # shares: steps of 20 %
    ([0.22, 0.5], [0.2, 0.3, 0.4, 0.5]),
])
def test_classes_round_bounds_cover_the_values(values, bounds):
    norm = maps.classes(pd.Series(values + [None], dtype=float), plt.get_cmap(maps.COLORMAP))
    assert list(norm.boundaries) == pytest.approx(bounds)


def test_classes_of_a_single_value_still_have_classes():
    norm = maps.classes(pd.Series([0.0, 0.0]), plt.get_cmap(maps.COLORMAP))
    assert norm.boundaries[0] <= 0 < norm.boundaries[-1] and len(norm.boundaries) >= 3


@pytest.fixture(scope="module")
def national_figure():
    table = reference.provinces("vn63").set_index("province_code")
    values = pd.DataFrame({"staff_total": range(63), "field_share": 0.4, "district_coverage": None},
                          index=table.index)
    figure = maps.national(values, 2022, "vi")
    yield figure
    plt.close(figure)


def test_national_maps_are_half_a_page_wide_each(national_figure):
    national_figure.canvas.draw()
    width_in = national_figure.get_figwidth()
    map_axes = [ax for ax in national_figure.axes if ax.texts and ax.collections]
    assert len(map_axes) == 3
    for ax in map_axes:
        box = ax.get_window_extent()
        assert box.width / national_figure.dpi >= 0.4 * width_in, "each map spans at least 40 % of the page width"
    assert width_in <= 7.2 and national_figure.get_figheight() <= 9.25, "the three fit one A4 page"


def test_national_maps_svg_has_no_raster_image_and_keeps_text(national_figure):
    buffer = io.BytesIO()
    national_figure.savefig(buffer, format="svg")
    svg = buffer.getvalue().decode("utf-8")
    assert "<image" not in svg, "legends are vector too"
    assert f">{t('archipelago_hoang_sa', 'vi')}<" in svg, "names stay text in the SVG"


def test_simplify_ring_drops_points_within_tolerance_and_keeps_corners():
    # a closed unit square with an extra point 0.01 off its bottom edge and one 0.2 off its top edge
    ring = np.array([[0, 0], [0.5, 0.01], [1, 0], [1, 1], [0.5, 1.2], [0, 1], [0, 0]], dtype=float)
    out = maps.simplify_ring(ring, 0.05)
    assert out.tolist() == [[0, 0], [1, 0], [1, 1], [0.5, 1.2], [0, 1], [0, 0]]
    assert maps.simplify_ring(ring, 0.0) is ring and len(ring) == 7, "tolerance 0 and the input unchanged"
    triangle = np.array([[0, 0], [1, 0], [0, 1], [0, 0]], dtype=float)
    assert maps.simplify_ring(triangle, 10).tolist() == triangle.tolist(), "never fewer than 4 points"


def test_locator_map_svg_stays_small():
    # the locator is in every province profile, whose HTML must stay under 400 KB
    figure = maps.locator(2022, "45", "vi")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    assert len(buffer.getvalue()) < 80_000


def test_map_classes_are_fixed_for_each_measure_whatever_the_values():
    cmap = plt.get_cmap(maps.COLORMAP)
    staff = maps.map_classes("staff_total", cmap)
    assert list(staff.boundaries) == [0, 10, 20, 30, 40, 60, 100] and staff.extend == "max"
    # the same shade for the same value in any year: the classes do not depend on the data
    assert staff(25) == maps.map_classes("staff_total", cmap)(25) and staff(150) == staff(100)
    assert list(maps.map_classes("commune_coverage", cmap).boundaries) == pytest.approx([0, 0.01, 0.05, 0.1, 0.17, 0.3, 1.0])
    assert maps.map_classes("not_a_measure", cmap) is None


def test_national_maps_use_the_fixed_classes(national_figure):
    bars = [ax for ax in national_figure.axes if not ax.collections or not ax.texts]
    bounds = sorted({tuple(np.round(a._colorbar.norm.boundaries, 3))
                     for a in bars if getattr(a, "_colorbar", None) is not None})
    assert (0.0, 10.0, 20.0, 30.0, 40.0, 60.0, 100.0) in bounds and (0.0, 0.2, 0.4, 0.6, 0.8, 1.0) in bounds


def test_map_note_says_the_outline_is_illustrative_in_plain_words():
    vi, en = t("map_note", "vi"), t("map_note", "en")
    assert "chỉ để minh họa" in vi and "không phải bản đồ chính thức" in vi and "giản lược" in vi
    assert "not an official map" in en and "illustration" in en
    for text in (vi, en, t("map_note_short", "vi"), t("map_note_short", "en")):
        assert "pypkg" not in text and "echarts" not in text.lower() and "MIT" not in text
