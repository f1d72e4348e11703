"""Where a year keeps sign-off (approvals.csv beside its returns), a release names every province whose
return is not signed off, or changed after it was (issue 19 with issue 18's approvals)."""

from __future__ import annotations

from analysis.reports import release


def test_unsigned_and_changed_returns_are_reasons_to_refuse_a_release(sample_processed):
    reasons = {r.params["province_code"]: r for r in release.unsigned_returns(2025, sample_processed)}
    assert reasons["48"].code == "release.changed_after_sign_off"  # Đà Nẵng: its file changed (the sample)
    assert "Đà Nẵng (48-da-nang.xlsx)" in reasons["48"].line("en")
    assert "khuyencong approve --year 2025 --province 48" in reasons["48"].line("vi")
    assert reasons["04"].code == "release.not_signed_off" and "chưa được duyệt" in reasons["04"].line("vi")
    assert not {"01", "19", "79"} & set(reasons), "signed off in the sample's approvals.csv"


def test_a_year_without_an_approvals_log_needs_no_sign_off(sample_processed):
    assert release.unsigned_returns(2022, sample_processed) == []
