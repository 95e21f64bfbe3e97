"""The OpenAPI document and the browsable docs, served entirely by Accord (no CDN)."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_openapi_document_is_valid_json_with_the_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Accord API"
    for path in ("/api/v1/me", "/api/v1/clients", "/api/v1/clients/{client_id}"):
        assert path in document["paths"], path
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()


def test_openapi_documents_errors_and_paging(client):
    document = client.get("/api/v1/openapi.json").json()
    clients = document["paths"]["/api/v1/clients"]["get"]
    params = {p["name"] for p in clients["parameters"]}
    assert {"limit", "offset"} <= params
    assert {"200", "401", "422"} <= set(clients["responses"])
    detail = document["paths"]["/api/v1/clients/{client_id}"]["get"]
    assert "404" in detail["responses"]


def test_docs_page_uses_only_accords_own_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts, "the docs page loads Swagger UI"
    for attributes in scripts:
        src = re.search(r'src="([^"]+)"', attributes)
        assert src, f"inline script: {attributes}"
        assert src.group(1).startswith("/static/"), src.group(1)
    for href in re.findall(r'<link[^>]+href="([^"]+)"', html):
        assert href.startswith("/static/"), href
    assert "cdn" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert "/api/v1/openapi.json" in html


def test_docs_page_files_exist(client):
    for path in (
        "ninja/swagger-ui-bundle.js",
        "ninja/swagger-ui.css",
        "accord/api-docs.js",
        "accord/api-docs.css",
    ):
        assert finders.find(path), path


def test_docs_page_has_the_security_headers(client):
    response = client.get("/api/v1/docs")
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
