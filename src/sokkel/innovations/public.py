"""Pages as visitors who are not signed in see them, remembered between their visits.

Most readers of the stories are not signed in, and their pages are the same for all of them:
the rendered content of such a page is kept for :data:`PUBLIC_PAGE_SECONDS` in each server
process's cache, per address and language. Every change to an innovation, its team, effects,
phase, kudos or adoptions writes an audit entry (:func:`sokkel.innovations.services.audit`), so
the newest audit entry stamps the content: a change shows at once. A person's or a unit's new
name, and the similar innovations (:mod:`sokkel.search.similar`), show within that time.

The site's layout around the content (the signed-in menu, messages, the CSRF token of the
language form) is rendered for every request; people who are signed in get no remembered
content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from sokkel.innovations.models import AuditEntry

#: How long a page's content is remembered for visitors who are not signed in.
PUBLIC_PAGE_SECONDS = 300


def content_stamp() -> int | None:
    """Changes whenever any innovation's content changes: the newest audit entry."""
    return AuditEntry.objects.aggregate(newest=Max("pk"))["newest"]


def page(
    request: HttpRequest,
    title: str,
    template: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """``template``, the page's content, rendered with ``context()`` inside the site's layout.

    ``context`` is only called when the content is rendered, not when it is remembered.
    """
    if request.user.is_authenticated:
        content = render_to_string(template, context(), request)
    else:
        address = f"{content_stamp()}\n{get_language()}\n{request.get_full_path()}"
        key = "sokkel:public-page:" + hashlib.sha256(address.encode()).hexdigest()
        content = cache.get(key)
        if content is None:
            content = render_to_string(template, context(), request)
            cache.set(key, content, PUBLIC_PAGE_SECONDS)
    return render(request, "page.html", {"title": title, "content": content})
