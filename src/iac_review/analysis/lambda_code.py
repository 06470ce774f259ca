"""Lambda facts shared by the LAM rules: functions, their packages and their sources.

``LambdaProject(ctx)`` computes, once per rule run and lazily:
- the Lambda functions and layers (construct calls) with their ``filename`` value,
- where a package path points (``evaluate_path``: relative to the working
  directory, absolute, relative to ``cdktf.out/stacks/<stack>``, a cdktf asset),
- whether the project contains any code that builds archives,
- the project's Lambda source modules (files and inline code strings).
"""
from __future__ import annotations

import ast
import os
import posixpath
import re
import textwrap
import zipfile
from dataclasses import dataclass, field
from functools import cached_property

from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.resources import ResourceCall
from iac_review.analysis.strings import pieces
from iac_review.analysis.values import Assignments, follow
from iac_review.core.workspace import is_test_path
from iac_review.parse.python import parse_python

# Bounds on reading a package zip's directory (a hostile zip can claim anything).
_MAX_ZIP_BYTES = 256 * 1024 * 1024
_MAX_ZIP_MEMBERS = 10_000

LAMBDA_TYPES = ("aws_lambda_function", "aws_lambda_layer_version")
# Code that produces a zip: Python, shell, the archive provider, cdktf assets.
_ARCHIVE_BUILDERS = re.compile(
    r"\bzipfile\b|\bZipFile\b|make_archive|DataArchiveFile|archive_file|AssetType\.ARCHIVE"
    r"|\bzip\s+-[a-zA-Z0-9]+|\bzip\s+\S+\.zip|\barchiver\b|\bjszip\b|adm-zip")
_HANDLER_DEF = re.compile(r"def\s+\w+\s*\(\s*_?event\s*,\s*_?context\s*[,)]")
_SOURCE_DIR = re.compile(r"lambda|function|handler", re.IGNORECASE)


@dataclass(frozen=True)
class PathValue:
    """Where a path expression points, as far as the code shows."""

    anchor: str                     # relative, absolute, stack, asset, unknown
    path: str | None = None         # project-relative POSIX path when known
    asset: ResourceCall | None = None   # the TerraformAsset / DataArchiveFile behind .path

    @property
    def known(self) -> bool:
        return self.path is not None


UNKNOWN = PathValue("unknown")


def evaluate_path(expr: ast.AST | None, module: ParsedModule, assignments: Assignments | None,
                  calls_by_node: dict[int, ResourceCall], depth: int = 0) -> PathValue:
    """Evaluate a path expression: literals, f-strings, os.path / pathlib, assets."""
    if expr is None or depth > 10:
        return UNKNOWN

    def again(sub: ast.AST) -> PathValue:
        return evaluate_path(sub, module, assignments, calls_by_node, depth + 1)

    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return _literal(expr.value)
    if isinstance(expr, ast.Name):
        if expr.id == "__file__":
            return PathValue("absolute", module.path)
        if assignments is None:
            return UNKNOWN
        target = follow(expr, module, assignments)
        return UNKNOWN if target is expr else again(target)
    if isinstance(expr, (ast.JoinedStr, ast.BinOp)) and not (
            isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div)):
        parts = pieces(expr)
        if not parts:
            return UNKNOWN
        values = [_literal(p.text) if p.expr is None else again(p.expr) for p in parts]
        first = next((v for p, v in zip(parts, values, strict=True)
                      if p.expr is not None or p.text), UNKNOWN)
        anchor = first.anchor if first.anchor != "asset" else "unknown"
        texts = [p.text if p.expr is None else v.path for p, v in zip(parts, values, strict=True)]
        path = "".join(texts) if all(t is not None for t in texts) else None
        return PathValue(anchor, _norm(path) if path is not None else None)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):   # pathlib: base / "x"
        return _join(again(expr.left), again(expr.right))
    if isinstance(expr, ast.Attribute):
        base = expr.value
        if expr.attr in ("path", "output_path"):
            call = _call_behind(base, module, assignments, calls_by_node)
            if call is not None and call.class_name in ("TerraformAsset", "DataArchiveFile"):
                return PathValue("asset", None, call)
            return UNKNOWN
        if expr.attr == "parent":
            inner = again(base)
            return PathValue(inner.anchor, _dirname(inner.path), None) if inner.anchor != "asset" \
                else UNKNOWN
        return UNKNOWN
    if isinstance(expr, ast.Call):
        func = expr.func
        name = func.attr if isinstance(func, ast.Attribute) else \
            func.id if isinstance(func, ast.Name) else ""
        args = expr.args
        if name in ("resolve", "absolute") and isinstance(func, ast.Attribute) and not args:
            inner = again(func.value)
            return PathValue("absolute", inner.path) if inner.anchor != "unknown" else \
                PathValue("absolute")
        if name in ("abspath", "realpath") and args:
            inner = again(args[0])
            return PathValue("absolute", inner.path) if inner.anchor != "unknown" else \
                PathValue("absolute")
        if name in ("getcwd", "cwd"):
            return PathValue("absolute", "")
        if name == "join" and args and not (isinstance(func, ast.Attribute)
                                            and isinstance(func.value, ast.Constant)):
            result = again(args[0])
            for arg in args[1:]:
                result = _join(result, again(arg))
            return result
        if name == "dirname" and args:
            inner = again(args[0])
            return PathValue(inner.anchor, _dirname(inner.path)) if inner.anchor != "asset" \
                else UNKNOWN
        if name in ("normpath", "str", "fspath", "Path", "PurePath", "PosixPath",
                    "expanduser") and args:
            return again(args[0])
        if name in ("with_suffix", "joinpath") and isinstance(func, ast.Attribute) and args:
            inner = again(func.value)
            if name == "joinpath":
                for arg in args:
                    inner = _join(inner, again(arg))
                return inner
            suffix = args[0].value if isinstance(args[0], ast.Constant) else None
            if inner.path is not None and isinstance(suffix, str):
                return PathValue(inner.anchor, posixpath.splitext(inner.path)[0] + suffix)
            return PathValue(inner.anchor)
    return UNKNOWN


def _literal(text: str) -> PathValue:
    if text.startswith("${"):
        return UNKNOWN
    if text.startswith(("/", "~")) or re.match(r"^[A-Za-z]:[\\/]", text):
        return PathValue("absolute", text)   # a machine path, not a project path
    if text.startswith("../../../"):
        # relative to cdktf.out/stacks/<stack>: three levels up is the project root
        return PathValue("stack", _norm(text[len("../../../"):]))
    return PathValue("relative", _norm(text))


def _norm(path: str) -> str:
    path = path.replace("\\", "/")
    if not path:
        return ""
    normed = posixpath.normpath(path)
    return "" if normed == "." else normed


def _dirname(path: str | None) -> str | None:
    return None if path is None else posixpath.dirname(path)


def _join(left: PathValue, right: PathValue) -> PathValue:
    if right.anchor == "absolute":
        return right
    if left.anchor == "asset":
        return UNKNOWN
    if left.path is None or right.path is None:
        return PathValue(left.anchor)
    return PathValue(left.anchor, _norm(posixpath.join(left.path, right.path)))


def _call_behind(expr: ast.AST, module: ParsedModule, assignments: Assignments | None,
                 calls_by_node: dict[int, ResourceCall]) -> ResourceCall | None:
    if isinstance(expr, ast.Name) and assignments is not None:
        expr = follow(expr, module, assignments)
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) \
            and expr.value.id == "self":
        expr = _self_attribute_value(module, expr)
    return calls_by_node.get(id(expr)) if expr is not None else None


def _self_attribute_value(module: ParsedModule, attr: ast.Attribute) -> ast.AST | None:
    """The single value assigned to ``self.<attr>`` in the module, when there is one."""
    values = [node.value for node in module.walk()
              if isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Attribute)
              and isinstance(node.targets[0].value, ast.Name)
              and node.targets[0].value.id == "self" and node.targets[0].attr == attr.attr]
    return values[0] if len(values) == 1 else None


@dataclass
class LambdaSource:
    """A Python module that runs in Lambda: a project file or a code string in the stack."""

    path: str                   # project file holding it
    tree: ast.Module
    line_offset: int = 0        # add to the tree's line numbers (inline code)
    inline: bool = False

    def line(self, node: ast.AST) -> int:
        return node.lineno + self.line_offset

    @property
    def module_name(self) -> str:
        return posixpath.splitext(posixpath.basename(self.path))[0]


@dataclass
class SourceLocation:
    """Where the code of a function's package comes from, when the project shows it."""

    description: str                 # e.g. "lib/lambda/" or "lib/lambda/index.py"
    files: dict[str, str] = field(default_factory=dict)   # path inside the package -> project path


class LambdaProject:
    def __init__(self, ctx):
        self.ctx = ctx

    @classmethod
    def of(cls, ctx) -> "LambdaProject":
        """The instance shared by every rule reviewing this context (cached on it)."""
        return ctx.memo("lambda_project", cls)

    @cached_property
    def calls_by_node(self) -> dict[int, ResourceCall]:
        return {id(call.node): call for call in self.ctx.calls}

    @cached_property
    def functions(self) -> list[ResourceCall]:
        """LambdaFunction and LambdaLayerVersion calls."""
        return self.ctx.calls_of_type(*LAMBDA_TYPES)

    def path_of(self, call: ResourceCall, expr: ast.AST | None) -> PathValue:
        return evaluate_path(expr, call.module, call.assignments, self.calls_by_node)

    def package(self, call: ResourceCall) -> PathValue:
        return self.path_of(call, call.arg_node("filename"))

    @cached_property
    def project_paths(self) -> set[str]:
        return set(self.ctx.project.files)

    @cached_property
    def disk_root(self) -> str | None:
        project = self.ctx.project
        if project.kind == "project" and os.path.isdir(project.input):
            return project.input
        if project.kind == "task" and project.source == "code" and project.task_dir:
            return project.task_dir
        return None

    def exists(self, path: str) -> bool:
        """A file or folder of the project (on disk for folder inputs)."""
        if path in self.project_paths or self.is_directory(path):
            return True
        root = self.disk_root
        return bool(root) and os.path.exists(os.path.join(root, path))

    def zip_members(self, path: str) -> list[str] | None:
        """The names inside a package zip of the project on disk; None when there is none.

        Only the zip's directory is read (nothing is extracted), and only for a regular
        file inside the input folder of bounded size.
        """
        root = self.disk_root
        if not root:
            return None
        full = os.path.realpath(os.path.join(root, path))
        if not full.startswith(os.path.realpath(root) + os.sep) or not os.path.isfile(full) \
                or os.path.getsize(full) > _MAX_ZIP_BYTES:
            return None
        try:
            with zipfile.ZipFile(full) as archive:
                names = archive.namelist()[:_MAX_ZIP_MEMBERS]
        except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
            return None
        return [n for n in names if not n.endswith("/")]

    def is_directory(self, path: str) -> bool:
        prefix = path.rstrip("/") + "/" if path else ""
        return any(p.startswith(prefix) for p in self.project_paths)

    def files_under(self, directory: str, recursive: bool = True) -> dict[str, str]:
        """Package-relative path -> project path for the project files under ``directory``."""
        prefix = directory.rstrip("/") + "/" if directory else ""
        out = {}
        for path in self.project_paths:
            if path.startswith(prefix):
                rest = path[len(prefix):]
                if recursive or "/" not in rest:
                    out[rest] = path
        return out

    @cached_property
    def builds_archives(self) -> bool:
        """Any code, script or config in the project that produces a zip."""
        for path, src in self.ctx.project.files.items():
            if path.endswith(".md"):
                continue
            lower = src.text.lower()
            if ("zip" in lower or "archive" in lower) and _ARCHIVE_BUILDERS.search(src.text):
                return True
        root = self.disk_root
        if root:
            for name in sorted(os.listdir(root))[:200]:
                if name.endswith((".sh", ".mk")) or name in ("Makefile", "justfile"):
                    try:
                        with open(os.path.join(root, name), encoding="utf-8",
                                  errors="replace") as handle:
                            if _ARCHIVE_BUILDERS.search(handle.read(200_000)):
                                return True
                    except OSError:
                        continue
        return False

    @cached_property
    def string_literals(self) -> set[str]:
        """Every short string literal in the project's Python code."""
        found = set()
        for module in self.ctx.modules:
            if module.tree is None:
                continue
            for node in module.walk():
                if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                        and len(node.value) < 200:
                    found.add(node.value)
        return found

    @cached_property
    def sources(self) -> list[LambdaSource]:
        """Lambda source modules: project files and inline code strings."""
        out: list[LambdaSource] = []
        for module in self.ctx.modules:
            if module.tree is None:
                continue
            if _is_infrastructure(module):
                out.extend(_inline_sources(module))
            elif _is_lambda_file(module):
                out.append(LambdaSource(module.path, module.tree))
        return out

    def source_location(self, call: ResourceCall, family_exts: tuple[str, ...]) -> \
            SourceLocation | None:
        """The files a function's package is built from, when the project shows them."""
        value = self.package(call)
        if value.anchor == "asset" and value.asset is not None:
            return self._asset_location(value.asset, family_exts)
        if value.path is None or not value.path.endswith(".zip"):
            return None
        built = self.zip_members(value.path)
        if built is not None:   # the package itself: what it holds is the truth
            return SourceLocation(value.path, {name: "" for name in built})
        stem = value.path[:-4]
        directory = posixpath.dirname(value.path)
        same_name_dir = self.files_under(stem)
        if any(p.endswith(family_exts) for p in same_name_dir):
            return SourceLocation(stem + "/", same_name_dir)
        for ext in family_exts:
            if stem + ext in self.project_paths:
                base = posixpath.basename(stem + ext)
                return SourceLocation(stem + ext, {base: stem + ext})
        if not directory:
            return None
        siblings = self.files_under(directory, recursive=False)
        code = {k: v for k, v in siblings.items() if k.endswith(family_exts)}
        if not code or any(self._is_infrastructure_path(p) for p in code.values()):
            return None
        return SourceLocation(directory + "/", siblings)

    def _asset_location(self, asset: ResourceCall, family_exts: tuple[str, ...]) -> \
            SourceLocation | None:
        if asset.class_name == "TerraformAsset":
            source = evaluate_path(asset.arg_node("path"), asset.module, asset.assignments,
                                   self.calls_by_node)
            if source.path is None:
                return None
            files = self.files_under(source.path)
            if files:
                return SourceLocation(source.path + "/", files)
            if source.path in self.project_paths:
                base = posixpath.basename(source.path)
                return SourceLocation(source.path, {base: source.path})
            return None
        # DataArchiveFile
        content_name = asset.arg("source_content_filename")
        if isinstance(content_name, ast.Constant) and isinstance(content_name.value, str):
            return None   # inline content: checked through the inline sources
        for argument in ("source_dir", "source_file"):
            if not asset.has(argument):
                continue
            source = evaluate_path(asset.arg_node(argument), asset.module, asset.assignments,
                                   self.calls_by_node)
            if source.path is None:
                return None
            if argument == "source_dir":
                files = self.files_under(source.path)
                return SourceLocation(source.path + "/", files) if files else None
            if source.path in self.project_paths:
                base = posixpath.basename(source.path)
                return SourceLocation(source.path, {base: source.path})
        return None

    def _is_infrastructure_path(self, path: str) -> bool:
        module = self.ctx.module(path)
        return module is not None and _is_infrastructure(module)


# [^\S\n]*, not \s*: ^\s* under MULTILINE rescans every run of blank lines (quadratic).
_INFRA_IMPORT = re.compile(r"^[^\S\n]*(from|import)\s+(cdktf|constructs|cdktf_cdktf_provider_\w+)\b",
                           re.MULTILINE)


def _is_infrastructure(module: ParsedModule) -> bool:
    return bool(_INFRA_IMPORT.search(module.source.text))



def in_lambda_folder(path: str) -> bool:
    """Whether a project file sits in a folder of function code (lambda/, functions/, handlers/)."""
    return not is_test_path(path) and any(_SOURCE_DIR.search(d) for d in path.split("/")[:-1])


def _is_lambda_file(module: ParsedModule) -> bool:
    if is_test_path(module.path):
        return False
    directories = module.path.split("/")[:-1]
    if any(_SOURCE_DIR.search(d) for d in directories):
        return True
    return bool(_HANDLER_DEF.search(module.source.text)) and any(
        _is_handler_def(node) for node in module.tree.body)


def _is_handler_def(node: ast.AST) -> bool:
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    names = [a.arg.lstrip("_") for a in node.args.args[:2]]
    return names == ["event", "context"]


def _inline_sources(module: ParsedModule) -> list[LambdaSource]:
    """Python handler code written as a string literal in an infrastructure module."""
    out: list[LambdaSource] = []
    if not _HANDLER_DEF.search(module.source.text):
        return out
    for node in module.walk():
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and "\n" in node.value and _HANDLER_DEF.search(node.value)):
            continue
        code = textwrap.dedent(node.value)
        tree = parse_python(code).tree
        if tree is None:
            continue
        if not any(_is_handler_def(stmt) for stmt in tree.body):
            continue
        out.append(LambdaSource(module.path, tree, node.lineno - 1, inline=True))
    return out


def path_tail(expr: ast.AST | None, module: ParsedModule, assignments: Assignments | None,
              depth: int = 0) -> str | None:
    """The literal text a path expression ends with (enough to read its suffix)."""
    if expr is None or depth > 8:
        return None
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Name) and assignments is not None:
        target = follow(expr, module, assignments)
        return None if target is expr else path_tail(target, module, assignments, depth + 1)
    if isinstance(expr, ast.JoinedStr) and expr.values:
        last = expr.values[-1]
        return last.value if isinstance(last, ast.Constant) and isinstance(last.value, str) \
            else None
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Div)):
        return path_tail(expr.right, module, assignments, depth + 1)
    if isinstance(expr, ast.Call):
        func = expr.func
        name = func.attr if isinstance(func, ast.Attribute) else \
            func.id if isinstance(func, ast.Name) else ""
        if name == "join" and expr.args:
            return path_tail(expr.args[-1], module, assignments, depth + 1)
        if name in ("abspath", "realpath", "normpath", "str", "fspath", "Path") and expr.args:
            return path_tail(expr.args[0], module, assignments, depth + 1)
        if name in ("resolve", "absolute") and isinstance(func, ast.Attribute):
            return path_tail(func.value, module, assignments, depth + 1)
    return None
