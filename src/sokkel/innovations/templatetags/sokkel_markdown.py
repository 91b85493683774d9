"""``{% load sokkel_markdown %}{{ text|markdown }}``: user Markdown as sanitised HTML."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from sokkel.innovations.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    """Render Markdown written by a user as sanitised HTML."""
    return render_markdown(text or "")
