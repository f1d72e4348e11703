"""analysis.present.jinja: the one Jinja2 environment of the blocks and the index pages (autoescape,
strict undefined names), its templates and macros."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from analysis.present import jinja

HOSTILE = '<script>alert("x")</script> & <b>'


def test_the_environment_is_one_cached_object_with_autoescape_and_strict_names():
    env = jinja.environment()
    assert env is jinja.environment()
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined


def test_render_macro_escapes_data_and_keeps_markup_made_safe():
    html = jinja.render_macro("components.html.j2", "table", ["<th>"], [[HOSTILE, {"html": Markup("<i>ok</i>")}]])
    assert "<script>" not in html and "<b>" not in html and "&lt;th&gt;" in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;" in html
    assert "<td><i>ok</i></td>" in html


def test_banner_macro_is_the_shared_sample_banner():
    assert jinja.render_macro("components.html.j2", "banner", HOSTILE) == (
        '<div class="sample-banner" role="note">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;</div>')


def test_a_name_missing_from_the_context_is_an_error_not_a_blank():
    with pytest.raises(jinja2.UndefinedError):
        jinja.render("root_index.html.j2")


def test_every_template_of_the_folder_compiles():
    names = sorted(p.name for p in jinja.HTML_TEMPLATES_DIR.glob("*.j2"))
    assert "components.html.j2" in names and "blocks.html.j2" in names
    for name in names:
        jinja.environment().get_template(name)
