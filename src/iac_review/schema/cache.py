"""Find the installed assemblies, build the index once, cache it per version.

The providers are never imported (importing one makes node load its
assembly, 131 MB for AWS); the .jsii file is read straight from the installed
package. Every installed ``cdktf_cdktf_provider_*`` package is indexed, each
in a cache file of its own named by its version, beside one for cdktf, so a
new provider costs only its own build. The cache lives in the user cache dir
(``IAC_REVIEW_CACHE_DIR`` overrides) and is written atomically, so two
processes building at once both end up with a complete file.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import os
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from iac_review.schema.build import INDEX_FORMAT, build_cdktf_section, build_provider_section, \
    combine

PROVIDER_MODULE = "cdktf_cdktf_provider_aws"   # the primary provider: required
PROVIDER_PREFIX = "cdktf_cdktf_provider_"
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
    """The cache file of one provider's section (it depends on the cdktf it was built with)."""
    size = provider.tgz.stat().st_size
    short = provider.module.removeprefix(PROVIDER_PREFIX)
    name = f"schema-{short}-{provider.version}-cdktf-{cdktf.version}-{size}-f{INDEX_FORMAT}.json.gz"
    return cache_dir() / name


def cdktf_cache_path(cdktf: Assembly) -> Path:
    size = cdktf.tgz.stat().st_size
    return cache_dir() / f"schema-cdktf-{cdktf.version}-{size}-f{INDEX_FORMAT}.json.gz"


def installed_providers() -> list[str]:
    """Top-level modules of the installed prebuilt providers, the primary one first.

    Lists the ``sys.path`` folders, as the import system would find them;
    asking importlib.metadata for every distribution costs about 0.15 s.
    """
    found: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(PROVIDER_PREFIX) and name.isidentifier() and \
                    os.path.isdir(os.path.join(folder, name, "_jsii")):
                found.add(name)
    return sorted(found, key=lambda name: (name != PROVIDER_MODULE, name))


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
    """Return (index data, cache path of the primary provider, whether anything was built now).

    The primary provider (AWS) and cdktf are required; another provider whose
    assembly cannot be read is left out and named under ``"unavailable"``.
    """
    cdktf = find_assembly(CDKTF_MODULE)
    primary = find_assembly(PROVIDER_MODULE)
    assemblies, unavailable = [primary], {}
    for module in installed_providers():
        if module != PROVIDER_MODULE:
            try:
                assemblies.append(find_assembly(module))
            except SchemaUnavailable as exc:
                unavailable[module] = str(exc)
    parsed: dict[str, dict] = {}

    def cdktf_json() -> dict:  # read once, and only when a section must be built
        if "cdktf" not in parsed:
            parsed["cdktf"] = read_assembly(cdktf.tgz)
        return parsed["cdktf"]

    built_any = False
    cdktf_section, built = _section(cdktf_cache_path(cdktf), rebuild,
                                    lambda: build_cdktf_section(cdktf_json()))
    built_any |= built
    sections = []
    for assembly in assemblies:
        try:
            section, built = _section(cache_path(assembly, cdktf), rebuild,
                                      lambda a=assembly: build_provider_section(
                                          read_assembly(a.tgz), cdktf_json()))
        except SchemaUnavailable as exc:
            if assembly is primary:
                raise
            unavailable[assembly.module] = str(exc)
            continue
        built_any |= built
        sections.append(section)
    data = combine(cdktf_section, sections)
    if unavailable:
        data["unavailable"] = unavailable
    return data, cache_path(primary, cdktf), built_any


def _section(path: Path, rebuild: bool, build) -> tuple[dict, bool]:
    """(section, built now): the cached section, else a new one written to the cache."""
    if not rebuild:
        data = read_cached(path)
        if data is not None:
            return data, False
    data = build()
    try:
        write_atomically(path, data)
    except OSError:
        pass  # a read-only cache dir costs speed, not correctness
    return data, True
