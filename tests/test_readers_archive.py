"""analysis.readers.archive: a zip-based workbook is refused before any XML parser sees it when it is
damaged, unpacks too large, declares entities, or holds XML too deep or with too many elements."""

from __future__ import annotations

import zipfile

import pytest
from defusedxml import EntitiesForbidden

from analysis import limits
from analysis.quality import BadInput
from analysis.readers.archive import check_archive, refused_xml_reason


def _zip(tmp_path, **members: bytes | str):
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/").replace("_xml", ".xml"), data)
    return path


def _refusal(path) -> tuple[str, dict]:
    with pytest.raises(BadInput) as info:
        check_archive(path, "r.xlsx", ".xlsx workbook")
    return info.value.issue.code, info.value.issue.params


def test_a_plain_workbook_passes(tmp_path):
    check_archive(_zip(tmp_path, xl__workbook_xml="<workbook><sheets/></workbook>"), "r.xlsx", ".xlsx workbook")


def test_a_damaged_archive_is_unreadable(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert _refusal(path)[0] == "file.unreadable"


def test_a_doctype_is_refused_as_entity_expansion(tmp_path):
    code, params = _refusal(_zip(tmp_path, xl__workbook_xml='<!DOCTYPE lol [<!ENTITY a "aaaa">]><workbook>&a;</workbook>'))
    assert code == "file.unreadable" and "entity expansion refused" in params["reason"]


def test_xml_too_deep_is_refused_naming_the_member(tmp_path):
    deep = "<a>" * (limits.MAX_XML_DEPTH + 1) + "</a>" * (limits.MAX_XML_DEPTH + 1)
    code, params = _refusal(_zip(tmp_path, xl__worksheets__sheet1_xml=deep))
    assert code == "file.xml_depth" and params["member"] == "xl/worksheets/sheet1.xml"


def test_an_archive_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 1000)
    code, params = _refusal(_zip(tmp_path, xl__worksheets__sheet1_xml="<a>" + " " * 2000 + "</a>"))
    assert code == "file.too_large_unpacked" and params["limit"] == 1000


def test_refused_xml_reason_reads_defusedxmls_refusal_through_the_chain():
    try:
        try:
            raise EntitiesForbidden("lol", None, None, None, None, None)
        except EntitiesForbidden as inner:
            raise ValueError("parse failed") from inner
    except ValueError as outer:
        assert "entity expansion refused" in refused_xml_reason(outer)
    assert refused_xml_reason(ValueError("other")) is None
