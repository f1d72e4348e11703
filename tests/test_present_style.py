"""analysis.present.style: report.css scoped to the blocks, so JupyterLab shows them as the reports do."""

from __future__ import annotations

from analysis.present.style import notebook_css


def test_notebook_css_scopes_every_rule_to_blocks():
    rules = [line for line in notebook_css().splitlines() if "{" in line]
    assert rules and all(all(sel.strip().startswith(".kc") for sel in line.split("{")[0].split(","))
                         for line in rules)
    assert "@page" not in notebook_css() and "html {" not in notebook_css()
