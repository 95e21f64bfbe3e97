"""Accepting an invitation: the public page behind an emailed link, where the token is the credential."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accord.accounts import actions
from accord.accounts.forms import AcceptInvitationForm

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
        actions.accept_invitation(
            request,
            invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        return redirect("home")
    return render(request, "accord/invitations/accept.html", {"invitation": invitation, "form": form})
