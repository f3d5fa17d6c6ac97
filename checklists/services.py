"""Every write of checklists and assessments goes through here."""

from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.models import (
    Cluster,
    Cohort,
    Enrolment,
    Organisation,
    PendingImport,
    User,
)
from portal.occasions import OCCASION_ORDER, Occasion
from portal.rules import is_member_of, organises_cohort
from portal.staged_imports import pending_import_create
from portal.workbooks import WorkbookInvalid, WorkbookProblem, normalise_text

from . import composition, selectors
from .excel import read_assessment_workbook
from .models import SHEET_NAMES, Assessment, ChecklistItem, ItemScore, OccasionDate


@dataclass(frozen=True)
class ScoreChange:
    """One item's new score and comment, and the revision the person started from."""

    number: int
    score: int | None
    comment: str
    expected_revision: int


@dataclass(frozen=True)
class Conflict:
    """A change refused because someone saved the item after the person loaded it."""

    number: int
    score: int | None
    comment: str
    revision: int
    updated_by: str
    updated_at: datetime | None
    occasion: str


class StaleScores(Exception):
    def __init__(self, conflicts: list[Conflict]):
        super().__init__(", ".join(str(conflict.number) for conflict in conflicts))
        self.conflicts = conflicts


def _enrolment(organisation: Organisation, cohort: Cohort) -> Enrolment:
    enrolment = Enrolment.objects.filter(organisation=organisation, cohort=cohort).first()
    if enrolment is None:
        raise ValidationError(_("The organisation is not enrolled in this cohort."))
    return enrolment


def _check_occasion(occasion: str) -> None:
    if occasion not in Occasion.values:
        raise ValidationError(_("Unknown assessment occasion."))


def _check_member(by: User, organisation: Organisation) -> None:
    if not is_member_of(by, organisation):
        raise PermissionDenied


def _check_open(assessment: Assessment, now: datetime) -> None:
    lock_time = selectors.assessment_lock_time(
        organisation=assessment.organisation, cohort=assessment.cohort, occasion=assessment.occasion
    )
    if selectors.is_locked(assessment, lock_time=lock_time, now=now):
        raise ValidationError(
            _("The assessment is locked: the meeting started %(when)s. An organiser can reopen it.")
            % {"when": timezone.localtime(lock_time).strftime("%Y-%m-%d %H:%M")}
        )


def assessment_start(
    *, organisation: Organisation, cohort: Cohort, occasion: str, by: User | None
) -> Assessment:
    """The organisation's assessment for the occasion, created with the default version (or the
    version of its other occasions, so one cohort compares like with like)."""
    _check_occasion(occasion)
    _enrolment(organisation, cohort)
    existing = selectors.find_assessment(
        organisation=organisation, cohort=cohort, occasion=occasion
    )
    if existing:
        return existing
    version = selectors.workbook_version(organisation=organisation, cohort=cohort)
    if version is None:
        raise ValidationError(_("No checklist version has been set up yet."))
    with transaction.atomic():
        assessment, created = Assessment.objects.get_or_create(
            organisation=organisation,
            cohort=cohort,
            occasion=occasion,
            defaults={"version": version},
        )
        if created:
            audit_record(
                actor=by,
                action="assessment.start",
                obj=assessment,
                after={"version": version.code, "occasion": occasion},
            )
    return assessment


def _validate_change(change: ScoreChange, items: dict[int, ChecklistItem], scale) -> None:
    if change.number not in items:
        raise ValidationError(
            _("The checklist has no item %(number)s.") % {"number": change.number}
        )
    if change.score is not None and not scale.contains(change.score):
        raise ValidationError(
            {
                f"score_{change.number}": _("Choose a score on the scale %(range)s.")
                % {"range": scale.range_text()}
            }
        )


def assessment_save_scores(
    *,
    assessment: Assessment,
    changes: list[ScoreChange],
    by: User,
    now: datetime | None = None,
    action: str = "assessment.scores",
) -> list[ItemScore]:
    """Save changed items, all or none. An item saved by someone else since the person loaded it
    is refused (StaleScores, with the newer values), so nobody overwrites a colleague silently."""
    now = now or timezone.now()
    _check_member(by, assessment.organisation)
    data = selectors.version_data(assessment.version)
    items = {item.number: item for item in data.items}
    for change in changes:
        _validate_change(change, items, data.scale)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_open(assessment, now)
        stored = {
            row.item_id: row
            for row in ItemScore.objects.select_for_update(of=("self",))
            .filter(assessment=assessment)
            .select_related("updated_by")
        }
        conflicts, to_save = [], []
        for change in changes:
            item = items[change.number]
            row = stored.get(item.pk) or ItemScore(assessment=assessment, item=item)
            comment = normalise_text(change.comment)
            if row.score == change.score and row.comment == comment:
                continue  # the same values: nothing to do, whoever saved them
            if row.revision != change.expected_revision:
                conflicts.append(
                    Conflict(
                        number=change.number,
                        score=row.score,
                        comment=row.comment,
                        revision=row.revision,
                        updated_by=str(row.updated_by) if row.updated_by else "",
                        updated_at=row.updated_at,
                        occasion=assessment.occasion,
                    )
                )
                continue
            to_save.append((row, change.score, comment))
        if conflicts:
            raise StaleScores(conflicts)
        saved = []
        for row, score, comment in to_save:
            before = {"item": row.item.number, "score": row.score, "comment": row.comment}
            row.score, row.comment = score, comment
            row.revision += 1
            row.updated_by = by
            row.save()
            audit_record(
                actor=by,
                action=action,
                obj=assessment,
                before=before,
                after={"item": row.item.number, "score": score, "comment": comment},
            )
            saved.append(row)
    return saved


def assessment_set_details(
    *,
    assessment: Assessment,
    participants: list[User],
    other_participants: str,
    assessed_on: date | None,
    by: User,
    now: datetime | None = None,
) -> Assessment:
    """Who took part in the joint assessment, and when it was done."""
    now = now or timezone.now()
    _check_member(by, assessment.organisation)
    team = {user.pk for user in composition.organisation_team_users(assessment.organisation)}
    if any(person.pk not in team for person in participants):
        raise ValidationError(
            {"participants": _("Only members of the organisation can be chosen.")}
        )
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_open(assessment, now)
        before = {
            "participants": sorted(assessment.participants.values_list("pk", flat=True)),
            "other_participants": assessment.other_participants,
            "assessed_on": assessment.assessed_on.isoformat() if assessment.assessed_on else None,
        }
        assessment.other_participants = other_participants.strip()
        assessment.assessed_on = assessed_on
        assessment.full_clean()
        assessment.save(update_fields=["other_participants", "assessed_on"])
        assessment.participants.set(participants)
        after = {
            "participants": sorted(person.pk for person in participants),
            "other_participants": assessment.other_participants,
            "assessed_on": assessed_on.isoformat() if assessed_on else None,
        }
        if before != after:
            audit_record(
                actor=by, action="assessment.details", obj=assessment, before=before, after=after
            )
    return assessment


def assessment_submit_problems(assessment: Assessment) -> list[str]:
    """What stops the assessment from being submitted: unscored items, or nobody recorded as
    taking part. Empty when it can be submitted."""
    data = selectors.version_data(assessment.version)
    scored = set(
        ItemScore.objects.filter(assessment=assessment, score__isnull=False).values_list(
            "item__number", flat=True
        )
    )
    missing = [number for number in data.item_numbers if number not in scored]
    problems = []
    if missing:
        problems.append(
            _("Score every item before submitting. Not scored yet: %(items)s.")
            % {"items": ", ".join(str(number) for number in missing)}
        )
    if not assessment.participants.exists() and not assessment.other_participants:
        problems.append(_("Record who took part in the joint assessment before submitting."))
    return problems


def assessment_submit(
    *, assessment: Assessment, by: User, now: datetime | None = None
) -> Assessment:
    """Mark the assessment as done: every item scored and who took part recorded. The meeting's
    self-assessment task reads this (selectors.submitted_organisation_ids). Core roles missing
    among those who took part do not stop it; they are kept on the assessment and in the audit
    record, so organisers can see later that the team was incomplete."""
    now = now or timezone.now()
    _check_member(by, assessment.organisation)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_open(assessment, now)
        if assessment.status == Assessment.Status.SUBMITTED:
            return assessment
        errors = assessment_submit_problems(assessment)
        if errors:
            raise ValidationError(errors)
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_at, assessment.submitted_by = now, by
        assessment.missing_roles = composition.assessment_missing_roles(assessment)
        if assessment.assessed_on is None:
            assessment.assessed_on = timezone.localtime(now).date()
        assessment.save(
            update_fields=[
                "status",
                "submitted_at",
                "submitted_by",
                "assessed_on",
                "missing_roles",
            ]
        )
        after = {"status": Assessment.Status.SUBMITTED}
        if assessment.missing_roles:
            after["missing_roles"] = assessment.missing_roles
        audit_record(
            actor=by,
            action="assessment.submit",
            obj=assessment,
            before={"status": Assessment.Status.DRAFT},
            after=after,
        )
    return assessment


def assessment_reopen(
    *,
    organisation: Organisation,
    cohort: Cohort,
    occasion: str,
    by: User,
    now: datetime | None = None,
) -> Assessment:
    """An organiser of the cohort (or an admin) opens a locked assessment for changes again
    until the next meeting start; it stays a draft until the organisation submits again."""
    now = now or timezone.now()
    if not organises_cohort(by, cohort):
        raise PermissionDenied
    assessment = assessment_start(
        organisation=organisation, cohort=cohort, occasion=occasion, by=by
    )
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        lock_time = selectors.assessment_lock_time(
            organisation=organisation, cohort=cohort, occasion=occasion
        )
        if not selectors.is_locked(assessment, lock_time=lock_time, now=now):
            raise ValidationError(_("The assessment is not locked."))
        before = {"status": assessment.status, "reopened_at": None}
        assessment.reopened_at, assessment.reopened_by = now, by
        assessment.status = Assessment.Status.DRAFT
        assessment.save(update_fields=["reopened_at", "reopened_by", "status"])
        audit_record(
            actor=by,
            action="assessment.reopen",
            obj=assessment,
            before=before,
            after={"status": assessment.status, "reopened_at": now.isoformat()},
        )
    return assessment


def occasion_date_set(
    *, cohort: Cohort, cluster: Cluster | None, occasion: str, starts_at: datetime | None
) -> OccasionDate | None:
    """Record when the meeting of an occasion starts (for a cluster, or with cluster=None for
    the whole cohort); assessments lock then. starts_at=None removes the date."""
    _check_occasion(occasion)
    if cluster is not None and cluster.cohort_id != cohort.pk:
        raise ValidationError({"cluster": _("The cluster belongs to another cohort.")})
    with transaction.atomic():
        if starts_at is None:
            OccasionDate.objects.filter(cohort=cohort, cluster=cluster, occasion=occasion).delete()
            return None
        row, _created = OccasionDate.objects.update_or_create(
            cohort=cohort, cluster=cluster, occasion=occasion, defaults={"starts_at": starts_at}
        )
    return row


# --- Excel import, staged in portal.staged_imports ------------------------------------------

IMPORT_KIND = "checklists"


@dataclass(frozen=True)
class ImportChange:
    occasion: str
    number: int
    old_score: int | None
    old_comment: str
    new_score: int | None
    new_comment: str
    expected_revision: int


def assessment_import_prepare(
    *, organisation: Organisation, cohort: Cohort, content: bytes, filename: str, by: User
) -> PendingImport:
    """Validate a filled workbook and keep the differences for the person to confirm. Raises
    WorkbookInvalid listing every problem; nothing is changed until confirmed."""
    _check_member(by, organisation)
    _enrolment(organisation, cohort)
    version = selectors.workbook_version(organisation=organisation, cohort=cohort)
    if version is None:
        raise ValidationError(_("No checklist version has been set up yet."))
    data = selectors.version_data(version)
    parsed = read_assessment_workbook(
        content,
        organisation_code=organisation.code,
        item_numbers=data.item_numbers,
        scale=data.scale,
    )
    states = selectors.score_states_by_occasion(organisation=organisation, cohort=cohort)
    assessments = selectors.assessments_by_occasion(organisation=organisation, cohort=cohort)
    now = timezone.now()
    changes, problems = [], []
    for occasion in OCCASION_ORDER:
        if occasion not in parsed:
            continue
        stored = states.get(occasion, {})
        occasion_changes = []
        for number in data.item_numbers:
            new_score, new_comment = parsed[occasion][number]
            state = stored.get(number, selectors.ScoreState())
            if (state.score, state.comment) != (new_score, new_comment):
                occasion_changes.append(
                    ImportChange(
                        occasion=occasion,
                        number=number,
                        old_score=state.score,
                        old_comment=state.comment,
                        new_score=new_score,
                        new_comment=new_comment,
                        expected_revision=state.revision,
                    )
                )
        assessment = assessments.get(occasion)
        if occasion_changes and assessment is not None and assessment.version_id != version.pk:
            problems.append(
                WorkbookProblem(
                    _("This occasion uses another checklist version and cannot be imported."),
                    sheet=SHEET_NAMES[occasion],
                )
            )
        lock_time = selectors.assessment_lock_time(
            organisation=organisation, cohort=cohort, occasion=occasion
        )
        if occasion_changes and selectors.is_locked(assessment, lock_time=lock_time, now=now):
            problems.append(
                WorkbookProblem(
                    _(
                        "The assessment is locked because the meeting has started, so its "
                        "changes cannot be imported. An organiser can reopen it."
                    ),
                    sheet=SHEET_NAMES[occasion],
                )
            )
        changes.extend(occasion_changes)
    if problems:
        raise WorkbookInvalid(problems)
    return pending_import_create(
        kind=IMPORT_KIND,
        organisation=organisation,
        cohort=cohort,
        target={},
        filename=filename,
        payload=[asdict(change) for change in changes],
        by=by,
        now=now,
    )


def assessment_import_changes(pending: PendingImport) -> list[ImportChange]:
    """The changes of a previewed import: worked out when the workbook was checked."""
    return [ImportChange(**change) for change in pending.payload]


def assessment_import_apply(*, pending: PendingImport, by: User, now: datetime) -> int:
    """Save a previewed import's changes inside the confirming transaction
    (portal.staged_imports.pending_import_confirm). Items changed by someone since the preview
    are refused (StaleScores), as in the form."""
    changes = assessment_import_changes(pending)
    count = 0
    for occasion in OCCASION_ORDER:
        mine = [change for change in changes if change.occasion == occasion]
        if not mine:
            continue
        assessment = assessment_start(
            organisation=pending.organisation, cohort=pending.cohort, occasion=occasion, by=by
        )
        count += len(
            assessment_save_scores(
                assessment=assessment,
                changes=[
                    ScoreChange(
                        number=change.number,
                        score=change.new_score,
                        comment=change.new_comment,
                        expected_revision=change.expected_revision,
                    )
                    for change in mine
                ],
                by=by,
                now=now,
                action="assessment.import",
            )
        )
    return count
