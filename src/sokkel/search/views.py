"""Search pages: the possible duplicates shown while a new story is written (htmx)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sokkel.search.similar import possible_duplicates

MAX_TITLE = 200


def duplicates(request: HttpRequest) -> HttpResponse:
    """Published innovations like the title being typed (``?title=``), as an HTML fragment."""
    title = request.GET.get("title", "")[:MAX_TITLE]
    found = possible_duplicates(title) if title.strip() else []
    return render(request, "search/_duplicates.html", {"duplicates": found, "title": title})
