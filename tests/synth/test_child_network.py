"""Which commands and connections of an app count as network use (the sandbox's audit hook)."""
from __future__ import annotations

import socket

import pytest

from iac_review.synth.child_network import classify, classify_command

NETWORK = [
    (["pip", "install", "-r", "requirements.txt", "-t", "build"], "packages"),
    (["/usr/bin/python3", "-m", "pip", "install", "requests"], "packages"),
    (["pip3.11", "download", "boto3"], "packages"),
    ("cd lambda && pip install -q -r requirements.txt -t package", "packages"),
    (["/bin/sh", "-c", "npm ci --prefix web"], "packages"),
    (["poetry", "install"], "packages"),
    (["curl", "-sSLo", "layer.zip", "https://example.com/layer.zip"], "download"),
    (["git", "clone", "https://github.com/org/repo"], "download"),
    (b"wget https://example.com/x", "download"),
]
LOCAL = [
    ["pip", "install", "--no-index", "--find-links", "wheels", "-r", "requirements.txt"],
    ["pip", "freeze"],
    ["npm", "run", "build"],
    ["zip", "-r", "lambda.zip", "."],
    ["git", "status"],
    ["curl", "file:///tmp/x"],
    "echo pip install is documented here",
]


@pytest.mark.parametrize(("command", "kind"), NETWORK)
def test_package_managers_and_downloads_are_network_use(command, kind):
    assert classify_command(command)[0] == kind


@pytest.mark.parametrize("command", LOCAL)
def test_local_commands_are_not(command):
    assert classify_command(command) is None


def test_credential_lookups_and_loopback_are_not_the_app_s_network_use():
    sock = socket.socket()
    try:
        for address in (("169.254.169.254", 80), ("127.0.0.1", 8080), ("::1", 80)):
            assert classify("socket.connect", (sock, address)) is None
        assert classify("socket.connect", (sock, ("93.184.216.34", 443)))[0] == "connect"
    finally:
        sock.close()
    assert classify("socket.getaddrinfo", ("pypi.org", 443, 0, 0, 0))[0] == "connect"
    assert classify("socket.getaddrinfo", ("localhost", 443, 0, 0, 0)) is None
    assert classify("socket.connect", (None, "/run/some.sock")) is None
