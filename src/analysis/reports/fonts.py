"""The fonts a report PDF embeds: every font file subset once per worker, to a fixed set of glyphs.

WeasyPrint subsets each font of each PDF to the glyphs that PDF uses (fontTools: decompile the font,
drop what is unused, compile it again): more than half of a province PDF's time, for three DejaVu
fonts that are the same in every report. Here a font is embedded with the glyphs of a fixed set of
characters (EMBEDDED: Latin and Vietnamese letters, digits, the punctuation and signs the reports
print) and of the font's default ligatures of them (the "fi" and "ffi" of English text) whenever a
PDF uses no other glyph, so the subset is made once per font file and process and reused; a PDF
that uses a glyph outside the set gets its own subset, as before. Either way the bytes depend only
on the font file, the glyphs used and the data's date (SOURCE_DATE_EPOCH, which fontTools writes
into the font): the same inputs give the same PDF, whatever was rendered before in the process.
The text, its widths and its Unicode map (copying, search) are those of the glyphs used.
"""

from __future__ import annotations

import hashlib
import io
import os

#: Characters whose glyphs every embedded font carries (ranges of code points, inclusive): ASCII,
#: Latin-1, Ă ă Đ đ Ĩ ĩ Ũ ũ, Ơ ơ Ư ư, the Vietnamese letters of Latin Extended Additional, dashes,
#: quotes, bullets and ellipsis, ‰ and primes, ₫ and €, arrows (⇅ of the sortable table), − ≤ ≥ ≈ ≠,
#: squares and circles, the checklist's ☐ ☑ ☒ and the marks ✓ ✔ ✗ ✘.
EMBEDDED = ((0x20, 0x7E), (0xA0, 0xFF), (0x102, 0x103), (0x110, 0x111), (0x128, 0x129), (0x168, 0x169),
            (0x1A0, 0x1B0), (0x1EA0, 0x1EF9), (0x2010, 0x2027), (0x2030, 0x203A), (0x20AB, 0x20AC), (0x2190, 0x2193), (0x21C5, 0x21C5), (0x2212, 0x2212), (0x2248, 0x2248),
            (0x2260, 0x2265), (0x25A0, 0x25CF), (0x2610, 0x2612), (0x2713, 0x2718))

_SUBSETS: dict[tuple, bytes] = {}
_GLYPHS: dict[str, dict[int, str]] = {}


#: The GSUB features whose ligatures a text engine applies by default (Pango shapes "fi", "ffi" and
#: "ff" of English text into one glyph each with them).
LIGATURE_FEATURES = ("liga", "clig")


def embedded_glyphs(font_file: bytes, index: int = 0) -> dict[int, str]:
    """{glyph id: text} of the EMBEDDED characters the font has (its cmap) and of the default
    ligatures made of them (`default_ligatures`), cached per font file."""
    from fontTools.ttLib import TTFont  # lazy: PDF only

    key = f"{hashlib.sha256(font_file).hexdigest()}:{index}"
    if key not in _GLYPHS:
        ttfont = TTFont(io.BytesIO(font_file), fontNumber=index, lazy=True)
        cmap = ttfont.getBestCmap() or {}
        names = {cmap[code]: chr(code) for first, last in EMBEDDED
                 for code in range(first, last + 1) if code in cmap}
        names |= default_ligatures(ttfont, names)
        _GLYPHS[key] = {ttfont.getGlyphID(name): text for name, text in names.items()}
    return _GLYPHS[key]


def default_ligatures(ttfont, names: dict[str, str]) -> dict[str, str]:
    """{glyph name: text} of the ligatures that the font's LIGATURE_FEATURES make of the glyphs in
    `names` ({glyph name: text}): the glyphs a shaped text of those characters can use besides them."""
    if "GSUB" not in ttfont or ttfont["GSUB"].table.FeatureList is None:
        return {}
    table = ttfont["GSUB"].table
    lookups = {index for record in table.FeatureList.FeatureRecord
               if record.FeatureTag in LIGATURE_FEATURES for index in record.Feature.LookupListIndex}
    found: dict[str, str] = {}
    for index in sorted(lookups):
        for subtable in table.LookupList.Lookup[index].SubTable:
            subtable = getattr(subtable, "ExtSubTable", subtable)  # an extension lookup wraps its subtable
            for first, ligatures in (getattr(subtable, "ligatures", None) or {}).items():
                for ligature in ligatures:
                    parts = [first, *ligature.Component]
                    if all(part in names for part in parts):
                        found[ligature.LigGlyph] = "".join(names[part] for part in parts)
    return found


def subset_once(fonttools_subset):
    """WeasyPrint's Font._fonttools_subset, made to embed the EMBEDDED glyphs (subset once per font
    file, hinting, .notdef outline and SOURCE_DATE_EPOCH in this process) when the PDF uses no
    other glyph; `fonttools_subset` itself otherwise."""

    def subset(font, to_unicode: dict, hinting: bool) -> None:
        glyphs = embedded_glyphs(font.file_content, font.index)
        if not set(to_unicode) <= set(glyphs):
            return fonttools_subset(font, to_unicode, hinting)
        key = (hashlib.sha256(font.file_content).hexdigest(), font.index, bool(hinting), bool(font.missing),
               os.environ.get("SOURCE_DATE_EPOCH"))
        if key not in _SUBSETS:
            fonttools_subset(font, glyphs, hinting)
            _SUBSETS[key] = font.file_content
        font.file_content = _SUBSETS[key]
        return None

    subset.wrapped = fonttools_subset
    return subset


def install() -> None:
    """Make WeasyPrint's fontTools subsetting go through subset_once (idempotent)."""
    from weasyprint.pdf.fonts import Font  # lazy: PDF only

    if not hasattr(Font._fonttools_subset, "wrapped"):
        Font._fonttools_subset = subset_once(Font._fonttools_subset)


def clear() -> None:
    """Forget the subsets and glyph sets made in this process (tests: the bytes do not depend on them)."""
    _SUBSETS.clear()
    _GLYPHS.clear()
