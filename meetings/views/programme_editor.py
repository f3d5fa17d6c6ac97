"""The programme office's editor of the programme template (steps, goals, tasks and materials),
and applying a newer template to a running cohort. Only programme admins reach these pages;
like every staff page they sit behind the second factor (portal.middleware)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal.selectors import cohorts_visible_to
from portal.shortcuts import apply_validation_error, get_visible_or_404, require

from .. import programme, programme_editing
from ..forms import _https_links
from ..models import Step, StepMaterial, StepTask
from ..questions import QUESTION_SETS

ADMINISTER = "portal.administer_programme"


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = list(programme.STEP_FIELDS)
        formfield_callback = _https_links
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in programme.STEP_FIELDS[:4]}


class StepTaskForm(forms.ModelForm):
    class Meta:
        model = StepTask
        fields = list(programme.TASK_FIELDS)
        formfield_callback = _https_links
        widgets = {
            "title_sv": forms.Textarea(attrs={"rows": 2}),
            "title_en": forms.Textarea(attrs={"rows": 2}),
            "guidance_sv": forms.Textarea(attrs={"rows": 5}),
            "guidance_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The question sets are code (meetings.questions): pick one rather than type its code.
        field = self.fields["question_set"]
        self.fields["question_set"] = forms.ChoiceField(
            label=field.label,
            required=False,
            help_text=_("Only for a task with structured answers."),
            choices=[("", "—")]
            + [(code, f"{qs.title} ({code})") for code, qs in QUESTION_SETS.items()],
        )


class StepMaterialForm(forms.ModelForm):
    class Meta:
        model = StepMaterial
        fields = list(programme.MATERIAL_FIELDS)
        formfield_callback = _https_links
        widgets = {
            "audience": forms.RadioSelect,
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("portal_document"):
            raise forms.ValidationError(
                _("Give a link, or the code of a document the portal makes.")
            )
        return cleaned


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        label=gettext_lazy("Direction"), choices=[("up", "up"), ("down", "down")]
    )


def _administer(request) -> None:
    require(request.user, ADMINISTER)


def _step_url(step_id: int, anchor: str = "") -> str:
    return reverse("programme_step", args=[step_id]) + (f"#{anchor}" if anchor else "")


# --- The steps ----------------------------------------------------------------------------------


@login_required
def programme_editor(request):
    """Every step with how many tasks and materials it has, and the template's revision."""
    _administer(request)
    steps = Step.objects.annotate(
        task_count=Count("tasks", distinct=True), material_count=Count("materials", distinct=True)
    ).order_by("position")
    return render(
        request,
        "meetings/programme_editor.html",
        {"steps": steps, "template": programme.template_revision()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_step(request, step_pk: int):
    """A step's purpose, goals and source link, with its tasks and materials to edit."""
    _administer(request)
    step = get_visible_or_404(Step.objects.all(), pk=step_pk)
    form = StepForm(request.POST or None, instance=Step.objects.get(pk=step.pk))
    if request.method == "POST" and form.is_valid():
        try:
            programme_editing.step_update(step=step, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The step was saved."))
            return redirect(_step_url(step.pk))
    materials = list(step.materials.order_by("audience", "position"))
    return render(
        request,
        "meetings/programme_step.html",
        {
            "step": step,
            "form": form,
            "tasks": _with_proof_labels(step.tasks.order_by("position")),
            "material_groups": [
                (label, [m for m in materials if m.audience == value])
                for value, label in StepMaterial.Audience.choices
            ],
        },
    )


def _with_proof_labels(tasks) -> list[StepTask]:
    """Each task with what proves it done, in words."""
    tasks = list(tasks)
    for task in tasks:
        task.proof_label = StepTask.Proof(task.proof).label
    return tasks


# --- Tasks ----------------------------------------------------------------------------------------


def _form_page(request, *, step, form, heading: str, submit: str):
    return render(
        request,
        "meetings/programme_form.html",
        {"step": step, "form": form, "heading": heading, "submit": submit},
    )


def _save(request, form, save, success: str, step) -> bool:
    """Call the service with the form's values; its errors go back onto the form."""
    try:
        save(**form.cleaned_data)
    except ValidationError as error:
        apply_validation_error(form, error)
        return False
    messages.success(request, success)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def programme_task_add(request, step_pk: int):
    _administer(request)
    step = get_visible_or_404(Step.objects.all(), pk=step_pk)
    form = StepTaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def save(**values):
            programme_editing.step_task_add(step=step, by=request.user, **values)

        if _save(request, form, save, _("The task was added."), step):
            return redirect(_step_url(step.pk, "tasks-heading"))
    return _form_page(
        request, step=step, form=form, heading=_("Add a task"), submit=_("Add the task")
    )


def _task(step_task_pk: int) -> StepTask:
    return get_visible_or_404(StepTask.objects.select_related("step"), pk=step_task_pk)


@login_required
@require_http_methods(["GET", "POST"])
def programme_task_edit(request, step_task_pk: int):
    _administer(request)
    task = _task(step_task_pk)
    form = StepTaskForm(request.POST or None, instance=_task(step_task_pk))
    if request.method == "POST" and form.is_valid():

        def save(**values):
            programme_editing.step_task_update(task=task, by=request.user, **values)

        if _save(request, form, save, _("The task was saved."), task.step):
            return redirect(_step_url(task.step_id, f"task-{task.pk}"))
    return _form_page(
        request, step=task.step, form=form, heading=_("Edit the task"), submit=_("Save the task")
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_task_remove(request, step_task_pk: int):
    """GET: what will be removed; POST: remove it."""
    _administer(request)
    task = _task(step_task_pk)
    return _remove_page(
        request,
        task,
        remove=lambda: programme_editing.step_task_remove(task=task, by=request.user),
        heading=_("Remove the task"),
        done=_("The task was removed from the template."),
        url_name="programme_task_remove",
        anchors=("tasks-heading", f"task-{task.pk}"),
    )


@login_required
@require_POST
def programme_task_move(request, step_task_pk: int):
    _administer(request)
    task = _task(step_task_pk)
    _move(
        request,
        lambda direction: programme_editing.step_task_move(
            task=task, direction=direction, by=request.user
        ),
    )
    return redirect(_step_url(task.step_id, f"task-{task.pk}"))


def _move(request, move) -> None:
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to move it up or down."))
        return
    try:
        move(form.cleaned_data["direction"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The order was changed."))


# --- Materials ------------------------------------------------------------------------------------


def _material(step_material_pk: int) -> StepMaterial:
    return get_visible_or_404(StepMaterial.objects.select_related("step"), pk=step_material_pk)


@login_required
@require_http_methods(["GET", "POST"])
def programme_material_add(request, step_pk: int):
    _administer(request)
    step = get_visible_or_404(Step.objects.all(), pk=step_pk)
    form = StepMaterialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def save(**values):
            programme_editing.step_material_add(step=step, by=request.user, **values)

        if _save(request, form, save, _("The material was added."), step):
            return redirect(_step_url(step.pk, "materials-heading"))
    return _form_page(
        request, step=step, form=form, heading=_("Add material"), submit=_("Add the material")
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_material_edit(request, step_material_pk: int):
    _administer(request)
    material = _material(step_material_pk)
    form = StepMaterialForm(request.POST or None, instance=_material(step_material_pk))
    if request.method == "POST" and form.is_valid():

        def save(**values):
            programme_editing.step_material_update(material=material, by=request.user, **values)

        if _save(request, form, save, _("The material was saved."), material.step):
            return redirect(_step_url(material.step_id, f"material-{material.pk}"))
    return _form_page(
        request,
        step=material.step,
        form=form,
        heading=_("Edit the material"),
        submit=_("Save the material"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_material_remove(request, step_material_pk: int):
    _administer(request)
    material = _material(step_material_pk)
    return _remove_page(
        request,
        material,
        remove=lambda: programme_editing.step_material_remove(material=material, by=request.user),
        heading=_("Remove the material"),
        done=_("The material was removed from the template."),
        url_name="programme_material_remove",
        anchors=("materials-heading", f"material-{material.pk}"),
    )


def _remove_page(request, row, *, remove, heading, done, url_name, anchors):
    """GET: the confirmation naming what will be removed; POST: remove it and go back to the
    step, at its list (anchors: where to land after removing, and where 'back' leads)."""
    after, back = anchors
    if request.method == "POST":
        remove()
        messages.success(request, done)
        return redirect(_step_url(row.step_id, after))
    return render(
        request,
        "meetings/programme_remove_confirm.html",
        {
            "step": row.step,
            "heading": heading,
            "title": row.title_sv,
            "action": reverse(url_name, args=[row.pk]),
            "back": _step_url(row.step_id, back),
        },
    )


@login_required
@require_POST
def programme_material_move(request, step_material_pk: int):
    _administer(request)
    material = _material(step_material_pk)
    _move(
        request,
        lambda direction: programme_editing.step_material_move(
            material=material, direction=direction, by=request.user
        ),
    )
    return redirect(_step_url(material.step_id, f"material-{material.pk}"))


# --- A cohort's copy ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cohort_programme_apply(request, cohort_pk: int):
    """GET: what applying the current template changes, per step, and which meetings; POST:
    apply it."""
    cohort = get_visible_or_404(cohorts_visible_to(request.user), pk=cohort_pk)
    _administer(request)
    if request.method == "POST":
        programme.cohort_apply_template(cohort=cohort, by=request.user)
        messages.success(request, _("The cohort now follows the current programme template."))
        return redirect("cohort_detail", pk=cohort.pk)
    return render(
        request,
        "meetings/programme_apply_confirm.html",
        {
            "cohort": cohort,
            "status": programme.cohort_programme_status(cohort),
            "preview": programme.cohort_apply_preview(cohort),
        },
    )
