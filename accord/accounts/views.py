"""The accounts pages: the account page (who I am, password, email, two-factor, API tokens) and the session
keep-alive; accepting an invitation (public: the token is the credential); and a practice admin's pages
(therapists, clients and care teams, deactivation, settings; the dashboard is in ``accord.home``).

Admins see names, care teams and sign-in status here; they are not on care teams and never see a client's
clinical page.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.expressions import OrderBy
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts import actions, drafts
from accord.accounts.access import (
    admin_required,
    client_required,
    get_own_api_token,
    get_own_client,
    get_practice_client_for_admin,
    get_practice_member_for_admin,
    own_practice,
)
from accord.accounts.actions import AccountActionError, issue_api_token, revoke_api_token
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    CareTeamForm,
    EmailPreferencesForm,
    InviteTherapistForm,
    LanguageForm,
    PracticeSettingsForm,
)
from accord.accounts.middleware import SESSION_LAST_SEEN_KEY, SESSION_STARTED_KEY
from accord.accounts.models import STAFF_ROLES, ApiToken, CareTeamMember, Client, Invitation, Role, User
from accord.accounts.paging import page_query, paged
from accord.accounts.sections import render_maybe_partial, with_care_team, with_sign_in_status
from accord.audit.recording import client_ip

TEMPLATE = "account/account_page.html"


def _render_account_page(
    request: AuthedHttpRequest,
    form: ApiTokenForm,
    *,
    new_token: ApiToken | None = None,
    new_token_raw: str = "",
) -> HttpResponse:
    user = request.user
    authenticator_types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    context: dict[str, Any] = {
        "person": user,
        "practice": user.practice,
        "two_factor_on": Authenticator.Type.TOTP in authenticator_types,
        "has_recovery_codes": Authenticator.Type.RECOVERY_CODES in authenticator_types,
        "tokens": user.api_tokens.filter(revoked_at__isnull=True),
        "form": form,
        "new_token": new_token,
        "new_token_raw": new_token_raw,
        "language_form": LanguageForm(initial={"language": user.language}),
    }
    client = getattr(user, "client_profile", None) if user.role == Role.CLIENT else None
    if client is not None:
        context["email_form"] = EmailPreferencesForm(
            initial={"email_when_goal_waits": client.email_when_goal_waits}
        )
    return render(request, TEMPLATE, context)


@require_POST
@client_required
def email_preferences(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    form = EmailPreferencesForm(request.POST)
    form.is_valid()  # a lone checkbox: absent means off
    actions.set_email_preferences(
        actor_of(request), client, email_when_goal_waits=form.cleaned_data.get("email_when_goal_waits", False)
    )
    messages.success(request, _("Your email choices are saved."))
    return redirect("account_page")


@require_POST
@login_required
def choose_language(request: AuthedHttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a language from the list."))
        return redirect("account_page")
    actions.set_language(actor_of(request), language=form.cleaned_data["language"])
    with translation.override(form.cleaned_data["language"]):  # said in the language just chosen
        messages.success(request, _("Your language is saved."))
    return redirect("account_page")


@require_GET
@login_required
def account_page(request: AuthedHttpRequest) -> HttpResponse:
    return _render_account_page(request, ApiTokenForm())


@require_POST
@login_required
def create_token(request: AuthedHttpRequest) -> HttpResponse:
    """The raw token is written into this response only: never into a URL, a message or the session."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_account_page(request, form)
    token, raw = issue_api_token(actor_of(request), name=form.cleaned_data["name"])
    return _render_account_page(request, ApiTokenForm(), new_token=token, new_token_raw=raw)


@require_POST
@login_required
def revoke_token(request: AuthedHttpRequest, token_id: int) -> HttpResponse:
    token = get_own_api_token(request, token_id)
    revoke_api_token(token, actor_of(request))
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("account_page")


def seconds_left(request: HttpRequest) -> int:
    """Seconds until this session ends by itself: idle time-out or absolute lifetime, whichever is first."""
    now = time.time()
    last_seen = request.session.get(SESSION_LAST_SEEN_KEY, now)
    started = request.session.get(SESSION_STARTED_KEY, now)
    idle_end = last_seen + settings.IDLE_TIMEOUT_MINUTES * 60
    absolute_end = started + settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
    return max(0, int(min(idle_end, absolute_end) - now))


@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """For the idle warning: reading it does not count as activity (see middleware.PASSIVE_PATHS)."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False, "seconds_left": 0})
    return JsonResponse({"authenticated": True, "seconds_left": seconds_left(request)})


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": the middleware has already counted this request as activity.

    A script calls it, so a signed-out caller gets 401 rather than a redirect to the sign-in page (which
    a script would follow and take for success)."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("You are signed out."), "errors": {}}, status=401)
    return HttpResponse(status=204)


@require_POST
def leave_quickly(request: HttpRequest) -> HttpResponse:
    """The safety exit's beacon (accord.js sends it as the page is replaced): sign out, keep nothing.

    An ordinary CSRF-protected POST (the beacon sends the page's token): another site cannot sign a
    person out with it. It answers 204 whether or not anyone was signed in, and asks the browser to drop
    its cached copies of Accord's pages, so Back finds nothing to show. See SECURITY.md."""
    if request.user.is_authenticated:
        logout(request)
    response = HttpResponse(status=204)
    response["Clear-Site-Data"] = '"cache"'
    return response


@require_POST
def keep_draft(request: HttpRequest) -> HttpResponse:
    """The idle warning's sign-out keeps the form the person had started (accord/accounts/drafts.py).

    A session that has already ended is handled (and the draft kept) by the middleware before this runs;
    here the session is still live, so the draft waits in it for the page to be opened again."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("You are signed out."), "errors": {}}, status=401)
    drafts.keep(request, drafts.draft_from_post(request, request.user.pk))
    return HttpResponse(status=204)


GONE = 410


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token, for_update=request.method == "POST")
    if invitation is None or not invitation.is_usable:
        # Unknown, used, revoked and expired links all read the same: ask for a new one.
        return render(request, "accord/invitations/unusable.html", status=GONE)
    if request.user.is_authenticated:
        # Accepting would silently swap one account for another on a shared computer.
        return render(request, "accord/invitations/signed_in.html", {"invitation": invitation})
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        user = actions.accept_invitation(
            invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            ip_address=client_ip(request),
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "accord/invitations/accept.html", {"invitation": invitation, "form": form})


# ?sort= values of the clients page and what they order by.
CLIENT_SORTS: dict[str, tuple[Promise, list[str | OrderBy]]] = {
    "name": (gettext_lazy("Name, A to Z"), ["display_name", "pk"]),
    "-name": (gettext_lazy("Name, Z to A"), ["-display_name", "-pk"]),
    "therapist": (
        gettext_lazy("Primary therapist"),
        [F("primary_name").asc(nulls_last=True), "display_name"],
    ),
    "newest": (gettext_lazy("Newest first"), ["-created_at", "-pk"]),
}


@require_GET
@admin_required
def therapists(request: AuthedHttpRequest) -> HttpResponse:
    practice = request.user.practice
    staff = (
        User.objects.filter(practice=practice, role__in=STAFF_ROLES)
        .annotate(
            has_two_factor=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
            ),
            client_count=Count("care_of", distinct=True),
        )
        .order_by("full_name", "pk")
    )
    pending = Invitation.objects.usable().filter(practice=practice, role__in=STAFF_ROLES)
    context = {"staff": staff, "pending_invitations": pending}
    return render(request, "accord/practice/therapists.html", context)


@require_http_methods(["GET", "POST"])
@admin_required
def invite_therapist(request: AuthedHttpRequest) -> HttpResponse:
    form = InviteTherapistForm(request.POST or None, practice=request.user.practice)
    if request.method == "POST" and form.is_valid():
        actions.invite_therapist(
            actor_of(request),
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            language=form.cleaned_data.get("language", ""),
        )
        messages.success(
            request, _("An invitation is on its way to %(name)s.") % {"name": form.cleaned_data["full_name"]}
        )
        return redirect("practice_therapists")
    return render(request, "accord/practice/invite_therapist.html", {"form": form})


@require_GET
@admin_required
def clients(request: AuthedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "name")
    if sort not in CLIENT_SORTS:
        sort = "name"
    primary_name = CareTeamMember.objects.filter(client=OuterRef("pk"), is_primary=True).values(
        "therapist__full_name"
    )[:1]
    rows = with_care_team(with_sign_in_status(Client.objects.in_practice_of(request.user)))
    rows = rows.annotate(primary_name=Subquery(primary_name)).order_by(*CLIENT_SORTS[sort][1])
    if query:
        rows = rows.filter(
            Q(display_name__icontains=query) | Q(care_team__therapist__full_name__icontains=query)
        )
        rows = rows.distinct()
    page = paged(request, rows)
    context = {
        "clients": page,
        "page": page,
        "page_query": page_query(request),
        "query": query,
        "sort": sort,
        "sorts": [(key, label) for key, (label, _order) in CLIENT_SORTS.items()],
    }
    return render_maybe_partial(request, "accord/practice/clients.html", "client-table", context)


@require_http_methods(["GET", "POST"])
@admin_required
def care_team(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_practice_client_for_admin(request, client_id)
    team = list(client.care_team.select_related("therapist"))
    current_ids = [member.therapist_id for member in team]
    primary = next((member.therapist for member in team if member.is_primary), None)
    initial = {"members": current_ids, "primary": primary.pk if primary else None}
    form = CareTeamForm(
        request.POST or None, practice=client.practice, current_member_ids=current_ids, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        actions.set_care_team(
            client,
            actor_of(request),
            members=list(form.cleaned_data["members"]),
            primary=form.cleaned_data["primary"],
        )
        messages.success(request, _("The care team of %(name)s is saved.") % {"name": client.display_name})
        return redirect("practice_clients")
    return render(request, "accord/practice/care_team.html", {"client": client, "form": form, "team": team})


def _back_to_list(member: User) -> HttpResponse:
    return redirect("practice_clients" if member.role == Role.CLIENT else "practice_therapists")


@require_POST
@admin_required
def deactivate_user(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    member = get_practice_member_for_admin(request, user_id)
    try:
        actions.deactivate_user(member, actor_of(request))
    except AccountActionError as refused:
        _say_refused(request, refused)
    else:
        messages.success(request, _("%(name)s is deactivated and signed out everywhere.") % {"name": member})
    return _back_to_list(member)


def _say_refused(request: HttpRequest, refused: AccountActionError) -> None:
    (messages.info if refused.nothing_to_do else messages.error)(request, refused.message)


@require_POST
@admin_required
def reactivate_user(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    member = get_practice_member_for_admin(request, user_id)
    try:
        actions.reactivate_user(member, actor_of(request))
    except AccountActionError as refused:
        _say_refused(request, refused)
    else:
        messages.success(request, _("%(name)s can sign in again.") % {"name": member})
    return _back_to_list(member)


@require_http_methods(["GET", "POST"])
@admin_required
def practice_settings(request: AuthedHttpRequest) -> HttpResponse:
    practice = own_practice(request)
    form = PracticeSettingsForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        if actions.update_practice_settings(practice, actor_of(request), changes=changes):
            messages.success(request, _("The practice settings are saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("practice_settings")
    return render(request, "accord/practice/settings.html", {"form": form})
