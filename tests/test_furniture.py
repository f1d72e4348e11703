"""The publication's furniture (present.furniture, present.summary, analysis.publication): the summary's
figures computed again here from the units, the numbering of tables and figures against the notebooks,
the title block from publication.yml."""

from __future__ import annotations

import json
import re

import pytest
from markupsafe import escape

from analysis import config, dataset, fmt, publication
from analysis import report_inputs as ri
from analysis.present import furniture, method, summary


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




def notebook_items(name: str) -> list[str]:
    text = "\n".join("".join(c["source"]) for c in json.loads((config.NOTEBOOKS_DIR / name).read_text("utf-8"))["cells"])
    return re.findall(r'furniture\.caption\("\w+", "([tf]:\w+)"', text)


def notebook_sections(name: str) -> list[str]:
    text = "\n".join("".join(c["source"]) for c in json.loads((config.NOTEBOOKS_DIR / name).read_text("utf-8"))["cells"])
    return re.findall(r'blocks\.heading\("(\w+)", lang\)', text)


@pytest.mark.parametrize("report, notebook", [("national", "national_assessment.ipynb"),
                                              ("quality", "data_quality.ipynb")])
def test_captions_and_contents_follow_the_notebook(report, notebook):
    assert notebook_items(notebook) == list(furniture.OUTLINES[report]["items"])
    assert notebook_sections(notebook) == list(furniture.OUTLINES[report]["sections"])


def test_tables_and_figures_are_numbered_each_from_one():
    assert furniture.number("national", "t:central_units") == 1
    assert furniture.number("national", "f:trend") == 1
    assert furniture.number("national", "t:trend") == 2
    assert furniture.caption("national", "f:maps", "vi").data.count("Hình 4.") == 1
    assert "Table 2. " in furniture.caption("national", "t:trend", "en").data


def test_the_title_block_comes_from_publication_yml(monkeypatch, sample_processed):
    inputs = ri.report_inputs(2022, "vi", sample_processed)
    html = furniture.title("national", inputs, "national_title", year=2022).data
    config_ = publication.publication()
    assert config_["publisher"]["vi"] in html and "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công" in html
    assert config_["contact"]["vi"] in html
    monkeypatch.setitem(config_, "releases", {"default": {"date": "2027-03-05", "version": "2.1"}})
    html = furniture.title("national", inputs, "national_title", year=2022).data
    assert "05/03/2027" in html and "2.1" in html
    assert "5 March 2027" in furniture.title("national", ri.report_inputs(2022, "en", sample_processed), "national_title", year=2022).data


def test_the_method_states_the_thresholds_the_denominators_the_ranks_and_the_regions(sample_processed):
    from analysis.denominators import denominators_note
    from analysis.present.method import regions_note, thresholds_reason
    from analysis.ranking import rank_rule

    for year, lang in ((2025, "vi"), (2025, "en"), (2022, "vi"), (2022, "en")):
        inputs = ri.report_inputs(year, lang, sample_processed)
        html = method.method_national(inputs).data
        geo = "vn34" if year == 2025 else "vn63"
        # every rule the report follows is stated where the method is, in the edition's words
        for sentence in (denominators_note(year, lang), rank_rule(lang, 34 if year == 2025 else 63),
                         regions_note(geo, lang)):
            assert str(escape(sentence)) in html, (year, lang, sentence[:40])
        assert (thresholds_reason(geo, lang) != "") == (geo == "vn34")
        assert str(escape(thresholds_reason(geo, lang))) in html
    html = method.method_national(ri.report_inputs(2025, "vi", sample_processed)).data
    assert "từ 31 cán bộ trở lên" in html and "dưới 10 cán bộ" in html
    assert "danh mục 34 tỉnh, thành phố" in html and "được tính là 0" in html and "chưa có" in html
    english = method.method_national(ri.report_inputs(2025, "en", sample_processed)).data
    assert "Đồng bằng" not in english and "Trung du" not in english  # region names translated


def test_unconfirmed_values_of_earlier_years_stay_flagged_in_the_trends(sample_processed):
    from analysis.present import blocks
    from analysis.present import profile as pp

    # Thanh Hóa's 2023 field staff (a jump of more than 20 points) was never confirmed: the 2025 and
    # 2024 reports still show it in its trend, flagged, and the national trend's 2023 total says so
    for year in (2024, 2025):
        inputs = ri.report_inputs(year, "vi", sample_processed, "38")
        assert {(2023, "staff_field"), (2023, "field_share")} <= inputs.province_trend_unconfirmed
        html = pp.trend_note(inputs.profile, inputs.province_trend, "vi", inputs.province_trend_unconfirmed).data
        share = inputs.province_trend.at[2023, "field_share"]
        assert fmt.percent(share, "vi").startswith("90,9") and fmt.percent(share, "vi") + "\u00a0(*)" in html
        assert "chưa được xác nhận" in html
    national = ri.report_inputs(2025, "vi", sample_processed)
    assert (2023, "field_share") in national.trend_unconfirmed
    html = blocks.trend_table(national.trend, "vi", unconfirmed=national.trend_unconfirmed).data
    assert "Tổng số có bao gồm số liệu" in html
    # Sơn La's 2023 drop was confirmed in its return: not flagged
    son_la = ri.report_inputs(2024, "vi", sample_processed, "14")
    assert not {m for y, m in son_la.province_trend_unconfirmed if y == 2023} & {"communes_with_network"}
    # a province whose checks were all confirmed carries no flag in its trend
    assert not ri.report_inputs(2024, "vi", sample_processed, "40").province_trend_unconfirmed & {(2024, "staff_total")}


def test_every_comparison_across_july_2025_carries_its_caveat(sample_processed):
    from analysis.present import profile as pp
    from analysis.present import quality as pq

    after, before = ri.report_inputs(2025, "vi", sample_processed, "79"), ri.report_inputs(2024, "vi", sample_processed)
    caveat = "một phần thay đổi là do sắp xếp"
    assert caveat in pq.year_on_year_checks(after.quality, "vi", year=2025).data
    assert caveat not in pq.year_on_year_checks(before.quality, "vi", year=2024).data
    from analysis.present import blocks
    assert "Từ 1/7/2025" in blocks.trend_table(after.trend, "vi").data
    assert "Từ 1/7/2025" not in blocks.trend_table(before.trend, "vi").data  # 2021-2024 does not cross it
    assert "Từ 1/7/2025" not in furniture.source_text(after, "panel")  # said once, by the table's note
    trend = pp.trend_note(after.profile, after.province_trend, "vi").data
    assert "tổng của các tỉnh đã hợp nhất" in trend and "Từ 1/7/2025" in trend


def test_a_table_marks_flagged_cells_and_explains_each_symbol_once():
    from analysis.present.blocks import Flag, flagged, table

    revised, unconfirmed = Flag("(R)", "revised"), Flag("(*)", "not confirmed")
    html = table({"A": [flagged("1", unconfirmed), flagged({"text": "2", "title": "t"}, unconfirmed, revised), "3"],
                  "B": ["x", "y", flagged("<z>", revised)]}, notes=("a note",)).data
    assert "1\u00a0(*)" in html and "2\u00a0(*)(R)" in html and "&lt;z&gt;\u00a0(R)" in html
    assert html.count("(*) not confirmed") == 1 and html.count("(R) revised") == 1
    assert html.index("a note") < html.index("(*) not confirmed") < html.index("(R) revised")
    assert "flags" not in html
    assert "(*)" not in table({"A": ["1"]}).data


def test_unconfirmed_values_are_flagged_and_confirmed_ones_are_not(sample_processed):
    from analysis.present import national as national_blocks
    from analysis.present import profile as pp

    inputs = ri.report_inputs(2025, "vi", sample_processed)
    # Điện Biên 23 -> 48 is not confirmed; Cao Bằng's new network is confirmed in its return
    assert ("Điện Biên", "staff_total") in inputs.unconfirmed
    assert not any(name == "Cao Bằng" for name, _ in inputs.unconfirmed)
    html = national_blocks.assessment_view(inputs.assessment, "vi", inputs.unconfirmed).data
    assert re.search(r"<td[^>]*>48\u00a0\(\*\)</td>", html) and html.count("(*) Số liệu cần địa phương xác nhận") == 1
    profile = ri.report_inputs(2025, "vi", sample_processed, "Điện Biên")
    assert "48\u00a0(*)" in pp.key_figures(profile.profile, "vi", profile.cells, profile.unconfirmed).data


def test_the_data_quality_report_groups_repeated_notes_and_lists_blanks_to_confirm(report_build):
    from analysis.present import quality as pq

    inputs = ri.report_inputs(2022, "vi", report_build)
    quality = inputs.quality
    grouped = pq.grouped_notes(quality, "vi", reporting=inputs.reporting_provinces).data
    notes = quality[(quality["severity"] == "info") & ~quality["code"].isin(["network.blank_as_zero", "file.readme"])]
    texts = [pq.message_text(row, "vi") for _, row in notes.iterrows()]
    lines = notes.assign(text=texts).groupby(["column", "text"]).size()
    # one line per repeated message (with its count): every note of quality.csv is accounted for
    assert grouped.count("<tr>") - 1 == len(lines) < len(notes)
    assert all(f"<td>{n}</td>" in grouped for n in lines)
    checklist = pq.blank_checklist(quality, "vi").data
    blanks = quality[quality["code"] == "network.blank_as_zero"]
    assert checklist.count("☐") == blanks["province"].nunique()
    assert all(name in checklist for name in blanks["province"].unique())
    assert f"{len(blanks)} ô để trống" in checklist
    assert "có 1 tệp không phải là báo cáo" in pq.not_returns(quality, "vi").data and "README" not in grouped + checklist


def test_report_pages_link_their_index_pdf_and_open_data_on_screen_only(report_build):
    national = ri.report_inputs(2022, "vi", report_build)
    assert furniture.page_links("national", national) == [
        ("Các báo cáo năm 2022", "index.html"), ("Tất cả các năm", "../index.html"),
        ("Bản PDF", "national.pdf"), ("Dữ liệu mở (CSV)", "data/datapackage.json")]
    profile = ri.report_inputs(2022, "en", report_build, "77")
    links = dict(furniture.page_links("province", profile))
    assert links["PDF"] == "77-ba-ria-vung-tau.en.pdf" and links["Reports for 2022"] == "../index.en.html"
    html = furniture.title("province", profile, "province_title", province="x", year=2022).data
    assert '<nav class="page-nav"' in html and "Publisher" not in html
    css = (config.PACKAGE_DIR / "templates" / "khuyencong" / "report.css").read_text(encoding="utf-8")
    assert ".page-nav { display: none; }" in css.split("@media print", 1)[1]


def test_the_year_index_links_each_csv_of_the_open_data():
    from analysis.reports import index

    html = index.index_html(2022, {}, "vi", data_package="data/datapackage.json")
    for name in ("units.csv", "national-indicators.csv", "provinces.csv"):
        assert f'href="data/{name}"' in html


def test_a_province_listed_on_an_unconfirmed_figure_is_marked_in_the_counted_tables(sample_processed):
    from analysis.present import national as national_blocks

    inputs = ri.report_inputs(2022, "vi", sample_processed)
    # the five provinces counted as "little money" are there on a pay of 0 they have not confirmed
    little = inputs.constraints.at["little_money", "provinces"]
    assert little and all((name, "collaborator_pay_mvnd") in inputs.unconfirmed for name in little)
    html = national_blocks.constraints_table(inputs.constraints, "vi", inputs.unconfirmed).data
    assert all(f"{name}\u00a0(*)" in html for name in little) and html.count("(*) Số liệu cần") == 1
    # staff were confirmed or unchecked: no band lists a mark, and no note explains one
    bands = national_blocks.bands_table(inputs.bands, "vi", inputs.unconfirmed).data
    assert "(*)" not in bands
