"""Everything a report notebook reads, computed once: ``report_inputs(year, lang, processed_dir, province)``.

The notebooks make one set-up call and then one or two display calls per cell, each reading a
field of the returned frozen object (``inputs.national``, ``inputs.assessment``, ``inputs.quality``...).

The year-level part (``YearTables``: units, provincial units, coverage, assessment, national figures,
quality rows with their places, trend...) does not depend on the language or the province, so it is
kept in a module-level cache keyed by the processed folder, the year and the size and modification
time of every file it is read from. A warm report kernel (the batch keeps one per worker and resets
only its namespace between reports, so this module stays imported) computes a year's tables once per
run instead of once per report; a rebuild (new files, new times) is read afresh. The frames are shared
between the reports of a run: treat them as read-only.
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import dataset, flags, indicators, key_figures, params, reconciliation, reference, trends
from analysis.config import PUBLISHED_DIR, quality_files_before
from analysis.quality import quality_with_places
from analysis.thresholds import assessment_thresholds

#: Years kept in the cache (a batch run reports one year; tests and notebooks may switch between a few).
CACHED_YEARS = 6

#: The files of data/processed/<year>/ the tables are read from; panel.parquet sits one level up.
YEAR_FILES = ("units.parquet", "cells.parquet", "quality.csv", "provenance.json")


@dataclass(frozen=True, eq=False)
class YearTables:
    """The year's tables every report of that year reads (no language, no province); hashed by identity."""

    year: int
    processed: Path
    geo: str
    units: pd.DataFrame
    provincial: pd.DataFrame            # indicators.provincial_units
    coverage: pd.DataFrame              # indicators.network_coverage
    ranking: pd.DataFrame               # indicators.network_ranking
    bands: pd.DataFrame                 # indicators.size_band_counts
    inequality: pd.DataFrame            # indicators.inequality
    assessment: pd.DataFrame            # key_figures.map_assessment
    ranks: key_figures.YearRanks        # what every province's profile reads (key_figures.year_ranks)
    constraints: pd.DataFrame           # indicators.principal_constraints
    thresholds: dict                    # assessment.yml
    published_figures: pd.DataFrame     # reconciliation.published_figures (empty: none published)
    national: dict                      # key_figures.national_indicators (with the reconciliation)
    provenance: dict
    cells: pd.DataFrame
    quality: pd.DataFrame               # quality.csv with province, sheet and cell (quality_with_places)
    panel: pd.DataFrame
    trend: pd.DataFrame                 # trends.national_trend up to the year
    unconfirmed: frozenset              # (province name, measure) to flag (flags.unconfirmed_values)
    unconfirmed_by_year: dict           # the same for every year of the trend (a value stays unconfirmed)
    trend_unconfirmed: frozenset        # (year, measure) of the national trend to flag (flags.trend_cells)

    @property
    def sample(self) -> bool:
        """Whether the year's figures are sample data (the banner of every report)."""
        return bool(self.provenance["sample_data"])

    @property
    def reporting_provinces(self) -> tuple[str, ...]:
        """The names of the provinces that sent a return."""
        return tuple(self.provincial["province_name"])

    @property
    def published(self) -> bool:
        """Whether the year has published figures to reconcile against."""
        return not self.published_figures.empty


@dataclass(frozen=True)
class ReportInputs:
    """What one report reads: the year's tables (its fields are read through, ``inputs.units``), the
    checked language and, for a province profile, the province, its profile and its trend."""

    lang: str
    tables: YearTables
    province: reference.Province | None = None
    profile: dict | None = None
    province_trend: pd.DataFrame | None = field(default=None)
    province_trend_unconfirmed: frozenset = frozenset()  # (year, measure) of its trend to flag

    def __getattr__(self, name: str) -> object:
        # called only for names that are not fields of ReportInputs: the year's tables
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.tables, name)


def data_stamp(year: int, processed: Path) -> tuple:
    """(name, size, mtime_ns) of every file the year's tables are read from (absent files: None):
    the year's own, the quality tables of the years before it (their flags), the panel and the
    published figures."""
    paths = [processed / str(year) / name for name in YEAR_FILES]
    paths += quality_files_before(year, processed)
    paths += [processed / "panel.parquet", Path(PUBLISHED_DIR) / "figures.csv"]
    stamp = []
    for path in paths:
        try:
            stat = path.stat()
            stamp.append((str(path), stat.st_size, stat.st_mtime_ns))
        except FileNotFoundError:
            stamp.append((str(path), None, None))
    return tuple(stamp)


def year_tables_computed(year: int, processed: Path) -> YearTables:
    """The year's tables, computed from the processed files (no cache); each table once."""
    units = dataset.load_units(year, processed)
    rules = assessment_thresholds()
    geo = reference.geo_for_year(year)
    provincial = indicators.provincial_units(units)
    coverage = indicators.network_coverage(provincial)
    ranking = indicators.network_ranking(coverage)
    assessment = key_figures.map_assessment(year, provincial, coverage, rules)
    published = reconciliation.published_figures(year)
    cells = dataset.load_cells(year, processed)
    panel = dataset.load_panel(processed)
    quality = quality_with_places(dataset.load_quality(year, processed), cells, units)
    trend = trends.national_trend(panel, until=year)
    unconfirmed = flags.unconfirmed_values(quality)
    earlier = [int(path.parent.name) for path in quality_files_before(year, processed)]
    by_year = {y: flags.unconfirmed_values(dataset.load_quality(y, processed)) for y in earlier} | {year: unconfirmed}
    return YearTables(
        year=year, processed=processed, geo=geo, units=units,
        provincial=provincial, coverage=coverage, ranking=ranking,
        bands=indicators.size_band_counts(provincial, rules), inequality=indicators.inequality(provincial),
        assessment=assessment,
        ranks=key_figures.year_ranks(units, year, rules, provincial, coverage, assessment, ranking),
        constraints=indicators.principal_constraints(assessment), thresholds=rules,
        published_figures=published,
        national=key_figures.national_figures(units, year, provincial, coverage, ranking, assessment,
                                              published, rules),
        provenance=dataset.load_provenance(year, processed), cells=cells,
        quality=quality, panel=panel, trend=trend, unconfirmed=unconfirmed, unconfirmed_by_year=by_year,
        trend_unconfirmed=flags.trend_cells(by_year),
    )


_YEAR_CACHE: OrderedDict[tuple, YearTables] = OrderedDict()


def year_tables(year: int, processed: Path) -> YearTables:
    """The year's tables, from the module cache when none of their files changed since they were computed."""
    processed = Path(processed).resolve()
    key = (str(processed), year, data_stamp(year, processed))
    if key in _YEAR_CACHE:
        _YEAR_CACHE.move_to_end(key)
        return _YEAR_CACHE[key]
    stale = [k for k in _YEAR_CACHE if k[:2] == key[:2]]
    for old in stale:
        del _YEAR_CACHE[old]  # the same year built again: the old tables are stale
    tables = _YEAR_CACHE[key] = year_tables_computed(year, processed)
    while len(_YEAR_CACHE) > CACHED_YEARS:
        _YEAR_CACHE.popitem(last=False)
        stale.append(None)
    if stale:
        # a report kernel freezes what survives its reset (reports.kernel.fresh_namespace); tables
        # dropped here may hold reference cycles, which only an unfrozen collector frees
        gc.unfreeze()
    return tables


def trend_names(province: reference.Province, years: list[int]) -> dict[int, set[str]]:
    """The provinces each year of a province's trend sums: its own name, or before July 2025 the
    former provinces of a 2025 province."""
    former = set(reference.former_provinces(province.code)) if province.geo == "vn34" else {province.name}
    return {y: ({province.name} if reference.geo_for_year(y) == province.geo else former) for y in years}


@lru_cache(maxsize=256)
def _province_part(tables: YearTables, code: str) -> tuple[dict, pd.DataFrame, frozenset]:
    """A province's profile, trend and the trend cells to flag (shared by the two editions of its report)."""
    trend = trends.province_trend(tables.panel, tables.year, code)
    names = trend_names(reference.province(code, tables.geo), [int(y) for y in trend.index])
    return (key_figures.province_indicators(tables.units, tables.year, code, ranks=tables.ranks), trend,
            flags.trend_cells(tables.unconfirmed_by_year, names))


def report_inputs(year: object, lang: object, processed_dir: object = None, province: object = None) -> ReportInputs:
    """Everything a report reads, from the notebook's parameters (checked: ParameterError, one line).

    province: a code or any accepted name on the year's map (the province profile), or None.
    """
    processed = params.processed_folder(processed_dir)
    checked_lang = params.check_lang(lang)
    checked_year = params.check_year(year, processed, checked_lang)
    tables = year_tables(checked_year, processed)
    if province is None:
        return ReportInputs(lang=checked_lang, tables=tables)
    info = params.check_province(province, checked_year, checked_lang)
    profile, trend, flagged = _province_part(tables, info.code)
    return ReportInputs(lang=checked_lang, tables=tables, province=info, profile=profile, province_trend=trend,
                        province_trend_unconfirmed=flagged)
