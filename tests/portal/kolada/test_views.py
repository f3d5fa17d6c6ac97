"""The key figure pages: who sees them, what they show, and a fixed number of queries."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.keyfigures.imports import key_figures_seed_starter
from portal.models import Enrolment, KeyFigure, KeyFigureValue, Organisation
from portal.registry import known_organisations
from portal.selectors import is_staff_user
from tests import factories

pytestmark = pytest.mark.django_db

ENGLISH = {"django_language": "en"}


def get(client, user, name, *args, query=""):
    client.cookies.load(ENGLISH)
    if user is not None:
        if is_staff_user(user) and not Authenticator.objects.filter(user=user).exists():
            factories.with_totp(user)
        factories.log_in(client, user)
    return client.get(reverse(name, args=args) + query)


def test_organisation_page_shows_women_and_men_the_gap_and_the_source(client, valued):
    response = get(client, valued.participant_a, "keyfigures_organisation", "2582")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Source: Kolada" in page and "Källa" not in page and "Imported on" in page
    assert "the portal&#x27;s own calculation" in page or "portal's own calculation" in page
    assert "<svg" in page and "<polyline" in page
    # 2023 women and men for Boden, grouped in thousands; the measure has no decimals
    assert ">13,650<" in page and ">14,100<" in page
    assert ">0.97<" in page  # ratio 13650 / 14100, always two decimals
    assert ">\u2212450<" in page  # difference women − men, with a true minus sign
    # N00914 is withheld for Boden: the marker as a word, with what Kolada means by it
    assert ">Confidential<" in page and ">..<" not in page
    assert "so few people are counted that someone could be identified" in page


def test_organisation_page_in_swedish(client, valued):
    factories.log_in(client, valued.participant_a)
    page = client.get(reverse("keyfigures_organisation", args=["2582"])).content.decode()
    assert "Källa: Kolada" in page
    assert ">13\u202f650<" in page and ">0,97<" in page and ">\u2212450<" in page
    assert ">Sekretess<" in page and "Kolada lämnar inte ut värdet" in page


def test_organisation_page_access(client, valued):
    url_args = ("keyfigures_organisation", valued.org_a.code)
    assert get(client, None, *url_args).status_code == 302
    for person, status in [
        (valued.participant_a, 200),
        (valued.participant_b, 404),
        (valued.participant_c, 404),
        (valued.mentor, 200),
        (valued.other_cohort_participant, 404),
        (valued.organiser, 200),
        (valued.admin, 200),
        (valued.no_role, 404),
    ]:
        client.logout()
        assert get(client, person, *url_args).status_code == status, person


def test_cohort_comparison_access(client, valued):
    url_args = ("keyfigures_cohort", valued.cohort.pk)
    assert get(client, None, *url_args).status_code == 302
    for person, status in [
        (valued.participant_a, 404),
        (valued.mentor, 404),
        (valued.other_cohort_participant, 404),
        (valued.organiser, 200),
        (valued.admin, 200),
        (valued.no_role, 404),
    ]:
        client.logout()
        assert get(client, person, *url_args).status_code == status, person
    client.logout()
    other = ("keyfigures_cohort", valued.other_cohort.pk)
    assert get(client, valued.organiser, *other).status_code == 404


def test_staff_need_two_factor_login_for_the_cohort_comparison(client, valued):
    client.force_login(valued.organiser)
    response = client.get(reverse("keyfigures_cohort", args=[valued.cohort.pk]))
    assert response.status_code == 302 and "totp" in response["Location"]


def test_cohort_comparison_is_sortable_and_has_the_national_value(client, valued):
    response = get(
        client,
        valued.admin,
        "keyfigures_cohort",
        valued.cohort.pk,
        query="?kpi=N01951&year=2023&sort=women&order=desc",
    )
    page = response.content.decode()
    assert "Source: Kolada" in page and "Sweden (whole country)" in page
    assert ">5,270,000<" in page and "<svg" in page and "<circle" in page
    comparison = response.context["comparison"]
    assert [row.label for row in comparison.rows][:3] == ["Luleå", "Piteå", "Boden"]
    assert comparison.rows[-1].label == "Eskilstuna"  # no value: always last
    assert comparison.national.women.value == 5270000.0
    assert 'aria-sort="descending"' in page
    by_name = get(client, valued.admin, "keyfigures_cohort", valued.cohort.pk, query="?sort=name")
    assert [row.label for row in by_name.context["comparison"].rows] == [
        "Boden",
        "Eskilstuna",
        "Luleå",
        "Piteå",
    ]


def test_a_missing_value_shows_its_status_marker_in_the_comparison(client, valued):
    response = get(
        client, valued.admin, "keyfigures_cohort", valued.cohort.pk, query="?kpi=N00914&year=2023"
    )
    page = response.content.decode()
    assert ">Missing<" in page and ">Confidential<" in page
    assert 'title="Kolada has no value: it was not reported or not collected (drop-out)."' in page
    # the legend under the table explains each marker shown, with Kolada's own sign
    assert "“..” in Kolada" in page and "“-” in Kolada" in page


def _enrol_all(cohort, count: int) -> None:
    codes = sorted(known_organisations())[:count]
    existing = set(Organisation.objects.values_list("code", flat=True))
    Organisation.objects.bulk_create(
        Organisation(
            code=code, name=known_organisations()[code].name, kind=known_organisations()[code].kind
        )
        for code in codes
        if code not in existing
    )
    enrolled = set(cohort.enrolments.values_list("organisation__code", flat=True))
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, organisation=organisation)
        for organisation in Organisation.objects.filter(code__in=codes).exclude(code__in=enrolled)
    )
    figure = KeyFigure.objects.get(kpi_id="N01951")
    KeyFigureValue.objects.bulk_create(
        [
            KeyFigureValue(key_figure=figure, code=code, year=2023, gender=gender, value=100.0)
            for code in codes
            for gender in "TKM"
        ],
        ignore_conflicts=True,
    )


def test_the_cohort_comparison_takes_the_same_queries_for_3_and_311_organisations(
    client, db, page_queries
):
    key_figures_seed_starter()
    admin = factories.with_totp(factories.user(admin=True))
    small, large = factories.cohort("Small"), factories.cohort("Large")
    _enrol_all(small, 3)
    _enrol_all(large, len(known_organisations()))
    factories.log_in(client, admin)
    client.cookies.load(ENGLISH)
    query = {"kpi": "N01951", "year": "2023"}
    small_queries, small = page_queries(
        client, reverse("keyfigures_cohort", args=[small.pk]), query
    )
    large_queries, large = page_queries(
        client, reverse("keyfigures_cohort", args=[large.pk]), query
    )
    small_rows = len(small.context["comparison"].rows)
    large_rows = len(large.context["comparison"].rows)
    assert (small_rows, large_rows) == (3, 311)
    assert small_queries == large_queries
