"""Make the provider's JavaScript entry load its submodules on first use.

The provider's ``lib/index.js`` requires all ~2200 submodules (267 MB of
JavaScript) when jsii loads the assembly: 2 s of node compiling code, of which an
app uses a few dozen modules. Each ``exports.x = require("./x");`` line becomes a
getter that requires the module on first access and then stores it, so jsii
(which finds a type by walking ``exports.<submodule>.<Class>``) sees the same
objects. Done once, in the shared jsii cache, outside every sandbox; the file is
replaced atomically, and the rewrite is idempotent.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

MARKER = "/* iac-review: submodules load on first use */"
_EAGER = re.compile(r'^exports\.([A-Za-z_$][\w$]*) = require\("(\./[\w./-]+)"\);$', re.M)
_GETTER = ('Object.defineProperty(exports, "{name}", {{ configurable: true, enumerable: true, '
           'get: function () {{ const m = require("{path}"); Object.defineProperty(exports, "{name}", '
           '{{ value: m, configurable: true, enumerable: true, writable: true }}); return m; }} }});')


def lazy_source(text: str) -> str:
    """The same module with every top-level ``exports.x = require("./y");`` made lazy."""
    if MARKER in text:
        return text
    body = _EAGER.sub(lambda m: _GETTER.format(name=m.group(1), path=m.group(2)), text)
    return body if body == text else body + "\n" + MARKER + "\n"


def make_lazy(index: Path) -> bool:
    """Rewrite ``index`` in place (atomically); True when it changed."""
    text = index.read_text(encoding="utf-8")
    lazy = lazy_source(text)
    if lazy == text:
        return False
    fd, tmp = tempfile.mkstemp(prefix=".index.", suffix=".js", dir=index.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(lazy)
        os.chmod(tmp, 0o644)
        os.replace(tmp, index)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True


def provider_entries(cache: Path) -> list[Path]:
    """The provider entry files of a jsii package cache (one per unpacked version)."""
    return sorted(cache.glob("@cdktf/provider-*/*/*/lib/index.js"))
