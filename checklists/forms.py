from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Cluster, Organisation, User
from portal.occasions import OCCASION_ORDER, Occasion

from .excel import MAX_COMMENT_LENGTH
from .models import ChecklistVersion
from .selectors import AssessmentPage


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AssessmentForm(forms.Form):
    """Who took part, and per item a score, a comment and the revision the page was loaded
    with. Scores and comments keep their loaded values in hidden fields, so only what this
    person changed counts as a change."""

    participants = forms.ModelMultipleChoiceField(
        label=_("Who took part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The assessment is done jointly: politician, manager and strategist together."),
    )
    other_participants = forms.CharField(
        label=_("Others who took part"),
        required=False,
        max_length=500,
        help_text=_("Names and roles of people without an account here."),
    )
    assessed_on = forms.DateField(
        label=_("Date of the assessment"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
    )

    def __init__(self, *args, page: AssessmentPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["participants"].queryset = User.objects.filter(
            pk__in=[user.pk for user in page.team]
        ).order_by("full_name", "email")
        self.fields["participants"].initial = [user.pk for user in page.participants]
        if page.assessment is not None:
            self.fields["other_participants"].initial = page.assessment.other_participants
            self.fields["assessed_on"].initial = page.assessment.assessed_on
        choices = [("", _("Not scored yet"))] + [
            (str(value), f"{value} – {label}") for value, label in page.data.scale.levels
        ]
        for row in page.rows:
            number = row.item.number
            self.fields[f"score_{number}"] = forms.TypedChoiceField(
                label=_("Score"),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                show_hidden_initial=True,
                initial=str(row.current.score) if row.current.score is not None else "",
            )
            self.fields[f"comment_{number}"] = forms.CharField(
                label=_("Comment on item %(number)s") % {"number": number},
                required=False,
                max_length=MAX_COMMENT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                show_hidden_initial=True,
                initial=row.current.comment,
            )
            self.fields[f"revision_{number}"] = forms.IntegerField(
                min_value=0, widget=forms.HiddenInput, initial=row.current.revision
            )

    def item_fields(self, number: int):
        return self[f"score_{number}"], self[f"comment_{number}"], self[f"revision_{number}"]

    def changed_items(self) -> list[int]:
        changed = set(self.changed_data)
        return [
            row.item.number
            for row in self.page.rows
            if {f"score_{row.item.number}", f"comment_{row.item.number}"} & changed
        ]

    def details_changed(self) -> bool:
        return bool({"participants", "other_participants", "assessed_on"} & set(self.changed_data))


class ItemSaveForm(forms.Form):
    """One item saved as you go (the JSON endpoint)."""

    score = forms.IntegerField(required=False)
    comment = forms.CharField(required=False, max_length=MAX_COMMENT_LENGTH)
    revision = forms.IntegerField(min_value=0)


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook"),
        help_text=_("The Excel workbook (.xlsx) you downloaded here, filled in."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": _("Choose a workbook to upload."),
            "empty": _("The file is empty."),
        },
        allow_empty_file=True,  # the workbook reader explains an empty file like any other
    )


SORT_DIRECTIONS = [("asc", _("Ascending")), ("desc", _("Descending"))]


class ComparisonFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=None, required=False, empty_label=_("All cohorts")
    )
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=None, required=False, empty_label=_("All clusters")
    )
    kind = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("Municipalities and regions"))] + list(Organisation.Kind.choices),
    )
    occasion = forms.ChoiceField(
        label=_("Occasion"), choices=Occasion.choices, required=False, initial=Occasion.BM1
    )
    base = forms.ChoiceField(
        label=_("Movement since"),
        required=False,
        choices=[("", _("No comparison"))] + list(Occasion.choices),
    )
    version = forms.ModelChoiceField(
        label=_("Checklist version"),
        queryset=ChecklistVersion.objects.all(),
        required=False,
        empty_label=None,
    )
    drafts = forms.BooleanField(label=_("Include drafts"), required=False)
    sort = forms.RegexField(
        label=_("Sort by"),
        regex=r"^(name|cohort|total|movement|item_\d{1,3})$",
        required=False,
        widget=forms.Select,
    )
    order = forms.ChoiceField(label=_("Order"), choices=SORT_DIRECTIONS, required=False)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cluster"].queryset = Cluster.objects.filter(cohort__in=cohorts).select_related(
            "cohort"
        )
        self.set_sort_choices([])

    def set_sort_choices(self, item_numbers: list[int]) -> None:
        self.fields["sort"].widget.choices = [
            ("name", _("Organisation")),
            ("cohort", _("Cohort and cluster")),
            ("total", _("Total")),
            ("movement", _("Movement")),
        ] + [
            (f"item_{number}", _("Item %(number)s") % {"number": number}) for number in item_numbers
        ]

    @staticmethod
    def default_filters() -> dict:
        return {
            "cohort": None,
            "cluster": None,
            "kind": "",
            "occasion": Occasion.BM1,
            "base": None,
            "version": None,
            "include_drafts": False,
            "sort": "name",
            "descending": False,
        }

    def filters(self) -> dict:
        data = self.cleaned_data
        occasion = data.get("occasion") or Occasion.BM1
        base = data.get("base") or None
        if base and OCCASION_ORDER.index(base) == OCCASION_ORDER.index(occasion):
            base = None
        return {
            "cohort": data.get("cohort"),
            "cluster": data.get("cluster"),
            "kind": data.get("kind") or "",
            "occasion": occasion,
            "base": base,
            "version": data.get("version"),
            "include_drafts": bool(data.get("drafts")),
            "sort": data.get("sort") or "name",
            "descending": data.get("order") == "desc",
        }
