"""The Kolada client against recorded v3 answers: paging, batching, retries and parsing."""

import httpx
import pytest

from portal.keyfigures.client import BATCH_SIZE, USER_AGENT, KoladaError

from .conftest import recorded

DATA = "/v3/data/kpi/N01951/municipality/0000,2580,2581,2582/year/2022,2023"
CODES = ["0000", "2580", "2581", "2582"]


def test_pages_are_followed_through_next_url(kolada):
    kolada.add(DATA, recorded("data_population_page1.json"))
    kolada.add(f"{DATA}?page=2&per_page=3", recorded("data_population_page2.json"))
    kolada.add(f"{DATA}?page=3&per_page=3", recorded("data_population_page3.json"))
    pages = kolada.client.data("N01951", CODES, [2023, 2022])
    assert [page["count"] for page in pages] == [3, 3, 2]
    assert len(kolada.requests) == 3
    assert kolada.requests[0].url.params["per_page"] == "5000"
    assert {item["municipality"] for page in pages for item in page["values"]} == {
        "2582",
        "2581",
        "2580",
        "0000",
        "1281",
    }


def test_a_polite_user_agent_and_timeouts_are_sent(kolada):
    kolada.add("/v3/kpi/N01951", recorded("kpi_N01951.json"))
    (kpi,) = kolada.client.kpis(["N01951"])
    assert kpi["is_divided_by_gender"] is True and kpi["operating_area"] == "Befolkning"
    request = kolada.requests[0]
    assert request.headers["User-Agent"] == USER_AGENT
    assert kolada.client.http.timeout.read == 20.0 and kolada.client.http.timeout.connect == 5.0


def test_municipality_ids_and_years_are_sent_in_batches_of_at_most_25(kolada):
    kolada.add("/v3/data/kpi/N01951", recorded("kpi_empty.json"))
    codes = [f"{n:04d}" for n in range(1, 31)]
    kolada.client.data("N01951", codes, range(1990, 2020))
    batches = [
        (request.url.path.split("/")[-3].split(","), request.url.path.split("/")[-1].split(","))
        for request in kolada.requests
    ]
    assert len(batches) == 4
    assert all(len(ids) <= BATCH_SIZE and len(years) <= BATCH_SIZE for ids, years in batches)
    assert {(code, year) for ids, years in batches for code in ids for year in years} == {
        (code, str(year)) for code in codes for year in range(1990, 2020)
    }


def test_a_kpi_without_gender_split_has_only_totals(kolada):
    kolada.add(
        "/v3/data/kpi/N00900/municipality/2581,2582/year/2023",
        recorded("data_tax_rate_no_gender.json"),
    )
    (page,) = kolada.client.data("N00900", ["2582", "2581"], [2023])
    assert {value["gender"] for item in page["values"] for value in item["values"]} == {"T"}


def test_429_is_retried_after_the_time_kolada_asks_for(kolada):
    kolada.add(
        "/v3/kpi/N01951",
        httpx.Response(429, headers={"Retry-After": "7"}),
        recorded("kpi_N01951.json"),
    )
    assert kolada.client.kpis(["N01951"])[0]["id"] == "N01951"
    assert kolada.sleeps == [7.0]


def test_500_and_a_timeout_are_retried_with_growing_backoff(kolada):
    kolada.add(
        "/v3/kpi/N01951",
        httpx.Response(500),
        httpx.ReadTimeout("slow"),
        recorded("kpi_N01951.json"),
    )
    assert kolada.client.kpis(["N01951"])[0]["title"] == "Invånare totalt, antal"
    assert kolada.sleeps == [1.0, 2.0]


def test_giving_up_after_the_last_attempt_raises_a_kolada_error(kolada):
    kolada.add("/v3/kpi/N01951", httpx.ConnectTimeout("down"))
    with pytest.raises(KoladaError, match="did not answer"):
        kolada.client.kpis(["N01951"])
    assert len(kolada.requests) == 4 and kolada.sleeps == [1.0, 2.0, 4.0]


def test_a_client_error_is_not_retried(kolada):
    kolada.add("/v3/kpi/N01951", httpx.Response(400))
    with pytest.raises(KoladaError, match="HTTP 400"):
        kolada.client.kpis(["N01951"])
    assert len(kolada.requests) == 1


def test_an_answer_that_is_not_a_kolada_envelope_is_refused(kolada):
    kolada.add("/v3/kpi/N01951", httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(KoladaError, match="not JSON"):
        kolada.client.kpis(["N01951"])


def test_next_url_to_another_host_is_not_followed(kolada):
    page = recorded("kpi_N01951.json") | {"next_url": "https://evil.example.org/v3/kpi?page=2"}
    kolada.add("/v3/kpi/N01951", page)
    with pytest.raises(KoladaError, match="another host"):
        kolada.client.kpis(["N01951"])
    assert len(kolada.requests) == 1
