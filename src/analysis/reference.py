"""Province reference: the 63 legacy and 34 current provinces, the 2025 crosswalk, regions, matching.

Everything here is read from the package ``vietnamadminunits`` (its SQLite snapshot and its
63 -> 34 conversion table) and from small data files in ``reference_data/``; no province list is
typed in code. The district and commune counts of each year 2021-2024 (the coverage denominators)
are data too (reference_data/admin_unit_counts.csv, each row with its source), read by analysis.denominators. A province code is only meaningful together with its map (``geo``): GSO codes were
reused in 2025 (24 was Bắc Giang and is now Bắc Ninh), so every table here carries ``geo``.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import pandas as pd

from analysis.config import FIRST_VN34_YEAR, REFERENCE_DATA_DIR

GEOS = ("vn63", "vn34")
#: Date of the administrative snapshot shipped in vietnamadminunits (districts and communes).
SNAPSHOT_DATE = "2025-01-04"
#: What each map's counts describe: the legacy snapshot, or the 34-province list in force from 1 July 2025.
SNAPSHOTS = {"vn63": f"63-province snapshot of {SNAPSHOT_DATE}",
             "vn34": "34-province list in force from 2025-07-01"}
LIBRARY = f"vietnamadminunits {version('vietnamadminunits')}"
# located without importing it: its parser pulls in geopy, which we never use (no online geocoding)
_LIBRARY_DIR = Path(find_spec("vietnamadminunits").origin).resolve().parent
_TABLES = {"vn63": "admin_units_legacy", "vn34": "admin_units"}


class ProvinceNotFound(ValueError):
    """Raised when a text names no province of the year's map; carries close suggestions."""

    def __init__(self, text: object, year: int, suggestions: list[str], hint: str = "",
                 why: str = "province.unknown", **params: object):
        self.text, self.year, self.suggestions = text, year, suggestions
        message = f"{str(text).strip()!r} is not a province in {year}"
        if hint:
            message += f" ({hint})"
        elif suggestions:
            message += " (did you mean " + ", ".join(repr(s) for s in suggestions) + "?)"
        super().__init__(message)
        #: The message code (messages.yml) and its params, for the build's issue.
        self.code = why
        self.params = {"year": year, **params}
        if why == "province.unknown":
            self.params["suggestions"] = ", ".join(repr(s) for s in suggestions)


@dataclass(frozen=True)
class Province:
    """One province on one map: GSO code, canonical short name, type and region."""

    geo: str
    code: str
    name: str
    full_name: str
    type: str
    region: str


def geo_for_year(year: int) -> str:
    """The map a year's returns are reported on: "vn63" up to 2024, "vn34" from 2025."""
    return "vn34" if int(year) >= FIRST_VN34_YEAR else "vn63"


def name_key(text: object) -> str:
    """Comparison key of a name: NFC, no diacritics (đ -> d), lower case, letters and digits only.

    "Hoà Bình", "Hòa Bình", "HOA BINH" and the NFD form all give "hoabinh".
    """
    s = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^0-9a-z]", "", s)


def _read_data_file(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DATA_DIR / name, comment="#", dtype=str, keep_default_na=False)


def _query(sql: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{_LIBRARY_DIR / 'data' / 'dataset.db'}?mode=ro", uri=True) as conn:
        return pd.read_sql_query(sql, conn)


@cache
def provinces(geo: str) -> pd.DataFrame:
    """Provinces of one map: geo, province_code, province_name, full_name, province_type, region, key.

    One row per province, sorted by GSO code; 63 rows for "vn63", 34 for "vn34".
    """
    if geo not in GEOS:
        raise ValueError(f"geo must be one of {GEOS}, not {geo!r}")
    lib = _query(
        f"SELECT DISTINCT provinceCode AS province_code, provinceShort AS province_name, "
        f"province AS full_name, provinceKey AS library_key FROM [{_TABLES[geo]}] ORDER BY 1"
    )
    lib["province_type"] = [
        "thành phố" if full.startswith("Thành phố") else "tỉnh" for full in lib["full_name"]
    ]
    overrides = _read_data_file("name_overrides.csv")
    overrides = overrides[overrides["geo"] == geo].set_index("province_code")
    for code, row in overrides.iterrows():
        lib.loc[lib["province_code"] == code, ["province_name", "province_type"]] = (
            row["province_name"], row["province_type"])
    regions = _read_data_file("regions.csv")
    regions = regions[regions["geo"] == geo][["province_code", "region"]]
    out = lib.merge(regions, on="province_code", how="left", validate="one_to_one")
    missing = out[out["region"].isna()]
    if not missing.empty:
        raise RuntimeError(f"regions.csv has no region for {geo} codes {list(missing['province_code'])}")
    out.insert(0, "geo", geo)
    out["key"] = out["province_name"].map(name_key)
    return out[["geo", "province_code", "province_name", "full_name", "province_type", "region",
                "key", "library_key"]]


def province(code: str, geo: str) -> Province:
    """The province with this GSO code on this map."""
    table = provinces(geo)
    row = table[table["province_code"] == str(code).zfill(2)]
    if row.empty:
        raise KeyError(f"no province with code {code!r} on the {geo} map")
    r = row.iloc[0]
    return Province(geo, r.province_code, r.province_name, r.full_name, r.province_type, r.region)


@cache
def regions() -> pd.DataFrame:
    """The region table (geo, province_code, province_name, region) as shipped in reference_data."""
    return _read_data_file("regions.csv")


def region_rules(geo: str) -> pd.DataFrame:
    """How each province of the map got its region: province_code, province_name, region, rule
    ("listed": as listed in Nghị quyết 81/2023/QH15; "code_kept": the region of the former province
    whose GSO code the 2025 province keeps), kept_from (that former province's name; "" for vn63),
    former_regions (the distinct regions of its former provinces, in code order) and spans_regions
    (True when those are more than one: the rule chose one of them). One row per province, code order.
    """
    table = regions()
    table = table[table["geo"] == geo][["province_code", "province_name", "region", "rule"]].copy()
    if geo == "vn63":
        return table.assign(kept_from="", former_regions=[[r] for r in table["region"]],
                            spans_regions=False).reset_index(drop=True)
    old = provinces("vn63").set_index("province_code")
    cw = crosswalk()
    former = [list(dict.fromkeys(old.loc[cw.loc[cw["code_vn34"] == c, "code_vn63"], "region"]))
              for c in table["province_code"]]
    return table.assign(kept_from=[old.at[c, "province_name"] for c in table["province_code"]],
                        former_regions=former, spans_regions=[len(f) > 1 for f in former]).reset_index(drop=True)


@cache
def crosswalk() -> pd.DataFrame:
    """The 63 -> 34 crosswalk: one row per legacy province with the 2025 province it merged into.

    Columns: code_vn63, name_vn63, code_vn34, name_vn34. From vietnamadminunits' conversion table.
    """
    data = json.loads((_LIBRARY_DIR / "data" / "converter_2025.json").read_text(encoding="utf-8"))
    old = provinces("vn63").set_index("library_key")
    new = provinces("vn34").set_index("library_key")
    rows = [
        {"code_vn63": old.at[old_key, "province_code"], "name_vn63": old.at[old_key, "province_name"],
         "code_vn34": new.at[new_key, "province_code"], "name_vn34": new.at[new_key, "province_name"]}
        for new_key, old_keys in data["DICT_PROVINCE"].items()
        for old_key in old_keys
    ]
    out = pd.DataFrame(rows).sort_values("code_vn63", ignore_index=True)
    if len(out) != len(old) or out["code_vn63"].duplicated().any():
        raise RuntimeError("the vietnamadminunits crosswalk does not cover each legacy province once")
    return out


def to_vn34(frame: pd.DataFrame, additive: list[str]) -> pd.DataFrame:
    """Per-province figures moved onto the 34-province map: additive columns summed over merged provinces.

    `frame` has one row per (year, geo, province_code) with geo "vn63" or "vn34"; vn63 codes are
    mapped through the crosswalk (so a code is never read on the wrong map), vn34 rows pass as they
    are. A sum over provinces that are all blank stays blank (NA), so a count nobody reported is not
    turned into 0. Shares must be recomputed from the sums, never averaged. Returns year,
    province_code, province_name, n_former (provinces summed) and the additive columns.
    """
    unknown = set(frame["geo"]) - set(GEOS)
    if unknown:
        raise ValueError(f"unknown geo {sorted(unknown)}; expected vn63 or vn34")
    cw = crosswalk().set_index("code_vn63")["code_vn34"]
    old = frame[frame["geo"] == "vn63"]
    bad = set(old["province_code"]) - set(cw.index)
    new_codes = set(provinces("vn34")["province_code"])
    bad_new = set(frame.loc[frame["geo"] == "vn34", "province_code"]) - new_codes
    if bad or bad_new:
        raise KeyError(f"codes not on their map: vn63 {sorted(bad)}, vn34 {sorted(bad_new)}")
    mapped = frame.assign(province_code=[cw[c] if g == "vn63" else c
                                         for g, c in zip(frame["geo"], frame["province_code"])])
    grouped = mapped.groupby(["year", "province_code"], sort=True)
    out = grouped[additive].sum(min_count=1)
    out["n_former"] = grouped.size()
    out = out.reset_index()
    names = provinces("vn34").set_index("province_code")["province_name"]
    out.insert(2, "province_name", out["province_code"].map(names))
    return out


def former_counts(geo: str) -> pd.Series:
    """Provinces merged into each province of the map (index province_code): 1 on "vn63", 1-4 on "vn34"."""
    codes = provinces(geo)["province_code"]
    if geo == "vn63":
        return pd.Series(1, index=codes.values, name="n_former")
    merged = crosswalk().groupby("code_vn34").size()
    return merged.reindex(codes.values).fillna(1).astype(int).rename("n_former")


def former_provinces(code_vn34: str) -> list[str]:
    """Names of the 63-map provinces merged into a 2025 province, in code order."""
    cw = crosswalk()
    return list(cw.loc[cw["code_vn34"] == str(code_vn34).zfill(2), "name_vn63"])


@cache
def admin_unit_counts(geo: str) -> pd.DataFrame:
    """Districts and communes per province in the library snapshot (dated SNAPSHOT_DATE).

    Columns: province_code, districts, communes. "vn34" has no district level (districts is 0).
    Totals for vn63: 696 districts and 10,035 communes (not the 705 and 10,598 of end-2022).
    """
    if geo == "vn63":
        sql = ("SELECT provinceCode AS province_code, COUNT(DISTINCT districtCode) AS districts, "
               "COUNT(DISTINCT wardCode) AS communes FROM admin_units_legacy GROUP BY 1 ORDER BY 1")
    else:
        sql = ("SELECT provinceCode AS province_code, 0 AS districts, "
               "COUNT(DISTINCT wardCode) AS communes FROM admin_units GROUP BY 1 ORDER BY 1")
    return _query(sql).astype({"districts": "int64", "communes": "int64"})


@cache
def _lookup(geo: str) -> dict[str, str]:
    """Comparison key -> province code for one map: names, full names, library keywords, aliases."""
    table = provinces(geo)
    keys: dict[str, str] = {}
    lib = _query(f"SELECT DISTINCT provinceCode, provinceKeywords FROM [{_TABLES[geo]}]")
    for code, words in lib.itertuples(index=False):
        for word in json.loads(words or "[]"):
            keys[name_key(word)] = code
    for row in table.itertuples(index=False):
        keys[row.key] = row.province_code
        keys[name_key(row.full_name)] = row.province_code
    aliases = _read_data_file("aliases.csv")
    for alias, alias_geo, code in aliases.itertuples(index=False):
        if alias_geo in ("*", geo) and code in set(table["province_code"]):
            keys[name_key(alias)] = code
    return keys


_PREFIXES = ("thanhpho", "tp", "tinh")


def match_province(text: object, year: int) -> Province:
    """The canonical province that a name, alias or GSO code denotes on the year's map.

    Accepts any case, spacing, punctuation, tone placement, NFC or NFD text, text without
    diacritics, "Tp"/"Tỉnh" prefixes and codes as "01" or 1. Raises ProvinceNotFound, with the
    closest names of that year's map, for anything else.
    """
    geo = geo_for_year(year)
    table = provinces(geo)
    raw = "" if text is None else str(text).strip()
    if isinstance(text, float) and text.is_integer():
        raw = str(int(text))
    if re.fullmatch(r"\d{1,2}", raw):
        code = raw.zfill(2)
        if code in set(table["province_code"]):
            return province(code, geo)
        raise ProvinceNotFound(text, year, [], f"no province has code {code} on the {geo} map",
                               "province.bad_code", code=code, geo=geo)
    key = name_key(raw)
    lookup = _lookup(geo)
    candidates = [key] + [key[len(p):] for p in _PREFIXES if key.startswith(p) and len(key) > len(p)]
    for candidate in candidates:
        if candidate in lookup:
            return province(lookup[candidate], geo)
    other = "vn63" if geo == "vn34" else "vn34"
    other_lookup = _lookup(other)
    hint, why, params = "", "province.unknown", {}
    for candidate in candidates:
        if candidate in other_lookup:
            code = other_lookup[candidate]
            name = province(code, other).name
            if other == "vn63":
                merged = crosswalk().set_index("code_vn63").at[code, "name_vn34"]
                hint = f"{name} was merged into {merged} in 2025"
                why, params = "province.merged_2025", {"name": name, "merged": merged}
            else:
                hint = f"{name} is a province of the 34-province map, used from {FIRST_VN34_YEAR}"
                why, params = "province.vn34_only", {"name": name, "first_year": FIRST_VN34_YEAR}
            break
    former = _read_data_file("former_names.csv")
    for name, code, merged in former.itertuples(index=False):
        if name_key(name) in candidates and not hint:
            hint = f"{name} was merged into {province(code, 'vn63').name} in {merged}"
            why, params = "province.former", {"name": name, "merged": province(code, "vn63").name, "when": merged}
    names = dict(zip(table["key"], table["province_name"]))
    close = difflib.get_close_matches(candidates[-1], list(names), n=3, cutoff=0.5)
    suggestions = [names[k] for k in close]
    if hint and suggestions:
        hint += "; closest: " + ", ".join(suggestions)
    if hint:
        params["closest"] = ", ".join(suggestions)
    raise ProvinceNotFound(text, year, suggestions, hint, why, **params)


def province_slug(name: str) -> str:
    """ASCII file-name slug of a province name: "Bà Rịa - Vũng Tàu" -> "ba-ria-vung-tau"."""
    s = unicodedata.normalize("NFD", name).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^0-9a-z]+", "-", s).strip("-")
