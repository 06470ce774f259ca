"""The project as a whole: modules, stack classes, entry points, tests, and the
calls that connect them.

Rules about contracts between files (entry point vs stack, tests vs stack,
scaffolding) read this model instead of walking every file again. It is built
once per review from ``ctx.modules`` (``project_model(ctx)``) and only reads
the AST: names are resolved through the project's own imports, never by
importing anything.
"""
from __future__ import annotations

import ast
import posixpath
import re
import shlex
from dataclasses import dataclass
from functools import cached_property

from iac_review.analysis.module_info import ModuleInfo, dotted_name, iter_statements, module_info
from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.signatures import TERRAFORM_STACK_INIT, Signature, signature_of
from iac_review.core.workspace import Project, is_test_path
from iac_review.parse import json_text

ENTRY_NAMES = ("tap.py", "main.py", "app.py")
ENTRY_DIRS = ("", "bin")
STACK_BASE = "TerraformStack"
_MAX_DEPTH = 6


# --------------------------------------------------------------------------- stacks and calls

@dataclass
class StackClass:
    name: str
    path: str
    node: ast.ClassDef
    init: ast.FunctionDef | None      # defined in the class body itself
    bases: list[str]                  # base names (last attribute part)

    @property
    def line(self) -> int:
        return self.node.lineno


@dataclass
class StackCall:
    stack: StackClass
    path: str                 # the calling file
    node: ast.Call
    module: ParsedModule
    in_test: bool

    @property
    def line(self) -> int:
        return self.node.lineno

    @property
    def stack_id(self) -> ast.AST | None:
        if len(self.node.args) > 1:
            return self.node.args[1]
        for kw in self.node.keywords:
            if kw.arg in ("id", "construct_id", "stack_id", "id_", "name", "stack_name"):
                return kw.value
        return None


@dataclass(frozen=True)
class AppConfig:
    """``cdktf.json``'s ``app`` command and the Python file it runs."""

    path: str              # "cdktf.json" (or a nested one)
    command: str
    line: int
    target: str | None     # project path the command runs, when it names a .py file or -m module


class ProjectModel:
    def __init__(self, project: Project, modules: list[ParsedModule]):
        self.project = project
        self.modules = {m.path: m for m in modules}

    # ----------------------------------------------------------------- modules
    @cached_property
    def infos(self) -> dict[str, ModuleInfo]:
        out = {}
        for path, module in self.modules.items():
            if module.tree is None:
                continue
            out[path] = module_info(module)
        return out

    @cached_property
    def module_names(self) -> dict[str, str]:
        """Dotted module name -> project path (every .py file, parsed or not)."""
        out: dict[str, str] = {}
        for path in self.modules:
            dotted = dotted_name(path)
            if dotted and (dotted not in out or not path.endswith("__init__.py")):
                out.setdefault(dotted, path)
        return out

    @cached_property
    def packages(self) -> set[str]:
        """Folders holding project .py files (as dotted names): ``lib``, ``lib.constructs``."""
        out = set()
        for path in self.modules:
            parts = path.split("/")[:-1]
            for k in range(1, len(parts) + 1):
                if all(p.isidentifier() for p in parts[:k]):
                    out.add(".".join(parts[:k]))
        return out

    def absolute(self, importer: str, module: str | None, level: int) -> str | None:
        """The absolute dotted name an import refers to."""
        if level == 0:
            return module
        package = importer.split("/")[:-1]
        if level - 1 > len(package):
            return None
        base = package[:len(package) - (level - 1)]
        parts = base + (module.split(".") if module else [])
        return ".".join(parts) if parts else None

    def resolve_module(self, importer: str, module: str | None, level: int = 0) -> str | None:
        """Project path of an imported module, or None when it is not a project file."""
        dotted = self.absolute(importer, module, level)
        if not dotted:
            return None
        found = self.module_names.get(dotted)
        if found is None and level == 0 and importer in self.path_hacks:
            # sys.path.insert(0, ".../lib") then `from tap_stack import TapStack`
            suffix = "." + dotted
            matches = [p for d, p in self.module_names.items() if d.endswith(suffix)]
            found = matches[0] if len(matches) == 1 else None
        return found

    @cached_property
    def path_hacks(self) -> set[str]:
        """Files that extend sys.path (their bare imports may name nested project modules)."""
        return {path for path, m in self.modules.items() if "sys.path" in m.source.text}

    def is_project_module(self, dotted: str) -> bool:
        """Whether a dotted name lies inside one of the project's own packages."""
        return dotted.split(".")[0] in {p.split(".")[0] for p in self.packages}

    # ----------------------------------------------------------------- classes
    @cached_property
    def stack_classes(self) -> list[StackClass]:
        classes: list[tuple[str, ast.ClassDef]] = []
        for path, info in self.infos.items():
            for node in iter_statements(info.module.tree):
                if isinstance(node, ast.ClassDef):
                    classes.append((path, node))
        names_of = {id(node): [_base_name(b) for b in node.bases] for _, node in classes}
        stack_names = {STACK_BASE}
        changed = True
        while changed:
            changed = False
            for _, node in classes:
                if node.name not in stack_names and any(
                        b in stack_names for b in names_of[id(node)]):
                    stack_names.add(node.name)
                    changed = True
        out = []
        for path, node in classes:
            if node.name in stack_names and node.name != STACK_BASE:
                init = next((st for st in node.body if isinstance(st, ast.FunctionDef)
                             and st.name == "__init__"), None)
                out.append(StackClass(node.name, path, node, init,
                                      [b for b in names_of[id(node)] if b]))
        return out

    def stack_by_name(self, name: str) -> list[StackClass]:
        return [s for s in self.stack_classes if s.name == name]

    def signature(self, stack: StackClass, depth: int = 0) -> Signature | None:
        """The ``__init__`` a call binds to: the class's own, a project base's, or TerraformStack's."""
        if stack.init is not None:
            return signature_of(stack.init, f"{stack.name}.__init__", stack.path)
        if depth > _MAX_DEPTH or len(stack.bases) != 1:
            return None   # several bases: the MRO may pick an __init__ we cannot see
        base = stack.bases[0]
        if base == STACK_BASE:
            return TERRAFORM_STACK_INIT
        parents = self.stack_by_name(base)
        if len(parents) != 1:
            return None
        return self.signature(parents[0], depth + 1)

    # ----------------------------------------------------------------- name resolution
    def lookup_class(self, path: str, name: str, depth: int = 0) -> StackClass | None:
        """The stack class a top-level name of ``path`` refers to, through imports and aliases."""
        info = self.infos.get(path)
        if info is None or depth > _MAX_DEPTH:
            return None
        if name in info.classes:
            node = info.classes[name]
            return next((s for s in self.stack_classes if s.node is node), None)
        imp = info.from_imports.get(name)
        if imp is not None:
            target = self.resolve_module(path, imp.module, imp.level)
            if target is not None:
                return self.lookup_class(target, imp.name, depth + 1)
            return None
        alias = info.aliases.get(name)
        if isinstance(alias, ast.Name):
            return self.lookup_class(path, alias.id, depth + 1)
        return None

    def callee(self, path: str, func: ast.AST) -> StackClass | None:
        """The stack class a call's function expression names, if any."""
        if isinstance(func, ast.Name):
            return self.lookup_class(path, func.id)
        if isinstance(func, ast.Attribute):
            target = self._module_expr(path, func.value)
            if target is not None:
                return self.lookup_class(target, func.attr)
        return None

    def _module_expr(self, path: str, expr: ast.AST) -> str | None:
        """Project path of a module expression such as ``tap_stack`` or ``lib.tap_stack``."""
        info = self.infos.get(path)
        if info is None:
            return None
        chain = []
        while isinstance(expr, ast.Attribute):
            chain.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name):
            return None
        chain.reverse()
        head = expr.id
        if head in info.module_aliases:
            dotted = ".".join([info.module_aliases[head]] + chain)
            return self.module_names.get(dotted)
        imp = info.from_imports.get(head)
        if imp is not None:   # from lib import tap_stack
            base = self.absolute(path, imp.module, imp.level)
            if base:
                return self.module_names.get(".".join([base, imp.name] + chain))
        return None

    def defines(self, path: str, name: str) -> bool:
        """Whether module ``path`` binds ``name`` at top level (unknown counts as yes)."""
        info = self.infos.get(path)
        if info is None:
            return True
        return info.open or name in info.names

    # ----------------------------------------------------------------- files by role
    @cached_property
    def tests(self) -> list[str]:
        return [p for p in self.modules if is_test_path(p)]

    @cached_property
    def cdktf_app(self) -> AppConfig | None:
        for path in sorted(self.project.files, key=lambda p: (p.count("/"), p)):
            if path.rsplit("/", 1)[-1] != "cdktf.json":
                continue
            text = self.project.files[path].text
            try:
                data = json_text.loads(text)
            except ValueError:
                continue
            if not isinstance(data, dict) or not isinstance(data.get("app"), str):
                continue
            command = data["app"]
            line = next((k for k, t in enumerate(text.split("\n"), 1) if '"app"' in t), 1)
            folder = posixpath.dirname(path)
            return AppConfig(path, command, line, _app_target(command, folder))
        return None

    @cached_property
    def entry_points(self) -> list[str]:
        found = []
        for path in self.modules:
            source = self.project.files.get(path)
            if is_test_path(path) or (source is not None and source.attribution == "guessed-other"):
                continue
            folder, base = posixpath.split(path)
            if base in ENTRY_NAMES and folder in ENTRY_DIRS:
                found.append(path)
            elif self._synthesizes(path):
                found.append(path)
        app = self.cdktf_app
        if app and app.target in self.modules and app.target not in found:
            found.append(app.target)
        # `from lib.main import app` in tap.py: the module that builds the App runs too
        for path in list(found):
            for imported in self._imported_modules(path):
                source = self.project.files.get(imported)
                if imported not in found and source is not None and "App(" in source.text:
                    found.append(imported)
        named = [p for p in found if not self._guessed(p)]
        if named:   # unnamed App() blocks beside a named entry point are alternatives shown as examples
            found = named
        return sorted(found)

    def _guessed(self, path: str) -> bool:
        source = self.project.files.get(path)
        return source is not None and source.guessed

    def _synthesizes(self, path: str) -> bool:
        """A module that creates a cdktf App and calls synth() on something."""
        info = self.infos.get(path)
        text = self.modules[path].source.text
        if info is None or "App" not in text or ".synth(" not in text:
            return False
        app_names = {local for local, imp in info.from_imports.items()
                     if imp.name == "App" and (imp.module or "").split(".")[0] == "cdktf"}
        cdktf_modules = {local for local, dotted in info.module_aliases.items() if dotted == "cdktf"}
        makes_app = synth = False
        for node in ast.walk(info.module.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in app_names:
                makes_app = True
            elif isinstance(func, ast.Attribute):
                if func.attr == "synth" and not node.args:
                    synth = True
                elif (func.attr == "App" and isinstance(func.value, ast.Name)
                      and func.value.id in cdktf_modules):
                    makes_app = True
        return makes_app and synth

    # ----------------------------------------------------------------- calls
    @cached_property
    def stack_calls(self) -> list[StackCall]:
        """Calls of project stack classes in entry points and tests."""
        if not self.stack_classes:
            return []
        out = []
        tests = set(self.tests)
        for path in sorted(set(self.entry_points) | tests):
            info = self.infos.get(path)
            if info is None:
                continue
            for node in ast.walk(info.module.tree):
                if isinstance(node, ast.Call):
                    stack = self.callee(path, node.func)
                    if stack is not None:
                        out.append(StackCall(stack, path, node, info.module, path in tests))
        out.sort(key=lambda c: (c.path, c.line, c.node.col_offset))
        return out

    def is_excerpt(self, path: str) -> bool:
        """A parsed module without a single import: a fragment of a file shown in an answer."""
        info = self.infos.get(path)
        return info is not None and not any(
            isinstance(n, (ast.Import, ast.ImportFrom)) for n in iter_statements(info.module.tree))

    def own_entry_point(self, stack: StackClass) -> str | None:
        """An entry point that replaces the harness's tap.py and instantiates ``stack``.

        That is a root-level tap.py / main.py / app.py, or the file cdktf.json runs.
        """
        app = self.cdktf_app
        replaced = {p for p in self.entry_points if "/" not in p}
        if app is not None and app.target in self.modules:
            replaced.add(app.target)
        replaced |= {imported for path in list(replaced) for imported in self._imported_modules(path)}
        for call in self.stack_calls:
            if not call.in_test and call.stack is stack and call.path in replaced:
                return call.path
        return None

    def _imported_modules(self, path: str) -> set[str]:
        """Project modules that ``path`` imports (`from lib.main import app` -> lib/main.py):
        an entry point that only imports the app runs the code of the module it imports."""
        module = self.modules.get(path)
        if module is None or module.tree is None:
            return set()
        names = set()
        for node in module.tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found = set()
        for name in names:
            for candidate in (name.replace(".", "/") + ".py", name.replace(".", "/") + "/__init__.py"):
                if candidate in self.modules:
                    found.add(candidate)
        return found

    def harness_stack(self) -> StackClass | None:
        """The class the corpus harness's tap.py would instantiate."""
        for stack in self.stack_classes:
            if stack.name == "TapStack" and stack.path == "lib/tap_stack.py":
                return stack
        for call in self.stack_calls:
            if not call.in_test:
                return call.stack
        if len(self.stack_classes) == 1:
            return self.stack_classes[0]
        return None


def _base_name(expr: ast.AST) -> str:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Subscript):   # Generic[T]
        return _base_name(expr.value)
    return ""


_PY_FILE = re.compile(r"^[\w./-]+\.py$")


def _app_target(command: str, folder: str) -> str | None:
    """The project path that ``python3 main.py`` / ``pipenv run python tap.py`` / ``python -m x`` runs."""
    try:
        tokens = shlex.split(command)
    except ValueError:
        tokens = command.split()
    for k, token in enumerate(tokens):
        if token == "-m" and k + 1 < len(tokens):
            module = tokens[k + 1]
            rel = module.replace(".", "/") + ".py"
            return posixpath.normpath(posixpath.join(folder, rel)) if folder else rel
        if _PY_FILE.match(token):
            rel = posixpath.normpath(posixpath.join(folder, token)) if folder else posixpath.normpath(token)
            return rel if not rel.startswith("..") else None
    return None


def project_model(ctx) -> ProjectModel:
    """The project model of this review, built once and kept on the context."""
    return ctx.memo("project_model", lambda c: ProjectModel(c.project, c.modules))


def from_answer(project: Project) -> bool:
    """Whether the files come from a markdown answer (which may not show every file)."""
    return project.kind == "markdown" or (project.kind == "task" and project.source != "code")


def env_reads(tree: ast.AST) -> bool:
    """Whether code reads configuration from outside: environment, argv, cdktf context."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in ("environ", "getenv", "environb", "argv", "try_get_context",
                             "get_context"):
                return True
        elif isinstance(node, ast.Name) and node.id in ("environ", "getenv", "argv"):
            return True
        elif isinstance(node, ast.ImportFrom) and node.module in ("dotenv", "decouple"):
            return True
    return False


def signature_text(stack: StackClass, sig: Signature) -> str:
    """`TapStack.__init__(scope, id)` (lib/tap_stack.py:12), or the inherited one."""
    if sig.path:
        return f"`{sig.owner}{sig.shown()}` ({sig.where})"
    return (f"the inherited `TerraformStack.__init__(scope, id)` (`{stack.name}` at "
            f"{stack.path}:{stack.line} defines no __init__)")
