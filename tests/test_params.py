"""Notebook parameter checks: a wrong year, language or province fails with one line listing valid values."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import config, params, reference


@pytest.fixture
def processed(tmp_path: Path) -> Path:
    """A processed folder with 2021 and 2022 built, and folders that are not builds."""
    for year in ("2021", "2022"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "units.parquet").write_bytes(b"")
    (tmp_path / "2020").mkdir()                 # no units table: not built
    (tmp_path / "notes").mkdir()                # not a year
    return tmp_path


def test_built_years_only_folders_with_units(processed):
    assert params.built_years(processed) == [2021, 2022]


def test_built_years_empty_without_folder(tmp_path):
    assert params.built_years(tmp_path / "missing") == []


@pytest.mark.parametrize("year", [2022, "2022", " 2022 "])
def test_check_year_accepts_built_year(processed, year):
    assert params.check_year(year, processed) == 2022


@pytest.mark.parametrize("year", [2020, 2023, "abc", None, "20 22"])
def test_check_year_rejects_other_years_listing_valid(processed, year):
    with pytest.raises(params.ParameterError) as info:
        params.check_year(year, processed)
    message = str(info.value)
    assert "\n" not in message
    out = config.relative_to_root(processed)
    hint = (f"put its returns in data/raw/{year}/ and run `khuyencong build --year {year} --out {out}`"
            if isinstance(year, int) else f"put its returns in data/raw/<year>/ and run `khuyencong build --out {out}`")
    assert message == f"year={year!r} is not a built year; valid: 2021, 2022 ({hint})"


def test_check_year_not_built_names_a_command_that_builds_it(tmp_path):
    """Year 2030 is not in data/raw: `make build` cannot build it; the hint says where its returns go."""
    with pytest.raises(params.ParameterError) as info:
        params.check_year(2030, tmp_path)
    assert str(info.value) == ("year=2030 is not a built year; valid: none (put its returns in data/raw/2030/ and "
                               f"run `khuyencong build --year 2030 --out {config.relative_to_root(tmp_path)}`)")
    with pytest.raises(params.ParameterError) as info:
        params.check_year(2030, config.PROCESSED_DIR, "vi")
    assert str(info.value).endswith("(đặt báo cáo của năm vào data/raw/2030/ rồi chạy `khuyencong build --year 2030`)")


def test_parameter_error_renders_as_one_line_in_ipython(processed, capsys):
    from IPython.core.interactiveshell import InteractiveShell

    with pytest.raises(params.ParameterError) as info:
        params.check_year(1999, processed)
    assert info.value._render_traceback_() == [f"ParameterError: {info.value}"]
    shell = InteractiveShell.instance()
    shell.user_ns["check"] = lambda: params.check_province("Hà Tây", 2022)
    capsys.readouterr()
    shell.run_cell("check()")
    shown = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(shown) == 1 and shown[0].startswith("ParameterError: province='Hà Tây': 'Hà Tây' is not a province"), shown


def test_check_year_error_is_a_value_error(processed):
    with pytest.raises(ValueError):
        params.check_year(1999, processed)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_check_lang_accepts_report_languages(lang):
    assert params.check_lang(lang) == lang


@pytest.mark.parametrize("lang", ["fr", "VI", "", None])
def test_check_lang_rejects_others(lang):
    with pytest.raises(params.ParameterError) as info:
        params.check_lang(lang)
    assert str(info.value) == f"lang={lang!r} is not a report language; valid: vi, en"


def test_check_province_accepts_tp_hcm_2022():
    province = params.check_province("TP.HCM", 2022)
    assert (province.code, province.name, province.geo) == ("79", "TP Hồ Chí Minh", "vn63")


def test_check_province_accepts_code():
    assert params.check_province("01", 2022).name == "Hà Nội"


def test_check_province_rejects_ha_tay_listing_valid_codes_and_names():
    with pytest.raises(params.ParameterError) as info:
        params.check_province("Hà Tây", 2022)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("province='Hà Tây': 'Hà Tây' is not a province in 2022")
    valid = message.split("; valid: ", 1)[1]
    table = reference.provinces("vn63")
    assert valid == ", ".join(f"{c} {n}" for c, n in zip(table["province_code"], table["province_name"]))
    assert valid.count(", ") == 62
    assert valid.startswith("01 Hà Nội, 02 Hà Giang")
    assert "79 TP Hồ Chí Minh" in valid


def test_parameter_errors_in_the_report_language(tmp_path):
    # the English lines: the tests above; the hint of each language: test_check_year_not_built_...
    with pytest.raises(params.ParameterError, match="^year=2030 không phải năm đã tổng hợp"):
        params.check_year(2030, tmp_path, "vi")
    with pytest.raises(params.ParameterError, match="^province='Hà Tây': 'Hà Tây' không phải tỉnh, thành phố"):
        params.check_province("Hà Tây", 2022, "vi")


def test_check_province_rejects_2022_province_in_2025():
    with pytest.raises(params.ParameterError, match="Hà Giang was merged into Tuyên Quang in 2025"):
        params.check_province("Hà Giang", 2025)
