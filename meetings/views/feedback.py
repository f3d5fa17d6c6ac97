"""Organisers' feedback after a meeting, and what an organisation reads of it."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.models import Organisation
from portal.pdf import html_to_pdf
from portal.shortcuts import get_visible_or_404, require

from .. import selectors, services
from ..documents.feedback_docx import build_feedback_docx, feedback_docx_data
from ..forms import FeedbackOrganisationForm, FeedbackSummaryForm
from ..rules import ActingFor
from ._common import organised_meeting, wants_json

SUMMARY_KEY = "summary"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _box_key(organisation: Organisation | None) -> str:
    """A box's form prefix, which is also its anchor on the page."""
    return f"org-{organisation.code}" if organisation is not None else SUMMARY_KEY


def _feedback_boxes(overview, data=None) -> list[tuple[str, Organisation | None, object]]:
    """The page's boxes: (key, organisation or None for the summary, form), the summary first.
    Every form starts from the newest version's text; its hidden initial values let a posted
    page tell which boxes the person changed."""

    def initial(row, fields):
        latest = row.latest
        values = {field: getattr(latest, field) for field in fields} if latest else {}
        if row.organisation is not None:
            values["ready"] = bool(latest and latest.ready and not latest.is_released)
        return values

    overview.summary.form = FeedbackSummaryForm(
        data, initial=initial(overview.summary, services.SUMMARY_FIELDS), prefix=SUMMARY_KEY
    )
    boxes = [(SUMMARY_KEY, None, overview.summary.form)]
    for row in overview.rows:
        row.form = FeedbackOrganisationForm(
            data,
            initial=initial(row, services.ORGANISATION_FIELDS),
            prefix=_box_key(row.organisation),
        )
        boxes.append((_box_key(row.organisation), row.organisation, row.form))
    return boxes


def _changed_fields(form) -> dict:
    """What a changed box sends to the service: the fields the person changed."""
    fields = {name: form.cleaned_data[name] for name in form.changed_data if name != "ready"}
    if "ready" in form.fields:
        fields["ready"] = form.cleaned_data["ready"] if "ready" in form.changed_data else None
    return fields


def _box_label(organisation: Organisation | None) -> str:
    return organisation.name if organisation is not None else _("Plus / Minus / Interesting")


@login_required
def feedback_manage(request, pk: int):
    """Every organisation's box on one page, in one form. Saving (any box's button, or a box's
    autosave from js/feedback.js, which posts that box alone) saves every box the person
    changed, so text typed elsewhere is never lost; the page returns to the box whose button
    was pressed. A box that cannot be saved keeps all of them unsaved, with the text shown."""
    meeting = organised_meeting(request, pk)
    overview = selectors.feedback_overview(meeting)
    if request.method != "POST":
        _feedback_boxes(overview)
        return _render_manage(request, meeting, overview, saved=request.GET.get("saved"))
    boxes = _feedback_boxes(overview, request.POST)
    changed = [(key, org, form) for key, org, form in boxes if form.has_changed()]
    valid = all([form.is_valid() for _key, _org, form in changed])
    if valid and changed:
        try:
            services.feedback_save_boxes(
                meeting=meeting,
                by=request.user,
                boxes=[(key, org, _changed_fields(form)) for key, org, form in changed],
            )
        except ValidationError as error:
            forms = {key: form for key, _org, form in boxes}
            for key, problems in error.message_dict.items():
                forms[key].add_error(None, problems)
        else:
            return _saved_response(request, meeting, [org for _key, org, _form in changed])
    if not changed:
        if wants_json(request):
            return JsonResponse({"ok": True, "message": _saved_at_message()})
        messages.info(request, _("Nothing had changed; nothing was saved."))
        return redirect(_manage_url(meeting, request.POST.get("save")))
    errors = {key: form.errors.get_json_data() for key, _org, form in changed if form.errors}
    if wants_json(request):
        first = next(iter(errors.values()))
        problems = [problem["message"] for field in first.values() for problem in field]
        return JsonResponse(
            {"ok": False, "errors": errors, "message": " ".join(problems)}, status=400
        )
    return _render_manage(request, meeting, overview, status=400)


def _saved_at_message() -> str:
    return _("Saved %(time)s") % {"time": timezone.localtime().strftime("%H.%M")}


def _manage_url(meeting, key: str | None, saved: bool = False) -> str:
    url = reverse("feedback_manage", args=[meeting.pk])
    key = key if key and key.replace("-", "").replace("_", "").isalnum() else None
    if key and saved:
        url += f"?saved={key}"
    return f"{url}#{key}" if key else url


def _saved_response(request, meeting, organisations: list):
    if wants_json(request):
        return JsonResponse({"ok": True, "message": _saved_at_message()})
    messages.success(
        request,
        _("The draft feedback was saved: %(boxes)s.")
        % {"boxes": ", ".join(_box_label(org) for org in organisations)},
    )
    key = request.POST.get("save") or _box_key(organisations[0])
    return redirect(_manage_url(meeting, key, saved=True))


def _render_manage(request, meeting, overview, *, saved: str | None = None, status: int = 200):
    return render(
        request,
        "meetings/feedback_manage.html",
        {"meeting": meeting, "overview": overview, "saved": saved},
        status=status,
    )


@login_required
def feedback_summary_export(request, pk: int):
    """The meeting's Plus / Minus / Interesting as a text file, newest version (draft or
    released), for the programme office."""
    meeting = organised_meeting(request, pk)
    summary = selectors.feedback_overview(meeting).summary.latest
    text = render_to_string(
        "meetings/feedback_summary.txt", {"meeting": meeting, "summary": summary}
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pmi-{meeting.pk}.txt"'
    return response


@login_required
def feedback_release(request, pk: int):
    """A confirmation page (who is told, what is missing); its POST releases every draft."""
    meeting = organised_meeting(request, pk)
    overview = selectors.feedback_overview(meeting)
    if request.method == "POST":
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
    to_release = overview.to_release
    return render(
        request,
        "meetings/feedback_release_confirm.html",
        {
            "meeting": meeting,
            "overview": overview,
            "to_release": to_release,
            "people": selectors.feedback_recipient_count(
                [row.organisation.pk for row in to_release]
            ),
        },
    )


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
        {
            "meeting": meeting,
            "organisation": organisation,
            "feedback": feedback,
            "summary": selectors.released_summary(meeting),
            "may_organise": rules.has_perm("meetings.organise_meeting", request.user, meeting),
        },
    )


@login_required
def feedback_pdf(request, pk: int, code: str):
    meeting, organisation, feedback = _released_feedback_or_404(request, pk, code)
    html = render_to_string(
        "meetings/feedback_pdf.html",
        {
            "meeting": meeting,
            "organisation": organisation,
            "feedback": feedback,
            "summary": selectors.released_summary(meeting),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="aterkoppling-{meeting.pk}-{organisation.code}.pdf"'
    )
    return response


# The Word letters are built in the request, as the feedback PDF is: a few paragraphs of text
# (about 0.1 s for one letter, 0.4 s for twelve organisations), where a background job and a
# polling page would only add waiting.


@login_required
def feedback_docx(request, pk: int, code: str):
    """One organisation's feedback as a Word letter for the organisers to edit further. It holds
    the newest version, drafts included, so only the meeting's organisers may have it: an
    organisation reads its feedback once released (feedback_organisation, feedback_pdf)."""
    meeting = organised_meeting(request, pk)
    organisation = get_visible_or_404(selectors.invited_organisations(meeting), code=code)
    content = build_feedback_docx(feedback_docx_data(meeting, organisation))
    return _docx_response(content, f"aterkoppling-{slugify(organisation.name) or code}.docx")


@login_required
def feedback_docx_all(request, pk: int):
    """Every organisation's letter in one Word document, each on its own pages."""
    meeting = organised_meeting(request, pk)
    content = build_feedback_docx(feedback_docx_data(meeting))
    return _docx_response(content, f"aterkoppling-{slugify(meeting.title) or meeting.pk}.docx")


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
