"""Starting a round: creating it with its programme, and creating its meetings from the
proposals the programme's steps give (meetings.rounds). The programme office's pages; the
clusters, enrolments and invitations are the portal's (portal.views_rounds)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.forms import MeetingProposalFormSet, RoundForm
from portal.models import Cohort
from portal.shortcuts import apply_validation_error, get_visible_or_404, require

from .. import rounds


@login_required
def round_create(request):
    """A new round; the earlier rounds offered for copying are those with a programme of their
    own (a round started before programmes were copied has none to give)."""
    require(request.user, "portal.administer_programme")
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        cohorts=Cohort.objects.filter(programme__isnull=False).order_by("-starts_on"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = rounds.round_create(
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                description=data["description"],
                source_cohort=data["source_cohort"],
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The round was created. Add its clusters and organisations.")
            )
            return redirect("round_setup", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/round_create.html", {"form": form}, status=status)


@login_required
def round_meetings(request, pk: int):
    """The round's meetings as proposed from the steps, with dates and titles to adjust before
    they are created as drafts."""
    require(request.user, "portal.administer_programme")
    cohort = get_visible_or_404(Cohort.objects.all(), pk=pk)
    proposals = rounds.meeting_proposals(cohort)
    initial = [
        {"create": not proposal.exists, "on": proposal.on, "title": proposal.title}
        for proposal in proposals
    ]
    # Every row is read, changed or not (a formset skips unchanged rows beyond its initial
    # count, and that count comes from the browser).
    formset = MeetingProposalFormSet(
        request.POST if request.method == "POST" else None,
        initial=initial,
        prefix="proposal",
        form_kwargs={"empty_permitted": False},
    )
    if request.method == "POST" and len(formset.forms) != len(proposals):
        # The round's steps or clusters changed since the page was shown: show them again.
        messages.error(request, _("The proposals have changed. Check them and create again."))
        formset = MeetingProposalFormSet(initial=initial, prefix="proposal")
    elif request.method == "POST" and formset.is_valid():
        chosen = [
            (proposal, form.cleaned_data["on"], form.cleaned_data["title"])
            for proposal, form in zip(proposals, formset.forms, strict=True)
            if form.cleaned_data.get("create")
        ]
        try:
            created = rounds.round_meetings_create(cohort=cohort, chosen=chosen, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s meeting was created as a draft.",
                    "%(count)s meetings were created as drafts.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect("cohort_detail", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "meetings/round_meetings.html",
        {
            "cohort": cohort,
            "rows": list(zip(proposals, formset.forms, strict=True)),
            "formset": formset,
        },
        status=status,
    )
