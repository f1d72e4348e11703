"""Illustrative sample returns for data/raw/<year>/, generated deterministically (seeded).

The national totals are the published figures (Nhịp cầu Công Thương, 1/10/2022): 516 field staff,
40 % of all staff in the 63 provincial units, 10/17/31/5 units in the size bands, the ten named
units over 30 staff, IPC1 with 24 staff, 133 districts and 189 communes with collaborators, and
Bà Rịa - Vũng Tàu, Bình Dương and Quảng Trị with the widest networks. Every per-province figure
is invented to add up to those totals, and every file says so.
"""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

from analysis import reference, sample_collection
from analysis.config import RAW_DIR, SAMPLE_MARKER, UNIT_TYPE_CENTRAL, UNIT_TYPE_PROVINCE
from analysis.files import atomic_write_bytes
from analysis.form import form_columns, return_workbook, save_reproducibly
from analysis.sample_jumps import SAMPLE_JUMPS, with_jumps

SEED = 20221001
NOTE = f"{SAMPLE_MARKER}: số liệu minh họa do khuyencong sample tạo, không phải báo cáo thật của đơn vị"

#: The published national figures the sample reproduces (see data/raw/published/).
TOTAL_STAFF = 1290          # 516 is "about 40 %" of it
FIELD_STAFF = 516
BAND_SIZES = {"over_30": 10, "20_30": 17, "10_19": 31, "under_10": 5}
BAND_RANGES = {"over_30": (31, 48), "20_30": (20, 29), "10_19": (10, 19), "under_10": (5, 9)}
OVER_30 = ("Hà Nội", "Bắc Ninh", "Đà Nẵng", "Hậu Giang", "Lào Cai", "Long An", "Ninh Bình", "Phú Thọ",
           "TP Hồ Chí Minh", "Vĩnh Phúc")
WIDEST_NETWORKS = ("Bà Rịa - Vũng Tàu", "Bình Dương", "Quảng Trị")
DISTRICTS_WITH_NETWORK = 133
COMMUNES_WITH_NETWORK = 189
CENTRAL_UNITS = (
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp 1", 24, 9),
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp 2", 19, 7),
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp 3", 21, 8),
)
#: How some returns write their province (as people do); matched by reference.match_province.
PROVINCE_SPELLINGS = {
    "TP Hồ Chí Minh": "Tp Hồ Chí Minh", "Bà Rịa - Vũng Tàu": "Bà Rịa -Vũng Tàu", "Thừa Thiên Huế": "TT Huế",
    "Hòa Bình": "Hoà Bình", "Đắk Lắk": "Đăk Lăk", "Hà Nội": "Thành phố Hà Nội", "Cần Thơ": "TP. Cần Thơ",
    "Khánh Hòa": "tỉnh Khánh Hoà", "Bắc Kạn": "Bắc Cạn",
}
UNIT_NAME_FORMS = (
    "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp {name}",
    "Trung tâm Khuyến công {name}",
    "Trung tâm Khuyến công và Xúc tiến thương mại {name}",
)


def _adjust_to_total(values: list[int], total: int, low: list[int], high: list[int], rng: random.Random) -> list[int]:
    """Nudge values by one at a time, within [low, high], until they add up to total."""
    values = list(values)
    while sum(values) != total:
        step = 1 if sum(values) < total else -1
        movable = [i for i, v in enumerate(values) if low[i] <= v + step <= high[i]]
        if not movable:
            raise ValueError("cannot reach the total within the bounds")
        values[rng.choice(movable)] += step
    return values


#: Years the sample covers: 2021-2024 on the 63-province map, 2025 on the 34-province map.
SAMPLE_YEARS = (2021, 2022, 2023, 2024, 2025)
#: Invented national changes against 2022 (staff, networks), so the trend has a shape.
YEAR_FACTORS = {2021: (0.96, 0.85), 2023: (1.02, 1.12), 2024: (1.0, 1.25)}
#: Invented staff kept by a merged 2025 centre, as a share of its former centres' staff.
MERGER_STAFF_KEPT = (0.75, 0.9)


def sample_units(year: int, seed: int = SEED) -> list[dict]:
    """The sample's unit rows (typed values, before any spelling variation), provinces then centres.

    2022 reproduces the published figures; 2021, 2023 and 2024 vary it by YEAR_FACTORS with
    per-province noise; 2025 merges 2024 through the crosswalk (no district level).
    """
    if year == 2025:
        return with_jumps(_merged_units(year, seed), year)
    if year in YEAR_FACTORS:
        return with_jumps(_varied_units(year, seed), range(2023, year + 1))
    if year != 2022:
        raise ValueError(f"no sample for {year}; sample years are {', '.join(map(str, SAMPLE_YEARS))}")
    rng = random.Random(seed + year)
    table = reference.provinces(reference.geo_for_year(year))
    counts = reference.admin_unit_counts(reference.geo_for_year(year)).set_index("province_code")
    names = list(table["province_name"])
    if len(names) != 63:
        raise ValueError("the sample reproduces the 2022 published figures on the 63-province map")
    others = [n for n in names if n not in OVER_30]
    rng.shuffle(others)
    band_of = {n: "over_30" for n in OVER_30}
    start = 0
    for band in ("20_30", "10_19", "under_10"):
        for n in others[start:start + BAND_SIZES[band]]:
            band_of[n] = band
        start += BAND_SIZES[band]
    low = [BAND_RANGES[band_of[n]][0] for n in names]
    high = [BAND_RANGES[band_of[n]][1] for n in names]
    staff = _adjust_to_total([rng.randint(lo, hi) for lo, hi in zip(low, high)], TOTAL_STAFF, low, high, rng)
    field_high = [max(1, round(s * 0.7)) for s in staff]
    field_low = [max(1, round(s * 0.2)) for s in staff]
    field = _adjust_to_total([round(s * rng.uniform(0.28, 0.52)) for s in staff], FIELD_STAFF,
                             field_low, field_high, rng)

    # Collaborator networks: the three widest cover every district and many communes; some 20 other
    # provinces have partial networks; the rest have none.
    code_of = dict(zip(table["province_name"], table["province_code"]))
    districts = {n: int(counts.at[code_of[n], "districts"]) for n in names}
    communes = {n: int(counts.at[code_of[n], "communes"]) for n in names}
    with_district = {n: districts[n] for n in WIDEST_NETWORKS}
    with_commune = {n: round(communes[n] * rng.uniform(0.45, 0.6)) for n in WIDEST_NETWORKS}
    rest = [n for n in names if n not in WIDEST_NETWORKS]
    rng.shuffle(rest)
    partial_district = rest[:22]
    partial_commune = rest[:6] + rest[22:27]
    need = DISTRICTS_WITH_NETWORK - sum(with_district.values())
    caps = [max(1, int(districts[n] * 0.7)) for n in partial_district]
    values = _adjust_to_total([max(1, int(c * rng.uniform(0.3, 0.9))) for c in caps], need,
                              [1] * len(caps), caps, rng)
    with_district.update(zip(partial_district, values))
    need = COMMUNES_WITH_NETWORK - sum(with_commune.values())
    caps = [max(1, int(communes[n] * 0.3)) for n in partial_commune]
    values = _adjust_to_total([max(1, int(c * rng.uniform(0.1, 0.5))) for c in caps], need,
                              [1] * len(caps), caps, rng)
    with_commune.update(zip(partial_commune, values))
    no_pay = set(rng.sample(sorted(set(with_district) | set(with_commune)), 5))

    rows = []
    for n, code, s, f in zip(names, table["province_code"], staff, field):
        d, c = with_district.get(n, 0), with_commune.get(n, 0)
        dc, cc = d * rng.choice((1, 1, 2)) if d else 0, c if c else 0
        collaborators = dc + cc
        pay = 0.0 if n in no_pay or not collaborators else round(collaborators * rng.uniform(1.2, 6.0), 1)
        rows.append({
            "year": year, "province": n, "province_code": code,
            "unit_name": rng.choice(UNIT_NAME_FORMS).format(name=n), "unit_type": UNIT_TYPE_PROVINCE,
            "staff_total": s, "staff_field": f,
            "districts_total": None, "districts_with_network": d, "district_collaborators": dc,
            "communes_total": None, "communes_with_network": c, "commune_collaborators": cc,
            "collaborator_pay_mvnd": pay, "notes": NOTE,
        })
    for unit_name, s, f in CENTRAL_UNITS:
        rows.append({"year": year, "province": None, "province_code": None, "unit_name": unit_name,
                     "unit_type": UNIT_TYPE_CENTRAL, "staff_total": s, "staff_field": f, "notes": NOTE})
    return rows


def _varied_units(year: int, seed: int) -> list[dict]:
    """A 63-province year other than 2022: the 2022 sample scaled by YEAR_FACTORS, with noise."""
    rng = random.Random(seed + year)
    staff_factor, network_factor = YEAR_FACTORS[year]
    counts = reference.admin_unit_counts("vn63").set_index("province_code")
    rows = []
    for row in sample_units(2022, seed):
        out = dict(row, year=year)
        out["staff_total"] = max(3, round(row["staff_total"] * staff_factor * rng.uniform(0.9, 1.1)))
        out["staff_field"] = min(out["staff_total"], max(1, round(row["staff_field"] * staff_factor
                                                                  * rng.uniform(0.85, 1.15))))
        if row["unit_type"] == UNIT_TYPE_PROVINCE:
            code = row["province_code"]
            for count, collaborators, total in (("districts_with_network", "district_collaborators", "districts"),
                                                ("communes_with_network", "commune_collaborators", "communes")):
                scaled = min(int(counts.at[code, total]), round(row[count] * network_factor * rng.uniform(0.9, 1.1)))
                ratio = row[collaborators] / row[count] if row[count] else 1
                out[count], out[collaborators] = scaled, round(scaled * ratio)
            out["collaborator_pay_mvnd"] = round(row["collaborator_pay_mvnd"] * network_factor * rng.uniform(0.9, 1.1), 1)
        rows.append(out)
    return rows


def _merged_units(year: int, seed: int) -> list[dict]:
    """2025 on the 34-province map: 2024's sample summed over the crosswalk, district level dropped."""
    rng = random.Random(seed + year)
    before = {r["province_code"]: r for r in sample_units(2024, seed) if r["unit_type"] == UNIT_TYPE_PROVINCE}
    crosswalk = reference.crosswalk()
    old_communes = reference.admin_unit_counts("vn63").set_index("province_code")["communes"]
    new_communes = reference.admin_unit_counts("vn34").set_index("province_code")["communes"]
    rows = []
    for province in reference.provinces("vn34").itertuples():
        former = [before[c] for c in crosswalk.loc[crosswalk["code_vn34"] == province.province_code, "code_vn63"]]
        staff = sum(r["staff_total"] for r in former)
        kept = rng.uniform(*MERGER_STAFF_KEPT) if len(former) > 1 else 1.0
        staff_total = max(3, round(staff * kept))
        staff_field = min(staff_total, max(1, round(sum(r["staff_field"] for r in former) * kept)))
        scale = new_communes[province.province_code] / sum(old_communes[r["province_code"]] for r in former)
        had_communes = sum(r["communes_with_network"] for r in former)
        communes = min(int(new_communes[province.province_code]), max(1 if had_communes else 0,
                                                                        round(had_communes * scale)))
        collaborators = max(communes, round(sum(r["commune_collaborators"] for r in former) * scale))
        pay = round(sum(r["collaborator_pay_mvnd"] for r in former) * rng.uniform(0.8, 1.0), 1)
        rows.append({
            "year": year, "province": province.province_name, "province_code": province.province_code,
            "unit_name": f"Trung tâm Khuyến công {province.province_name}", "unit_type": UNIT_TYPE_PROVINCE,
            "staff_total": staff_total, "staff_field": staff_field,
            "districts_total": None, "districts_with_network": None, "district_collaborators": None,
            "communes_total": None, "communes_with_network": communes, "commune_collaborators": collaborators,
            "collaborator_pay_mvnd": pay if collaborators else 0.0, "notes": NOTE,
        })
    for unit_name, s, f in CENTRAL_UNITS:
        rows.append({"year": year, "province": None, "province_code": None, "unit_name": unit_name,
                     "unit_type": UNIT_TYPE_CENTRAL, "staff_total": s, "staff_field": f, "notes": NOTE})
    return rows


def _as_typed(row: dict, rng: random.Random) -> dict:
    """A row with values written the way people type them in a return."""
    out = dict(row)
    out["province"] = PROVINCE_SPELLINGS.get(row["province"], row["province"]) if row["province"] else None
    style = rng.random()
    if style < 0.15:
        out["staff_total"] = f"{row['staff_total']} người"
    elif style < 0.25:
        out["staff_total"] = f" {row['staff_total']} "
    pay = row.get("collaborator_pay_mvnd")
    if pay:
        out["collaborator_pay_mvnd"] = (f"{pay:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
                                        if rng.random() < 0.5 else pay)
    for column in ("districts_with_network", "communes_with_network", "district_collaborators",
                   "commune_collaborators"):
        if out.get(column) == 0 and rng.random() < 0.3:
            out[column] = "-"
    return out


def _csv_bytes(rows: list[dict], bom: bool, year: int) -> bytes:
    columns = form_columns(year)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow(["" if row.get(c.name) is None else row[c.name] for c in columns])
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


README_OTHER = """# Sample returns for {year} (ILLUSTRATIVE, NOT REAL DATA)

Generated by `khuyencong sample --year {year}` (seed {seed}); do not edit by hand, regenerate instead.

**Every figure is invented.** No figures were published for {year}; this year is the 2022 sample
({how}), so that the reports have a trend to show. Every row's notes say "{marker}".
{geography}
"""

README = """# Sample returns for {year} (ILLUSTRATIVE, NOT REAL DATA)

Generated by `khuyencong sample --year {year}` (seed {seed}); do not edit by hand, regenerate instead.

The national totals reproduce the figures published in *Nhịp cầu Công Thương* (1/10/2022,
"Xây dựng đội ngũ cán bộ làm công tác khuyến công chuyên nghiệp"): {field} field staff, about 40 %
of all {staff} staff of the 63 provincial units (8 per unit), 10 / 17 / 31 / 5 units with over 30,
20-30, 10-19 and under 10 staff (the ten over 30 as named there), IPC1 with 24 staff, {districts}
districts and {communes} communes with collaborators, and Bà Rịa - Vũng Tàu, Bình Dương and Quảng Trị
among the widest networks. **Every per-province figure is invented** so that these totals hold;
IPC2 and IPC3 are invented too. Every row's notes say "{marker}".

Files: one return per province (`<code>-<slug>.xlsx`, a few as `.csv`, some with spellings and
number formats as people write them), and `00-trung-uong.xlsx` for the three national centres.
District and commune totals are left blank, so the build uses the reference snapshot.
"""


def write_sample(year: int, raw_dir: Path = RAW_DIR, seed: int = SEED) -> list[Path]:
    """Write the sample returns of `year` under raw_dir/<year>/ (replacing earlier sample files)."""
    rng = random.Random(seed * 7 + year)
    out = Path(raw_dir) / str(year)
    out.mkdir(parents=True, exist_ok=True)
    rows = sample_units(year, seed)
    written = []
    provincial = [r for r in rows if r["unit_type"] == UNIT_TYPE_PROVINCE]
    for row in provincial:
        typed = _as_typed(row, rng)
        stem = f"{row['province_code']}-{reference.province_slug(row['province'])}"
        kind = rng.random()
        if kind < 0.12:
            path = out / f"{stem}.csv"
            atomic_write_bytes(path, _csv_bytes([typed], bom=kind < 0.06, year=year))
        else:
            path = out / f"{stem}.xlsx"
            title = f"SỞ CÔNG THƯƠNG {row['province'].upper()} - BÁO CÁO NHÂN LỰC KHUYẾN CÔNG NĂM {year}"
            save_reproducibly(return_workbook(year, [typed], title=title), path)
        written.append(path)
    central = [_as_typed(r, rng) for r in rows if r["unit_type"] == UNIT_TYPE_CENTRAL]
    path = out / "00-trung-uong.xlsx"
    save_reproducibly(return_workbook(year, central, title="CỤC CÔNG THƯƠNG ĐỊA PHƯƠNG - CÁC TRUNG TÂM "
                                                          f"KHUYẾN CÔNG QUỐC GIA - NĂM {year}"), path)
    written.append(path)
    stale = {p for p in out.iterdir() if re.fullmatch(r"\d\d-[a-z0-9-]+\.(xlsx|csv)", p.name)} - set(written)
    for path in stale:  # a return written under the other type in an earlier run
        path.unlink()
    if year == sample_collection.YEAR:  # the collection's worked example: receipts and approvals logs
        written += sample_collection.write_logs(out, written, seed)
    readme = out / "README.md"
    if year == 2022:
        text = README.format(year=year, seed=seed, field=FIELD_STAFF, staff=TOTAL_STAFF,
                             districts=DISTRICTS_WITH_NETWORK, communes=COMMUNES_WITH_NETWORK, marker=SAMPLE_MARKER)
    elif year == 2025:
        text = README_OTHER.format(
            year=year, seed=seed, marker=SAMPLE_MARKER,
            how="the 2024 sample summed over the 63 -> 34 crosswalk, each merged centre keeping 75-90 % of its "
                "former centres' staff",
            geography="\nOn the 34-province map (from 1 July 2025): the three district columns are blank, as the "
                      "district level was abolished.")
    else:
        staff, network = YEAR_FACTORS[year]
        text = README_OTHER.format(
            year=year, seed=seed, marker=SAMPLE_MARKER, geography="\nOn the 63-province map.",
            how=f"staff scaled by {staff:g} and networks by {network:g} with ±10 % noise per province")
    jumps = [(p, c, confirmed) for when, p, c, confirmed in SAMPLE_JUMPS if when == year]
    if jumps:
        text += ("\nPlanted year-on-year jumps, so the edit checks (`src/analysis/checks.yml`) have something to "
                 f"find against {year - 1} (kept in later years):\n\n" + "".join(
                     f"- {p}: {c.replace('_', ' ')}" + (f" (confirmed in its notes: \"xác nhận: {k}\")" if k else "")
                     + "\n" for p, c, k in jumps))
    if year == sample_collection.YEAR:
        text += sample_collection.readme_text()
    readme.write_text(text, encoding="utf-8")
    written.append(readme)
    return written
