"""Finding the practice a command names: by id, or by its name as a slug ("riverside-counselling")."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.text import slugify

from accord.accounts.models import Practice


def practice_by_slug(slug: str) -> Practice:
    if slug.isdigit():
        found = Practice.objects.filter(pk=int(slug)).first()
        if found is not None:
            return found
    matches = [p for p in Practice.objects.all() if slugify(p.name) == slugify(slug)]
    if len(matches) != 1:
        names = ", ".join(sorted(slugify(p.name) for p in Practice.objects.all()))
        raise CommandError(f"No single practice called {slug!r}. Practices: {names or 'none'}")
    return matches[0]
