"""An organisation's governance chain (styrkedjan) at BM1 and BM3: the diagram, a table of the
links and, for its own team, the form. Its cluster's mentors and the organisers of its cohort or
meetings read it; everyone else gets a 404."""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import TeamRole
from portal.shortcuts import apply_validation_error

from ..governance_diagram import narrow_diagram, wide_diagram
from ..models import GovernanceLink
from ..selectors.governance_chain import governance_chain, governance_enrolment_visible_to
from ..services.governance_chain import (
    EVIDENCE_MAX_LENGTH,
    OWNER_MAX_LENGTH,
    LinkEntry,
    governance_chain_save,
)

TOO_LONG = gettext_lazy(
    "The text can be at most %(limit_value)d characters long (it has %(show_value)d). "
    "Nothing of the chain was saved."
)


class RadioSelect(forms.RadioSelect):
    """Radios whose field points at its first option, so the error summary's link lands on it
    (named as Django's, so the design system's field template draws it as radios)."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class GovernanceChainForm(forms.Form):
    """Per link of the chain: the state (a radio group), the evidence, an owner and the team
    roles that work actively with it. A link may be left unmarked, but not half filled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.links = []
        for value, label in GovernanceLink.Link.choices:
            self.fields[f"{value}-state"] = forms.ChoiceField(
                label=_("Gender perspective in “%(link)s”") % {"link": label},
                choices=GovernanceLink.State.choices,
                required=False,
                widget=RadioSelect,
            )
            self.fields[f"{value}-evidence"] = forms.CharField(
                label=_("Evidence for “%(link)s”") % {"link": label},
                help_text=_("Where can it be seen? Name the document, decision or routine."),
                required=False,
                max_length=EVIDENCE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": TOO_LONG},
            )
            self.fields[f"{value}-owner"] = forms.CharField(
                label=_("Responsible for “%(link)s”") % {"link": label},
                required=False,
                max_length=OWNER_MAX_LENGTH,
                error_messages={"max_length": TOO_LONG},
            )
            self.fields[f"{value}-roles"] = forms.MultipleChoiceField(
                label=_("Roles that work actively with “%(link)s”") % {"link": label},
                choices=TeamRole.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.links.append((value, label))

    def bound_links(self):
        return [
            (
                value,
                label,
                self[f"{value}-state"],
                self[f"{value}-evidence"],
                self[f"{value}-owner"],
                self[f"{value}-roles"],
            )
            for value, label in self.links
        ]

    def clean(self):
        data = super().clean()
        for value, label in self.links:
            described = (
                data.get(f"{value}-evidence")
                or data.get(f"{value}-owner")
                or data.get(f"{value}-roles")
            )
            if described and not data.get(f"{value}-state"):
                self.add_error(
                    f"{value}-state",
                    _(
                        "Choose whether a gender perspective is integrated, partly integrated or missing in “%(link)s”."
                    )
                    % {"link": label},
                )
        return data

    def entries(self) -> list[LinkEntry]:
        data = self.cleaned_data
        return [
            LinkEntry(
                link=value,
                state=data[f"{value}-state"],
                evidence=data[f"{value}-evidence"],
                owner=data[f"{value}-owner"],
                roles=tuple(data[f"{value}-roles"]),
            )
            for value, _label in self.links
            if data[f"{value}-state"]
        ]


@login_required
def governance_chain_page(request, code: str, occasion: str):
    if occasion not in GovernanceLink.OCCASIONS:
        raise Http404
    enrolment = governance_enrolment_visible_to(request.user, code)
    if enrolment is None or not rules.has_perm(
        "meetings.view_governance_chain", request.user, enrolment
    ):
        raise Http404
    may_edit = rules.has_perm("meetings.edit_governance_chain", request.user, enrolment)
    if request.method == "POST" and not may_edit:
        raise Http404
    chain = governance_chain(
        organisation_id=enrolment.organisation_id, cohort_id=enrolment.cohort_id, occasion=occasion
    )
    form = GovernanceChainForm(request.POST or None, initial=chain.initial()) if may_edit else None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                governance_chain_save(
                    organisation=enrolment.organisation,
                    cohort=enrolment.cohort,
                    occasion=occasion,
                    links=form.entries(),
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The governance chain was saved."))
                return redirect(request.path)
    return render(
        request,
        "meetings/governance_chain.html",
        {
            "enrolment": enrolment,
            "organisation": enrolment.organisation,
            "chain": chain,
            "occasion": occasion,
            "other_occasion": "BM3" if occasion == "BM1" else "BM1",
            "diagrams": (wide_diagram(chain), narrow_diagram(chain)),
            "form": form,
            "may_edit": may_edit,
        },
        status=status,
    )
