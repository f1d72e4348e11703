"""analysis.config: the paths, the return's columns and the commands and paths a message shows."""

from __future__ import annotations

import pytest

from analysis import config


def test_paths_hang_from_the_project_root():
    assert (config.PROJECT_ROOT / "pyproject.toml").is_file()
    assert config.RAW_DIR == config.PROJECT_ROOT / "data" / "raw"
    assert config.PROCESSED_DIR.parent == config.RAW_DIR.parent == config.DATA_DIR
    assert config.ASSESSMENT_CONFIG.is_file() and config.REFERENCE_DATA_DIR.is_dir() and config.NOTEBOOKS_DIR.is_dir()


def test_return_columns_are_the_forms_in_order_with_unique_names_and_headers():
    names = [c.name for c in config.RETURN_COLUMNS]
    assert names[:3] == ["year", "province", "unit_name"] and names[-1] == "notes"
    assert len(set(names)) == len(names) and len({c.header for c in config.RETURN_COLUMNS}) == len(names)
    assert config.DISTRICT_COLUMNS == ("districts_total", "districts_with_network", "district_collaborators")
    assert "year" in config.INT_COLUMNS and "collaborator_pay_mvnd" not in config.INT_COLUMNS
    assert set(names) - {"province"} <= set(config.UNIT_COLUMNS)  # every column kept, the province as its code and name


def test_relative_to_root_inside_and_outside_the_project(tmp_path):
    assert config.relative_to_root(config.RAW_DIR / "2022" / "a.xlsx") == "data/raw/2022/a.xlsx"
    assert config.relative_to_root(tmp_path / "x") == (tmp_path / "x").resolve().as_posix()


def test_build_command_names_only_the_folders_that_are_not_the_defaults(tmp_path):
    assert config.build_command(2022) == "khuyencong build --year 2022"
    assert config.build_command(None) == "khuyencong build"
    out = (tmp_path / "out").resolve().as_posix()
    assert config.build_command(2022, tmp_path / "out") == f"khuyencong build --year 2022 --out {out}"
    assert config.build_command(2022, config.PROCESSED_DIR, config.PROJECT_ROOT / "other") == \
        "khuyencong build --year 2022 --raw other"


def test_quality_files_before_are_the_earlier_built_years_oldest_first(tmp_path):
    for year in ("2024", "2021", "2023", "2025"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "quality.csv").write_text("severity\n", encoding="utf-8")
    (tmp_path / "2022").mkdir()  # no quality table: not built
    (tmp_path / "notes").mkdir()
    assert [p.parent.name for p in config.quality_files_before(2024, tmp_path)] == ["2021", "2023"]
    assert config.quality_files_before(2021, tmp_path) == []


def test_read_yaml_reads_utf8_safely(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("tên: Hà Nội\nngày: 2026-12-01\nsố: [1, 2.5]\n", encoding="utf-8")
    data = config.read_yaml(path)
    assert data["tên"] == "Hà Nội" and str(data["ngày"]) == "2026-12-01" and data["số"] == [1, 2.5]
    path.write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(Exception, match="python/object"):  # the safe loader builds no Python object
        config.read_yaml(path)
