"""A lazy stand-in for ``cdktf_cdktf_provider_aws``: load ``_jsii``, import submodules on use.

The stock package's ``__init__`` imports all ~2200 submodules (15-19 s, 1.2 GB).
The stub is a package of the same name whose ``__path__`` points at the real
package directory, so ``cdktf_cdktf_provider_aws.s3_bucket`` is still the real
module; only the eager imports are gone. It is put first on the child's
``sys.path``. The synthesized JSON is the same (checked on tests/fixtures/sensor-ingest,
tests/synth/test_lazy_provider.py).

Built once per installed provider version (and package dir) in the user cache dir,
atomically (written to a temp dir, then renamed into place).
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from iac_review.synth.lazy_index import make_lazy, provider_entries
from iac_review.schema.cache import CDKTF_MODULE, PROVIDER_MODULE, SchemaUnavailable, cache_dir, find_assembly

PACKAGE = "cdktf_cdktf_provider_aws"
STUB_FORMAT = 1
LAZY_INDEX_FORMAT = 1

_TEMPLATE = '''"""Lazy stub of {package} {version} written by iac-review (format {fmt}).

Submodules are imported on first use instead of all at once.
"""
import importlib as _importlib

__path__ = [{real!r}]
__version__ = {version!r}

from ._jsii import *  # noqa: E402,F401,F403  (loads the assembly in node)

_SUBMODULES = frozenset({submodules!r})
__all__ = sorted(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        module = _importlib.import_module(__name__ + "." + name)
        globals()[name] = module
        return module
    raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
'''


class ProviderNotInstalled(Exception):
    pass


def real_package_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # locates without importing
    if spec is None or not spec.submodule_search_locations:
        raise ProviderNotInstalled(f"the Python package '{PACKAGE}' is not installed")
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def provider_version(real: Path) -> str:
    tgz = sorted((real / "_jsii").glob("*.jsii.tgz"))
    if not tgz:
        raise ProviderNotInstalled(f"no jsii assembly in {real / '_jsii'}")
    return tgz[0].name.rsplit("@", 1)[-1].removesuffix(".jsii.tgz")


def submodules(real: Path) -> list[str]:
    """The submodules the stock ``__init__`` imports, read from its text (never imported)."""
    text = (real / "__init__.py").read_text(encoding="utf-8")
    names = re.findall(r"^from \. import (\w+)\s*$", text, flags=re.M)
    if not names:  # another layout: fall back to the folders
        names = [p.name for p in real.iterdir() if (p / "__init__.py").is_file()
                 and not p.name.startswith("_")]
    return sorted(set(names))


def stub_root(cache: Path | None = None) -> Path:
    """The directory to put first on ``sys.path`` (holds ``cdktf_cdktf_provider_aws/``).

    Builds it when missing; safe when several processes build at once.
    """
    real = real_package_dir()
    version = provider_version(real)
    key = hashlib.sha256(str(real).encode()).hexdigest()[:10]
    root = (cache or cache_dir()) / f"lazy-provider-aws-{version}-{key}-f{STUB_FORMAT}"
    if (root / PACKAGE / "__init__.py").is_file():
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=root.name + ".", dir=root.parent))
    try:
        (tmp / PACKAGE).mkdir()
        text = _TEMPLATE.format(package=PACKAGE, version=version, fmt=STUB_FORMAT, real=str(real),
                                submodules=tuple(submodules(real)))
        (tmp / PACKAGE / "__init__.py").write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o755)
        try:
            os.rename(tmp, root)  # atomic; fails if another process won the race
        except OSError:
            if not (root / PACKAGE / "__init__.py").is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return root


def jsii_cache_root() -> Path | None:
    """A jsii package cache filled once, outside the sandbox, by our own import.

    jsii unpacks each assembly into a package cache under HOME; the sandbox gives
    every worker an empty HOME, so each worker unpacked the 131 MB provider again
    and node's peak memory nearly doubled. Workers read this cache instead
    (exposed read-only). None when it cannot be built: workers then unpack.
    """
    try:  # one cache per provider and cdktf version: workers cannot fill it themselves
        versions = f"aws-{find_assembly(PROVIDER_MODULE).version}-cdktf-{find_assembly(CDKTF_MODULE).version}"
    except SchemaUnavailable:
        return None
    root = cache_dir() / f"jsii-package-cache-{versions}"
    marker = root / ".filled"
    if marker.exists():
        return _lazy_entries(root)
    root.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(root),
                "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20"})
    try:
        subprocess.run([sys.executable, "-c", "import cdktf, cdktf_cdktf_provider_aws._jsii"],
                       env=env, capture_output=True, timeout=300, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    marker.write_text("ok\n")
    return _lazy_entries(root)


def _lazy_entries(root: Path) -> Path:
    """The cache, its provider entry made lazy (once; see lazy_index.py)."""
    done = root / f".lazy-index-{LAZY_INDEX_FORMAT}"
    if not done.exists():
        for index in provider_entries(root):
            make_lazy(index)
        done.write_text("ok\n")
    return root
