"""Provider-less ``terraform validate`` of the synthesized JSON.

The AWS provider cannot be downloaded here, so every provider-backed resource,
data source and module is rewritten into the built-in ``terraform_data``
(``input = <its body>``), references to them into
``terraform_data.<new name>[<index>].output``, and providers, backends and
``required_*`` settings are left out. ``terraform validate`` then checks what
Terraform itself evaluates: function names, references to resources, variables
and locals, ``each`` / ``count`` use and template syntax. ``terraform_data`` is
built into Terraform, so nothing is downloaded (``init`` is run only if
``validate`` asks for it).

Terraform reports errors in phases and skips resources downstream of a failed
one, so the expression behind each error is neutralised (set to null) and
``validate`` runs again, a few times at most. Each run takes 40-60 ms.
The ``terraform`` binary is optional: without it the result says why it was not
evaluated.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_RUNS = 6
TIMEOUT_SECONDS = 30
BUILTIN_TYPES = {"terraform_data", "terraform_remote_state"}
# Meta-arguments kept on the rewritten block; everything else goes into ``input``.
_KEPT_META = ("count", "for_each", "depends_on", "lifecycle")
# Dropped: they need the real provider or a module download.
_DROPPED_META = ("//", "provider", "providers", "provisioner", "connection", "source", "version")
_KEPT_SECTIONS = ("variable", "locals", "output")

REFERENCE, RAW = "wrong_attribute_or_resource_reference", "raw_terraform_interpolation_string"
_KINDS = (  # (substring of the diagnostic summary, kind, category)
    ("unknown function", "function", RAW),
    ("undeclared resource", "reference", REFERENCE),
    ("undeclared module", "reference", REFERENCE),
    ("missing resource instance key", "reference", REFERENCE),
    ("unsupported attribute", "reference", REFERENCE),
    ("invalid reference", "reference", REFERENCE),
    ("undeclared input variable", "variable", RAW),
    ("undeclared local value", "variable", RAW),
    ("cannot be used in this context", "context", RAW),
    ("non-counted context", "context", RAW),
    ("error in function call", "function_argument", "wrong_value_type"),
    ("invalid function argument", "function_argument", "wrong_value_type"),
    ("template", "syntax", RAW),
    ("invalid expression", "syntax", RAW),
    ("extra characters", "syntax", RAW),
)

_REF = re.compile(r"(?<![\w.\-])(?:(data)\.([a-z][a-z0-9_]*)|(module)|([a-z][a-z0-9_]*))"
                  r"\.([A-Za-z_][\w-]*)(\[[^\[\]]*\])?")


@dataclass(frozen=True)
class ValidateError:
    stack: str
    summary: str                  # "Call to unknown function"
    detail: str                   # 'There is no function named "topic".'
    address: str | None           # "aws_s3_bucket.raw", "output.bucket", "locals.name"; None: unknown
    attribute: str | None         # "bucket", "tags.Name" (inside the block), None for the block itself
    expression: str | None        # the synthesized string that failed, when there is one
    kind: str                     # function, reference, variable, context, syntax, other
    category: str                 # taxonomy id


@dataclass
class ValidateRun:
    errors: list[ValidateError] = field(default_factory=list)
    terraform_version: str | None = None
    runs: int = 0
    not_evaluated_reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.not_evaluated_reason is None


def terraform_binary() -> str | None:
    return shutil.which("terraform")


@lru_cache(maxsize=4)
def terraform_version(binary: str) -> str | None:
    try:
        out = subprocess.run([binary, "version", "-json"], capture_output=True, text=True,
                             timeout=TIMEOUT_SECONDS, env=_env(tempfile.gettempdir()), check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    try:
        return json.loads(out.stdout).get("terraform_version")
    except (ValueError, AttributeError):
        return None


def validate_stacks(stacks: dict[str, dict], binary: str | None = None) -> ValidateRun:
    """Validate every stack's JSON; ``not_evaluated_reason`` when terraform is absent or fails."""
    binary = binary or terraform_binary()
    if binary is None:
        return ValidateRun(not_evaluated_reason="terraform is not on PATH: expressions were not validated")
    run = ValidateRun(terraform_version=terraform_version(binary))
    for stack, doc in stacks.items():
        reason = _validate_stack(binary, stack, doc, run)
        if reason:
            run.not_evaluated_reason = f"{stack}: {reason}"
            break
    return run


def _validate_stack(binary: str, stack: str, doc: Any, run: ValidateRun) -> str | None:
    config, names = rewrite_for_validation(doc)
    initialised = False
    seen: set[tuple] = set()
    with tempfile.TemporaryDirectory(prefix="iac-review-tfv-") as tmp:
        env = _env(tmp)
        for _ in range(MAX_RUNS):
            text, paths = dump_with_paths(config)
            Path(tmp, "main.tf.json").write_text(text, encoding="utf-8")
            result = _terraform(binary, ["validate", "-json", "-no-color"], tmp, env)
            run.runs += 1
            if isinstance(result, str):
                return result
            diagnostics = [d for d in result.get("diagnostics") or [] if d.get("severity") == "error"]
            if not diagnostics:
                return None
            if not initialised and any("init" in (d.get("detail") or "") and "terraform init"
                                       in (d.get("detail") or "") for d in diagnostics):
                initialised = True
                init = _terraform(binary, ["init", "-backend=false", "-input=false", "-no-color"], tmp, env,
                                  parse=False)
                if isinstance(init, str):
                    return init
                continue
            progress = False
            for diag in diagnostics:
                path = _diag_path(diag, paths)
                error = _error(stack, diag, path, names)
                key = (error.summary, error.detail, error.address, error.attribute)
                if _depends_on_files(diag):
                    pass    # the file is built or placed at deploy time, not here: not judged
                elif key not in seen:
                    seen.add(key)
                    run.errors.append(error)
                if path and _neutralise(config, path):
                    progress = True
            if not progress:
                return None
    return None


_FILE_ERRORS = ("no such file or directory", "no file exists at", "is a directory")


def _depends_on_files(diag: dict) -> bool:
    """Errors of file-reading functions (``filebase64sha256("lambda.zip")``): the file lives where
    the app was synthesized and the real run builds it; the static Lambda rules judge those paths."""
    detail = str(diag.get("detail") or "")
    return (any(text in detail for text in _FILE_ERRORS)
            or re.search(r'function "(file\w*|templatefile)" failed', detail) is not None)


def _terraform(binary: str, args: list[str], cwd: str, env: dict, parse: bool = True) -> dict | str:
    try:
        out = subprocess.run([binary, *args], cwd=cwd, env=env, capture_output=True, text=True,
                             timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return f"terraform {args[0]} timed out after {TIMEOUT_SECONDS} s"
    except OSError as exc:
        return f"terraform {args[0]} could not run: {exc}"
    if not parse:
        return {} if out.returncode == 0 else f"terraform {args[0]} failed: {out.stderr.strip()[-300:]}"
    try:
        data = json.loads(out.stdout)
    except ValueError:
        return f"terraform {args[0]} gave no JSON: {(out.stderr or out.stdout).strip()[-300:]}"
    return data if isinstance(data, dict) else f"terraform {args[0]} gave unexpected output"


def _env(tmp: str) -> dict[str, str]:
    """A scrubbed environment: no credentials, no call home, no user CLI config."""
    rc = Path(tmp, "terraformrc")
    if not rc.exists():
        rc.write_text("", encoding="utf-8")
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": tmp,
        "CHECKPOINT_DISABLE": "1",          # no version check against checkpoint.hashicorp.com
        "TF_IN_AUTOMATION": "1",
        "TF_INPUT": "0",
        "TF_CLI_CONFIG_FILE": str(rc),
        "TF_DATA_DIR": str(Path(tmp, ".terraform")),
    }


# --------------------------------------------------------------------------- rewrite

def rewrite_for_validation(doc: Any) -> tuple[dict, dict[str, str]]:
    """The builtin-only configuration and a map from new ``terraform_data`` name to original address."""
    if not isinstance(doc, dict):
        return {}, {}
    declared: dict[tuple[str, str, str], str] = {}   # (mode, type, name) -> new name
    for mode in ("resource", "data"):
        for rtype, items in _items(doc.get(mode)):
            if rtype in BUILTIN_TYPES:
                continue
            for name, _ in _items(items):
                declared[(mode, rtype, name)] = (f"data__{rtype}__{name}" if mode == "data"
                                                 else f"{rtype}__{name}")
    for name, _ in _items(doc.get("module")):
        declared[("module", "", name)] = f"module__{name}"
    names = {new: (f"data.{t}.{n}" if m == "data" else f"module.{n}" if m == "module" else f"{t}.{n}")
             for (m, t, n), new in declared.items()}

    def ref(match: re.Match) -> str:
        data_kw, data_type, module_kw, rtype, name, index = match.groups()
        key = (("data", data_type, name) if data_kw else ("module", "", name) if module_kw
               else ("resource", rtype, name))
        new = declared.get(key)
        if new is None:
            return match.group(0)
        return f"terraform_data.{new}{index or ''}.output"

    def strings(value: Any) -> Any:
        if isinstance(value, str):
            return _REF.sub(ref, value) if "${" in value else value
        if isinstance(value, list):
            return [strings(v) for v in value]
        if isinstance(value, dict):
            return {k: strings(v) for k, v in value.items()}
        return value

    def depends(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        out = []
        for item in value:
            if isinstance(item, str):
                bare = item.strip().removeprefix("${").removesuffix("}")
                item = _depends_ref(bare, declared) or item
            out.append(item)
        return out

    resources: dict[str, dict] = {}
    out: dict[str, Any] = {}
    for mode in ("resource", "data"):
        for rtype, items in _items(doc.get(mode)):
            for name, body in _items(items):
                body = body if isinstance(body, dict) else {}
                if rtype in BUILTIN_TYPES:
                    kept = {k: v for k, v in body.items() if k not in _DROPPED_META}
                    kept = {k: (depends(v) if k == "depends_on" else strings(v)) for k, v in kept.items()}
                    out.setdefault(mode, {}).setdefault(rtype, {})[name] = kept
                    continue
                resources[declared[(mode, rtype, name)]] = _block(body, strings, depends)
    for name, body in _items(doc.get("module")):
        resources[declared[("module", "", name)]] = _block(body if isinstance(body, dict) else {},
                                                            strings, depends)
    if resources:
        out.setdefault("resource", {}).setdefault("terraform_data", {}).update(resources)
    for section in _KEPT_SECTIONS:
        value = doc.get(section)
        if not isinstance(value, dict):
            continue
        if section == "output":
            value = {k: ({kk: (depends(vv) if kk == "depends_on" else strings(vv))
                          for kk, vv in v.items() if kk != "//"} if isinstance(v, dict) else v)
                     for k, v in value.items()}
        elif section == "locals":
            value = strings(value)
        out[section] = value
    return out, names


def _depends_ref(bare: str, declared: dict) -> str | None:
    parts = bare.split(".")
    key = ("data", parts[1], parts[2]) if parts[0] == "data" and len(parts) == 3 else (
        ("module", "", parts[1]) if parts[0] == "module" and len(parts) == 2 else
        ("resource", parts[0], parts[1]) if len(parts) == 2 else None)
    new = declared.get(key) if key else None
    return f"terraform_data.{new}" if new else None


def _block(body: dict, strings, depends) -> dict:
    block: dict[str, Any] = {}
    payload: dict[str, Any] = {}
    for key, value in body.items():
        if key in _DROPPED_META:
            continue
        if key == "depends_on":
            block[key] = depends(value)
        elif key == "lifecycle" and isinstance(value, dict):
            kept = {k: strings(v) for k, v in value.items() if k != "ignore_changes"}
            if kept:
                block[key] = kept
        elif key in _KEPT_META:
            block[key] = strings(value)
        else:
            payload[key] = value
    block["input"] = strings(_without_dynamic(payload))
    return block


def _without_dynamic(value: Any) -> Any:
    """``dynamic`` blocks reduced to their ``for_each``: their iterator exists only inside."""
    if isinstance(value, list):
        return [_without_dynamic(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "dynamic" and isinstance(item, dict):
            out[key] = {name: {"for_each": spec.get("for_each")} if isinstance(spec, dict) else None
                        for name, spec in item.items()}
        else:
            out[key] = _without_dynamic(item)
    return out


def _items(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []


# --------------------------------------------------------------------------- diagnostics

def dump_with_paths(doc: Any) -> tuple[str, dict[int, tuple]]:
    """JSON with two-space indentation and the key path of the value on each line."""
    lines: list[str] = []
    paths: dict[int, tuple] = {}

    def emit(prefix: str, value: Any, path: tuple, indent: int, comma: str) -> None:
        pad = "  " * indent
        if isinstance(value, dict) and value:
            lines.append(f"{pad}{prefix}{{")
            paths[len(lines)] = path
            for number, (key, item) in enumerate(value.items()):
                emit(json.dumps(str(key)) + ": ", item, path + (key,), indent + 1,
                     "," if number < len(value) - 1 else "")
            lines.append(f"{pad}}}{comma}")
        elif isinstance(value, list) and value:
            lines.append(f"{pad}{prefix}[")
            paths[len(lines)] = path
            for number, item in enumerate(value):
                emit("", item, path + (number,), indent + 1, "," if number < len(value) - 1 else "")
            lines.append(f"{pad}]{comma}")
        else:
            lines.append(f"{pad}{prefix}{json.dumps(value)}{comma}")
            paths[len(lines)] = path

    emit("", doc, (), 0, "")
    return "\n".join(lines) + "\n", paths


def _diag_path(diag: dict, paths: dict[int, tuple]) -> tuple | None:
    rng = diag.get("range")
    start = rng.get("start") if isinstance(rng, dict) else None
    line = start.get("line") if isinstance(start, dict) else None
    return paths.get(line) if isinstance(line, int) else None


def _error(stack: str, diag: dict, path: tuple | None, names: dict[str, str]) -> ValidateError:
    summary = str(diag.get("summary") or "")
    detail = str(diag.get("detail") or "")
    kind, category = "other", REFERENCE
    lowered = summary.lower()
    for needle, k, cat in _KINDS:
        if needle in lowered:
            kind, category = k, cat
            break
    address, attribute = _address(path, names)
    return ValidateError(stack, summary, _original_names(detail, names), address, attribute,
                         None, kind, category)


def _address(path: tuple | None, names: dict[str, str]) -> tuple[str | None, str | None]:
    if not path:
        return None, None
    if len(path) >= 3 and path[0] == "resource" and path[1] == "terraform_data" and path[2] in names:
        rest = path[3:]
        if rest[:1] == ("input",):
            rest = rest[1:]
        return names[path[2]], _dotted(rest)
    if len(path) >= 3 and path[0] in ("resource", "data"):
        prefix = "data." if path[0] == "data" else ""
        return f"{prefix}{path[1]}.{path[2]}", _dotted(path[3:])
    if len(path) >= 2 and path[0] in ("output", "locals", "variable"):
        return f"{path[0]}.{path[1]}", _dotted(path[2:])
    return None, None


def _dotted(parts: tuple) -> str | None:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _original_names(text: str, names: dict[str, str]) -> str:
    """Terraform's message in the original resource names."""
    def back(match: re.Match) -> str:
        original = names.get(match.group(1))
        return original if original else match.group(0)
    text = re.sub(r'"terraform_data" "([\w-]+)"', lambda m: (
        " ".join(f'"{p}"' for p in names[m.group(1)].split(".", 1)) if m.group(1) in names
        else m.group(0)), text)
    text = re.sub(r"terraform_data\.([\w-]+)(?:\.output)?", back, text)
    return text


def _neutralise(config: dict, path: tuple) -> bool:
    """Null the value at ``path`` (or drop a ``depends_on`` entry); False when nothing changed."""
    if not path:
        return False
    parent: Any = config
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = path[-1]
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        if len(path) >= 2 and path[-2] == "depends_on":
            del parent[last]
            return True
        if parent[last] is None:
            return False
        parent[last] = None
        return True
    if isinstance(parent, dict) and last in parent:
        if last in ("depends_on", "count", "for_each", "lifecycle"):
            del parent[last]
            return True
        if parent[last] is None:
            return False
        parent[last] = None
        return True
    return False


def expression_at(doc: Any, error: ValidateError) -> str | None:
    """The original synthesized value behind an error (for messages), when it is a string."""
    if not isinstance(doc, dict) or not error.address:
        return None
    parts = error.address.split(".")
    if parts[0] == "data" and len(parts) == 3:
        node: Any = doc.get("data", {}).get(parts[1], {}).get(parts[2]) if isinstance(doc.get("data"), dict) \
            else None
    elif parts[0] in ("output", "locals", "variable") and len(parts) == 2:
        node = doc.get(parts[0], {}).get(parts[1]) if isinstance(doc.get(parts[0]), dict) else None
    elif parts[0] == "module" and len(parts) == 2:
        node = doc.get("module", {}).get(parts[1]) if isinstance(doc.get("module"), dict) else None
    elif len(parts) == 2:
        section = doc.get("resource")
        node = section.get(parts[0], {}).get(parts[1]) if isinstance(section, dict) and isinstance(
            section.get(parts[0]), dict) else None
    else:
        return None
    for step in re.findall(r"\[(\d+)\]|\.?([^.\[\]]+)", error.attribute or ""):
        index, key = step
        if index and isinstance(node, list) and int(index) < len(node):
            node = node[int(index)]
        elif key and isinstance(node, dict):
            node = node.get(key)
        else:
            return None
    return node if isinstance(node, str) else None


def validate_for(ctx) -> ValidateRun | None:
    """The provider-less validation of the review's synthesized stacks (once per review)."""
    synth = getattr(ctx, "json_outcome", None)
    if synth is None or not synth.ok or not synth.stacks:
        return None
    return ctx.memo("terraform_validate", lambda c: validate_stacks(c.json_outcome.stacks))


def terraform_validate_status(ctx) -> str | None:
    """Why the validation did not evaluate this review (for NotEvaluated), None when it did."""
    synth = getattr(ctx, "json_outcome", None)
    if synth is None or not synth.ok or not synth.stacks:
        return "no synthesized Terraform JSON: terraform validate was not run"
    run = validate_for(ctx)
    return run.not_evaluated_reason if run is not None else "terraform validate was not run"
