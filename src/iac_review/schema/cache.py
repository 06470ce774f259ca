"""Find the installed assemblies, build the index once, cache it per version.

The provider is never imported (importing it makes node load the 131 MB
assembly); the .jsii file is read straight from the installed package. The
cache lives in the user cache dir (``IAC_REVIEW_CACHE_DIR`` overrides) and is
written atomically, so two processes building at once both end up with a
complete file.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from iac_review.schema.build import INDEX_FORMAT, build_index

PROVIDER_MODULE = "cdktf_cdktf_provider_aws"
CDKTF_MODULE = "cdktf"


class SchemaUnavailable(Exception):
    """The provider or cdktf package is not installed, or its assembly is unreadable."""


@dataclass(frozen=True)
class Assembly:
    module: str
    version: str
    tgz: Path


def find_assembly(module: str) -> Assembly:
    spec = importlib.util.find_spec(module)  # locates without importing the package
    if spec is None or not spec.submodule_search_locations:
        raise SchemaUnavailable(f"the Python package '{module}' is not installed")
    jsii_dir = Path(list(spec.submodule_search_locations)[0]) / "_jsii"
    tgzs = sorted(jsii_dir.glob("*.jsii.tgz"))
    if not tgzs:
        raise SchemaUnavailable(f"no jsii assembly found in {jsii_dir}")
    version = tgzs[0].name.rsplit("@", 1)[-1].removesuffix(".jsii.tgz")
    return Assembly(module, version, tgzs[0])


def read_assembly(tgz: Path) -> dict:
    try:
        with tarfile.open(tgz, "r:gz") as tar:
            member = tar.extractfile("package/.jsii")
            if member is None:
                raise SchemaUnavailable(f"{tgz} has no package/.jsii")
            return json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise SchemaUnavailable(f"cannot read jsii assembly {tgz}: {exc}") from exc


def cache_dir() -> Path:
    override = os.environ.get("IAC_REVIEW_CACHE_DIR")
    if override:
        return Path(override)
    return Path(user_cache_dir("iac-review"))


def cache_path(provider: Assembly, cdktf: Assembly) -> Path:
    size = provider.tgz.stat().st_size
    name = f"schema-aws-{provider.version}-cdktf-{cdktf.version}-{size}-f{INDEX_FORMAT}.json.gz"
    return cache_dir() / name


def write_atomically(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(json.dumps(data, separators=(",", ":")).encode())
        os.replace(tmp, path)  # atomic on POSIX: readers see the old or the new file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_cached(path: Path) -> dict | None:
    try:
        with gzip.open(path, "rb") as fh:
            data = json.loads(fh.read())
    except (OSError, ValueError, EOFError):
        return None  # missing or corrupt: rebuild
    return data if data.get("format") == INDEX_FORMAT else None


def load_index_data(rebuild: bool = False) -> tuple[dict, Path, bool]:
    """Return (index data, cache path, built_now)."""
    provider = find_assembly(PROVIDER_MODULE)
    cdktf = find_assembly(CDKTF_MODULE)
    path = cache_path(provider, cdktf)
    if not rebuild:
        data = read_cached(path)
        if data is not None:
            return data, path, False
    data = build_index(read_assembly(provider.tgz), read_assembly(cdktf.tgz))
    try:
        write_atomically(path, data)
    except OSError:
        pass  # a read-only cache dir costs speed, not correctness
    return data, path, True
