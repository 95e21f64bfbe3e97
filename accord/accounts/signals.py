"""Audit sign-ins, sign-outs, failures, lockouts and credential changes."""

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed
from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accord.accounts.lockout import account_key
from accord.accounts.middleware import TWO_FACTOR_CHECKED_KEY, mark_session_started
from accord.audit.models import Action
from accord.audit.recording import record


def _user_for_login(credentials: dict):
    """The account a failed sign-in aimed at, if any. The typed text itself is not stored."""
    login = (credentials or {}).get("email") or (credentials or {}).get("username") or ""
    return get_user_model().objects.filter(email__iexact=login).first() if login else None


@receiver(user_logged_in)
def on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_session_started(request)
    record(Action.SIGN_IN, request=request, actor=user)


@receiver(user_logged_out)
def on_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.SIGN_OUT, request=request, actor=user)


@receiver(user_login_failed)
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    target = _user_for_login(credentials)
    record(Action.SIGN_IN_FAILED, request=request, actor=target, detail={"known_account": bool(target)})


@receiver(authentication_failed)
def on_two_factor_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    """A wrong authenticator or recovery code after the right password is a failed sign-in too."""
    if not reauthentication:
        record(
            Action.SIGN_IN_FAILED,
            request=request,
            actor=user,
            detail={"known_account": True, "step": "two_factor"},
        )


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, **kwargs):
    target = _user_for_login({"email": username})
    record(Action.LOCKED_OUT, request=request, actor=target)


@receiver(password_changed)
def on_password_changed(sender, request, user, **kwargs):
    record(Action.PASSWORD_CHANGED, request=request, actor=user)


@receiver(password_reset)
def on_password_reset(sender, request, user, **kwargs):
    record(Action.PASSWORD_RESET, request=request, actor=user)
    # Whoever proved they own the mailbox is the account's owner: lift a lockout, as the lockout page says.
    axes_reset(username=account_key(None, {"email": user.email}))


@receiver(authenticator_added)
@receiver(authenticator_removed)
def on_mfa_changed(sender, request, user, authenticator, **kwargs):
    record(Action.MFA_CHANGED, request=request, actor=user, detail={"type": authenticator.type})
    if request is not None and hasattr(request, "session"):
        request.session.pop(TWO_FACTOR_CHECKED_KEY, None)  # the next request asks again
