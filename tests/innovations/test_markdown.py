"""Stories are Markdown, rendered safely: scripts and javascript: links are neutralised."""

from __future__ import annotations

from django.template import Context, Template

from sokkel.innovations.markdown import render_markdown


def test_it_renders_markdown_formatting():
    html = render_markdown(
        "Vi **kjørte** ut.\n\n- sykehjem\n- [OUS](https://oslo-universitetssykehus.no)"
    )
    assert "<strong>kjørte</strong>" in html
    assert "<li>sykehjem</li>" in html
    assert 'href="https://oslo-universitetssykehus.no"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_it_drops_script_tags_with_their_content():
    html = render_markdown("Hei<script>alert('hacked')</script> der")
    assert "<script" not in html
    assert "alert" not in html
    assert "Hei" in html and "der" in html


def test_it_neutralises_javascript_links_in_markdown_and_html():
    html = render_markdown('[klikk](javascript:alert(1)) og <a href="JavaScript:alert(2)">her</a>')
    assert "javascript" not in html.lower()
    assert "klikk" in html and "her" in html


def test_it_strips_event_handlers_and_unknown_tags():
    html = render_markdown('<img src=x onerror="alert(1)"><p onclick="alert(2)">tekst</p>')
    assert "onerror" not in html and "onclick" not in html and "<img" not in html
    assert "tekst" in html


def test_it_offers_a_template_filter():
    template = Template("{% load sokkel_markdown %}{{ text|markdown }}")
    html = template.render(Context({"text": "*kursiv*<script>x()</script>"}))
    assert html.strip() == "<p><em>kursiv</em></p>"
