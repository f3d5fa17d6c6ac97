"""The BM3 results pack of an organisation in a meeting: the key figures it chose (women and
men over the years, beside its cluster and the country), what it reads in them, and its answers
on statistics and analysis in decisions. Its team writes it; its mentors and the meeting's
organisers read it."""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from checklists.models import Occasion
from portal.keyfigures.models import KeyFigure
from portal.models import Enrolment
from portal.shortcuts import apply_validation_error, get_visible_or_404, require

from ..models import Meeting
from ..selectors import results_pack as pack_selectors
from ..services import results_pack as pack_services
from ._common import meeting_and_invited_organisation


class AddKeyFigureForm(forms.Form):
    """A key figure to add, from those split by sex for the organisation. The choice is checked
    by the service, not against the list shown: a figure that lost its split since the page
    was made gets the service's reason, not a bare "invalid choice"."""

    key_figure = forms.TypedChoiceField(
        label=gettext_lazy("Key figure to add"),
        coerce=int,
        error_messages={"required": gettext_lazy("Choose a key figure to add.")},
    )

    def __init__(self, choices: list[KeyFigure], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_figure"].choices = [("", _("Choose a key figure"))] + [
            (figure.pk, figure.title) for figure in choices
        ]
        self.fields["key_figure"].valid_value = lambda value: True


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What the key figure shows us"),
        required=False,
        strip=False,
        max_length=pack_services.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": gettext_lazy(
                "The comment can be at most %(limit_value)d characters long (it has "
                "%(show_value)d). Nothing was saved."
            )
        },
    )


def _pack_enrolment(request, pk: int, code: str) -> tuple[Meeting, Enrolment]:
    """The BM3 meeting and the invited organisation's enrolment in its cohort (the caller asks
    the rulebook whether the person may read or write its results pack)."""
    meeting, organisation = meeting_and_invited_organisation(request, pk, code)
    if meeting.step is None or meeting.step.occasion != Occasion.BM3:
        raise Http404
    enrolment = get_visible_or_404(
        Enrolment.objects.select_related("organisation", "cohort"),
        cohort_id=meeting.cohort_id,
        organisation_id=organisation.pk,
    )
    return meeting, enrolment


def _comment_forms(pack, bound: tuple[int, CommentForm] | None) -> list:
    """Each chosen figure with its comment form (the one just sent, when it had an error)."""
    return [
        (
            figure,
            bound[1]
            if bound and bound[0] == figure.key_figure.pk
            else CommentForm(
                prefix=f"figure-{figure.key_figure.pk}", initial={"comment": figure.comment}
            ),
        )
        for figure in pack.figures
    ]


def _apply(request, enrolment: Enrolment, action: str, key_figure: KeyFigure, form) -> str:
    """Call the service the button names; returns the message for the person."""
    common = {
        "organisation": enrolment.organisation,
        "cohort": enrolment.cohort,
        "key_figure": key_figure,
        "by": request.user,
    }
    title = {"title": key_figure.title}
    if action == "add":
        pack_services.results_key_figure_add(**common)
        return _("“%(title)s” was added to the results pack.") % title
    if action == "remove":
        pack_services.results_key_figure_remove(**common)
        return _("“%(title)s” was removed from the results pack.") % title
    if action in pack_services.DIRECTIONS:
        pack_services.results_key_figure_move(**common, direction=action)
        return _("“%(title)s” was moved.") % title
    pack_services.results_key_figure_comment(**common, comment=form.cleaned_data["comment"])
    return _("The comment on “%(title)s” was saved.") % title


@login_required
def results_pack(request, pk: int, code: str):
    meeting, enrolment = _pack_enrolment(request, pk, code)
    organisation = enrolment.organisation
    # The right to edit includes the right to read: one question of the rulebook for the team.
    may_edit = rules.has_perm("meetings.edit_results_pack", request.user, enrolment)
    if not may_edit:
        require(request.user, "meetings.view_results_pack", enrolment)
    if request.method == "POST" and not may_edit:
        raise Http404
    options = pack_selectors.results_key_figure_options(organisation) if may_edit else None
    choices = list(options.split) if options else []
    add_form = AddKeyFigureForm(choices) if may_edit else None
    bound_comment = None
    status = 200
    if request.method == "POST":
        status = 400
        action = request.POST.get("action", "")
        if action == "add":
            add_form = AddKeyFigureForm(choices, request.POST)
            form, figure_pk = add_form, None
            if add_form.is_valid():
                figure_pk = add_form.cleaned_data["key_figure"]
        else:
            figure_pk = request.POST.get("figure", "")
            figure_pk = int(figure_pk) if figure_pk.isdigit() else None
            form = CommentForm(request.POST, prefix=f"figure-{figure_pk}")
            if action == "comment":
                bound_comment = (figure_pk, form)
            elif action not in ("remove", *pack_services.DIRECTIONS):
                raise Http404
        key_figure = KeyFigure.objects.filter(pk=figure_pk).first() if figure_pk else None
        if form.is_valid() and key_figure is None:
            form.add_error(
                "key_figure" if action == "add" else None, _("There is no such key figure.")
            )
        if form.is_valid():
            try:
                done = _apply(request, enrolment, action, key_figure, form)
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                if action == "add":
                    apply_validation_error(form, error, "key_figure")
                elif action == "comment" and "comment" in getattr(error, "error_dict", {}):
                    apply_validation_error(form, error)
                else:  # the figure is no longer in the pack: nothing on the page to tie it to
                    messages.error(request, " ".join(error.messages))
                    return redirect(request.path)
            else:
                messages.success(request, done)
                anchor = f"#kpi-{key_figure.kpi_id}" if action != "remove" else ""
                return redirect(request.path + anchor)
    pack = pack_selectors.results_pack(organisation=organisation, cohort=enrolment.cohort)
    chosen = pack.chosen_ids
    if add_form is not None:
        add_form.fields["key_figure"].choices = [
            choice for choice in add_form.fields["key_figure"].choices if choice[0] not in chosen
        ]
    return render(
        request,
        "meetings/results_pack.html",
        {
            "meeting": meeting,
            "enrolment": enrolment,
            "organisation": organisation,
            "pack": pack,
            "may_edit": may_edit,
            "add_form": add_form,
            "full": len(pack.figures) >= pack_services.MAX_RESULTS_FIGURES,
            "limit": pack_services.MAX_RESULTS_FIGURES,
            "figures": _comment_forms(pack, bound_comment),
            "error_forms": [
                form
                for form in [add_form, bound_comment[1] if bound_comment else None]
                if form is not None and form.errors
            ],
            "without_split": options.not_split if options else (),
            "statistics_code": pack_selectors.STATISTICS_QUESTIONS,
        },
        status=status,
    )
