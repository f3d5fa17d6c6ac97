"""No test may reach the outside world: sockets may connect to loopback and unix sockets only.

PostgreSQL, Redis, live_server and Chromium all run on loopback; Kolada, SMTP and everything
else outside are mocked at the edge. Enable for the whole suite from tests/conftest.py with
``pytest_plugins = ["tests.netguard"]``."""

import ipaddress
import socket

import pytest


class OutsideNetworkBlocked(OSError):
    """A test tried to open a connection to a host that is not this machine."""


def _is_local(family: int, address) -> bool:
    if family == getattr(socket, "AF_UNIX", object()):
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a name that would need a DNS lookup of the outside world


def _guarded(original):
    def connect(self, address, *args, **kwargs):
        if not _is_local(self.family, address):
            raise OutsideNetworkBlocked(f"Tests may not connect to {address!r}")
        return original(self, address, *args, **kwargs)

    return connect


@pytest.fixture(autouse=True, scope="session")
def refuse_outside_network():
    patch = pytest.MonkeyPatch()
    patch.setattr(socket.socket, "connect", _guarded(socket.socket.connect))
    patch.setattr(socket.socket, "connect_ex", _guarded(socket.socket.connect_ex))
    yield
    patch.undo()
