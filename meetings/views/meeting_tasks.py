"""Organisers adapt their own meeting: add, reword and remove its preparation tasks, and take
material off it. The programme template is not touched (that is the programme office's editor)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.shortcuts import apply_validation_error, get_visible_or_404

from .. import programme_editing
from ..forms import _https_links
from ..models import Material, MeetingTask, StepTask
from ._common import organised_meeting

# Kinds an organiser may give a task of their own: the others are proven by what the portal
# holds (an upload, an assessment, an analysis, a question set) and come from the programme.
OWN_KINDS = (StepTask.Kind.GENERAL, StepTask.Kind.REFLECTION)


class MeetingTaskForm(forms.ModelForm):
    class Meta:
        model = MeetingTask
        fields = ["kind", "title_sv", "title_en", "guidance_sv", "guidance_en", "url"]
        formfield_callback = _https_links
        widgets = {
            "kind": forms.RadioSelect,
            "title_sv": forms.Textarea(attrs={"rows": 2}),
            "title_en": forms.Textarea(attrs={"rows": 2}),
            "guidance_sv": forms.Textarea(attrs={"rows": 4}),
            "guidance_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.kind not in OWN_KINDS:
            # A programme task proven by a fact keeps its kind; only its words change.
            del self.fields["kind"]
        else:
            self.fields["kind"].choices = [
                (value, label) for value, label in StepTask.Kind.choices if value in OWN_KINDS
            ]


def _tasks_url(meeting_pk: int, anchor: str = "") -> str:
    return reverse("meeting_tasks", args=[meeting_pk]) + (f"#{anchor}" if anchor else "")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_tasks(request, pk: int):
    """The meeting's preparation tasks with links to change them, and a form to add one."""
    meeting = organised_meeting(request, pk)
    form = MeetingTaskForm(request.POST or None, initial={"kind": StepTask.Kind.GENERAL})
    if request.method == "POST" and form.is_valid():
        try:
            programme_editing.meeting_task_add(
                meeting=meeting, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The task was added."))
            return redirect(_tasks_url(meeting.pk, "tasks-heading"))
    return render(
        request,
        "meetings/programme_meeting_tasks.html",
        {
            "meeting": meeting,
            "tasks": list(meeting.tasks.order_by("position")),
            "materials": list(meeting.materials.order_by("title")),
            "form": form,
        },
    )


def _meeting_task(meeting, task_pk: int) -> MeetingTask:
    return get_visible_or_404(MeetingTask.objects.filter(meeting=meeting), pk=task_pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_task_edit(request, pk: int, task_pk: int):
    meeting = organised_meeting(request, pk)
    task = _meeting_task(meeting, task_pk)
    form = MeetingTaskForm(request.POST or None, instance=_meeting_task(meeting, task_pk))
    if request.method == "POST" and form.is_valid():
        try:
            programme_editing.meeting_task_update(task=task, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The task was saved."))
            return redirect(_tasks_url(meeting.pk, f"task-{task.pk}"))
    return render(
        request,
        "meetings/programme_meeting_task_form.html",
        {"meeting": meeting, "task": task, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_task_remove(request, pk: int, task_pk: int):
    """GET: the task and how many organisations have ticked it; POST: remove it."""
    meeting = organised_meeting(request, pk)
    task = _meeting_task(meeting, task_pk)
    if request.method == "POST":
        programme_editing.meeting_task_remove(task=task, by=request.user)
        messages.success(request, _("The task was removed from the meeting."))
        return redirect(_tasks_url(meeting.pk, "tasks-heading"))
    done = task.completions.count()
    return render(
        request,
        "meetings/programme_remove_confirm.html",
        {
            "meeting": meeting,
            "heading": _("Remove the task"),
            "title": task.title,
            "done": done,
            "action": reverse("meeting_task_remove", args=[meeting.pk, task.pk]),
            "back": _tasks_url(meeting.pk, f"task-{task.pk}"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_material_remove(request, pk: int, material_pk: int):
    meeting = organised_meeting(request, pk)
    material = get_visible_or_404(Material.objects.filter(meeting=meeting), pk=material_pk)
    if request.method == "POST":
        programme_editing.meeting_material_remove(material=material, by=request.user)
        messages.success(request, _("The material was removed from the meeting."))
        return redirect(_tasks_url(meeting.pk, "materials-heading"))
    return render(
        request,
        "meetings/programme_remove_confirm.html",
        {
            "meeting": meeting,
            "heading": _("Remove the material"),
            "title": material.title,
            "action": reverse("meeting_material_remove", args=[meeting.pk, material.pk]),
            "back": _tasks_url(meeting.pk, "materials-heading"),
        },
    )
