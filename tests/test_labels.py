"""The labels catalogue (labels.yml): every label in both languages, the same placeholders, read as data."""

from __future__ import annotations

import string

import pytest

from analysis import labels


def placeholders(text: str) -> set[str]:
    """The {names} a label fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def literal_text(text: str) -> str:
    """A label without its {placeholders}."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(text))


def test_every_label_has_a_vietnamese_and_an_english_text():
    incomplete = [key for key, entry in labels.catalogue().items()
                  if set(entry) != {"vi", "en"} or not all(str(entry[lang]).strip() for lang in ("vi", "en"))]
    assert incomplete == []


def test_both_languages_of_a_label_fill_the_same_placeholders():
    different = [key for key, entry in labels.catalogue().items()
                 if placeholders(entry["vi"]) != placeholders(entry["en"])]
    assert different == []


def test_vietnamese_and_english_texts_differ_where_they_are_words():
    # a label left untranslated shows as the same text in both editions; names, numbers and the marks
    # on figures (a "_symbol": "(R)" for revised is the statistical offices' convention in any language) are allowed
    same = [key for key, entry in labels.catalogue().items() if not key.endswith("_symbol")
            and entry["vi"] == entry["en"] and any(c.isalpha() for c in literal_text(entry["vi"]))]
    assert same == []


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


def test_labels_are_read_from_the_catalogue_file(tmp_path, monkeypatch):
    catalogue = tmp_path / "labels.yml"
    catalogue.write_text('greeting: {vi: "Xin chào {name}", en: "Hello {name}"}\n', encoding="utf-8")
    monkeypatch.setattr(labels, "CATALOGUE", catalogue)
    labels.catalogue.cache_clear()
    try:
        assert labels.t("greeting", "vi", name="Huế") == "Xin chào Huế"
        assert labels.t("greeting", "en", name="Huế") == "Hello Huế"
    finally:
        labels.catalogue.cache_clear()


def test_the_published_source_is_cited_as_a_publication_in_both_languages():
    for lang in ("vi", "en"):
        text = labels.t("published_source", lang)
        assert text.startswith("Nhịp cầu Công Thương (")
        assert '"Xây dựng đội ngũ cán bộ làm công tác khuyến công chuyên nghiệp"' in text
        assert "Thăng Long" in text
        assert "tuyengiao.vn/xay-dung-doi-ngu-can-bo-lam-cong-tac-khuyen-cong-chuyen-nghiep-146870" in text
    assert "1/10/2022" in labels.t("published_source", "vi")
    assert "1 October 2022" in labels.t("published_source", "en")
