"""Output formats, one module per format.

Every public module in this package is a reporter: it defines ``NAME`` (the
format name users type, e.g. ``"json"``) and
``render(review, *, color=False, show_code=True) -> str``. It may also define
``DESCRIPTION`` (one line for ``--help``) and ``EXTENSION`` (the usual file
suffix). Modules whose name starts with ``_`` are helpers, not formats.
Adding a format means adding a module; nothing else needs to change.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import Review


class Reporter(Protocol):
    NAME: str
    DESCRIPTION: str
    EXTENSION: str

    def render(self, review: "Review", *, color: bool = False, show_code: bool = True) -> str: ...


def _discover() -> dict[str, ModuleType]:
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = _load(info.name)
        name = module.NAME
        if name in found:
            raise RuntimeError(f"reporters {found[name].__name__} and {module.__name__} "
                               f"both define NAME={name!r}")
        found[name] = module
    return dict(sorted(found.items()))


def _load(module_name: str) -> ModuleType:
    module = importlib.import_module(f"{__name__}.{module_name}")
    name = getattr(module, "NAME", None)
    if not isinstance(name, str) or not callable(getattr(module, "render", None)):
        raise RuntimeError(f"{module.__name__} must define NAME (str) and render()")
    return module


_REPORTERS: dict[str, ModuleType] | None = None


def __getattr__(attribute: str):
    """``REPORTERS`` (format name -> reporter module, in name order), imported on first use:
    one review needs one format, and some formats import heavy libraries."""
    global _REPORTERS
    if attribute == "REPORTERS":
        if _REPORTERS is None:
            _REPORTERS = _discover()
        return _REPORTERS
    raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")


def get_reporter(name: str) -> Reporter:
    """The reporter module for a format name; KeyError listing valid names otherwise.

    A format's module is usually named after it (``json_`` for ``json``): that one module is
    imported, not every format."""
    for module_name in (name, f"{name}_"):
        if module_name.isidentifier() and not module_name.startswith("_") and \
                importlib.util.find_spec(f"{__name__}.{module_name}") is not None:
            module = _load(module_name)
            if module.NAME == name:
                return module  # type: ignore[return-value]
    reporters = __getattr__("REPORTERS")
    try:
        return reporters[name]  # type: ignore[return-value]
    except KeyError:
        raise KeyError(f"unknown output format {name!r}; valid formats: "
                       + ", ".join(reporters)) from None


def names() -> list[str]:
    return list(__getattr__("REPORTERS"))
