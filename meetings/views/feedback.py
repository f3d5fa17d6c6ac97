"""Organisers' feedback after a meeting, and what an organisation reads of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.models import Organisation
from portal.pdf import html_to_pdf
from portal.shortcuts import apply_validation_error, get_visible_or_404, require

from .. import selectors, services
from ..forms import FeedbackOrganisationForm, FeedbackSummaryForm
from ..rules import ActingFor
from ._common import organised_meeting


def _feedback_forms(overview, bound: tuple | None = None):
    """One form per organisation (and the summary), filled with the newest version's text."""

    def initial(feedback, fields):
        return {field: getattr(feedback, field) for field in fields} if feedback else {}

    summary_form = FeedbackSummaryForm(
        initial=initial(overview.summary.latest, services.SUMMARY_FIELDS), prefix="summary"
    )
    for row in overview.rows:
        row.form = FeedbackOrganisationForm(
            initial=initial(row.latest, services.ORGANISATION_FIELDS),
            prefix=f"org-{row.organisation.code}",
        )
    if bound:
        code, form = bound
        if code is None:
            summary_form = form
        for row in overview.rows:
            if row.organisation.code == code:
                row.form = form
    return summary_form


@login_required
def feedback_manage(request, pk: int):
    """Organisers write the drafts; saving a released version starts a correction."""
    meeting = organised_meeting(request, pk)
    bound = None
    status = 200
    if request.method == "POST":
        code = request.POST.get("organisation") or None
        organisation = None
        if code is None:
            form = FeedbackSummaryForm(request.POST, prefix="summary")
        else:
            organisation = Organisation.objects.filter(code=code).first()
            form = FeedbackOrganisationForm(request.POST, prefix=f"org-{code}")
        if form.is_valid():
            try:
                if code is not None and organisation is None:
                    raise ValidationError(
                        {"organisation": _("This organisation does not take part in the meeting.")}
                    )
                services.feedback_save(
                    meeting=meeting, organisation=organisation, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The draft feedback was saved."))
                return redirect("feedback_manage", pk=meeting.pk)
        bound, status = (code, form), 400
    overview = selectors.feedback_overview(meeting)
    summary_form = _feedback_forms(overview, bound)
    return render(
        request,
        "meetings/feedback_manage.html",
        {"meeting": meeting, "overview": overview, "summary_form": summary_form},
        status=status,
    )


@login_required
@require_POST
def feedback_release(request, pk: int):
    meeting = organised_meeting(request, pk)
    try:
        count = services.feedback_release(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)s feedback drafts were released and the organisations told.")
            % {"count": count},
        )
    return redirect("feedback_manage", pk=meeting.pk)


def _released_feedback_or_404(request, pk: int, code: str):
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    organisation = get_visible_or_404(selectors.invited_organisations(meeting), code=code)
    require(request.user, "meetings.view_released_feedback", ActingFor(meeting, organisation))
    feedback = selectors.released_feedback(meeting, organisation)
    if feedback is None:
        raise Http404
    return meeting, organisation, feedback


@login_required
def feedback_organisation(request, pk: int, code: str):
    """An organisation's released feedback; nothing of it exists for anyone before release."""
    meeting, organisation, feedback = _released_feedback_or_404(request, pk, code)
    return render(
        request,
        "meetings/feedback_organisation.html",
        {"meeting": meeting, "organisation": organisation, "feedback": feedback},
    )


@login_required
def feedback_pdf(request, pk: int, code: str):
    meeting, organisation, feedback = _released_feedback_or_404(request, pk, code)
    html = render_to_string(
        "meetings/feedback_pdf.html",
        {"meeting": meeting, "organisation": organisation, "feedback": feedback},
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="aterkoppling-{meeting.pk}-{organisation.code}.pdf"'
    )
    return response
