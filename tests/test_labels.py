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
