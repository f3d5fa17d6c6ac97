from django import forms
from django.db import models
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal.models import Cluster, Organisation, TeamRole

from .models import AgendaItem, ImprovementEffort, Material, Meeting, OrganiserMessage, Step
from .selectors import TASK_STATUS_CHOICES, unknown_placeholders
from .validators import validate_meeting_time


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _https_links(field, **kwargs):
    """Links typed without a scheme are taken as https (Django 6's default, chosen now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class MeetingForm(forms.ModelForm):
    """Create, edit or reschedule a meeting. Times are entered and shown in Stockholm time (the
    project's time zone), and must fall in the years 2000–2100 (``validate_meeting_time``)."""

    class Meta:
        model = Meeting
        formfield_callback = _https_links
        fields = [
            "step",
            "title",
            "cluster",
            "host",
            "starts_at",
            "ends_at",
            "venue",
            "accessibility",
            "remote_link",
            "agenda",
            "deadline_days_before",
            "late_policy",
            "evaluation_days",
            "evaluation_anonymous",
        ]
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["cluster"].queryset = Cluster.objects.filter(cohort=cohort)
        self.fields["evaluation_days"].required = False
        self.fields["cluster"].empty_label = _("The whole cohort")
        self.fields["host"].queryset = Organisation.objects.filter(enrolments__cohort=cohort)
        self.fields["step"].queryset = Step.objects.exclude(kind=Step.Kind.HOME)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].validators.append(validate_meeting_time)
        if self.instance.pk:
            self.fields.pop("step")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned

    def clean_evaluation_days(self):
        value = self.cleaned_data.get("evaluation_days")
        return Meeting._meta.get_field("evaluation_days").default if value is None else value


class PresentationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Presentation file"),
        help_text=_("PowerPoint (.pptx), PDF or OpenDocument presentation (.odp)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pptx,.pdf,.odp"}),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )
    upload_id = forms.CharField(widget=forms.HiddenInput, required=False)


class LongSelect(forms.Select):
    """A select of hundreds of options (every organisation of a national cohort). The options
    are written here instead of through one template include each, which cost about a tenth of
    a second per page at 311 organisations; the markup is the same as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class OrganisationNameField(forms.CharField):
    """An organisation chosen by typing its name (or four-digit code) in a field the page
    backs with a list of the invited organisations (``<input list>`` and ``<datalist>``):
    searchable among hundreds, with or without JavaScript. Only an organisation of
    ``organisations`` is accepted."""

    default_error_messages = {
        "unknown": _(
            "No organisation invited to this meeting has that name or code. Choose one from "
            "the list, or type its name or four-digit code."
        ),
        "ambiguous": _("Several invited organisations have that name: type its code instead."),
    }

    def __init__(self, *, organisations=(), **kwargs):
        self.organisations = organisations
        super().__init__(**kwargs)

    def clean(self, value):
        text = " ".join(super().clean(value).split()).casefold()
        organisations = list(self.organisations)
        found = [org for org in organisations if org.code == text]
        found = found or [org for org in organisations if org.name.casefold() == text]
        if not found:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        if len(found) > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        return found[0]


class ExtensionForm(forms.Form):
    """A later deadline for one organisation, in the same years as a meeting's times. The
    organisation is typed and picked from the invited ones, which the board lists in the
    datalist its field points to."""

    organisation = OrganisationNameField(
        label=_("Organisation"),
        help_text=_("Type the first letters of its name and choose it from the list."),
        widget=forms.TextInput(
            attrs={
                "list": "extension-organisations",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "govuk-!-width-two-thirds",
            }
        ),
    )
    deadline = forms.DateTimeField(
        label=_("New deadline"),
        widget=LocalDateTimeInput(attrs={"class": "govuk-input--width-20"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[validate_meeting_time],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisations, **kwargs):
        kwargs.setdefault("auto_id", "extension_%s")  # unique beside the board's filters
        super().__init__(*args, **kwargs)
        self.fields["organisation"].organisations = organisations


class UploadReopenForm(forms.Form):
    """Let one organisation upload again after the meeting, with a reason."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), widget=LongSelect
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    until = forms.DateTimeField(
        label=_("Open until (optional)"),
        required=False,
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[validate_meeting_time],
        help_text=_("Leave empty to keep it open until you change it."),
    )

    def __init__(self, *args, organisations, **kwargs):
        kwargs.setdefault("auto_id", "reopen_%s")  # unique beside the page's other forms
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class BoardFilterForm(forms.Form):
    """The board's filters, sent as a query (they work without JavaScript); the search also
    filters the table's rows as one types (static/js/table-filter.js)."""

    STATUS_CHOICES = [
        ("", _("All")),
        ("behind", _("Behind")),
        ("ready", _("Ready for the meeting")),
        ("not_due", _("Preparation not due yet")),
        ("missing", _("Presentation missing")),
        ("late", _("Late")),
        ("on_time", _("On time")),
        ("extension", _("Extension")),
        ("pending", _("Not uploaded yet")),
    ]
    q = forms.CharField(
        label=_("Search organisation"),
        help_text=_("Name or code. The table follows as you type."),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "data-table-filter": "board-table",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "govuk-!-width-two-thirds",
            }
        ),
    )
    cluster = forms.TypedChoiceField(
        label=_("Cluster"), coerce=int, empty_value=None, required=False
    )
    status = forms.ChoiceField(label=_("Show"), choices=STATUS_CHOICES, required=False)
    task = forms.TypedChoiceField(label=_("Task"), coerce=int, empty_value=None, required=False)
    task_status = forms.ChoiceField(label=_("Task status"), required=False)

    def __init__(self, *args, tasks=(), clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", _("Any task"))] + [
            (task.pk, task.title) for task in tasks
        ]
        self.fields["task_status"].choices = [("", _("Any status"))] + TASK_STATUS_CHOICES
        if clusters:
            self.fields["cluster"].choices = [("", _("All clusters"))] + list(clusters)
        else:  # a cluster's own meeting: nothing to choose
            del self.fields["cluster"]


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "audience", "url", "file"]
        formfield_callback = _https_links

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("url")) == bool(cleaned.get("file")):
            raise forms.ValidationError(_("Give either a link or a file."))
        return cleaned


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["starts_at", "title", "owner", "notes"]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class FeedbackSummaryForm(forms.Form):
    """The Plus / Minus / Interesting summary. Each field carries its initial value in a hidden
    input, so that the one form of the feedback page saves only the boxes the person changed."""

    plus = forms.CharField(
        label=_("Plus"),
        required=False,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    minus = forms.CharField(
        label=_("Minus"),
        required=False,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interesting = forms.CharField(
        label=_("Interesting"),
        required=False,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackOrganisationForm(forms.Form):
    """One organisation's box on the feedback page (see FeedbackSummaryForm on the hidden
    initial values); "ready" is the organiser's mark that the draft is finished."""

    on_presentation = forms.CharField(
        label=_("On the presentation"),
        required=False,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    on_improvement_work = forms.CharField(
        label=_("On the improvement work"),
        required=False,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ready = forms.BooleanField(
        label=_("Ready to release"), required=False, show_hidden_initial=True
    )

    def clean(self):
        data = super().clean()
        texts = [data.get("on_presentation"), data.get("on_improvement_work")]
        if data.get("ready") and not any(texts):
            raise forms.ValidationError(
                _("Write the feedback before marking it ready."), code="empty"
            )
        return data


RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


class EvaluationForm(forms.Form):
    overall = forms.TypedChoiceField(
        label=_("The meeting as a whole (1 = poor, 5 = excellent)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("Useful for our work at home (1–5)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    arrangements = forms.TypedChoiceField(
        label=_("Venue and arrangements (1–5)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ImprovementEffortForm(forms.ModelForm):
    back_note = forms.CharField(
        label=_("Why back to an earlier stage?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The stages go forward: plan, do, study, act. Going back to an earlier stage is "
            "allowed with a note saying why; the note is added to that stage's notes."
        ),
    )

    class Meta:
        model = ImprovementEffort
        fields = [
            "title",
            "area",
            "operation",
            "stage",
            "plan_notes",
            "do_notes",
            "study_notes",
            "act_notes",
            "checklist_items",
            "report_meeting",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["plan_notes", "do_notes", "study_notes", "act_notes"]
        } | {"checklist_items": forms.CheckboxSelectMultiple}

    def __init__(self, *args, meetings, checklist_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_meeting"].queryset = meetings
        self.fields["checklist_items"].queryset = checklist_items


class OrganiserMessageForm(forms.Form):
    """An organiser's own message: who gets it, and the text with placeholders in braces."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    audience = forms.ChoiceField(
        label=_("Who gets the message"),
        choices=OrganiserMessage.Audience.choices,
        widget=forms.RadioSelect,
        initial=OrganiserMessage.Audience.ALL,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when you choose the organisations yourself."),
    )
    team_roles = forms.MultipleChoiceField(
        label=_("Team roles"),
        choices=TeamRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to write to the whole team of each organisation."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations

    def clean(self):
        cleaned = super().clean()
        for name in ("subject", "body"):
            unknown = unknown_placeholders(cleaned.get(name) or "")
            if unknown:
                self.add_error(
                    name,
                    _("Unknown placeholder: %(names)s. Use only the placeholders listed.")
                    % {"names": ", ".join("{" + name + "}" for name in unknown)},
                )
        if cleaned.get("audience") == OrganiserMessage.Audience.PICKED and not cleaned.get(
            "organisations"
        ):
            self.add_error("organisations", _("Choose at least one organisation."))
        return cleaned
