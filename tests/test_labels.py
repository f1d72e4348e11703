"""Translation table: every label in both languages, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from analysis import labels


def placeholders(text: str) -> set[str]:
    """The {names} a label fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(labels.LABELS))
def test_labels_every_key_has_vi_and_en(key):
    assert set(labels.LABELS[key]) == {"vi", "en"}
    assert labels.LABELS[key]["vi"].strip()
    assert labels.LABELS[key]["en"].strip()


@pytest.mark.parametrize("key", sorted(labels.LABELS))
def test_labels_same_placeholders_in_vi_and_en(key):
    assert placeholders(labels.LABELS[key]["vi"]) == placeholders(labels.LABELS[key]["en"])


def test_placeholders_helper_reads_names():
    assert placeholders(labels.LABELS["of_n"]["en"]) == {"rank", "n"}


def test_t_fills_placeholders():
    assert labels.t("of_n", "vi", rank=2, n=63) == "2/63"
    assert labels.t("of_n", "en", rank=2, n=63) == "2 of 63"


def test_t_without_values_returns_label():
    assert labels.t("yes", "en") == "yes"
    assert labels.t("no", "vi") == "KHÔNG KHỚP"


def test_t_unknown_language_raises():
    with pytest.raises(ValueError, match="lang must be one of vi, en, not 'fr'"):
        labels.t("yes", "fr")


def test_t_unknown_key_raises():
    with pytest.raises(KeyError):
        labels.t("no_such_label", "vi")


@pytest.mark.parametrize("message, expected", [
    ("not stated in the return; vietnamadminunits 1.0.4 63-province snapshot of 2025-01-04 used",
     "không ghi trong báo cáo; dùng số liệu vietnamadminunits 1.0.4 63-province snapshot of 2025-01-04"),
    ("exact duplicate of data/raw/2022/a.csv:2; counted once", "trùng hoàn toàn với data/raw/2022/a.csv:2; chỉ tính một lần"),
    ("no return from 2 province(s): Kon Tum, Gia Lai", "không có báo cáo của 2 tỉnh, thành phố: Kon Tum, Gia Lai"),
])
def test_quality_message_vietnamese_wording(message, expected):
    assert labels.quality_message(message, "vi") == expected
    assert labels.quality_message(message, "en") == message


def test_quality_message_unknown_is_shown_as_written():
    assert labels.quality_message("something new", "vi") == "something new"


def test_every_warning_the_build_writes_has_a_vietnamese_wording():
    """Each warning/info text in the build code matches one pattern (so the vi report is Vietnamese)."""
    import re

    from analysis import config

    source = "".join((config.PACKAGE_DIR / name).read_text(encoding="utf-8")
                     for name in ("clean.py", "ingest.py", "dataset.py"))
    calls = re.findall(r'Issue\("(?:warning|info)",.*?f?"((?:[^"\\]|\\.)*)"\)', source, re.S)
    assert len(calls) == 8
    for message in calls:
        example = re.sub(r"\{[^}]*\}", "1", message)  # an f-string's fields filled with a sample value
        assert labels.quality_message(example, "vi") != example, message
