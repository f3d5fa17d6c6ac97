"""An organisation's structured answers to a step's questions and its competence inventory:
its team writes them, its mentors and the organisers of its meetings read them."""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Enrolment
from portal.shortcuts import apply_validation_error, get_visible_or_404

from .. import selectors, services
from ..models import CompetenceRating
from ..questions import (
    ANSWER_MAX_LENGTH,
    COMPETENCE_AREAS,
    COMPETENCE_LEVELS,
    COMPETENCE_ROLES,
    QUESTION_SETS,
    area_label,
    level_label,
)
from ..selectors.answers import AnswerSheet
from ..services.answers import NOTE_MAX_LENGTH

TOO_LONG = gettext_lazy(
    "The answer can be at most %(limit_value)d characters long (it has %(show_value)d). "
    "Nothing was saved."
)


def _enrolment(request, code: str, cohort_pk: int) -> Enrolment:
    """The organisation's enrolment in the cohort, if the person may read its answers."""
    return get_visible_or_404(
        selectors.answer_enrolments_visible_to(request.user).select_related(
            "organisation", "cohort"
        ),
        cohort_id=cohort_pk,
        organisation__code=code,
    )


def _may_edit(request, enrolment: Enrolment) -> bool:
    return rules.has_perm("meetings.edit_preparation_answers", request.user, enrolment)


# --- Answers to a question set -------------------------------------------------------------------


class AnswersForm(forms.Form):
    """One text per question of the set; none is required to save (the team may save half
    and come back), the required ones complete the preparation task."""

    def __init__(self, sheet: AnswerSheet, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in sheet.questions:
            self.fields[question.key] = forms.CharField(
                label=question.text,
                help_text=question.hint,
                required=False,
                max_length=ANSWER_MAX_LENGTH,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={"max_length": TOO_LONG},
            )
            self.fields[question.key].question_required = question.required


@login_required
def answers_edit(request, code: str, cohort_pk: int, question_set: str):
    enrolment = _enrolment(request, code, cohort_pk)
    if question_set not in QUESTION_SETS:
        raise Http404
    may_edit = _may_edit(request, enrolment)
    if request.method == "POST" and not may_edit:
        raise Http404
    sheet = selectors.answer_sheet(
        organisation_id=enrolment.organisation_id, cohort_id=enrolment.cohort_id, code=question_set
    )
    form = AnswersForm(sheet, request.POST or None, initial=sheet.answers()) if may_edit else None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.preparation_answers_save(
                    enrolment=enrolment,
                    code=question_set,
                    answers=form.cleaned_data,
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The answers were saved."))
                return redirect(request.path)
    return render(
        request,
        "meetings/answers_edit.html",
        {"enrolment": enrolment, "sheet": sheet, "form": form, "may_edit": may_edit},
        status=status,
    )


# --- The competence inventory --------------------------------------------------------------------


class CompetenceForm(forms.Form):
    """A level (or none yet) and a note for each role in each area."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not assessed"))] + [
            (str(level), f"{level} – {label}") for level, label in _level_labels()
        ]
        self.areas = []
        for area, _sv, _en in COMPETENCE_AREAS:
            fields = []
            for role in COMPETENCE_ROLES:
                level = f"{role.value}-{area}-level"
                note = f"{role.value}-{area}-note"
                self.fields[level] = forms.TypedChoiceField(
                    label=_("%(role)s: level") % {"role": role.label},
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
                self.fields[note] = forms.CharField(
                    label=_("%(role)s: note") % {"role": role.label},
                    required=False,
                    max_length=NOTE_MAX_LENGTH,
                )
                fields.append((role, level, note))
            self.areas.append((area, area_label(area), fields))

    def bound_areas(self):
        return [
            (area, label, [(role, self[level], self[note]) for role, level, note in fields])
            for area, label, fields in self.areas
        ]

    def ratings(self) -> dict[tuple[str, str], tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            (role.value, area): (data[level], data[note])
            for area, _label, fields in self.areas
            for role, level, note in fields
        }


def _level_labels() -> list[tuple[int, str]]:
    return [(level, level_label(level)) for level, _sv, _en in COMPETENCE_LEVELS]


def _competence_initial(inventory, occasion: str) -> dict:
    initial = {}
    for row in inventory.rows:
        cell = getattr(row, occasion)
        if cell is not None:
            initial[f"{row.role}-{row.area}-level"] = cell.level
            initial[f"{row.role}-{row.area}-note"] = cell.note
    return initial


@login_required
def competence_edit(request, code: str, cohort_pk: int, occasion: str):
    enrolment = _enrolment(request, code, cohort_pk)
    if occasion not in CompetenceRating.Occasion.values:
        raise Http404
    may_edit = _may_edit(request, enrolment)
    if request.method == "POST" and not may_edit:
        raise Http404
    inventory = selectors.competence_inventory(
        organisation_id=enrolment.organisation_id, cohort_id=enrolment.cohort_id
    )
    form = None
    if may_edit:
        form = CompetenceForm(
            request.POST or None, initial=_competence_initial(inventory, occasion)
        )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.competence_save(
                    enrolment=enrolment, occasion=occasion, ratings=form.ratings(), by=request.user
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The competence inventory was saved."))
                return redirect(request.path)
    return render(
        request,
        "meetings/competence_edit.html",
        {
            "enrolment": enrolment,
            "inventory": inventory,
            "occasion": occasion,
            "occasion_label": CompetenceRating.Occasion(occasion).label,
            "other_occasion": next(o for o in CompetenceRating.Occasion if o.value != occasion),
            "form": form,
            "may_edit": may_edit,
            "saved_at": inventory.saved_at.get(occasion),
            "saved_by": inventory.saved_by.get(occasion),
        },
        status=status,
    )
