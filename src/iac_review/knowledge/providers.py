"""Prebuilt CDKTF provider packages: which exist for Python, which we pin.

HashiCorp published a prebuilt binding for many Terraform providers; for
Python each is the PyPI distribution ``cdktf-cdktf-provider-<name>`` with the
top-level module ``cdktf_cdktf_provider_<name>`` (dashes become underscores:
``google-beta`` -> ``cdktf_cdktf_provider_google_beta``). An import of a
``cdktf_cdktf_provider_<x>`` module whose ``<x>`` is not in this table cannot
be installed from anywhere: the model invented the package.

Sources: PyPI's list of projects, every ``cdktf-cdktf-provider-*`` name on it
(their newest releases date from December 2025). The pinned
versions and the ``COMPATIBLE`` ones were checked on PyPI: each of those
releases requires ``cdktf>=0.21.0,<0.22.0``. The other packages are listed as
published without a version: some last released before cdktf 0.21 (2024 or
earlier), and which of their releases suits cdktf 0.21 was not checked.
"""
from __future__ import annotations

import difflib
import importlib.util

PREFIX = "cdktf_cdktf_provider_"
DIST_PREFIX = "cdktf-cdktf-provider-"

# The provider names published on PyPI as cdktf-cdktf-provider-<name>.
_PUBLISHED_NAMES = (
    "acme", "ad", "archive", "aws", "azuread", "azurerm", "azurestack", "boundary",
    "cloudflare", "cloudinit", "consul", "databricks", "datadog", "digitalocean", "dns",
    "dnsimple", "docker", "external", "github", "gitlab", "google", "google-beta",
    "googleworkspace", "hashicups", "hcp", "hcs", "helm", "http", "ionoscloud", "kubernetes",
    "launchdarkly", "local", "mongodbatlas", "newrelic", "nomad", "null", "okta", "opc",
    "openstack", "opentelekomcloud", "oraclepaas", "pagerduty", "postgresql", "random",
    "salesforce", "snowflake", "spotinst", "template", "tfe", "time", "tls", "upcloud",
    "vault", "vsphere", "waypoint", "yandex",
)

# Python top-level module -> PyPI distribution.
PREBUILT: dict[str, str] = {
    PREFIX + name.replace("-", "_"): DIST_PREFIX + name for name in _PUBLISHED_NAMES
}

# Installed with iac-review (pyproject.toml pins the same versions; a test keeps them equal).
PINNED: dict[str, str] = {
    "cdktf-cdktf-provider-aws": "21.22.1",
    "cdktf-cdktf-provider-archive": "11.0.1",
    "cdktf-cdktf-provider-null": "11.0.1",
    "cdktf-cdktf-provider-random": "12.0.1",
    "cdktf-cdktf-provider-tls": "11.0.1",
}

# Not installed, but their last release was checked to require cdktf 0.21.
COMPATIBLE: dict[str, str] = {
    "cdktf-cdktf-provider-azuread": "14.3.1",
    "cdktf-cdktf-provider-azurerm": "14.23.1",
    "cdktf-cdktf-provider-datadog": "12.15.2",
    "cdktf-cdktf-provider-docker": "12.0.3",
    "cdktf-cdktf-provider-external": "11.0.1",
    "cdktf-cdktf-provider-github": "15.3.1",
    "cdktf-cdktf-provider-google": "16.12.1",
    "cdktf-cdktf-provider-google-beta": "16.12.1",
    "cdktf-cdktf-provider-helm": "12.1.2",
    "cdktf-cdktf-provider-http": "10.0.1",
    "cdktf-cdktf-provider-kubernetes": "12.1.1",
    "cdktf-cdktf-provider-local": "11.1.1",
    "cdktf-cdktf-provider-time": "11.0.1",
}


def top_level(module: str) -> str:
    return module.split(".", 1)[0]


def is_provider_module(module: str) -> bool:
    """Whether a dotted module name is under a ``cdktf_cdktf_provider_*`` package, published or not."""
    top = top_level(module)
    return top.startswith(PREFIX) and len(top) > len(PREFIX)


def published_package(module: str) -> str | None:
    """The PyPI distribution of the prebuilt provider that ``module`` belongs to, if one exists."""
    return PREBUILT.get(top_level(module))


def nearest_published(module: str) -> str | None:
    """The published top-level module an unpublished one was probably meant to be.

    ``cdktf_cdktf_provider_aws_lambda`` -> ``cdktf_cdktf_provider_aws`` (a provider
    name followed by a service), ``cdktf_cdktf_provider_randoms`` ->
    ``cdktf_cdktf_provider_random`` (a misspelling); the shared prefix is left out
    of the comparison, or every name would look close.
    """
    top = top_level(module)
    if not top.startswith(PREFIX) or top in PREBUILT:
        return None
    name = top[len(PREFIX):]
    names = [known[len(PREFIX):] for known in PREBUILT]
    heads = sorted((known for known in names if name.startswith(known + "_")), key=len)
    if heads:
        return PREFIX + heads[-1]
    near = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return PREFIX + near[0] if near else None


def install_line(module: str) -> str | None:
    """The pip command that installs the prebuilt provider of ``module``; None when none exists."""
    dist = published_package(module)
    if dist is None:
        return None
    version = PINNED.get(dist) or COMPATIBLE.get(dist)
    return f"pip install {dist}=={version}" if version else f"pip install {dist}"


def installed(module: str) -> bool:
    """Whether the top-level package of ``module`` can be imported (it is located, not imported)."""
    try:
        return importlib.util.find_spec(top_level(module)) is not None
    except (ImportError, ValueError):
        return False
