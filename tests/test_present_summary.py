"""analysis.present.summary, the summary in sentences: its figures computed again here from the units, and
across July 2025 only totals of people compared."""

from __future__ import annotations

import re

import pytest

from analysis import dataset, fmt
from analysis import report_inputs as ri
from analysis.present import summary


def provincial(units):
    return units[units["unit_type"] == "tỉnh"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_summary_states_the_figures_computed_from_the_units(report_build, lang):
    inputs = ri.report_inputs(2022, lang, report_build)
    text = " ".join(summary.national_sentences(inputs))
    units = provincial(dataset.load_units(2022, report_build))
    staff, field = int(units["staff_total"].sum()), int(units["staff_field"].sum())
    communes = int(units["communes_with_network"].fillna(0).sum())
    districts = int(units["districts_with_network"].fillna(0).sum())
    for value in (staff, field, communes, districts, len(units)):
        assert re.search(rf"(?<![\d.,]){re.escape(fmt.number(value, lang))}(?![\d,]|\.\d)", text), value
    assert fmt.percent(field / staff, lang) in text
    assert fmt.number(field / len(units), lang, 1) in text
    # the bands, counted here from the staff totals, with the names of the largest units
    over_30 = units[units["staff_total"] >= 31]
    under_10 = units[units["staff_total"] < 10]
    n = len(units)
    of = (lambda c: f"{c}/{n}") if lang == "vi" else (lambda c: f"{c} of {n}")
    for band in (over_30, under_10, units[(units["staff_total"] >= 20) & (units["staff_total"] <= 30)]):
        assert of(len(band)) in text
    assert all(name in text for name in over_30["province_name"])
    # the province missing from this build is named
    assert "Kon Tum" in text


def test_the_summary_compares_only_totals_of_people_across_the_merger(sample_processed):
    inputs = ri.report_inputs(2025, "vi", sample_processed)
    sentences = summary.national_sentences(inputs)
    change = next(s for s in sentences if s.startswith("So với năm 2024"))
    assert "cán bộ" in change and "xã" not in change
    caveat = next(s for s in sentences if s.startswith("Lưu ý: từ ngày 1/7/2025"))
    assert "không phải là cải thiện" in caveat
    assert not any(word in " ".join(sentences) for word in ("cải thiện rõ", "tốt hơn", "improv"))


def test_the_summary_of_a_year_on_one_map_compares_the_communes_too(sample_processed):
    sentences = summary.national_sentences(ri.report_inputs(2024, "en", sample_processed))
    change = next(s for s in sentences if s.startswith("Compared with 2023"))
    assert "communes with collaborators" in change
    assert not any("1 July 2025" in s for s in sentences)
