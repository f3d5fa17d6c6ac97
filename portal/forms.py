from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from .models import TeamRole


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    team_role = forms.ChoiceField(label=_("Team role"), choices=TeamRole.choices)


class InvitationSignupForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address the invitation was sent to."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundForm(forms.Form):
    """A new round: its name and dates, and optionally the earlier round it copies."""

    name = forms.CharField(label=_("Name of the round"), max_length=200)
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source_cohort = forms.ModelChoiceField(
        label=_("Copy an earlier round"),
        queryset=None,
        required=False,
        empty_label=_("No, start from the programme template"),
        help_text=_(
            "A copy takes the earlier round's programme and the names of its clusters, "
            "not its organisations."
        ),
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_cohort"].queryset = cohorts

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The cohort cannot end before it starts."))
        return cleaned


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("Name of the cluster"), max_length=200)


def _cluster_field(cohort, label, required=False):
    field = forms.ModelChoiceField(
        label=label,
        queryset=cohort.clusters.order_by("name"),
        required=required,
        empty_label=_("No cluster yet"),
    )
    field.label_from_instance = lambda cluster: cluster.name  # the round is the page's own
    return field


class EnrolCodesForm(forms.Form):
    """Organisations pasted as a list of codes."""

    codes = forms.CharField(
        label=_("Organisation codes"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("One code per line, or separated by commas, e.g. 0180, 1480, 0014."),
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"] = _cluster_field(cohort, _("Cluster"))


class RegisterSearchForm(forms.Form):
    is_filter = True
    q = forms.CharField(
        label=_("Search the register by name, code or county"), max_length=100, required=False
    )


class EnrolSelectedForm(forms.Form):
    """Organisations ticked in the register's search results."""

    selected = forms.MultipleChoiceField(
        label=_("Organisations found"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cohort, found, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [
            (known.code, f"{known.name} ({known.code})") for known in found
        ]
        self.fields["cluster"] = _cluster_field(cohort, _("Cluster"))


class BulkInvitationForm(forms.Form):
    """A list of people, pasted or as a file; one of the two."""

    text = forms.CharField(
        label=_("Paste the list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_(
            "One person per line: name, e-mail address, organisation code, team role "
            "(separated by tabs, semicolons or commas), e.g. copied from a spreadsheet."
        ),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_(
            "A CSV file or an Excel workbook (.xlsx) with the same four columns, at most 1 MB "
            "and 500 people. A first row of headings is recognised."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("Paste a list or choose a file."))
        if cleaned.get("text", "").strip() and cleaned.get("file"):
            raise forms.ValidationError(_("Paste a list or choose a file, not both."))
        return cleaned


class MeetingProposalForm(forms.Form):
    """One proposed meeting of a new round: create it or not, on which day, under which title."""

    create = forms.BooleanField(label=_("Create"), required=False)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=200)


MeetingProposalFormSet = forms.formset_factory(MeetingProposalForm, extra=0)
