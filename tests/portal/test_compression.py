"""Pages and JSON go out gzip-compressed to a browser that accepts it; file downloads do not
(they are compressed formats already). The CSRF token of a page differs in every response, so
compression gives away nothing about it (BREACH needs a secret that repeats)."""

import gzip
import re

import pytest
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory
from django.urls import reverse

from portal.middleware import CompressTextMiddleware
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_page_is_sent_compressed_and_reads_the_same(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    plain = client.get(reverse("home"))
    packed = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content)
    assert cohort_world.org_a.name.encode() in page
    assert len(packed.content) * 3 < len(page)
    assert packed["Content-Length"] == str(len(packed.content))


def test_the_csrf_token_in_a_compressed_page_is_new_in_every_response(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    tokens = set()
    for _ in range(3):
        response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
        [token] = set(TOKEN.findall(gzip.decompress(response.content)))
        tokens.add(token)
    assert len(tokens) == 3


def _through_middleware(response, accept="gzip"):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept)
    return CompressTextMiddleware(lambda _request: response)(request)


def test_json_is_compressed_and_files_are_not():
    rows = {"rows": [{"organisation": "Växjö", "value": n} for n in range(200)]}
    packed = _through_middleware(JsonResponse(rows))
    assert packed["Content-Encoding"] == "gzip"
    assert b"V\\u00e4xj\\u00f6" in gzip.decompress(packed.content)

    for content_type in (
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    ):
        body = b"%PDF-1.7 " + b"x" * 5000
        response = _through_middleware(HttpResponse(body, content_type=content_type))
        assert not response.has_header("Content-Encoding"), content_type
        assert response.content == body


def test_a_browser_that_does_not_ask_for_gzip_gets_the_plain_page():
    html = "<!doctype html><p>" + "Örebro " * 200
    response = _through_middleware(HttpResponse(html), accept="identity")
    assert not response.has_header("Content-Encoding")
    assert response.content.decode() == html
    assert "Accept-Encoding" in response["Vary"]


def test_staff_pages_are_compressed_too(client, cohort_world):
    factories.login_with_second_factor(client, cohort_world.organiser)
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
