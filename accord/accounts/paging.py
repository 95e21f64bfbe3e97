"""Long lists of people (a caseload, a practice's clients) show a page at a time, never thousands of rows."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PEOPLE_PER_PAGE = 50


def paged(request: HttpRequest, rows, per_page: int = PEOPLE_PER_PAGE) -> Page:
    """The requested page (``?page=``); a page number out of range or not a number gives the nearest."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def page_query(request: HttpRequest) -> str:
    """The request's other parameters (search, sort), for the links to other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
