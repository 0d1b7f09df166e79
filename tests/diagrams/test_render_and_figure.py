"""The thin render layer (dot with a timeout and a cache), safe labels, and figures."""

import subprocess
import xml.etree.ElementTree as ET

import graphviz
import pytest

from widgets.diagrams import render
from widgets.diagrams.figure import Figure
from widgets.diagrams.render import RenderError, render_svg, strip_xml_prolog
from widgets.diagrams.style import MAX_LABEL_CHARS, label


@pytest.fixture(autouse=True)
def _fresh_cache():
    render._render_cached.cache_clear()
    yield
    render._render_cached.cache_clear()


def test_label_escapes_backslashes_and_wraps_with_dot_line_breaks():
    assert str(label("ends with \\")) == "ends with \\\\"
    wrapped = str(label("one two three four", width=9))
    assert wrapped == "one two\\nthree\\nfour"


def test_label_escapes_ampersands_so_graphviz_decodes_no_entity():
    assert str(label("AT&amp;T &#1; a\\&b")) == "AT&amp;amp;T &amp;#1; a\\\\&amp;b"
    assert str(label("&" * 10, width=4)) == "\\n".join(["&amp;" * 4, "&amp;" * 4, "&amp;" * 2])


def test_label_is_never_an_html_like_label():
    text = label("<b>x</b>")
    graph = graphviz.Digraph()
    graph.node("n", text)
    assert 'label="<b>x</b>"' in graph.source


def test_label_shortens_very_long_text():
    assert len(str(label("x" * 10_000, width=10_000))) == MAX_LABEL_CHARS


@pytest.mark.needs_dot
def test_render_gives_well_formed_svg_and_caches_by_dot_text():
    source = 'digraph { a -> b }'
    svg = render_svg(source)
    assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    assert render_svg(source) == svg
    assert render._render_cached.cache_info().hits == 1
    assert strip_xml_prolog(svg).startswith("<svg")


@pytest.mark.needs_dot
def test_invalid_dot_is_a_short_message():
    with pytest.raises(RenderError, match="^Graphviz could not draw this diagram: "):
        render_svg("digraph { a -> }")


def test_missing_dot_explains_how_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RenderError, match="brew install graphviz"):
        render_svg("digraph { }")


def test_slow_dot_times_out_with_a_message(monkeypatch):
    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(render.subprocess, "run", slow)
    with pytest.raises(RenderError, match="longer than 0.5 s"):
        render_svg("digraph { }", timeout=0.5)


@pytest.mark.needs_dot
def test_figure_html_has_an_accessible_name_caption_and_text_description():
    figure = Figure(dot='digraph { a -> b }', alt='Two "boxes" & an arrow',
                    caption="A <tiny> figure", description=["a leads to b", "<i>end</i>"])
    page = figure._repr_html_()
    assert 'role="img" aria-label="Two &quot;boxes&quot; &amp; an arrow"' in page
    assert "<figcaption>A &lt;tiny&gt; figure</figcaption>" in page
    assert "<li>&lt;i&gt;end&lt;/i&gt;</li>" in page
    assert "<svg" in page and "<?xml" not in page
    assert repr(figure) == ('Figure: A <tiny> figure\nTwo "boxes" & an arrow\n'
                            "1. a leads to b\n2. <i>end</i>")


def test_figure_shows_a_message_when_it_cannot_be_drawn(monkeypatch):
    monkeypatch.setenv("PATH", "")
    page = Figure(dot="digraph { }", alt="x", caption="c")._repr_html_()
    assert '<p class="workbook-error">' in page and "<svg" not in page
    assert "<details>" in page  # the text description is still there


@pytest.mark.needs_dot
@pytest.mark.parametrize("char", ["\x00", "\x08", "\x1b", "\ufffe", "\ud800"])
def test_characters_xml_cannot_carry_are_replaced_not_fatal(char):
    graph = graphviz.Digraph()
    graph.node("n", label(f"before{char}after"))
    svg = render_svg(graph.source)
    texts = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "before\ufffdafter" in texts


def test_drawing_ahead_gives_the_same_drawing_and_the_same_errors():
    source = 'digraph { ahead -> "of time" }'
    render.draw_ahead(source)
    assert (source, "svg", render.DOT_TIMEOUT_SECONDS) in render._early
    assert render.render(source) == render._render_cached(source, "svg",
                                                          render.DOT_TIMEOUT_SECONDS)
    assert (source, "svg", render.DOT_TIMEOUT_SECONDS) not in render._early  # consumed
    render.draw_ahead("digraph { broken")
    with pytest.raises(RenderError, match="Graphviz could not draw this diagram"):
        render.render("digraph { broken")
