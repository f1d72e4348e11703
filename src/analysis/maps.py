"""Static maps of Vietnam by province (matplotlib): choropleths and a locator map.

Outlines: data/geo/vn63.geojson and vn34.geojson (simplified, from echarts-countries-pypkg, MIT;
see data/geo/README.md). The Hoàng Sa and Trường Sa archipelagos are not in those outlines; every
map marks and names them (ARCHIPELAGOS) and says that the outlines are simplified.
Colours: cividis, whose lightness rises steadily, so the maps read for colour-blind readers and in
grey print; provinces with no figure are hatched. Class breaks are fixed for each measure
(assessment.yml map_classes), so a shade means the same in every year's map.
"""

from __future__ import annotations

import json
import textwrap
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.colors import BoundaryNorm
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator

from analysis import fmt, reference
from analysis.config import GEO_DIR
from analysis.labels import t
from analysis.plots import HIGHLIGHT, MUTED, add_shape, fixed_margins, use_style
from analysis.thresholds import assessment_thresholds

#: Approximate positions (lon, lat) of islands of the two archipelagos, drawn as markers.
ARCHIPELAGOS = {
    "hoang_sa": [(111.6, 16.5), (112.3, 16.8), (112.0, 16.2), (111.8, 15.8), (112.7, 16.6)],
    "truong_sa": [(114.3, 10.4), (115.2, 10.9), (113.8, 9.7), (114.9, 8.9), (112.9, 8.6), (116.0, 10.2),
                  (114.4, 8.1)],
}
EXTENT = (101.8, 117.6, 8.0, 23.6)  # lon min, lon max, lat min, lat max
COLORMAP = "cividis"
#: Characters per line of the maps' note in the free cell (8 pt: lines that fit in the free half of the page, as matplotlib's own wrapping gave).
NOTE_WIDTH = 50


@lru_cache(maxsize=2)
def outlines(geo: str) -> dict[str, list[np.ndarray]]:
    """Province code -> exterior rings (arrays of lon, lat) of the map `geo` ("vn63" or "vn34")."""
    data = json.loads((GEO_DIR / f"{geo}.geojson").read_text(encoding="utf-8"))
    rings: dict[str, list[np.ndarray]] = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings[feature["properties"]["code"]] = [np.asarray(poly[0]) for poly in polygons]
    return rings


def _base(ax: plt.Axes, lang: str) -> None:
    """Frame, archipelagos and the note on simplified outlines."""
    ax.set_xlim(EXTENT[0], EXTENT[1])
    ax.set_ylim(EXTENT[2], EXTENT[3])
    ax.set_aspect(1.0 / np.cos(np.radians(16)))
    ax.set_axis_off()
    for key, points in ARCHIPELAGOS.items():
        xs, ys = zip(*points)
        ax.scatter(xs, ys, s=2.5, color="#333333", zorder=3, linewidths=0)
        x, y = np.mean(xs), max(ys)
        ax.text(x, y + 0.35, t(f"archipelago_{key}", lang), fontsize=5.5, ha="center", va="bottom", color="#333333")


def simplify_ring(ring: np.ndarray, tolerance: float) -> np.ndarray:
    """The ring (array of lon, lat; first point = last) without the points that lie within
    `tolerance` degrees of the simplified outline (Ramer-Douglas-Peucker); the ring itself when
    fewer than 4 points would remain or tolerance is 0. The input is not changed."""
    n = len(ring)
    if n <= 4 or tolerance <= 0:
        return ring
    keep = np.zeros(n, dtype=bool)
    far = int(np.argmax(np.hypot(*(ring - ring[0]).T)))  # split the closed ring at its farthest point
    keep[[0, far, n - 1]] = True
    stack = [(0, far), (far, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        p, q, inner = ring[a], ring[b], ring[a + 1:b]
        d = q - p
        length = float(np.hypot(*d))
        dist = (np.abs(d[0] * (inner[:, 1] - p[1]) - d[1] * (inner[:, 0] - p[0])) / length if length
                else np.hypot(*(inner - p).T))
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            keep[a + 1 + i] = True
            stack += [(a, a + 1 + i), (a + 1 + i, b)]
    out = ring[keep]
    return out if len(out) >= 4 else ring


@lru_cache(maxsize=4)
def drawn_outlines(geo: str, tolerance: float) -> dict[str, list[np.ndarray]]:
    """outlines(geo) simplified to `tolerance` degrees (about a third of a point at the drawn size:
    the same picture, a smaller and faster SVG)."""
    return {code: [simplify_ring(ring, tolerance) for ring in rings] for code, rings in outlines(geo).items()}


def _collection(geo: str, colours: dict[str, object], edge: str = "white", hatch_missing: bool = True,
                tolerance: float = 0.01):
    polys, faces, hatches = [], [], []
    for code, rings in drawn_outlines(geo, tolerance).items():
        for ring in rings:
            polys.append(ring)
            faces.append(colours.get(code, "#eeeeee"))
            hatches.append(code not in colours)
    collection = PolyCollection(polys, facecolors=faces, edgecolors=edge, linewidths=0.25)
    missing = PolyCollection([p for p, h in zip(polys, hatches) if h], facecolors="#f4f4f4", edgecolors="#999999",
                             linewidths=0.25, hatch="/////") if hatch_missing and any(hatches) else None
    return collection, missing


def map_classes(column: str, cmap, thresholds: dict | None = None) -> BoundaryNorm | None:
    """The fixed classes of a map measure (assessment.yml map_classes), the same every year and on
    both maps; an open top class ("100 and more") where open_top; None for a measure without fixed classes."""
    spec = (thresholds or assessment_thresholds()).get("map_classes", {}).get(column)
    if spec is None:
        return None
    bounds = list(spec["bounds"])
    if spec.get("open_top"):
        return BoundaryNorm(bounds, cmap.N, extend="max")
    return BoundaryNorm(bounds, cmap.N)


def classes(series: pd.Series, cmap) -> BoundaryNorm:
    """About five equal classes with round bounds covering the values (a classed map reads better
    than a continuous shade, and its legend stays vector). Missing values are ignored."""
    known = series.dropna().astype(float)
    low, high = (float(known.min()), float(known.max())) if len(known) else (0.0, 1.0)
    if high <= low:
        high = low + (abs(low) or 1.0)
    bounds = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
    bounds = bounds[(bounds <= low).sum() - 1: len(bounds) - (bounds >= high).sum() + 1]
    return BoundaryNorm(bounds, cmap.N)


def choropleths(values: pd.DataFrame, geo: str, columns: list[str], lang: str = "vi") -> Figure:
    """One map per column of `values` (index province code of `geo`), classed shades, same layout.

    Two maps a row, so that three fill an A4 page (each half the page wide); the note on the
    outlines and the hatching takes the free cell. Percent columns (shares 0..1) get percent
    legends. Provinces without a value are hatched. Legends sit under each map, clear of the data.
    """
    use_style()
    ncols = min(2, len(columns))
    nrows = -(-len(columns) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(7.2, 4.15 * nrows + 0.3), layout="constrained", squeeze=False)
    cmap = plt.get_cmap(COLORMAP)
    for ax, column in zip(axes.flat, columns):
        series = values[column].dropna().astype(float)
        percent = column.endswith(("share", "coverage"))
        norm = map_classes(column, cmap) or classes(series, cmap)  # fixed classes: maps compare across years
        collection, missing = _collection(geo, {code: cmap(norm(v)) for code, v in series.items()})
        ax.add_collection(collection)
        if missing is not None:
            ax.add_collection(missing)
        _base(ax, lang)
        bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, orientation="horizontal",
                           fraction=0.04, pad=0.02, aspect=30, spacing="uniform")
        bar.ax.tick_params(labelsize=7)
        bar.ax.xaxis.set_major_formatter(plt.FuncFormatter(
            lambda v, _, p=percent: fmt.percent(v, lang, 0) if p else fmt.number(v, lang)))
        ax.set_title(t(column, lang), fontsize=10, loc="center")
    free = list(axes.flat[len(columns):])
    for ax in free:
        ax.set_axis_off()
    fig.suptitle(t("maps_title", lang), x=0.01, ha="left", fontsize=11, fontweight="bold")
    if free:
        # wrapped here, not by matplotlib (wrap=True measures the note word by word at every one of the
        # figure's four layout and drawing passes: half a second of the national report)
        note = textwrap.fill(t("map_note", lang), NOTE_WIDTH, break_long_words=False, break_on_hyphens=False)
        free[0].text(0.05, 0.5, note, fontsize=8, color="#555555", ha="left", va="center")
    else:
        fig.text(0.01, -0.01, t("map_note", lang), fontsize=6.5, color="#555555", ha="left", va="top", wrap=True)
    return fig


def national(assessment: pd.DataFrame, year: int, lang: str = "vi") -> Figure:
    """The national report's maps: staff per unit, field share and network coverage on the year's map.

    Network coverage is the district share up to 2024 and the commune share from 2025 (no districts).
    """
    geo = reference.geo_for_year(year)
    network = "district_coverage" if geo == "vn63" else "commune_coverage"
    return choropleths(assessment, geo, ["staff_total", "field_share", network], lang)


def locator(year: int, province_code: str, lang: str = "vi") -> Figure:
    """A small map of Vietnam (the year's map) with one province highlighted."""
    geo = reference.geo_for_year(year)
    use_style()
    fig, ax = plt.subplots(figsize=(2.7, 2.6))  # wide enough for the note in both editions
    fixed_margins(fig, left=0.02, right=0.02, bottom=0.14, top=0.02)  # by hand: the note below the map
    rings = drawn_outlines(geo, 0.03)  # a small map: coarser outlines
    for codes, colour in (([c for c in rings if c != province_code], MUTED), ([province_code], HIGHLIGHT)):
        # one compound path per colour: one SVG element, not one per province (quicker in the PDF)
        paths = [Path(ring, closed=True) for code in codes for ring in rings.get(code, [])]
        if paths:
            add_shape(ax, PathPatch(Path.make_compound_path(*paths), facecolor=colour, edgecolor="white",
                                    linewidth=0.25))
    _base(ax, lang)
    fig.text(0.01, 0.0, t("map_note_short", lang), fontsize=5, color="#555555", ha="left", va="bottom")
    fig.set_label(f"{t('maps', lang)}: {reference.province(province_code, geo).name}")  # its description (alt text)
    return fig
