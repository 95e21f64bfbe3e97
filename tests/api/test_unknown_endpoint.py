"""A path under /api/v1/ that no operation answers gets the API's JSON error shape."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "There is no such API endpoint. See /api/v1/docs.", "errors": {}}


def test_known_operations_still_answer(client):
    assert client.get("/api/v1/me").status_code == 401
