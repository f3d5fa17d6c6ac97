"""The pages of a round's start: clusters and enrolments (the programme office), bulk
invitations and the teams' invitation status (the office and the round's organisers).

The round itself and its meetings are created on the meetings app's pages (meetings.rounds),
which know the programme's steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import bulk_invitations, rounds, selectors, services
from .converters import ID_MAX
from .forms import (
    BulkInvitationForm,
    ClusterForm,
    EnrolCodesForm,
    EnrolSelectedForm,
    RegisterSearchForm,
)
from .models import Cohort, Invitation, Organisation
from .shortcuts import apply_validation_error, get_visible_or_404, require


def _office_cohort(request, pk: int) -> Cohort:
    require(request.user, "portal.administer_programme")
    return get_visible_or_404(Cohort.objects.all(), pk=pk)


def _organised_cohort(request, pk: int) -> Cohort:
    """A cohort the person runs (organisers and the programme office); 404 for anyone else."""
    return get_visible_or_404(selectors.cohorts_organised_by(request.user), pk=pk)


# --- Clusters and enrolments ---------------------------------------------------------------


def _report_enrolment(request, result: rounds.EnrolmentResult, code_list=None) -> None:
    if result.enrolled:
        messages.success(
            request,
            ngettext(
                "%(count)s organisation was enrolled.",
                "%(count)s organisations were enrolled.",
                len(result.enrolled),
            )
            % {"count": len(result.enrolled)},
        )
    if result.already:
        messages.info(
            request,
            _("Already enrolled, left as they were: %(names)s.")
            % {"names": ", ".join(org.name for org in result.already)},
        )
    if code_list and code_list.repeated:
        messages.info(
            request,
            _("Given more than once, enrolled once: %(codes)s.")
            % {"codes": ", ".join(sorted(set(code_list.repeated)))},
        )


def _enrol_codes(request, cohort, form):
    """Enrol the known codes of the pasted list; the refused ones are shown with their reason
    and nothing is enrolled while any is refused, so the office fixes the list once."""
    if not form.is_valid():
        return None
    try:
        code_list = rounds.code_list_read(form.cleaned_data["codes"])
    except ValidationError as error:
        form.add_error("codes", error)
        return None
    if code_list.refused:
        form.add_error(
            "codes",
            _("Nothing was enrolled. Correct or remove the refused codes: %(codes)s.")
            % {"codes": "; ".join(f"{code} ({reason})" for code, reason in code_list.refused)},
        )
        return code_list
    result = rounds.enrolments_add(
        cohort=cohort, codes=code_list.codes, cluster=form.cleaned_data["cluster"], by=request.user
    )
    _report_enrolment(request, result, code_list)
    return True


def _as_id(text: str) -> int | None:
    """A posted id, or None for anything that cannot be one (a database id is never 0 or
    larger than the converters allow)."""
    return int(text) if text.isdigit() and 0 < int(text) <= ID_MAX else None


def _assign_clusters(request, cohort) -> None:
    clusters = {}
    for key, value in request.POST.items():
        enrolment_id = _as_id(key.removeprefix("cluster-")) if key.startswith("cluster-") else None
        if enrolment_id is None:
            continue
        clusters[enrolment_id] = _as_id(value)
        if value and clusters[enrolment_id] is None:
            messages.error(request, _("The cluster belongs to another cohort."))
            return
    try:
        changed = rounds.enrolment_clusters_set(cohort=cohort, clusters=clusters, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    messages.success(
        request,
        ngettext(
            "The cluster of %(count)s organisation was changed.",
            "The clusters of %(count)s organisations were changed.",
            changed,
        )
        % {"count": changed},
    )


@login_required
def round_setup(request, pk: int):
    """Clusters, and organisations enrolled by pasted codes or from the register's search."""
    cohort = _office_cohort(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    search = RegisterSearchForm(request.GET or None)
    found = rounds.register_search(search.cleaned_data["q"]) if search.is_valid() else []
    cluster_form = ClusterForm(request.POST if action == "cluster" else None, prefix="cluster")
    codes_form = EnrolCodesForm(
        request.POST if action == "codes" else None, cohort=cohort, prefix="codes"
    )
    if action == "selected":
        found = rounds.register_search(request.POST.get("q", ""))
    selected_form = EnrolSelectedForm(
        request.POST if action == "selected" else None,
        cohort=cohort,
        found=found,
        prefix="found",
    )
    done = False
    if action == "cluster" and cluster_form.is_valid():
        try:
            rounds.cluster_create(
                cohort=cohort, name=cluster_form.cleaned_data["name"], by=request.user
            )
        except ValidationError as error:
            apply_validation_error(cluster_form, error)
        else:
            messages.success(request, _("The cluster was added."))
            done = True
    elif action == "codes":
        done = _enrol_codes(request, cohort, codes_form) is True
    elif action == "selected" and selected_form.is_valid():
        result = rounds.enrolments_add(
            cohort=cohort,
            codes=selected_form.cleaned_data["selected"],
            cluster=selected_form.cleaned_data["cluster"],
            by=request.user,
        )
        _report_enrolment(request, result)
        done = True
    elif action == "assign":
        _assign_clusters(request, cohort)
        done = True
    if done:
        return redirect("round_setup", pk=cohort.pk)
    enrolments = list(rounds.round_enrolments(cohort))
    enrolled_codes = {enrolment.organisation.code for enrolment in enrolments}
    return render(
        request,
        "portal/round_setup.html",
        {
            "cohort": cohort,
            "clusters": list(cohort.clusters.order_by("name")),
            "enrolments": enrolments,
            "cluster_form": cluster_form,
            "codes_form": codes_form,
            "search": search,
            "query": search.cleaned_data.get("q", "") if search.is_valid() else "",
            "found": [
                (known, known.code in enrolled_codes, Organisation.Kind(known.kind).label)
                for known in found
            ],
            "selected_form": selected_form,
        },
        status=400 if action and not done else 200,
    )


# --- Bulk invitations ------------------------------------------------------------------------


@login_required
def invite_bulk(request, pk: int):
    """Paste or upload the list; nothing is sent here, the preview comes next."""
    cohort = _organised_cohort(request, pk)
    form = BulkInvitationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload:
                rows, source = bulk_invitations.rows_from_upload(upload), upload.name
            else:
                rows, source = bulk_invitations.rows_from_text(form.cleaned_data["text"]), ""
        except ValidationError as error:
            form.add_error("file" if upload else "text", error)
        else:
            key = bulk_invitations.list_keep(
                request.session, cohort=cohort, rows=rows, source=source
            )
            return redirect("invite_bulk_preview", pk=cohort.pk, key=key)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "portal/invite_bulk_form.html", {"cohort": cohort, "form": form}, status=status
    )


@login_required
def invite_bulk_preview(request, pk: int, key: str):
    """Each row as it would be handled; confirming sends the new ones, once."""
    cohort = _organised_cohort(request, pk)
    kept = bulk_invitations.list_kept(request.session, cohort=cohort, key=key)
    if kept is None:
        raise Http404
    rows = bulk_invitations.kept_rows(kept)
    if request.method == "POST" and not kept["done"]:
        try:
            sent = bulk_invitations.bulk_invitations_send(
                cohort=cohort, rows=rows, list_key=key, by=request.user
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        bulk_invitations.list_mark_done(request.session, key=key)
        messages.success(
            request,
            ngettext(
                "%(count)s invitation was sent.", "%(count)s invitations were sent.", len(sent)
            )
            % {"count": len(sent)},
        )
        return redirect("round_invitations", pk=cohort.pk)
    if request.method == "POST":
        messages.info(request, _("This list was already sent; nothing was sent again."))
        return redirect("round_invitations", pk=cohort.pk)
    bulk_invitations.rows_classify(cohort, rows)
    return render(
        request,
        "portal/invite_bulk_preview.html",
        {
            "cohort": cohort,
            "rows": rows,
            "summary": bulk_invitations.rows_summary(rows),
            "source": kept["source"],
            "done": kept["done"],
        },
    )


# --- Who has accepted ------------------------------------------------------------------------


@login_required
def round_invitations(request, pk: int):
    cohort = _organised_cohort(request, pk)
    return render(
        request,
        "portal/round_invitations.html",
        {"cohort": cohort, "teams": bulk_invitations.round_team_status(cohort)},
    )


def _round_invitation(request, pk: int, invitation_pk: int) -> tuple[Cohort, Invitation]:
    cohort = _organised_cohort(request, pk)
    invitation = get_visible_or_404(
        Invitation.objects.filter(
            organisation__enrolments__cohort=cohort, accepted_at__isnull=True
        ).select_related("organisation"),
        pk=invitation_pk,
    )
    return cohort, invitation


@login_required
@require_POST
def invitation_remind(request, pk: int, invitation_pk: int):
    cohort, invitation = _round_invitation(request, pk, invitation_pk)
    try:
        services.invitation_remind(invitation=invitation, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("A reminder was sent to %(email)s.") % {"email": invitation.email}
        )
    return redirect("round_invitations", pk=cohort.pk)


@login_required
@require_POST
def invitation_renew(request, pk: int, invitation_pk: int):
    cohort, invitation = _round_invitation(request, pk, invitation_pk)
    try:
        services.invitation_renew(invitation=invitation, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new invitation was sent to %(email)s; the old link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("round_invitations", pk=cohort.pk)
