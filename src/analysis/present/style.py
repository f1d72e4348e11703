"""The style the notebooks' HTML outputs carry: report.css's screen rules, scoped to ``.kc``.

report.css (templates/khuyencong/) is the one stylesheet; this reads its screen rules with tinycss2
and prefixes every selector with ``.kc`` (the class of every block ``present`` displays), so cards
and tables look the same in JupyterLab as in the rendered reports, and nothing else in Lab changes.
Page-level rules (html, body, the report frame, @page, print) are left to the reports.
"""

from __future__ import annotations

from functools import cache

import tinycss2

from analysis.config import PACKAGE_DIR

REPORT_CSS = PACKAGE_DIR / "templates" / "khuyencong" / "report.css"
SCOPE = ".kc"
#: Selectors of the page itself, not of a block: not carried into the notebooks.
PAGE_SELECTORS = ("html", "body", "main.report", ".running-header", "img", ".output_png", ".output_subarea")


def _scoped(selector: str) -> str | None:
    """One selector under SCOPE (":root" becomes SCOPE itself); None for a page-level selector."""
    selector = selector.strip()
    if selector == ":root":
        return SCOPE
    if selector.split()[0].startswith(SCOPE):
        return selector  # already a block rule (.kc itself)
    if selector.startswith(PAGE_SELECTORS):
        return None
    return f"{SCOPE} {selector}"


@cache
def notebook_css() -> str:
    """report.css's screen rules with every selector scoped to ``.kc`` (text of a <style> block)."""
    out = []
    for rule in tinycss2.parse_stylesheet(REPORT_CSS.read_text(encoding="utf-8"), skip_comments=True,
                                          skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue  # @page, @media print and phone sizes belong to the report page
        selectors = [s for s in (_scoped(part) for part in tinycss2.serialize(rule.prelude).split(",")) if s]
        if selectors:
            out.append(f"{', '.join(selectors)} {{{tinycss2.serialize(rule.content).strip()}}}")
    return "\n".join(out)
