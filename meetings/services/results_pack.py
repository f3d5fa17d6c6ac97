"""Writes of an organisation's BM3 results pack: the key figures (from Kolada, split by sex) it
chose to show at the meeting, their order and what it reads in each. Only the organisation's
own team writes them; every refusal leaves the pack as it was."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.keyfigures.models import KeyFigure, KeyFigureValue
from portal.models import Cohort, Enrolment, Organisation, User
from portal.rules import is_member_of

from ..models import ResultsKeyFigure

MAX_RESULTS_FIGURES = 6  # a meeting's worth of slides
COMMENT_MAX_LENGTH = 2000
DIRECTIONS = ("up", "down")


def key_figure_split_for(key_figure: KeyFigure, organisation: Organisation) -> bool:
    """Kolada splits the figure by sex and has a value for women and one for men of the
    organisation (in some year)."""
    if not key_figure.divided_by_gender:
        return False
    genders = set(
        KeyFigureValue.objects.filter(
            key_figure=key_figure,
            code=organisation.code,
            gender__in=[KeyFigureValue.Gender.WOMEN, KeyFigureValue.Gender.MEN],
            value__isnull=False,
        )
        .order_by()
        .values_list("gender", flat=True)
        .distinct()
    )
    return genders == {KeyFigureValue.Gender.WOMEN, KeyFigureValue.Gender.MEN}


def _check_team(organisation: Organisation, cohort: Cohort, by: User) -> None:
    if not is_member_of(by, organisation):
        raise PermissionDenied(_("Only the organisation's own team can change its results pack."))
    if not Enrolment.objects.filter(organisation=organisation, cohort=cohort).exists():
        raise ValidationError(_("The organisation does not take part in this cohort."))


def _chosen(organisation: Organisation, cohort: Cohort, key_figure: KeyFigure) -> ResultsKeyFigure:
    row = (
        ResultsKeyFigure.objects.select_for_update()
        .filter(organisation=organisation, cohort=cohort, key_figure=key_figure)
        .first()
    )
    if row is None:
        raise ValidationError(
            {
                "key_figure": _("“%(title)s” is not in the results pack.")
                % {"title": key_figure.title}
            }
        )
    return row


def results_key_figure_add(
    *, organisation: Organisation, cohort: Cohort, key_figure: KeyFigure, by: User
) -> ResultsKeyFigure:
    """Put a key figure last in the organisation's results pack."""
    _check_team(organisation, cohort, by)
    title = {"title": key_figure.title}
    if not key_figure.in_use:
        raise ValidationError(
            {"key_figure": _("“%(title)s” is no longer followed in the portal.") % title}
        )
    if not key_figure_split_for(key_figure, organisation):
        raise ValidationError(
            {
                "key_figure": _(
                    "“%(title)s” is not split by sex for the organisation in Kolada: the results "
                    "pack shows women and men side by side. Choose a key figure split by sex."
                )
                % title
            }
        )
    with transaction.atomic():
        chosen = ResultsKeyFigure.objects.select_for_update().filter(
            organisation=organisation, cohort=cohort
        )
        if chosen.filter(key_figure=key_figure).exists():
            raise ValidationError(
                {"key_figure": _("“%(title)s” is already in the results pack.") % title}
            )
        if chosen.count() >= MAX_RESULTS_FIGURES:
            raise ValidationError(
                {
                    "key_figure": _(
                        "The results pack holds at most %(limit)s key figures. Remove one first."
                    )
                    % {"limit": MAX_RESULTS_FIGURES}
                }
            )
        last = chosen.aggregate(last=Max("position"))["last"]
        row = ResultsKeyFigure(
            organisation=organisation,
            cohort=cohort,
            key_figure=key_figure,
            position=0 if last is None else last + 1,
            chosen_by=by,
        )
        row.full_clean()
        row.save()
        audit_record(
            actor=by,
            action="results_pack.add",
            obj=row,
            after={"key_figure": key_figure.kpi_id, "cohort": cohort.pk},
        )
    return row


def results_key_figure_remove(
    *, organisation: Organisation, cohort: Cohort, key_figure: KeyFigure, by: User
) -> None:
    _check_team(organisation, cohort, by)
    with transaction.atomic():
        row = _chosen(organisation, cohort, key_figure)
        audit_record(
            actor=by,
            action="results_pack.remove",
            obj=row,
            before={"key_figure": key_figure.kpi_id, "comment": row.comment},
        )
        row.delete()


def results_key_figure_move(
    *,
    organisation: Organisation,
    cohort: Cohort,
    key_figure: KeyFigure,
    direction: str,
    by: User,
) -> None:
    """Move a key figure one place up or down in the pack (the first stays first)."""
    _check_team(organisation, cohort, by)
    if direction not in DIRECTIONS:
        raise ValidationError(_("Move a key figure up or down."))
    with transaction.atomic():
        _chosen(organisation, cohort, key_figure)
        rows = list(
            ResultsKeyFigure.objects.select_for_update()
            .filter(organisation=organisation, cohort=cohort)
            .order_by("position", "pk")
        )
        index = next(i for i, row in enumerate(rows) if row.key_figure_id == key_figure.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(rows):
            return
        rows[index], rows[other] = rows[other], rows[index]
        for position, row in enumerate(rows):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
        audit_record(
            actor=by,
            action="results_pack.move",
            obj=rows[other],
            after={"key_figure": key_figure.kpi_id, "move": direction},
        )


def results_key_figure_comment(
    *,
    organisation: Organisation,
    cohort: Cohort,
    key_figure: KeyFigure,
    comment: str,
    by: User,
) -> ResultsKeyFigure:
    """Save what the organisation reads in the figure (an empty text clears it)."""
    _check_team(organisation, cohort, by)
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": _(
                    "The comment can be at most %(limit)s characters long (it has %(count)s)."
                )
                % {"limit": COMMENT_MAX_LENGTH, "count": len(comment)}
            }
        )
    with transaction.atomic():
        row = _chosen(organisation, cohort, key_figure)
        if row.comment == comment:
            return row
        before = row.comment
        row.comment = comment
        row.save(update_fields=["comment"])
        audit_record(
            actor=by,
            action="results_pack.comment",
            obj=row,
            before={"comment": before},
            after={"key_figure": key_figure.kpi_id, "comment": comment},
        )
    return row
