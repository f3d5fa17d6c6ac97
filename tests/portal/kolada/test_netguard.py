"""The test suite never opens a real network connection; loopback still works."""

import socket

import httpx
import pytest

from portal.keyfigures.client import KoladaClient, KoladaError
from tests.netguard import OutsideNetworkBlocked


def test_a_connection_to_the_outside_is_refused():
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as outside,
        pytest.raises(OutsideNetworkBlocked),
    ):
        outside.connect(("192.0.2.1", 443))  # TEST-NET-1, never routed
    with (
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as outside,
        pytest.raises(OutsideNetworkBlocked),
    ):
        outside.connect(("2001:db8::1", 443))


def test_the_real_kolada_client_cannot_reach_kolada_in_tests():
    client = KoladaClient(max_attempts=1)
    with pytest.raises(KoladaError):
        client.kpis(["N01951"])


def test_loopback_is_allowed():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass


def test_httpx_to_an_outside_address_is_refused():
    with pytest.raises(httpx.ConnectError):
        httpx.get("http://192.0.2.1/", timeout=2)
