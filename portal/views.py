import re

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import generation, selectors, services
from .forms import InvitationForm, InvitationSignupForm
from .models import GeneratedFile, Heartbeat, Invitation
from .shortcuts import apply_validation_error, get_visible_or_404, require

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@login_required
def organisation_detail(request, code: str):
    organisation = get_visible_or_404(selectors.organisations_visible_to(request.user), code=code)
    may_invite = rules.has_perm("portal.invite_member", request.user, organisation)
    return _organisation_page(request, organisation, InvitationForm() if may_invite else None)


def _organisation_page(request, organisation, form: InvitationForm | None, status: int = 200):
    """The organisation's page; the invitation form and open invitations for those who invite."""
    return render(
        request,
        "portal/organisation_detail.html",
        {
            "organisation": organisation,
            "team": selectors.organisation_team(organisation),
            "enrolments": organisation.enrolments.select_related("cohort", "cluster"),
            "may_invite": form is not None,
            "invitations": selectors.organisation_open_invitations(organisation)
            if form is not None
            else [],
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def invitation_create(request, code: str):
    organisation = get_visible_or_404(selectors.organisations_visible_to(request.user), code=code)
    require(request.user, "portal.invite_member", organisation)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                team_role=form.cleaned_data["team_role"],
                by=request.user,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("organisation_detail", code=organisation.code)
    return _organisation_page(request, organisation, form, status=400)


@login_required
def cohort_detail(request, pk: int):
    cohort = get_visible_or_404(selectors.cohorts_visible_to(request.user), pk=pk)
    (cohort,) = selectors.cohorts_with_enrolments(type(cohort).objects.filter(pk=cohort.pk))
    may_organise = selectors.cohorts_organised_by(request.user).filter(pk=cohort.pk).exists()
    return render(
        request, "portal/cohort_detail.html", {"cohort": cohort, "may_organise": may_organise}
    )


def _invitation_problem(request, reason: str, invitation: Invitation | None = None):
    texts = {
        "invalid": _(
            "This invitation link is not valid. Check that you copied the whole link "
            "from the e-mail, or ask the person who invited you for a new invitation."
        ),
        "used": _("This invitation has already been used. Log in with the account it created."),
        "expired": _(
            "This invitation has expired. Ask the person who invited you to send a new one."
        ),
    }
    status = 404 if reason == "invalid" else 410
    return render(
        request,
        "portal/invitation_problem.html",
        {"reason": reason, "text": texts[reason], "invitation": invitation},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    if not TOKEN_PATTERN.match(token):
        return _invitation_problem(request, "invalid")
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is None:
        return _invitation_problem(request, "invalid")
    try:
        services.invitation_check_usable(invitation)
    except services.InvitationUnusable as problem:
        return _invitation_problem(request, problem.reason, invitation)

    if request.user.is_authenticated:
        return _invitation_accept_signed_in(request, invitation)
    if selectors.user_by_email(invitation.email):
        return render(request, "portal/invitation_login_first.html", {"invitation": invitation})

    form = InvitationSignupForm(request.POST or None, initial={"email": invitation.email})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept_new_user(
                token=token,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnusable as problem:
            return _invitation_problem(request, problem.reason, invitation)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"password1": error.messages})
            apply_validation_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! You are now a member of %(organisation)s.")
                % {"organisation": invitation.organisation},
            )
            return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "portal/invitation_signup.html",
        {"invitation": invitation, "form": form},
        status=status,
    )


def _invitation_accept_signed_in(request, invitation: Invitation):
    if request.user.email.lower() != invitation.email:
        return render(
            request, "portal/invitation_other_account.html", {"invitation": invitation}, status=403
        )
    if request.method == "POST":
        try:
            services.invitation_accept_existing_user(token=invitation.token, user=request.user)
        except services.InvitationUnusable as problem:
            return _invitation_problem(request, problem.reason, invitation)
        messages.success(
            request,
            _("You are now a member of %(organisation)s.")
            % {"organisation": invitation.organisation},
        )
        return redirect("home")
    return render(request, "portal/invitation_confirm.html", {"invitation": invitation})


@require_GET
def health(request):
    """Public health check: the database answers, and when the scheduler last beat."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beat = Heartbeat.objects.filter(name="scheduler").first()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse(
        {
            "status": "ok",
            "database": connection.vendor,
            "broker": settings.CELERY_BROKER_URL.split("://", 1)[0],
            "last_heartbeat": beat.last_beat_at.isoformat() if beat and beat.last_beat_at else None,
        }
    )


def _generated_visible(request, pk: int):
    generated = GeneratedFile.objects.filter(pk=pk).first()
    if generated is None or not generation.generator_for(generated.kind).can_access(
        request.user, generated.parameters
    ):
        raise Http404
    return generated


@login_required
def generated_file_detail(request, pk: int):
    """Progress of a file being built; the page polls this as JSON until it is ready."""
    generated = _generated_visible(request, pk)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "status": generated.status,
                "progress": generated.progress,
                "label": generated.get_status_display(),
                "download": reverse("generated_file_download", args=[generated.pk])
                if generated.status == generated.Status.READY
                else None,
                "error": generated.error,
            }
        )
    return render(request, "portal/generated_file.html", {"generated": generated})


@login_required
def generated_file_download(request, pk: int):
    generated = _generated_visible(request, pk)
    if generated.status != generated.Status.READY:
        raise Http404
    response = FileResponse(
        generated.file.open("rb"),
        as_attachment=True,
        filename=generated.filename,
        content_type=generated.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def generated_file_retry(request, pk: int):
    generated = _generated_visible(request, pk)
    again = generation.generated_file_retry(generated=generated, by=request.user)
    return redirect("generated_file_detail", pk=again.pk)
