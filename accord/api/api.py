"""The JSON API under /api/v1/ (django-ninja). Routers live beside this file, one per domain."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Accord API",
    version="1",
    description="Collaborative goal-setting in therapy. Authenticate with a personal API token "
    "(`Authorization: Bearer acc_…`) or, from Accord's own pages, the browser session.",
    urls_namespace="api",
)
