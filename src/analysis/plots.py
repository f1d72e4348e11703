"""Charts of the assessment: one style, Vietnamese (or English) labels, colour-blind-safe, grey-printable.

Every function takes the indicator tables, returns a matplotlib Figure and does no I/O. Regions
get Okabe-Ito colours plus a hatch pattern each, so they stay apart when printed in grey.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis import fmt
from analysis.indicators import BAND_KEYS, REGION_ORDER, network_ranking
from analysis.labels import t
from analysis.present.names import region_name
from analysis.ranking import SHARE_MEASURES, display_order, measure_ranks, rank_label, shown_share, sorted_by_rank

#: Okabe-Ito colours (colour-blind safe), in an order whose grey levels differ.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
HATCHES = ("", "//", "..", "xx", "\\\\", "++")
HIGHLIGHT, MUTED, ACCENT = "#D55E00", "#B8B8B8", "#0072B2"

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    # titles at the top of their panel, not moved clear of top ticks or an axis offset (no chart has
    # either): matplotlib measures every tick label of the y axis again for each title otherwise
    "axes.titley": 1.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "hatch.linewidth": 0.5,
    "legend.frameon": False,
    "svg.fonttype": "none",        # SVG text stays text (searchable, selectable; DejaVu Sans covers Vietnamese)
    "svg.hashsalt": "khuyencong",  # fixed element ids: the same chart gives the same SVG
}


def use_style() -> None:
    """Apply the project's chart style (seaborn theme plus STYLE) to matplotlib (idempotent).

    In a notebook (IPython's inline backend) figures are then shown as SVG with text kept as text,
    so reports print sharp and their labels can be searched and selected.
    """
    sns.set_theme(context="paper", style="whitegrid", palette=list(PALETTE), font="DejaVu Sans", rc=STYLE)
    show_as_svg()


def show_as_svg() -> None:
    """Show figures in a notebook as SVG (text as text, DejaVu Sans, no date: the same chart, the same bytes).

    Does nothing outside IPython or when another backend than the inline one is in use.
    """
    from IPython import get_ipython  # lazy: notebook only

    shell = get_ipython()
    if shell is None or "inline" not in str(matplotlib.get_backend()):
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats  # lazy: notebook only

    set_matplotlib_formats("svg", metadata=SVG_METADATA)
    # pyplot redraws every open figure with Agg (a raster nobody sees) after each cell before the inline
    # backend shows it as SVG: a full draw per chart for nothing (half a second of a province profile)
    if plt._draw_all_if_interactive in shell.events.callbacks["post_execute"]:
        shell.events.unregister("post_execute", plt._draw_all_if_interactive)
    formatter = shell.display_formatter.formatters["image/svg+xml"]
    # the figure's description goes with the SVG as metadata (the report template's alt text)
    formatter.for_type(Figure, lambda figure: (figure_svg(figure), {"alt": description(figure)}))


#: No date in a chart's SVG: the same chart, the same bytes.
SVG_METADATA = {"Date": None}


def figure_svg(figure: Figure) -> str | None:
    """A figure as SVG text, as the notebook shows it (None for a figure with nothing drawn).

    A figure with a layout engine (constrained layout) is cropped to what it draws ("tight"), which
    takes two drawing passes before the SVG's own; a figure laid out by hand (`fixed_margins`) is
    saved at its own size, drawn once.
    """
    from IPython.core.pylabtools import print_figure  # lazy: notebook only

    if figure.get_layout_engine() is not None:
        return print_figure(figure, "svg", bbox_inches="tight", metadata=SVG_METADATA)
    with matplotlib.rc_context({"savefig.bbox": "standard"}):  # not STYLE's "tight"
        return print_figure(figure, "svg", bbox_inches=None, metadata=SVG_METADATA)


def fixed_margins(fig: Figure, left: float, right: float, bottom: float, top: float, gap: float = 0.0) -> Figure:
    """Lay a figure's panels out by hand: the margins round the panels and the gap between the
    panels of a row, in inches. For charts drawn once per province, whose text is of known extent:
    no layout engine measures them, and `figure_svg` saves them without cropping (a third of the
    time of drawing them)."""
    width, height = fig.get_size_inches()
    columns = fig.axes[0].get_gridspec().ncols if fig.axes else 1
    panel = (width - left - right - gap * (columns - 1)) / columns
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height,
                        wspace=gap / panel if columns > 1 else 0.0)
    return fig


def description(figure: Figure) -> str:
    """A figure's text description (for an image's alt text): its label, else its title, else its
    first panel's title; "" when it has none."""
    titles = [figure.get_label(), figure.get_suptitle()]
    titles += [ax.get_title(loc=loc) for ax in figure.axes for loc in ("left", "center")]
    return next((title for title in titles if title), "")


def region_style(region: str) -> tuple[str, str]:
    """(colour, hatch) of a region."""
    index = REGION_ORDER.index(region) if region in REGION_ORDER else len(REGION_ORDER)
    return PALETTE[index % len(PALETTE)], HATCHES[index % len(HATCHES)]


def _figure(width: float, height: float) -> tuple[Figure, plt.Axes]:
    use_style()
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def _number_axis(ax: plt.Axes, lang: str, axis: str = "x") -> None:
    formatter = FuncFormatter(lambda v, _: fmt.number(v, lang))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def _percent_axis(ax: plt.Axes, lang: str, axis: str = "x") -> None:
    formatter = FuncFormatter(lambda v, _: fmt.percent(v, lang, 0))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def _region_legend(ax: plt.Axes, regions: list[str], lang: str, extra: list | None = None) -> None:
    """The regions' colours and hatches under the plot, each region named in the edition's language."""
    handles = list(extra or [])
    for region in REGION_ORDER:
        if region in regions:
            colour, hatch = region_style(region)
            handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="#333333", linewidth=0.3,
                                 label=region_name(region, lang)))
    _legend_below(ax, handles)


def _legend_below(ax: plt.Axes, handles: list | None = None) -> None:
    """The legend under the plot, clear of the data (bars and reference lines are never covered)."""
    handles = handles if handles is not None else ax.get_legend_handles_labels()[0]
    ax.figure.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=8, frameon=False)


def size_bands(bands: pd.DataFrame, lang: str = "vi") -> Figure:
    """Bar chart of provincial units per size band (bands: indicators.size_band_counts)."""
    fig, ax = _figure(6.5, 2.8)
    labels = [t(f"band_{key}", lang) for key in BAND_KEYS]
    counts = [int(bands.at[key, "count"]) for key in BAND_KEYS]
    bars = ax.bar(labels, counts, color=[PALETTE[i] for i in range(len(BAND_KEYS))], edgecolor="#333333",
                  linewidth=0.4)
    for bar, hatch in zip(bars, HATCHES):
        bar.set_hatch(hatch)
    ax.bar_label(bars, labels=[fmt.number(c, lang) for c in counts], padding=2)
    ax.set_ylabel(t("axis_units", lang))
    ax.set_title(t("chart_bands", lang))
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", visible=True)
    ax.margins(y=0.15)
    return fig


def axis_end(top: float, percent: bool) -> float:
    """Where a value axis ends: a little past the largest value (room for the value labels), on a round
    step (5 % for shares, else a 1-2-5 step), never at 100 % or 120 % when the data stop at 31 %."""
    top = float(top) if top and not pd.isna(top) and top > 0 else (0.05 if percent else 1.0)
    padded = top * 1.12
    if percent:
        end = max(0.05, np.ceil(round(padded / 0.05, 6)) * 0.05)
        return round(float(min(end, 1.0) if top <= 1 else end), 4)
    step = 10 ** np.floor(np.log10(padded)) / 2
    return round(float(np.ceil(round(padded / step, 6)) * step), 4)


def _value_labels(ax: plt.Axes, ys: list[float], values: list[float], lang: str, percent: bool,
                  fontsize: float = 6.5) -> None:
    """Each bar's value written at its end, so a reader on a phone need not read the axis."""
    for y, value in zip(ys, values):
        if pd.isna(value):
            continue
        shown = fmt.percent(value, lang) if percent else fmt.number(value, lang)
        ax.annotate(shown, (value, y), xytext=(2, 0), textcoords="offset points", va="center", ha="left",
                    fontsize=fontsize, color="#333333")


def _province_bars(values: pd.Series, names: pd.Series, regions: pd.Series, title: str, xlabel: str,
                   lang: str, measure: str, percent: bool = False, reference_line: float | None = None,
                   highlight: str | None = None) -> Figure:
    # the table's order (rank, then name: analysis.ranking.display_order), rank 1 at the top
    order = display_order(measure, values, names)[::-1]
    # 63 provinces fill an A4 page unscaled; each bar tall enough to carry its value label. Narrower
    # than the page (5.4 in): shown 390 px wide on a phone, the 8 pt names and values stay about 8 px
    # high instead of 6 (the values at the bars make the axis unnecessary to read)
    height = max(3.0, min(9.2, 0.128 * len(order) + 1.6))
    fig, ax = _figure(5.4, height)
    y = range(len(order))
    groups: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
    for i, code in zip(y, order):
        if highlight is None:
            style = region_style(regions[code])
        else:
            style = (HIGHLIGHT, "") if code == highlight else (MUTED, "")
        groups.setdefault(style, []).append((0.0, i - 0.375, float(values[code]), 0.75))
    for (colour, hatch), rectangles in groups.items():  # one element (one hatch pattern) per region
        add_shape(ax, _rectangles(rectangles, colour, hatch))
    _value_labels(ax, list(y), [values[c] for c in order], lang, percent, 7 if len(order) > 40 else 8)
    ax.set_xlim(0, axis_end(values.max(), percent))
    ax.set_yticks(list(y), [names[c] for c in order], fontsize=8 if len(order) > 40 else 8.5)
    if highlight is not None and highlight in order:
        ax.get_yticklabels()[list(order).index(highlight)].set_fontweight("bold")
    extra = []
    if reference_line is not None and not pd.isna(reference_line):
        extra.append(ax.axvline(reference_line, color="#333333", linestyle="--", linewidth=0.9,
                                label=t("national_mean", lang)))
    (_percent_axis if percent else _number_axis)(ax, lang)
    ax.set_xlabel(xlabel)
    unlabelled(ax.yaxis)
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.set_title(title)
    if highlight is None:
        _region_legend(ax, list(regions.unique()), lang, extra)
    return fig


def staff_by_province(assessment: pd.DataFrame, lang: str = "vi") -> Figure:
    """Sorted bars of all staff per province, coloured by region (assessment: indicators.assessment_table)."""
    data = assessment.dropna(subset=["staff_total"])
    return _province_bars(data["staff_total"].astype(float), data["province_name"], data["region"],
                          t("chart_staff", lang), t("axis_staff", lang), lang, "staff_total")


def field_share_by_province(assessment: pd.DataFrame, national_share: float, lang: str = "vi") -> Figure:
    """Sorted bars of the field staff share per province with the national share marked."""
    data = assessment.dropna(subset=["field_share"])
    return _province_bars(data["field_share"], data["province_name"], data["region"],
                          t("chart_field_share", lang), t("axis_share", lang), lang, "field_share", percent=True,
                          reference_line=national_share)


def network_coverage_chart(coverage: pd.DataFrame, lang: str = "vi") -> Figure:
    """Paired bars of district and commune coverage for provinces with a network, widest first.

    coverage: indicators.network_coverage, or its network_ranking. The order is the network table's
    (indicators.network_ranking: breadth rank, then name), each bar
    carries its value, and the axis ends just past the widest coverage.
    """
    ranking = sorted_by_rank(coverage) if "rank" in coverage else network_ranking(coverage)  # a ranking as it is
    data = ranking[ranking["has_network"]].iloc[::-1]
    # short enough to share a page with the end of the table above it (30 provinces: 5.6 in)
    height = max(2.5, 0.15 * len(data) + 1.1)
    fig, ax = _figure(7.0, height)
    y = pd.Series(range(len(data)), dtype=float)
    has_districts = data["district_coverage"].notna().any()
    # each series one element (the communes' hatch pattern drawn once, not once per bar: quicker in the PDF)
    if has_districts:
        add_shape(ax, _rectangles([(0.0, v, w, 0.4) for v, w in zip(y, data["district_coverage"].fillna(0))],
                                  PALETTE[0], "", label=t("district_coverage", lang)))
    shift = 0.2 if has_districts else 0
    add_shape(ax, _rectangles([(0.0, v - shift - 0.2, w, 0.4) for v, w in zip(y, data["commune_coverage"].fillna(0))],
                              PALETTE[1], "//", label=t("commune_coverage", lang)))
    if has_districts:
        _value_labels(ax, list(y + 0.2), list(data["district_coverage"]), lang, True, 6)
    _value_labels(ax, list(y - (0.2 if has_districts else 0)), list(data["commune_coverage"]), lang, True, 6)
    ax.set_yticks(list(y), list(data["province_name"]), fontsize=8)
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlim(0, axis_end(pd.concat([data["district_coverage"], data["commune_coverage"]]).max(), True))
    _percent_axis(ax, lang)
    ax.set_xlabel(t("axis_coverage", lang))
    unlabelled(ax.yaxis)
    ax.set_title(t("chart_coverage", lang))
    _legend_below(ax)
    return fig


def add_shape(ax: plt.Axes, patch: PathPatch) -> PathPatch:
    """Add a patch to a chart that sets its own axis limits: as Axes.add_patch, without the data
    limits that add_patch computes by walking every segment of the patch's path in Python (the
    outlines of 63 provinces: a tenth of a second a map)."""
    return ax.add_artist(patch)


def unlabelled(axis) -> None:
    """Mark an axis that has no label (a list of names, or values read from the bars): its empty label
    is not placed, which matplotlib otherwise does at every layout and drawing pass by measuring
    each of its tick labels again (63 province names). The same drawing: an empty label draws nothing."""
    axis.set_label_coords(0.0, 0.0)


def _rectangles(rectangles: list[tuple[float, float, float, float]], colour: str, hatch: str = "",
                label: str | None = None, outlined: bool = True) -> PathPatch:
    """Bars (x, y, width, height) of one style as one compound path, outlined as ax.bar draws them
    (unless not `outlined`): an SVG holds one element and, when hatched, one use of its pattern, instead
    of one per bar (WeasyPrint draws a pattern again at every use: a 63-bar chart hatched by region took
    seconds of a PDF)."""
    parts = [Path([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)], closed=True)
             for x, y, w, h in rectangles if not pd.isna(w)]
    path = Path.make_compound_path(*parts) if parts else Path(np.empty((0, 2)))
    if not outlined:
        return PathPatch(path, facecolor=colour, linewidth=0)
    return PathPatch(path, facecolor=colour, hatch=hatch or None, edgecolor="#333333", linewidth=0.3, label=label)


def _ranked_order(values: pd.Series, province_code: str) -> pd.Index:
    """Codes by value, largest first; the province first among its equals, so its position is its rank."""
    frame = pd.DataFrame({"value": values, "own": values.index == province_code})
    return frame.sort_values(["value", "own"], ascending=[False, False], kind="stable").index


def province_position(assessment: pd.DataFrame, province_code: str, lang: str = "vi",
                      columns: tuple[str, ...] = ("staff_total", "field_share")) -> Figure:
    """Where a province sits: every province's value as a ranked column, the province highlighted.

    One panel per column (assessment: indicators.assessment_table); provinces without a value are
    left out. The province's rank is analysis.ranking's (ties share the best rank, shown "=52/63"),
    the same as in the tables and sentences, and its bar stands at that rank on the x axis. Only the
    highlighted province is named, so the chart stays readable (and quick to draw) with 63 provinces.
    """
    use_style()
    fig, axes = plt.subplots(1, len(columns), figsize=(7.0, 2.3), squeeze=False)
    # by hand: room for a number or a percentage left of each panel, the rank axis below, the
    # title, the panel titles and their legends above
    fixed_margins(fig, left=0.42, right=0.08, bottom=0.5, top=0.55, gap=0.55)
    name = assessment.at[province_code, "province_name"]
    for ax, column in zip(axes[0], columns):
        ranks = measure_ranks(column, assessment[column])  # a share ranks on its displayed value
        data = assessment[column].astype(float).dropna()
        percent = column in SHARE_MEASURES
        order = _ranked_order(shown_share(data) if percent else data, province_code)
        others = [(x, data[code]) for x, code in enumerate(order, start=1) if code != province_code]
        # one SVG element for all: quicker in the PDF
        add_shape(ax, _rectangles([(x - 0.4, 0.0, 0.8, h) for x, h in others], MUTED, outlined=False))
        if province_code in order:
            ax.bar(int(ranks.at[province_code, "rank"]), data[province_code], width=0.8, color=HIGHLIGHT, linewidth=0)
        ax.axhline(data.median(), color="#333333", linestyle="--", linewidth=0.8, label=t("national_median_line", lang))
        # the legend above the plot, beside the panel title; the province's label in the empty band
        # above the tallest bar (white behind it), so neither covers a bar or the median line
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), borderaxespad=0.1, fontsize=6.5, frameon=False)
        top = float(data.max()) if len(data) else 1.0
        if province_code in ranks.index:
            rank, tied, n, none = ranks.loc[province_code, ["rank", "tied", "n", "none"]]
            value = data[province_code]
            shown = fmt.percent(value, lang) if percent else fmt.number(value, lang)
            label = rank_label(int(rank), int(n), bool(tied), lang, bool(none))
            align = "left" if rank <= n * 0.25 else "right" if rank > n * 0.75 else "center"
            ax.annotate(f"{name}\n{shown} ({label})", xy=(int(rank), value), xytext=(int(rank), top * 1.2),
                        ha=align, va="center", fontsize=7.5, color="#222222",
                        bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
                        arrowprops={"arrowstyle": "-", "color": HIGHLIGHT, "linewidth": 0.8, "shrinkA": 0})
        ax.set_title(t(column, lang), fontsize=9.5)
        ax.set_xlabel(t("rank", lang))
        unlabelled(ax.yaxis)
        ax.set_xlim(0, len(data) + 1)
        ax.set_ylim(0, top * 1.4 if top > 0 else 1)
        ax.grid(axis="x", visible=False)
        ax.grid(axis="y", visible=True)
        (_percent_axis if percent else _number_axis)(ax, lang, "y")
        # ticks within the data (a share's axis never reads 120 %), the band above left for the label
        ticks = MaxNLocator(4).tick_values(0, top if top > 0 else 1)
        ax.set_yticks([v for v in ticks if 0 <= v <= (min(top * 1.05, 1.0) if percent else top * 1.05)])
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    fig.suptitle(t("chart_position", lang, province=name), x=0.01, ha="left", fontsize=11, fontweight="bold")
    return fig


def trend(trend: pd.DataFrame, lang: str = "vi", title: str | None = None) -> Figure:
    """Staff and field staff (left) and network coverage (right) by year, the 2025 merger marked.

    trend: indicators.national_trend or province_trend (index year). District coverage stops in
    2024: the district level was abolished on 1 July 2025.
    """
    use_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.0, 3.3), layout="constrained")
    years = list(trend.index)

    def draw(ax: plt.Axes, column: str, marker: str, style: str, colour: str) -> None:
        """One series; no line is drawn across the July 2025 break (the map and the units changed)."""
        values = trend[column].astype(float)
        for part, label in ((values[values.index < 2025], t(column, lang)), (values[values.index >= 2025], None)):
            if part.notna().any():
                ax.plot(list(part.index), part.values, marker=marker, linestyle=style, color=colour, label=label)

    draw(left, "staff_total", "o", "-", PALETTE[0])
    draw(left, "staff_field", "s", "--", PALETTE[1])
    left.set_ylim(0, float(trend["staff_total"].max()) * 1.2)
    _number_axis(left, lang, "y")
    draw(right, "district_coverage", "o", "-", PALETTE[0])
    draw(right, "commune_coverage", "s", "--", PALETTE[1])
    top = max(0.05, float(pd.concat([trend["district_coverage"], trend["commune_coverage"]]).max(skipna=True) or 0))
    right.set_ylim(0, top * 1.25)
    _percent_axis(right, lang, "y")
    for ax in (left, right):
        ax.set_xticks(years, [str(y) for y in years])
        ax.grid(axis="x", visible=False)
        ax.grid(axis="y", visible=True)
        if min(years) < 2025 <= max(years):
            ax.axvline(2024.5, color="#333333", linewidth=0.8, linestyle=":")
            ax.text(2024.55, ax.get_ylim()[1] * 0.97, t("merger_mark", lang), fontsize=6.5, va="top")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=7, ncol=1)
    left.set_title(t("staff_total", lang) + " / " + t("staff_field", lang).lower(), fontsize=9.5)
    right.set_title(t("network", lang), fontsize=9.5)
    fig.suptitle(title or t("trend", lang), x=0.01, ha="left", fontsize=11, fontweight="bold")
    return fig
