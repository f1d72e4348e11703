"""Which reports a run renders (jobs) and what each depends on (input hashes, one input key).

A job is one notebook run with its parameters (national, data quality, one per province). Its
input key is one hash over the data of its year, the notebook, the package's code, the published
figures, its parameters and formats: equal keys mean an identical report, so it can be skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.config import PUBLISHED_DIR
from analysis.files import sha256_bytes
from analysis.labels import t
from analysis.reports.fingerprint import code_hash, data_inputs, sha256_path  # noqa: F401 (plan's API too)

if TYPE_CHECKING:
    from analysis import reference

FORMATS = ("html", "pdf")


@dataclass
class Job:
    """One report to render: which notebook, with which parameters, to which files."""

    key: str                 # "national", "data-quality", "province-77"
    kind: str                # "national", "data-quality", "province"
    notebook: str            # notebook file name in the notebooks folder
    parameters: dict
    stem: str                # output name without extension, relative to reports/<year>/
    title: str
    header: str
    lang: str


def edition_suffix(lang: str) -> str:
    """What a report's key and file names carry for its language: "" (Vietnamese), ".en" (English)."""
    return "" if lang == "vi" else f".{lang}"


def job_key(kind: str, lang: str, province_code: str | None = None) -> str:
    """A report's key in the manifest: "national", "data-quality" or "province-<code>", with the
    edition's suffix ("province-79.en")."""
    return (f"province-{province_code}" if kind == "province" else kind) + edition_suffix(lang)


def has_english(entries: dict) -> bool:
    """True when the manifest's reports include the English edition."""
    return any(key.endswith(edition_suffix("en")) for key in entries)


def jobs_for_year(year: int, provinces: list[reference.Province] | None, lang: str = "vi") -> list[Job]:
    """The jobs of a year: national and data quality, then the given provinces (default: all of the year's map)."""
    from analysis import reference  # lazy: pandas, planning only

    geo = reference.geo_for_year(year)
    if provinces is None:
        table = reference.provinces(geo)
        provinces = [reference.province(code, geo) for code in table["province_code"]]
    suffix = edition_suffix(lang)
    jobs = [
        Job(job_key("national", lang), "national", "national_assessment.ipynb", {"year": year, "lang": lang},
            "national" + suffix, t("national_title", lang, year=year), f"{t('all_provinces', lang)} · {year}", lang),
        Job(job_key("data-quality", lang), "data-quality", "data_quality.ipynb", {"year": year, "lang": lang},
            "data-quality" + suffix, t("quality_title", lang, year=year), f"{t('data_quality', lang)} · {year}", lang),
    ]
    for p in provinces:
        jobs.append(Job(job_key("province", lang, p.code), "province", "province_profile.ipynb",
                        {"province": p.code, "year": year, "lang": lang},
                        f"provinces/{p.code}-{reference.province_slug(p.name)}{suffix}",
                        t("province_title", lang, province=p.name, year=year), f"{p.name} · {year}", lang))
    return jobs


def job_inputs(job: Job, data: dict, notebooks_dir: Path) -> dict:
    """sha256 of everything a report depends on: the year's data (data_inputs), the notebook, the
    code, the published figures ("missing" for an absent file)."""
    return {
        **data,
        "notebook": sha256_path(Path(notebooks_dir) / job.notebook),
        "code": code_hash(),
        "published": sha256_path(PUBLISHED_DIR / "figures.csv"),
    }


def input_key(job: Job, inputs: dict, formats: tuple[str, ...]) -> str:
    """One hash of a job's inputs, parameters and formats: equal keys mean an identical report."""
    payload = json.dumps({"inputs": inputs, "parameters": job.parameters, "formats": sorted(formats),
                          "notebook": job.notebook}, sort_keys=True)
    return sha256_bytes(payload.encode())
