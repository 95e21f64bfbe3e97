"""Deployment checks of Accord's own settings (`accord manage check --deploy`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

from accord.links import absolute_url


@register(Tags.security, deploy=True)
def site_url_is_usable(app_configs=None, **kwargs) -> list[Error]:
    """ACCORD_SITE_URL starts every emailed link: an absolute https:// address, nothing after it."""
    url = settings.ACCORD_SITE_URL
    parts = urlsplit(url)
    problems = []
    if any(character.isspace() for character in url) or "#" in url:
        problems.append(
            "holds a space or a '#': a comment on the same line of the env file became part of the value"
        )
    if parts.scheme != "https" or not parts.hostname:
        problems.append("is not an absolute https:// address, e.g. https://accord.example.org")
    elif parts.path.strip("/") or parts.query or parts.fragment:
        problems.append("should be just the address (scheme, host and optional port), with no path")
    if not problems:
        link = urlsplit(absolute_url("/invitations/example/"))
        try:
            round_trips = (link.scheme, link.hostname, link.port) == (
                parts.scheme,
                parts.hostname,
                parts.port,
            )
        except ValueError:
            round_trips = False
        if not round_trips:
            problems.append("does not survive being made into a link (check the port)")
    return [
        Error(
            f"ACCORD_SITE_URL {problem}: {url!r}.",
            hint="Links in emails start with ACCORD_SITE_URL. See docs/configuration.md.",
            id="accord.E001",
        )
        for problem in problems
    ]
