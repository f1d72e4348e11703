"""Checks on a zip-based workbook (.xlsx, .xlsm, .ods) before any XML of it is parsed into a tree.

Refused, each with one line naming the file: a damaged archive; one that would unpack far larger
than a return (a zip bomb); XML declaring a DOCTYPE or entities (a "billion laughs" attack); XML
with more elements or deeper nesting than any office program writes for a return
(``limits.MAX_XML_ELEMENTS``, ``limits.MAX_XML_DEPTH``), which a small file can hold by the
million and which would cost gigabytes once parsed. The structure scan is expat's streaming
parser counting start tags: no tree is built, and it stops at the first limit passed.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from xml.parsers import expat

from defusedxml import DefusedXmlException

from analysis import limits
from analysis.files import escaped
from analysis.quality import BadInput, Issue

_ROOT_TAG = re.compile(rb"<[A-Za-z_]")
_CHUNK = 1 << 16


class _TooComplex(Exception):
    """Raised from expat's handler at the first element over a limit."""


def check_archive(path, shown: str, kind: str) -> None:
    """Refuse a zip-based workbook that is damaged, a zip bomb, declares entities, or holds XML with
    more elements or deeper nesting than the limits; BadInput with one message naming why."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
            if size > limits.MAX_UNCOMPRESSED_BYTES:
                raise BadInput(Issue.make("error", "file.too_large_unpacked", shown, size=size,
                                          limit=limits.MAX_UNCOMPRESSED_BYTES))
            declared = _declares_doctype(archive)
            if declared:
                raise BadInput(Issue.make("error", "file.unreadable", shown, kind=kind, reason=(
                    f"entity expansion refused ({declared} declares a DOCTYPE or entities, as a 'billion laughs' "
                    "attack does; office files never do)")))
            too_complex = _too_complex_member(archive)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:  # a damaged archive
        raise BadInput(Issue.make("error", "file.unreadable", shown, kind=kind, reason=str(exc) or type(exc).__name__)
                       ) from exc
    if too_complex:
        member, what = too_complex
        raise BadInput(Issue.make("error", f"file.xml_{what}", shown, member=member,
                                  limit=limits.MAX_XML_DEPTH if what == "depth" else limits.MAX_XML_ELEMENTS))


def _xml_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [info for info in archive.infolist() if info.filename.endswith((".xml", ".rels"))]


def _declares_doctype(archive: zipfile.ZipFile) -> str | None:
    """The first XML member of a zip-based workbook that declares a DOCTYPE (where entities live), or None.

    Only the prologue before each member's root element is read, so this costs a few bytes per member
    and does not depend on which XML parser openpyxl happens to use.
    """
    for info in _xml_members(archive):
        with archive.open(info) as member:
            head, root = b"", None
            while len(head) < 1 << 20:
                block = member.read(4096)
                head += block
                root = _ROOT_TAG.search(head)
                if not block or root:
                    break
        prologue = head[:root.start()] if root else head
        if b"<!DOCTYPE" in prologue.upper() or b"<!ENTITY" in prologue.upper():
            return escaped(info.filename)
    return None


def _too_complex_member(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    """(member, "depth" or "elements") for the first XML member nested deeper than MAX_XML_DEPTH, or
    the member at which the archive's XML passes MAX_XML_ELEMENTS elements in all; None when within.

    Malformed XML is left to the reader, which names its own error.
    """
    total = 0
    for info in _xml_members(archive):
        depth = 0

        def start(_name, _attrs):
            nonlocal depth, total
            depth += 1
            total += 1
            if depth > limits.MAX_XML_DEPTH:
                raise _TooComplex("depth")
            if total > limits.MAX_XML_ELEMENTS:
                raise _TooComplex("elements")

        def end(_name):
            nonlocal depth
            depth -= 1

        parser = expat.ParserCreate()
        parser.StartElementHandler, parser.EndElementHandler = start, end
        try:
            with archive.open(info) as member:
                while block := member.read(_CHUNK):
                    parser.Parse(block, False)
                parser.Parse(b"", True)
        except _TooComplex as exc:
            return escaped(info.filename), str(exc)
        except expat.ExpatError:
            continue
    return None


def refused_xml_reason(exc: BaseException) -> str | None:
    """Why defusedxml refused a file's XML (entity expansion, DTD, external reference), or None."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            name = type(seen).__name__
            return {"EntitiesForbidden": "entity expansion refused (the XML declares entities, as a "
                                         "'billion laughs' attack does)",
                    "DTDForbidden": "document type declaration refused",
                    "ExternalReferenceForbidden": "external reference refused"}.get(name, name)
        seen = seen.__cause__ or seen.__context__
    return None
