"""Place files by the imports of the other files in the same answer.

When an answer names a file only ``ecr_stack.py`` but another file says
``from lib.ecr_stack import EcrStack``, the project path is ``lib/ecr_stack.py``;
when a block has no name at all but defines ``NetworkStack`` and the app does
``from stacks.network import NetworkStack``, it is ``stacks/network.py``.
"""
from __future__ import annotations

import re

# Linear forms of ^\s*from\s+(\.*[\w.]*)\s+import...: [^\S\n]* (whitespace within the line)
# as ^\s* under MULTILINE rescans every run of blank lines; [\w.]* already takes the dots;
# the spaces around an empty module name ("from  import") are no longer split every way.
_FROM = re.compile(r"^[^\S\n]*from\s(?:\s*+(?=[\w.]))?([\w.]*)\s++import\s+(\([^)]*\)|[^\n]*)", re.M)
_IMPORT = re.compile(r"^[^\S\n]*import\s+([\w.]+)", re.M)
_DEFINES = re.compile(r"^(?:class|def)\s+(\w+)", re.M)
# Packages that are never part of the answer's own tree.
_EXTERNAL = ("cdktf", "constructs", "cdktf_cdktf_provider_", "aws_cdk", "boto3", "botocore",
             "pytest", "unittest", "os", "sys", "json", "typing", "dataclasses", "imports")


def _external(module: str) -> bool:
    top = module.split(".", 1)[0]
    return any(top == e or (e.endswith("_") and top.startswith(e)) for e in _EXTERNAL)


def _absolute(module: str, importer: str | None) -> str | None:
    """Dotted module -> 'a/b' path stem; relative imports need the importer's folder."""
    dots = len(module) - len(module.lstrip("."))
    if not dots:
        return None if _external(module) else module.replace(".", "/")
    if importer is None:
        return None
    parts = importer.split("/")[:-1]
    if dots - 1 > len(parts):
        return None
    base = parts[:len(parts) - (dots - 1)]
    rest = module[dots:]
    return "/".join(base + (rest.split(".") if rest else [])) or None


def _imported_names(clause: str) -> list[str]:
    """'(A, B as C,  # comment\n D)' -> ['A', 'B', 'D']."""
    clause = re.sub(r"#[^\n]*", "", clause).strip("() \n")
    return [item.split()[0] for item in clause.split(",") if item.split()]


class ImportIndex:
    """Module stems and imported names collected from every Python text of an answer."""

    def __init__(self, texts: list[tuple[str | None, str]]):
        self.modules: set[str] = set()                   # 'lib/ecr_stack'
        self.names: dict[str, set[tuple[str, int]]] = {}  # 'EcrStack' -> {('lib/ecr_stack', text no.)}
        for number, (importer, text) in enumerate(texts):
            for m in _FROM.finditer(text):
                stem = _absolute(m[1], importer)
                if stem is None:
                    continue
                self.modules.add(stem)
                for name in _imported_names(m[2]):
                    self.names.setdefault(name, set()).add((stem, number))
            for m in _IMPORT.finditer(text):
                if not _external(m[1]):
                    self.modules.add(m[1].replace(".", "/"))

    def place_bare(self, filename: str) -> str | None:
        """'ecr_stack.py' -> 'lib/ecr_stack.py' when exactly one imported module ends with it."""
        stem = filename[:-3] if filename.endswith(".py") else None
        if not stem:
            return None
        hits = sorted(m for m in self.modules if m.endswith("/" + stem))
        return hits[0] + ".py" if len(hits) == 1 else None

    def place_definitions(self, text: str, number: int) -> tuple[str, str] | None:
        """(path, defined name) for text ``number`` when others import one of its names from one module.

        Imports in the text itself do not count: a file does not import itself.
        """
        for name in _DEFINES.findall(text):
            stems = {stem for stem, owner in self.names.get(name, ()) if owner != number}
            if len(stems) == 1:
                return stems.pop() + ".py", name
        return None
