"""The analyst's language (issue 15): `--lang vi|en` on every command, the default from the locale as
gettext reads it, every terminal line from the catalogue, the form's header and the cell in Vietnamese."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from analysis import cli, messages
from conftest import return_row


@pytest.mark.parametrize(("environ", "lang"), [
    ({"LANG": "vi_VN.UTF-8"}, "vi"), ({"LANG": "vi"}, "vi"), ({"LC_MESSAGES": "vi_VN", "LANG": "en_US.UTF-8"}, "vi"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"), ({"LANGUAGE": "vi:en", "LANG": "C"}, "vi"),
    ({"LANG": "C.UTF-8"}, "en"), ({}, "en"), ({"LANG": "fr_FR.UTF-8"}, "en"),
])
def test_locale_language_as_gettext_reads_it(environ, lang):
    assert messages.locale_lang(environ) == lang


def _clean_env(**values):
    env = {k: v for k, v in os.environ.items() if k not in (*messages.LOCALE_VARIABLES, messages.LANG_VARIABLE)}
    return {**env, **values}


def test_bad_return_under_a_vietnamese_locale_gets_a_vietnamese_line(write_xlsx, raw_dir, tmp_path):
    write_xlsx("10-lao-cai.xlsx", [return_row(staff_field=35)])
    done = subprocess.run([sys.executable, "-m", "analysis", "build", "--year", "2022", "--raw", str(raw_dir),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=120,
                          env=_clean_env(LANG="vi_VN.UTF-8"))
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert any(line.endswith(":5: lỗi: trang 'Báo cáo', ô F5: Số cán bộ trực tiếp làm khuyến công tại cơ sở: "
                             "35 lớn hơn Tổng số cán bộ (30)") for line in lines), lines
    assert lines[-1] == f"2022: 1 lỗi, 1 cảnh báo; không ghi gì, {tmp_path / 'out' / '2022'} giữ nguyên"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("argv", [["--lang", "en", "build"], ["build", "--lang", "en"]])
def test_lang_before_or_after_the_command_wins_over_the_locale(write_xlsx, raw_dir, tmp_path, capsys, monkeypatch,
                                                               argv):
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", messages.LANG_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    write_xlsx("10-lao-cai.xlsx", [return_row(staff_field=35)])
    status = cli.main([*argv, "--year", "2022", "--raw", str(raw_dir), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert ":5: error: sheet 'Báo cáo', cell F5: staff_field: 35 is more than staff_total 30" in err
    assert messages.LANG_VARIABLE not in os.environ  # put back after the command


def test_every_command_takes_lang_and_report_keeps_its_edition():
    parser = cli.build_parser()
    for command in (["build"], ["template", "--year", "2022", "--out", "x.xlsx"], ["sample"],
                    ["indicators", "--year", "2022"], ["trace", "staff_field"], ["verify"]):
        assert parser.parse_args([*command, "--lang", "vi"]).terminal_lang == "vi"
        assert parser.parse_args(["--lang", "en", *command]).terminal_lang == "en"
    args = parser.parse_args(["--lang", "en", "report", "--lang", "both"])
    assert (args.terminal_lang, args.lang) == ("en", "both")


def test_usage_errors_in_vietnamese(tmp_path, capsys):
    status = cli.main(["--lang", "vi", "trace", "staff_feild", "--processed", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert err.startswith("khuyencong trace: ") and "chưa có units.parquet" in err
    assert "khuyencong build --year 2022 --out" in err


def test_every_terminal_line_has_both_languages():
    terminal = messages.catalogue()["terminal"]
    assert all(set(entry) == {"vi", "en"} for entry in terminal.values())


def test_trace_prints_in_the_terminal_language(sample_build, capsys):
    processed = str(sample_build.out_dir.parent)
    assert cli.main(["trace", "--year", "2022", "--province", "77", "staff_field", "--processed", processed,
                     "--lang", "vi"]) == 0
    assert capsys.readouterr().out.strip() == "data/raw/2022/77-ba-ria-vung-tau.xlsx · trang 'Báo cáo' · ô F5 · đã nhập '7' -> 7"
    assert cli.main(["--lang", "vi", "trace", "--year", "2022", "staff_field", "--processed", processed]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "tổng của 63 đơn vị cấp tỉnh: 516"
