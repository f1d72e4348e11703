"""Invented year-on-year jumps planted in the 2023-2025 sample returns, for the edit checks to find.

Each jump is kept in the later years (a network that stops in 2023 stays stopped), so the checks
find it once, in its year. 2021 and 2022 have none (2022 reproduces the published figures).
"""

from __future__ import annotations

NOTE_SEPARATOR = "; xác nhận: "

#: Invented year-on-year jumps for the edit checks (checks.yml) to find, kept in later years:
#: (year, province, change, the return's confirmation in its notes or "").
SAMPLE_JUMPS = (
    (2023, "Sơn La", "network_gone", "mạng lưới cộng tác viên tạm dừng năm 2023 để sắp xếp lại"),
    (2023, "Thanh Hóa", "field_share", ""),
    (2024, "Nghệ An", "staff_doubled", "tiếp nhận cán bộ của Trung tâm Xúc tiến thương mại"),
    (2024, "Bình Thuận", "pay_fivefold", ""),
    (2025, "Điện Biên", "staff_doubled", ""),
    (2025, "Cao Bằng", "network_appears", "thành lập mạng lưới cộng tác viên cấp xã năm 2025"),
)
_JUMPS = {
    "network_gone": lambda r: dict(r, districts_with_network=0 if r["districts_with_network"] is not None else None,
                                   district_collaborators=0 if r["district_collaborators"] is not None else None,
                                   communes_with_network=0, commune_collaborators=0, collaborator_pay_mvnd=0.0),
    "field_share": lambda r: dict(r, staff_field=r["staff_total"] - 2),
    "staff_doubled": lambda r: dict(r, staff_total=2 * r["staff_total"] + 2, staff_field=2 * r["staff_field"]),
    "pay_fivefold": lambda r: dict(r, collaborator_pay_mvnd=round(5 * r["collaborator_pay_mvnd"], 1)),
    "network_appears": lambda r: dict(r, communes_with_network=5, commune_collaborators=5, collaborator_pay_mvnd=12.0),
}


def with_jumps(rows: list[dict], years) -> list[dict]:
    """Rows with the SAMPLE_JUMPS of `years` applied (those of earlier years persist); 2021-2022 have none."""
    years = {years} if isinstance(years, int) else set(years)
    jumps = {province: (change, confirmed) for when, province, change, confirmed in SAMPLE_JUMPS if when in years}
    out = []
    for row in rows:
        change, confirmed = jumps.get(row["province"], (None, ""))
        if change:
            row = _JUMPS[change](row)
            row["notes"] = f"{row['notes']}{NOTE_SEPARATOR}{confirmed}" if confirmed else row["notes"]
        out.append(row)
    return out
