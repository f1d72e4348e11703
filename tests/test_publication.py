"""analysis.publication: the imprint of publication.yml (publisher, contact, each year's release) in each
edition, the release date written as each edition writes dates."""

from __future__ import annotations

from datetime import date

import pytest

from analysis import publication


def test_publication_yml_has_both_editions_and_a_default_release():
    config = publication.publication()
    assert publication.publication() is config  # read once
    for key in ("publisher", "contact"):
        assert set(config[key]) == {"vi", "en"} and all(config[key].values())
    assert "default" in config["releases"]


@pytest.mark.parametrize("lang, text", [("vi", "01/12/2026"), ("en", "1 December 2026")])
def test_release_date_text_in_each_editions_style(lang, text):
    assert publication.release_date_text(date(2026, 12, 1), lang) == text


def test_release_date_text_pads_the_vietnamese_day_and_month_only():
    assert publication.release_date_text(date(2027, 3, 5), "vi") == "05/03/2027"
    assert publication.release_date_text(date(2027, 3, 5), "en") == "5 March 2027"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_imprint_of_a_year_without_its_own_release_is_the_default(lang):
    config = publication.publication()
    imprint = publication.imprint(2022, lang)
    assert (imprint.publisher, imprint.contact) == (config["publisher"][lang], config["contact"][lang])
    default = config["releases"]["default"]
    assert imprint.release_date == (default["date"] if isinstance(default["date"], date)
                                    else date.fromisoformat(str(default["date"])))
    assert imprint.version == str(default["version"])


def test_imprint_takes_a_years_own_release_given_as_text_or_date(monkeypatch):
    config = publication.publication()
    monkeypatch.setitem(config, "releases", {"default": {"date": "2026-12-01", "version": "1.0"},
                                             2023: {"date": "2027-03-05", "version": 2.1},
                                             2024: {"date": date(2027, 4, 1), "version": "3"}})
    assert publication.imprint(2023, "en") == publication.Imprint(config["publisher"]["en"], config["contact"]["en"],
                                                                  date(2027, 3, 5), "2.1")
    assert publication.imprint(2024, "vi").release_date == date(2027, 4, 1)
    assert publication.imprint(2025, "vi").release_date == date(2026, 12, 1)
