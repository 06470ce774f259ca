"""The table of prebuilt provider packages, and the pins it shares with pyproject.toml."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from iac_review.knowledge.providers import COMPATIBLE, PINNED, PREBUILT, install_line, installed, \
    is_provider_module, nearest_published, published_package

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_pins_are_the_ones_pyproject_installs():
    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = dict(re.fullmatch(r"(cdktf-cdktf-provider-[\w-]+)==([\d.]+)", d).groups()
                  for d in deps if d.startswith("cdktf-cdktf-provider-"))
    assert pinned == PINNED


def test_every_versioned_package_is_published():
    published = set(PREBUILT.values())
    assert set(PINNED) <= published and set(COMPATIBLE) <= published
    assert not set(PINNED) & set(COMPATIBLE)
    for module, dist in PREBUILT.items():
        assert module.replace("_", "-") == dist.replace("_", "-")


def test_published_package():
    assert published_package("cdktf_cdktf_provider_random.password") == "cdktf-cdktf-provider-random"
    assert published_package("cdktf_cdktf_provider_google_beta") == "cdktf-cdktf-provider-google-beta"
    assert published_package("cdktf_cdktf_provider_aws_lambda.function") is None
    assert published_package("cdktf") is None


def test_install_line():
    assert install_line("cdktf_cdktf_provider_tls.private_key") == \
        "pip install cdktf-cdktf-provider-tls==11.0.1"
    assert install_line("cdktf_cdktf_provider_google.storage_bucket") == \
        "pip install cdktf-cdktf-provider-google==16.12.1"
    assert install_line("cdktf_cdktf_provider_yandex") == "pip install cdktf-cdktf-provider-yandex"
    assert install_line("cdktf_cdktf_provider_invented.x") is None


def test_installed_locates_without_importing():
    assert installed("cdktf_cdktf_provider_random.password")
    assert not installed("cdktf_cdktf_provider_invented.x")


def test_nearest_published():
    assert nearest_published("cdktf_cdktf_provider_aws_s3.bucket") == "cdktf_cdktf_provider_aws"
    assert nearest_published("cdktf_cdktf_provider_google_beta_x") == "cdktf_cdktf_provider_google_beta"
    assert nearest_published("cdktf_cdktf_provider_randoms") == "cdktf_cdktf_provider_random"
    assert nearest_published("cdktf_cdktf_provider_rabbitmq") is None
    assert nearest_published("cdktf_cdktf_provider_random") is None   # published already


def test_is_provider_module():
    assert is_provider_module("cdktf_cdktf_provider_x.y")
    assert not is_provider_module("cdktf_cdktf_provider_")
    assert not is_provider_module("cdktf.x")
