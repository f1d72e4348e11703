"""The one Jinja2 environment for every page and HTML block (autoescape on: data is always text).

Templates live in src/analysis/templates/html/; shared pieces (the sample-data banner, headline
cards, data tables) are macros in ``components.html.j2``, imported by the notebooks' blocks
(``present``) and the index pages alike, so each is written once.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analysis.config import PACKAGE_DIR

HTML_TEMPLATES_DIR = PACKAGE_DIR / "templates" / "html"


@cache
def environment() -> Environment:
    """The cached environment: autoescape, strict undefined names, whitespace trimmed."""
    return Environment(loader=FileSystemLoader(str(HTML_TEMPLATES_DIR)), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(name: str, **context: object) -> str:
    """The HTML of template `name` (a file in templates/html/) with `context`."""
    return environment().get_template(name).render(**context)


def render_macro(name: str, macro: str, *args: object, **kwargs: object) -> str:
    """The HTML of one macro of template `name` (e.g. "components.html.j2", "cards")."""
    module = environment().get_template(name).module
    return str(getattr(module, macro)(*args, **kwargs))
