"""Names of regions and centres in each edition: Vietnamese as they are, English translated
("Đông Nam Bộ" -> "South East", "Trung tâm Khuyến công Hà Tĩnh" -> "Industrial Promotion Centre of Hà Tĩnh").

Province names stay as they are in both editions (they are names); the kind of a centre is translated.
"""

from __future__ import annotations

import re

from analysis.labels import t

#: The regions of Nghị quyết 81/2023/QH15 (reference data) and their label keys.
REGION_KEYS = {
    "Đồng bằng sông Hồng": "region_red_river_delta",
    "Trung du và miền núi phía Bắc": "region_northern_midlands",
    "Bắc Trung Bộ và duyên hải miền Trung": "region_north_central_coast",
    "Tây Nguyên": "region_central_highlands",
    "Đông Nam Bộ": "region_south_east",
    "Đồng bằng sông Cửu Long": "region_mekong_delta",
}

#: Kinds of centre in their Vietnamese names, longest first, with the English label key.
CENTRE_KINDS = (
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp", "centre_ipc_consulting"),
    ("Trung tâm Khuyến công và Xúc tiến thương mại", "centre_ipc_trade"),
    ("Trung tâm Khuyến công", "centre_ipc"),
)


def region_name(region: object, lang: str) -> str:
    """A region in the edition's language (unknown names as they are)."""
    key = REGION_KEYS.get(str(region))
    return t(key, lang) if key and lang != "vi" else str(region)


def centre_name(name: object, lang: str) -> str:
    """A centre's name in the edition's language: the kind translated, the province or number kept."""
    text = str(name)
    if lang == "vi":
        return text
    for kind, key in CENTRE_KINDS:
        match = re.fullmatch(re.escape(kind) + r"(?:\s+(?:tỉnh|thành phố|TP\.?))?\s+(.+)", text)
        if match:
            place = match.group(1)
            return t(key + ("_n" if place.isdigit() else ""), lang, place=place)
    return text
