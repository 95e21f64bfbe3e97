"""TOTP two-step sign-in with recovery codes, required of therapists and admins with ACCORD_REQUIRE_2FA."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client as BrowserClient
from django.urls import reverse

from accord.accounts.models import ApiToken
from accord.audit.models import Action, AuditEvent
from tests.security.conftest import confirm_it_is_me, is_signed_in, sign_in

pytestmark = pytest.mark.django_db

TESS = "tess@riverside.example"


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now for ``secret``."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def require_2fa(settings):
    settings.ACCORD_REQUIRE_2FA = True


def give_totp(user) -> tuple[str, list[str]]:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes


@pytest.mark.parametrize(("browser", "page"), [("as_tess", "therapist_home"), ("as_ada", "practice_home")])
def test_staff_without_an_authenticator_are_sent_to_set_one_up(request, require_2fa, browser, page):
    response = request.getfixturevalue(browser).get(reverse(page))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_clients_are_not_asked_for_two_factor(require_2fa, as_cam):
    assert as_cam.get(reverse("client_home")).status_code == 200


def test_the_requirement_can_be_switched_off(settings, as_tess):
    settings.ACCORD_REQUIRE_2FA = False
    assert as_tess.get(reverse("therapist_home")).status_code == 200


def test_staff_with_an_authenticator_get_in(require_2fa, cast, as_tess):
    give_totp(cast.tess)
    assert as_tess.get(reverse("therapist_home")).status_code == 200


def test_api_with_a_session_answers_403_json_until_set_up(require_2fa, as_tess):
    response = as_tess.get("/api/v1/me")
    assert response.status_code == 403
    assert response.json() == {"detail": "Set up two-factor sign-in before using the API.", "errors": {}}


def test_api_with_a_token_answers_403_json_until_set_up(require_2fa, cast):
    _, raw = ApiToken.issue(cast.tess, "script")
    response = BrowserClient().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
    assert response.json()["detail"] == "Set up two-factor sign-in before using the API."


def test_setting_up_an_authenticator_after_sign_in(require_2fa, cast, django_capture_on_commit_callbacks):
    browser, response = sign_in(TESS)
    landing = browser.get(response["Location"])
    assert landing["Location"] == reverse("mfa_activate_totp")
    asks = browser.get(reverse("mfa_activate_totp"))
    assert asks["Location"].startswith(reverse("account_reauthenticate"))
    assert "Confirm it is you" in browser.get(asks["Location"]).content.decode()
    confirm_it_is_me(browser)
    page = browser.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "<script>" not in html
    secret = page.context["form"].secret
    assert secret in html  # typed by hand when the QR code cannot be scanned

    wrong_code = "000000" if totp_code(secret) != "000000" else "111111"
    wrong = browser.post(reverse("mfa_activate_totp"), {"code": wrong_code})
    assert wrong.status_code == 200
    assert 'aria-invalid="true"' in wrong.content.decode()
    assert not Authenticator.objects.filter(user=cast.tess).exists()

    with django_capture_on_commit_callbacks(execute=True):  # allauth sends its signal after the commit
        done = browser.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=cast.tess, type=Authenticator.Type.TOTP).exists()
    codes_page = browser.get(reverse("mfa_view_recovery_codes"))
    codes = Authenticator.objects.get(user=cast.tess, type=Authenticator.Type.RECOVERY_CODES).wrap()
    assert codes.get_unused_codes()[0] in codes_page.content.decode()
    assert browser.get(reverse("therapist_home")).status_code == 200
    assert AuditEvent.objects.filter(action=Action.MFA_CHANGED, actor=cast.tess).exists()


def test_sign_in_asks_for_the_code_after_the_password(cast):
    secret, _ = give_totp(cast.tess)
    browser, response = sign_in(TESS)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(browser)
    page = browser.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert '<label for="id_code"' in page.content.decode()

    wrong = browser.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert wrong.status_code == 200
    assert not is_signed_in(browser)
    failed = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert failed.actor == cast.tess and failed.detail["step"] == "two_factor"

    ok = browser.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert ok.status_code == 302
    assert is_signed_in(browser)
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, actor=cast.tess).count() == 1


def test_a_totp_code_works_only_once(cast):
    secret, _ = give_totp(cast.tess)
    code = totp_code(secret)
    first, _ = sign_in(TESS)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    second, _ = sign_in(TESS)
    assert second.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert not is_signed_in(second)


def test_a_recovery_code_signs_in_once(cast):
    _, codes = give_totp(cast.tess)
    browser, _ = sign_in(TESS)
    assert browser.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert is_signed_in(browser)
    again, _ = sign_in(TESS)
    assert again.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 200
    assert not is_signed_in(again)


def test_two_factor_pages_render_in_accords_layout(cast):
    give_totp(cast.tess)
    browser, _ = sign_in(TESS)
    code_page = browser.get(reverse("mfa_authenticate"))
    assert "accord/accord.css" in code_page.content.decode()
    secret = Authenticator.objects.get(user=cast.tess, type=Authenticator.Type.TOTP)
    browser.post(reverse("mfa_authenticate"), {"code": totp_code(_decrypt(secret))})
    confirm_it_is_me(browser)
    for name in (
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
    ):
        response = browser.get(reverse(name))
        html = response.content.decode()
        assert response.status_code == 200, name
        assert "accord/accord.css" in html, name
        assert reverse("account_page") in html, name


def _decrypt(authenticator) -> str:
    from allauth.mfa.utils import decrypt

    return decrypt(authenticator.data["secret"])


def test_account_page_shows_two_factor_status(cast, as_tess):
    assert "Off" in as_tess.get(reverse("account_page")).content.decode()
    give_totp(cast.tess)
    html = as_tess.get(reverse("account_page")).content.decode()
    assert '<span class="badge">On</span>' in html


def test_the_authenticator_is_looked_up_at_most_once_a_minute_per_session(require_2fa, cast, as_tess):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    give_totp(cast.tess)
    as_tess.get("/api/v1/me")  # finds the authenticator and notes it in the session
    with CaptureQueriesContext(connection) as queries:
        assert as_tess.get("/api/v1/me").status_code == 200
    assert not [q for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]


def test_an_authenticator_removed_elsewhere_is_noticed_within_a_minute(
    require_2fa, cast, as_tess, time_machine
):
    give_totp(cast.tess)
    time_machine.move_to("2026-03-02 09:00", tick=False)
    assert as_tess.get(reverse("therapist_home")).status_code == 200
    Authenticator.objects.filter(user=cast.tess).delete()
    time_machine.move_to("2026-03-02 09:01:01", tick=False)
    response = as_tess.get(reverse("therapist_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
