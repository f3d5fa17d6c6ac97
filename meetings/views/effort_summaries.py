"""The state of the improvement work at BM3: an organisation's page with each improvement
effort's story and the summary its team edits and confirms."""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.shortcuts import apply_validation_error, require

from ..rules import ActingFor
from ..selectors.effort_summaries import effort_stories
from ..services.effort_summaries import effort_summary_confirm, effort_summary_save
from ._common import meeting_and_invited_organisation

SAVE, CONFIRM = "save", "confirm"


class EffortSummaryForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Summary"),
        help_text=gettext_lazy(
            "The portal's draft is written from the facts above: make it your own. A confirmed "
            "summary that you change is no longer confirmed until you confirm it again."
        ),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _prefix(effort) -> str:
    return f"effort-{effort.pk}"


@login_required
def effort_summaries(request, pk: int, code: str):
    meeting, organisation = meeting_and_invited_organisation(request, pk, code)
    acting = ActingFor(meeting, organisation)
    # The team writes (and so reads); anyone else needs the right to read.
    may_edit = rules.has_perm("meetings.edit_effort_summaries", request.user, acting)
    if not may_edit:
        require(request.user, "meetings.view_effort_summaries", acting)
    # Saved texts that are not confirmed: the team and the organisers; a mentor reads the
    # confirmed ones (PRODUCT.md §7: never drafts).
    sees_drafts = may_edit or rules.has_perm("meetings.organise_meeting", request.user, meeting)
    stories = effort_stories(meeting, organisation)
    posted, error, status = None, None, 200
    if request.method == "POST":
        if not may_edit:
            raise Http404
        posted = next(
            (s for s in stories if str(s.effort.pk) == request.POST.get("effort", "")), None
        )
        if posted is None:
            raise Http404
        error = _save(request, meeting, organisation, posted)
        if not isinstance(error, ValidationError):
            return error
        status = 400
    entries = []
    for story in stories:
        form = EffortSummaryForm(
            request.POST if story is posted else None,
            initial={"text": story.text},
            prefix=_prefix(story.effort),
        )
        if story is posted:
            form.is_valid()
            apply_validation_error(form, error, "text")
        entries.append((story, form))
    return render(
        request,
        "meetings/effort_summaries.html",
        {
            "meeting": meeting,
            "organisation": organisation,
            "entries": entries,
            "may_edit": may_edit,
            "sees_drafts": sees_drafts,
            "failed_form": next((form for story, form in entries if story is posted), None),
        },
        status=status,
    )


def _save(request, meeting, organisation, story):
    """Saves (or saves and confirms) one effort's summary and answers the redirect, or the
    service's refusal (a ValidationError) when nothing was saved."""
    form = EffortSummaryForm(request.POST, prefix=_prefix(story.effort))
    form.is_valid()
    text = form.cleaned_data.get("text", "")
    was_confirmed = story.is_confirmed
    try:
        if request.POST.get("action") == CONFIRM:
            effort_summary_confirm(effort=story.effort, meeting=meeting, by=request.user, text=text)
            messages.success(
                request,
                _("The summary of %(title)s was saved and confirmed.")
                % {"title": story.effort.title},
            )
        else:
            summary = effort_summary_save(
                effort=story.effort, meeting=meeting, text=text, by=request.user
            )
            if was_confirmed and summary.confirmed_at is None:
                messages.warning(
                    request,
                    _(
                        "The summary of %(title)s was changed and is no longer confirmed: "
                        "confirm it again when it is ready."
                    )
                    % {"title": story.effort.title},
                )
            else:
                messages.success(
                    request,
                    _("The summary of %(title)s was saved.") % {"title": story.effort.title},
                )
    except PermissionDenied as denied:
        raise Http404 from denied
    except ValidationError as error:
        return error
    url = reverse("effort_summaries", args=[meeting.pk, organisation.code])
    return redirect(f"{url}#{_prefix(story.effort)}")
