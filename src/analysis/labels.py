"""Every label the reports show, in Vietnamese and English: one translation table.

``t(key, lang)`` returns the label; a missing key or language is an error (no silent fallback),
so a test can check that the English edition has no Vietnamese label left.
"""

from __future__ import annotations

LANGS = ("vi", "en")

LABELS: dict[str, dict[str, str]] = {
    # titles and sections
    "national_title": {"vi": "Đánh giá nhân lực và mạng lưới cộng tác viên khuyến công năm {year}",
                       "en": "Industrial extension staffing and collaborator networks, {year}"},
    "province_title": {"vi": "{province}: nhân lực và mạng lưới khuyến công năm {year}",
                       "en": "{province}: industrial extension staffing and network, {year}"},
    "quality_title": {"vi": "Chất lượng dữ liệu báo cáo năm {year}", "en": "Data quality of the {year} returns"},
    "sample_banner": {"vi": "DỮ LIỆU MẪU: các số liệu theo tỉnh trong báo cáo này là minh họa, không phải số liệu thật "
                            "(chỉ các tổng số toàn quốc khớp với số liệu đã công bố).",
                      "en": "SAMPLE DATA: the province figures in this report are illustrative, not real "
                            "(only the national totals match the published figures)."},
    "sample_banner_unpublished": {"vi": "DỮ LIỆU MẪU: mọi số liệu trong báo cáo này là minh họa, không phải số liệu thật.",
                                  "en": "SAMPLE DATA: every figure in this report is illustrative, not real."},
    "headline": {"vi": "Số liệu chính", "en": "Headline figures"},
    "size_bands": {"vi": "Quy mô nhân lực các đơn vị", "en": "Size of the units' staff"},
    "staff_by_province": {"vi": "Nhân lực theo tỉnh, thành phố", "en": "Staff by province"},
    "field_share_section": {"vi": "Tỷ lệ cán bộ trực tiếp làm khuyến công tại cơ sở",
                            "en": "Share of staff working directly in the field"},
    "inequality": {"vi": "Mức độ chênh lệch giữa các địa phương", "en": "Inequality between provinces"},
    "network": {"vi": "Mạng lưới cộng tác viên khuyến công", "en": "Collaborator network"},
    "remuneration": {"vi": "Thù lao, phụ cấp cộng tác viên", "en": "Collaborator remuneration"},
    "assessment": {"vi": "Đánh giá theo tỉnh, thành phố", "en": "Assessment by province"},
    "constraints": {"vi": "Những hạn chế chủ yếu", "en": "Principal constraints"},
    "reconciliation": {"vi": "Đối chiếu với số liệu đã công bố", "en": "Reconciliation with the published figures"},
    "data_quality": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    "central_units": {"vi": "Các trung tâm khuyến công quốc gia", "en": "National extension centres"},
    "identity": {"vi": "Thông tin chung", "en": "Identity"},
    "key_figures": {"vi": "Số liệu chính so với cả nước và vùng", "en": "Key figures against the national and regional medians"},
    "position": {"vi": "Vị trí so với các tỉnh, thành phố khác", "en": "Position among the provinces"},
    "thresholds": {"vi": "Ngưỡng đánh giá", "en": "Assessment thresholds"},
    "no_return": {"vi": "Không có báo cáo", "en": "No return"},
    "no_return_text": {"vi": "{province} chưa gửi báo cáo năm {year}. Các số liệu của tỉnh không có trong đánh giá "
                             "toàn quốc năm nay.",
                       "en": "{province} sent no return for {year}. Its figures are not part of this year's "
                             "national assessment."},
    "trend": {"vi": "Diễn biến qua các năm", "en": "Trend over the years"},
    "trend_province": {"vi": "Diễn biến qua các năm", "en": "Trend over the years"},
    "trend_former": {"vi": "Các năm trước 2025 là tổng của các tỉnh đã hợp nhất: {names}.",
                     "en": "Years before 2025 are the sums of the merged provinces: {names}."},
    "trend_note": {"vi": "Từ 1/7/2025 cả nước có 34 tỉnh, thành phố và không còn cấp huyện: số liệu cấp huyện "
                         "dừng ở năm 2024; tỷ lệ xã năm 2025 tính trên số xã mới (sau sắp xếp) nên không so sánh "
                         "trực tiếp với các năm trước.",
                   "en": "From 1 July 2025 there are 34 provinces and no district level: district figures stop in "
                         "2024; the 2025 commune share is over the new (merged) communes, so it is not directly "
                         "comparable with earlier years."},
    "merger_mark": {"vi": "7/2025: 34 tỉnh,\nbỏ cấp huyện", "en": "July 2025: 34 provinces,\nno districts"},
    "year": {"vi": "Năm", "en": "Year"},
    "maps": {"vi": "Bản đồ", "en": "Maps"},
    "maps_title": {"vi": "Nhân lực và mạng lưới khuyến công theo tỉnh, thành phố",
                   "en": "Industrial extension staff and networks by province"},
    "map_note": {"vi": "Đường địa giới giản lược (echarts-countries-pypkg, MIT), chỉ để minh họa. Ô gạch chéo: "
                       "không có số liệu. Quần đảo Hoàng Sa và quần đảo Trường Sa là lãnh thổ Việt Nam.",
                 "en": "Simplified outlines (echarts-countries-pypkg, MIT), for illustration only. Hatched: no "
                       "figure. The Hoàng Sa and Trường Sa archipelagos are Vietnamese territory."},
    "map_note_short": {"vi": "Địa giới giản lược", "en": "Simplified outlines"},
    "archipelago_hoang_sa": {"vi": "QĐ. Hoàng Sa", "en": "Hoàng Sa Is."},
    "archipelago_truong_sa": {"vi": "QĐ. Trường Sa", "en": "Trường Sa Is."},
    "provenance": {"vi": "Nguồn và cách tính", "en": "Sources and method"},
    # identity
    "code": {"vi": "Mã tỉnh (TCTK)", "en": "Province code (GSO)"},
    "region": {"vi": "Vùng kinh tế - xã hội", "en": "Socio-economic region"},
    "province_type": {"vi": "Loại", "en": "Type"},
    "type_province": {"vi": "tỉnh", "en": "province"},
    "type_city": {"vi": "thành phố trực thuộc trung ương", "en": "centrally-run city"},
    "map": {"vi": "Bản đồ hành chính", "en": "Administrative map"},
    "geo_vn63": {"vi": "63 tỉnh, thành phố (trước 7/2025)", "en": "63 provinces (before July 2025)"},
    "geo_vn34": {"vi": "34 tỉnh, thành phố (từ 7/2025)", "en": "34 provinces (from July 2025)"},
    "former_provinces": {"vi": "Hợp nhất từ", "en": "Merged from"},
    "merged_into": {"vi": "Từ 7/2025 thuộc", "en": "From July 2025 part of"},
    "unit_name": {"vi": "Đơn vị", "en": "Unit"},
    "notes": {"vi": "Ghi chú trong báo cáo", "en": "Notes in the return"},
    # indicators
    "units_reporting": {"vi": "Đơn vị cấp tỉnh có báo cáo", "en": "Provincial units reporting"},
    "units_expected": {"vi": "Số tỉnh, thành phố", "en": "Provinces"},
    "staff_total": {"vi": "Tổng số cán bộ", "en": "All staff"},
    "staff_field": {"vi": "Cán bộ trực tiếp tại cơ sở", "en": "Field staff"},
    "field_share": {"vi": "Tỷ lệ cán bộ trực tiếp", "en": "Field staff share"},
    "field_per_unit": {"vi": "Cán bộ trực tiếp bình quân/đơn vị", "en": "Field staff per unit (mean)"},
    "field_per_unit_median": {"vi": "Cán bộ trực tiếp/đơn vị (trung vị)", "en": "Field staff per unit (median)"},
    "districts_with_network": {"vi": "Huyện có cộng tác viên", "en": "Districts with collaborators"},
    "district_coverage": {"vi": "Tỷ lệ huyện có cộng tác viên", "en": "District coverage"},
    "communes_with_network": {"vi": "Xã có cộng tác viên", "en": "Communes with collaborators"},
    "commune_coverage": {"vi": "Tỷ lệ xã có cộng tác viên", "en": "Commune coverage"},
    "districts_total": {"vi": "Tổng số huyện", "en": "Districts"},
    "communes_total": {"vi": "Tổng số xã", "en": "Communes"},
    "district_collaborators": {"vi": "Cộng tác viên cấp huyện", "en": "District collaborators"},
    "commune_collaborators": {"vi": "Cộng tác viên cấp xã", "en": "Commune collaborators"},
    "collaborators_per_district": {"vi": "CTV/huyện có mạng lưới", "en": "Collaborators per covered district"},
    "collaborators_per_commune": {"vi": "CTV/xã có mạng lưới", "en": "Collaborators per covered commune"},
    "pay_total": {"vi": "Thù lao, phụ cấp (triệu đồng/năm)", "en": "Remuneration (million VND a year)"},
    "pay_per_collaborator": {"vi": "Thù lao bình quân/CTV (triệu đồng/năm)",
                             "en": "Remuneration per collaborator (million VND a year)"},
    "provinces_without_network": {"vi": "Tỉnh chưa có mạng lưới cộng tác viên", "en": "Provinces with no network"},
    "band": {"vi": "Quy mô", "en": "Size band"},
    "count": {"vi": "Số đơn vị", "en": "Units"},
    "provinces": {"vi": "Tỉnh, thành phố", "en": "Provinces"},
    "province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "national_median": {"vi": "Trung vị cả nước", "en": "National median"},
    "regional_median": {"vi": "Trung vị vùng", "en": "Regional median"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "of_n": {"vi": "{rank}/{n}", "en": "{rank} of {n}"},
    "band_over_30": {"vi": "Trên 30 người", "en": "Over 30 staff"},
    "band_20_30": {"vi": "Từ 20-30 người", "en": "20-30 staff"},
    "band_10_19": {"vi": "Từ 10-19 người", "en": "10-19 staff"},
    "band_under_10": {"vi": "Dưới 10 người", "en": "Under 10 staff"},
    "cv": {"vi": "Hệ số biến thiên", "en": "Coefficient of variation"},
    "gini": {"vi": "Hệ số Gini", "en": "Gini coefficient"},
    "max_min": {"vi": "Lớn nhất/nhỏ nhất", "en": "Max/min ratio"},
    "measure": {"vi": "Chỉ tiêu", "en": "Measure"},
    "all_provinces": {"vi": "Cả nước", "en": "All provinces"},
    # ratings
    "staffing_rating": {"vi": "Nhân lực", "en": "Staffing"},
    "network_rating": {"vi": "Mạng lưới", "en": "Network"},
    "rating_adequate": {"vi": "đủ", "en": "adequate"},
    "rating_thin": {"vi": "mỏng", "en": "thin"},
    "rating_critical": {"vi": "thiếu nghiêm trọng", "en": "critical"},
    "rating_developed": {"vi": "phát triển", "en": "developed"},
    "rating_partial": {"vi": "một phần", "en": "partial"},
    "rating_none": {"vi": "chưa có", "en": "none"},
    "rating_no_return": {"vi": "không có báo cáo", "en": "no return"},
    "rule_staffing": {"vi": "Nhân lực: thiếu nghiêm trọng nếu dưới {critical} cán bộ; mỏng nếu dưới {thin}; "
                            "đủ từ {thin} cán bộ trở lên.",
                      "en": "Staffing: critical below {critical} staff; thin below {thin}; adequate from {thin}."},
    "rule_network": {"vi": "Mạng lưới: phát triển nếu ít nhất {district} số huyện hoặc {commune} số xã có cộng tác "
                           "viên; chưa có nếu không huyện, xã nào có; còn lại là một phần.",
                     "en": "Network: developed when at least {district} of districts or {commune} of communes "
                           "have collaborators; none when no district or commune has; partial otherwise."},
    "rule_pay": {"vi": "Kinh phí ít: thù lao dưới {pay} triệu đồng/cộng tác viên/năm (kể cả không chi).",
                 "en": "Little money: under {pay} million VND per collaborator a year (including nothing paid)."},
    "constraint_few_staff": {"vi": "Thiếu cán bộ (nhân lực mỏng hoặc thiếu nghiêm trọng)",
                             "en": "Too few staff (thin or critical)"},
    "constraint_no_network": {"vi": "Chưa hình thành mạng lưới cộng tác viên", "en": "No collaborator network"},
    "constraint_little_money": {"vi": "Kinh phí địa phương cho cộng tác viên ít",
                                "en": "Little local money for collaborators"},
    "constraint": {"vi": "Hạn chế", "en": "Constraint"},
    # reconciliation
    "figure": {"vi": "Chỉ tiêu", "en": "Figure"},
    "computed": {"vi": "Tính từ dữ liệu", "en": "Computed"},
    "published": {"vi": "Đã công bố", "en": "Published"},
    "match": {"vi": "Khớp", "en": "Match"},
    "yes": {"vi": "khớp", "en": "yes"},
    "no": {"vi": "KHÔNG KHỚP", "en": "NO"},
    "no_published": {"vi": "Không có số liệu công bố cho năm {year}.", "en": "No published figures for {year}."},
    "source": {"vi": "Nguồn", "en": "Source"},
    # quality
    "severity": {"vi": "Mức độ", "en": "Severity"},
    "file": {"vi": "Tệp", "en": "File"},
    "row": {"vi": "Dòng", "en": "Row"},
    "column": {"vi": "Cột", "en": "Column"},
    "message": {"vi": "Nội dung", "en": "Message"},
    "returns_received": {"vi": "Báo cáo nhận được", "en": "Returns received"},
    "files_read": {"vi": "Tệp đã đọc", "en": "Files read"},
    "errors": {"vi": "Lỗi", "en": "Errors"},
    "warnings": {"vi": "Cảnh báo", "en": "Warnings"},
    "notes_info": {"vi": "Ghi chú", "en": "Notes"},
    "missing_returns": {"vi": "Tỉnh chưa gửi báo cáo", "en": "Provinces with no return"},
    "none": {"vi": "không có", "en": "none"},
    "issue_kind": {"vi": "Tổng hợp theo mức độ và cột", "en": "Summary by severity and column"},
    "severity_error": {"vi": "lỗi", "en": "error"},
    "severity_warning": {"vi": "cảnh báo", "en": "warning"},
    "severity_info": {"vi": "ghi chú", "en": "note"},
    # charts
    "axis_staff": {"vi": "Số cán bộ (người)", "en": "Staff (persons)"},
    "axis_units": {"vi": "Số đơn vị", "en": "Number of units"},
    "axis_share": {"vi": "Tỷ lệ (%)", "en": "Share (%)"},
    "axis_coverage": {"vi": "Tỷ lệ có cộng tác viên (%)", "en": "Share with collaborators (%)"},
    "chart_bands": {"vi": "Số đơn vị theo quy mô nhân lực", "en": "Units by number of staff"},
    "chart_staff": {"vi": "Tổng số cán bộ theo tỉnh, thành phố", "en": "All staff by province"},
    "chart_field_share": {"vi": "Tỷ lệ cán bộ trực tiếp làm khuyến công tại cơ sở", "en": "Field staff share by province"},
    "chart_coverage": {"vi": "Tỷ lệ đơn vị hành chính có cộng tác viên khuyến công", "en": "Share of administrative units with collaborators"},
    "chart_position": {"vi": "{province} so với các tỉnh, thành phố", "en": "{province} among the provinces"},
    "national_mean": {"vi": "tỷ lệ chung cả nước", "en": "national share"},
    "national_median_line": {"vi": "trung vị cả nước", "en": "national median"},
    "staff_scope": {"vi": "Số cán bộ tính trên các đơn vị cấp tỉnh, không gồm {n} trung tâm khuyến công quốc gia ({staff} người).",
                    "en": "Staff of the provincial units; the {n} national extension centres ({staff} staff) are listed separately."},
    "province_assessment": {"vi": "Đánh giá", "en": "Assessment"},
    "sentence_staffing": {"vi": "{province} có {staff} cán bộ, trong đó {field} người trực tiếp làm khuyến công tại cơ sở "
                                "({share}); xếp thứ {rank} trên {n} tỉnh, thành phố về tổng số cán bộ. Theo ngưỡng "
                                "đánh giá, nhân lực được xếp loại \"{rating}\".",
                          "en": "{province} has {staff} staff, {field} of them working directly in the field "
                                "({share}); it ranks {rank} of {n} provinces by staff. Under the thresholds its "
                                "staffing is rated \"{rating}\"."},
    "sentence_network": {"vi": "Mạng lưới cộng tác viên: {districts} huyện ({dcov}) và {communes} xã ({ccov}) có cộng "
                               "tác viên; xếp loại \"{rating}\".",
                         "en": "Collaborator network: {districts} districts ({dcov}) and {communes} communes ({ccov}) "
                               "have collaborators; rated \"{rating}\"."},
    "sentence_network_vn34": {"vi": "Mạng lưới cộng tác viên: {communes} xã ({ccov}) có cộng tác viên (không còn cấp "
                                    "huyện từ 1/7/2025); xếp loại \"{rating}\".",
                              "en": "Collaborator network: {communes} communes ({ccov}) have collaborators (no "
                                    "district level since 1 July 2025); rated \"{rating}\"."},
    "sentence_pay": {"vi": "Thù lao, phụ cấp cho cộng tác viên: {pay} triệu đồng/năm, bình quân {per} triệu đồng/người.",
                     "en": "Collaborator remuneration: {pay} million VND a year, {per} million VND per collaborator."},
    "sentence_no_pay": {"vi": "Không có số liệu thù lao cho cộng tác viên.", "en": "No remuneration figures for collaborators."},
    "generated": {"vi": "Tạo bởi khuyencong {version} (commit {commit}) từ {inputs} tệp dữ liệu gốc; danh mục đơn vị hành chính: {library} ({snapshot}).",
                  "en": "Made by khuyencong {version} (commit {commit}) from {inputs} raw files; administrative units: {library} ({snapshot})."},
    "index_title": {"vi": "Báo cáo khuyến công năm {year}", "en": "Industrial extension reports, {year}"},
    "reports": {"vi": "Báo cáo", "en": "Reports"},
    "status_failed": {"vi": "lỗi khi tạo báo cáo", "en": "build failed"},
    "status_not_built": {"vi": "chưa tạo báo cáo", "en": "no report built"},
}


#: The warnings and notes of a build (written in English, as `khuyencong build` prints them) and their
#: Vietnamese wording for the reports: (regular expression over the whole message, Vietnamese template).
QUALITY_MESSAGES_VI: tuple[tuple[str, str], ...] = (
    (r"not stated in the return; (?P<source>.+) used", "không ghi trong báo cáo; dùng số liệu {source}"),
    (r"exact duplicate of (?P<place>.+); counted once", "trùng hoàn toàn với {place}; chỉ tính một lần"),
    (r"no return from (?P<n>\d+) province\(s\): (?P<names>.+)", "không có báo cáo của {n} tỉnh, thành phố: {names}"),
    (r"column not in the return form; value kept here, not used",
     "cột không có trong mẫu báo cáo; giá trị được ghi lại ở đây, không dùng để tính"),
    (r"value in a column with no header; value kept here, not used",
     "giá trị ở cột không có tiêu đề; được ghi lại ở đây, không dùng để tính"),
    (r"extra column not in the return form; its values are listed in the quality report",
     "cột ngoài mẫu báo cáo; các giá trị của cột được liệt kê trong báo cáo chất lượng dữ liệu"),
    (r"a national centre has no province; value ignored", "trung tâm quốc gia không thuộc tỉnh nào; bỏ qua giá trị này"),
    (r"file is not UTF-8; decoded as Windows-1258 \(Vietnamese\), headers verified",
     "tệp không mã hóa UTF-8; đã đọc theo bảng mã Windows-1258 và kiểm tra khớp tiêu đề cột"),
)


def quality_message(message: str, lang: str) -> str:
    """A build message in the report's language (English as written; Vietnamese from QUALITY_MESSAGES_VI).

    A message with no Vietnamese wording yet is shown as written.
    """
    import re

    if lang == "vi":
        for pattern, template in QUALITY_MESSAGES_VI:
            match = re.fullmatch(pattern, message)
            if match:
                return template.format(**match.groupdict())
    return message


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The label `key` in `lang`, with {placeholders} filled from `values`."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    text = LABELS[key][lang]
    return text.format(**values) if values else text
