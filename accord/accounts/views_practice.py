"""A practice admin's pages: the dashboard, therapists, clients and care teams, deactivation, settings.

Admins see names, care teams and sign-in status here; they are not on care teams and never see a client's
clinical page.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts import actions
from accord.accounts.access import (
    admin_required,
    get_practice_client_for_admin,
    get_practice_member_for_admin,
)
from accord.accounts.actors import AuthedHttpRequest
from accord.accounts.forms import CareTeamForm, InviteTherapistForm, PracticeSettingsForm
from accord.accounts.models import STAFF_ROLES, CareTeamMember, Client, Invitation, Role, User
from accord.accounts.views_therapist import render_maybe_partial, with_care_team, with_sign_in_status
from accord.audit.models import AuditEvent

RECENT_EVENTS = 10

# ?sort= values of the clients page and what they order by.
CLIENT_SORTS = {
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
def practice_home(request: AuthedHttpRequest) -> HttpResponse:
    practice = request.user.practice
    therapists = User.objects.filter(practice=practice, role=Role.THERAPIST)
    context = {
        "practice": practice,
        "therapist_count": therapists.filter(is_active=True).count(),
        "client_count": Client.objects.in_practice_of(request.user).filter(is_active=True).count(),
        "pending_invitation_count": Invitation.objects.usable().filter(practice=practice).count(),
        "recent_events": AuditEvent.objects.filter(practice=practice).select_related("client")[
            :RECENT_EVENTS
        ],
    }
    return render(request, "accord/practice/home.html", context)


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
            request, full_name=form.cleaned_data["full_name"], email=form.cleaned_data["email"]
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
    context = {
        "clients": rows,
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
            request, client, members=list(form.cleaned_data["members"]), primary=form.cleaned_data["primary"]
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
    if member.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account. Ask another admin."))
    elif not member.is_active:
        messages.info(request, _("%(name)s is already deactivated.") % {"name": member})
    else:
        actions.deactivate_user(request, member)
        messages.success(request, _("%(name)s is deactivated and signed out everywhere.") % {"name": member})
    return _back_to_list(member)


@require_POST
@admin_required
def reactivate_user(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    member = get_practice_member_for_admin(request, user_id)
    if member.is_active:
        messages.info(request, _("%(name)s can already sign in.") % {"name": member})
    else:
        actions.reactivate_user(request, member)
        messages.success(request, _("%(name)s can sign in again.") % {"name": member})
    return _back_to_list(member)


@require_http_methods(["GET", "POST"])
@admin_required
def practice_settings(request: AuthedHttpRequest) -> HttpResponse:
    practice = request.user.practice
    form = PracticeSettingsForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        if actions.update_practice_settings(request, practice, changes=changes):
            messages.success(request, _("The practice settings are saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("practice_settings")
    return render(request, "accord/practice/settings.html", {"form": form})
