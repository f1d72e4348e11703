"""analysis.present.method, the method and definitions: every rule the report follows, in the edition's words."""

from __future__ import annotations

from markupsafe import escape

from analysis import report_inputs as ri
from analysis.present import method


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
