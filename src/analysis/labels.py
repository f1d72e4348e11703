"""Every label the reports show, in Vietnamese and English, read from one catalogue (labels.yml).

``t(key, lang)`` returns the label; a missing key or language is an error (no silent fallback),
so a test can check that the English edition has no Vietnamese label left.
"""

from __future__ import annotations

from functools import cache

from analysis.config import LANGS, PACKAGE_DIR, read_yaml

CATALOGUE = PACKAGE_DIR / "labels.yml"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """The parsed labels.yml: {key: {"vi": text, "en": text}}."""
    return read_yaml(CATALOGUE)


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The label `key` in `lang`, with {placeholders} filled from `values`.

    Raises ValueError for an unknown language and KeyError for an unknown key.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    text = catalogue()[key][lang]
    return text.format(**values) if values else text
