"""Movement and lessons: how an organisation's checklist items moved since BM1, drawn, with a
lesson and the next improvement in governance per item. Its team writes; its cluster's mentors
and the organisers of its cohort read (checklists.view_lessons / edit_lessons)."""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from checklists.movement import LESSON_MAX_LENGTH, MOVEMENT_OCCASIONS
from checklists.services_lessons import LessonText, StaleLessons, item_lessons_save
from portal.selectors import enrolments_visible_to
from portal.shortcuts import apply_validation_error, get_visible_or_404

from ..selectors.movement import MovementPage, movement_page

TOO_LONG = gettext_lazy(
    "Write at most %(limit_value)d characters (it has %(show_value)d). Nothing was saved."
)


class LessonsForm(forms.Form):
    """A lesson and a next improvement for every item scored at the occasion; none required."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, page: MovementPage, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.numbers = []
        for line in page.lines:
            row = line.row
            if not row.scored:
                continue
            number = row.item.number
            self.numbers.append(number)
            for name, short in (
                ("lesson", _("Lesson")),
                ("next_step", _("Next improvement in governance")),
            ):
                field = forms.CharField(
                    label=f"{number}. {row.item.short_title}: {short}",
                    required=False,
                    max_length=LESSON_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages={"max_length": TOO_LONG},
                )
                field.short_label = short
                self.fields[f"{name}_{number}"] = field

    def lessons(self) -> dict[int, LessonText]:
        data = self.cleaned_data
        return {
            number: LessonText(
                lesson=data[f"lesson_{number}"], next_step=data[f"next_step_{number}"]
            )
            for number in self.numbers
        }

    def fields_of(self, number: int) -> list:
        if number not in self.numbers:
            return []
        return [self[f"lesson_{number}"], self[f"next_step_{number}"]]


def _initial(page: MovementPage) -> dict:
    initial = {"version": page.movement.lessons_version}
    for line in page.lines:
        number = line.row.item.number
        initial[f"lesson_{number}"] = line.row.lesson
        initial[f"next_step_{number}"] = line.row.next_step
    return initial


@login_required
def movement_lessons(request, code: str, cohort_pk: int, occasion: str):
    enrolment = get_visible_or_404(
        enrolments_visible_to(request.user).select_related("organisation", "cohort"),
        cohort_id=cohort_pk,
        organisation__code=code,
    )
    if occasion not in MOVEMENT_OCCASIONS or not rules.has_perm(
        "checklists.view_lessons", request.user, enrolment
    ):
        raise Http404
    may_edit = rules.has_perm("checklists.edit_lessons", request.user, enrolment)
    if request.method == "POST" and not may_edit:
        raise Http404
    page = movement_page(enrolment, occasion)
    if page is None:
        raise Http404
    form = None
    if may_edit and page.movement.assessment is not None and page.movement.scored:
        form = LessonsForm(page, request.POST or None, initial=_initial(page))
    status = 200
    if request.method == "POST":
        status = 400
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                count = item_lessons_save(
                    assessment=page.movement.assessment,
                    lessons=form.lessons(),
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                if isinstance(error, StaleLessons):
                    # Their words are saved now: a second save (with the person's text still in
                    # the fields) replaces them knowingly.
                    page = movement_page(enrolment, occasion)
                    data = request.POST.copy()
                    data["version"] = page.movement.lessons_version
                    form = LessonsForm(page, data)
                    form.is_valid()
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("The lessons were saved (%(count)s items changed).") % {"count": count},
                )
                return redirect(request.path)
    return render(
        request,
        "meetings/movement_lessons.html",
        {
            "enrolment": enrolment,
            "page": page,
            "movement": page.movement,
            "form": form,
            "may_edit": may_edit,
            "lines": [
                (line, form.fields_of(line.row.item.number) if form else []) for line in page.lines
            ],
            "groups": [
                (_("Step up"), page.movement.rose, "rose"),
                (_("Step down"), page.movement.fell, "fell"),
                (_("Unchanged"), page.movement.same, "same"),
            ],
            "may_edit_efforts": rules.has_perm(
                "meetings.edit_improvement", request.user, enrolment.organisation
            ),
        },
        status=status,
    )
