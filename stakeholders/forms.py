from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import SCALE_MAX, SCALE_MIN, Stakeholder
from .selectors import ROW_FIELDS

LEVEL_NAMES = {1: _("low"), 2: _("medium"), 3: _("high")}
SCALE_CHOICES = [
    (level, format_lazy("{} – {}", level, LEVEL_NAMES[level]))
    for level in range(SCALE_MIN, SCALE_MAX + 1)
]


class DescribedErrorsMixin:
    """Ties each field's error list (rendered with the id `<auto_id>_error` by
    includes/form_field.html) to its input, next to the help text."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)


class StakeholderForm(DescribedErrorsMixin, forms.ModelForm):
    """One stakeholder. The owner's choices are given (the team, read once for the page) so
    that a page with many forms makes no query per form."""

    owner = forms.TypedChoiceField(
        label=_("Owner"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _("The owner must be a member of the organisation's team.")
        },
    )
    influence = forms.TypedChoiceField(
        label=_("Influence"), choices=SCALE_CHOICES, coerce=int, empty_value=None
    )
    interest = forms.TypedChoiceField(
        label=_("Interest"), choices=SCALE_CHOICES, coerce=int, empty_value=None
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Stakeholder
        fields = [name for name in ROW_FIELDS if name not in ("owner", "influence", "interest")]
        widgets = {
            "interest_in_work": forms.Textarea(attrs={"rows": 2}),
            "benefit": forms.Textarea(attrs={"rows": 2}),
            "conflicts": forms.Textarea(attrs={"rows": 2}),
            "key_message": forms.Textarea(attrs={"rows": 2}),
            "next_action_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {member.pk: member for member in members}
        self.fields["owner"].choices = [("", "—")] + [
            (member.pk, str(member)) for member in members
        ]
        for name in ("influence", "interest"):
            field = self.fields[name]
            field.help_text = Stakeholder._meta.get_field(name).help_text
            field.choices = [("", "—")] + list(SCALE_CHOICES)
        if self.instance.pk:
            # Declared above rather than listed in Meta.fields, so not filled from the instance.
            self.initial["owner"] = self.instance.owner_id
            self.initial["influence"] = self.instance.influence
            self.initial["interest"] = self.instance.interest
            self.initial["revision"] = self.instance.revision
        order = [*ROW_FIELDS, "revision"]
        self.order_fields(order)

    def _post_clean(self):
        """The service validates the model, with the owner; nothing to do here."""

    def row_values(self) -> dict:
        values = {name: self.cleaned_data.get(name) for name in ROW_FIELDS}
        values["owner"] = self.members.get(values["owner"])
        return values


class VersionStartForm(forms.Form):
    occasion = forms.ChoiceField(label=_("Occasion"))

    def __init__(self, *args, occasions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occasion"].choices = list(occasions)


class WorkbookUploadForm(DescribedErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
