"""The synthesized Terraform JSON (``cdk.tf.json``) of every stack as one graph.

Resources and data sources with their bodies, construct paths and references
(``${aws_kms_key.key.arn}`` anywhere inside a value, including ``jsonencode``
expressions and JSON policy strings), providers with their aliases, outputs,
and ``locate(ctx, resource)``: the model's construct call behind a resource.

Nothing here raises on odd input: a body that is not a dict is read as empty,
an expression that cannot be read is "unknown" (``None``), never guessed.
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator

from iac_review.knowledge.terraform import interpolations

SYNTH_FILE = "cdk.tf.json"

# A reference inside an expression: [data.]<type>.<name>[.<attr>]
_REF = re.compile(r"(?<![\w.\"-])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)"
                  r"(?:\.([A-Za-z_][\w]*))?")


@dataclass(eq=False)
class Resource:
    """One resource (``mode="resource"``) or data source (``mode="data"``) of a stack."""

    type: str
    name: str
    body: dict
    stack: str
    mode: str = "resource"

    @property
    def address(self) -> str:
        prefix = "data." if self.mode == "data" else ""
        return f"{prefix}{self.type}.{self.name}"

    @property
    def construct_path(self) -> str:
        meta = self.body.get("//")
        meta = meta.get("metadata") if isinstance(meta, dict) else None
        path = meta.get("path") if isinstance(meta, dict) else None
        return path if isinstance(path, str) else f"{self.stack}/{self.name}"

    @property
    def construct_id(self) -> str:
        return self.construct_path.rsplit("/", 1)[-1]

    @property
    def provider(self) -> str | None:
        """The ``provider`` meta-argument (e.g. ``"aws.west"``), None for the default."""
        value = self.body.get("provider")
        return value if isinstance(value, str) else None

    def get(self, key: str, default: Any = None) -> Any:
        return self.body.get(key, default)

    def block(self, key: str) -> dict:
        """A nested block given as a dict or a one-element list of dicts ({} otherwise)."""
        value = self.body.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        return value if isinstance(value, dict) else {}

    def blocks(self, key: str) -> list[dict]:
        value = self.body.get(key)
        if isinstance(value, dict):
            return [value]
        if isinstance(value, list):
            return [v for v in value if isinstance(v, dict)]
        return []

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{self.stack}:{self.address}>"


@dataclass
class Provider:
    type: str             # "aws"
    alias: str | None
    body: dict
    stack: str

    @property
    def ref(self) -> str:
        """How a resource names it in ``provider``: "aws" or "aws.alias"."""
        return f"{self.type}.{self.alias}" if self.alias else self.type

    @property
    def region(self) -> str | None:
        value = self.body.get("region")
        return value if isinstance(value, str) else None

    @property
    def default_tags(self) -> dict:
        value = self.body.get("default_tags")
        if isinstance(value, list):
            value = value[0] if value else None
        tags = value.get("tags") if isinstance(value, dict) else None
        return tags if isinstance(tags, dict) else {}


@dataclass
class Output:
    name: str
    body: dict
    stack: str


@dataclass
class TerraformGraph:
    resources: list[Resource] = field(default_factory=list)     # resources and data sources
    providers: list[Provider] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    stacks: list[str] = field(default_factory=list)

    @classmethod
    def from_stacks(cls, stacks: dict[str, dict]) -> "TerraformGraph":
        graph = cls()
        for stack, doc in (stacks or {}).items():
            if not isinstance(doc, dict):
                continue
            graph.stacks.append(stack)
            for mode, key in (("resource", "resource"), ("data", "data")):
                types = doc.get(key)
                for tf_type, named in (types.items() if isinstance(types, dict) else ()):
                    for name, body in (named.items() if isinstance(named, dict) else ()):
                        graph.resources.append(Resource(
                            str(tf_type), str(name), body if isinstance(body, dict) else {},
                            stack, mode))
            providers = doc.get("provider")
            for ptype, entries in (providers.items() if isinstance(providers, dict) else ()):
                for body in entries if isinstance(entries, list) else [entries]:
                    if isinstance(body, dict):
                        alias = body.get("alias")
                        graph.providers.append(Provider(
                            str(ptype), alias if isinstance(alias, str) else None, body, stack))
            outputs = doc.get("output")
            for name, body in (outputs.items() if isinstance(outputs, dict) else ()):
                graph.outputs.append(Output(str(name), body if isinstance(body, dict) else {},
                                            stack))
        return graph

    # -- lookups -----------------------------------------------------------
    @cached_property
    def _by_address(self) -> dict[tuple[str, str], Resource]:
        return {(r.stack, r.address): r for r in self.resources}

    def get(self, stack: str, address: str) -> Resource | None:
        return self._by_address.get((stack, address))

    def of_type(self, tf_type: str, mode: str = "resource") -> list[Resource]:
        return [r for r in self.resources if r.type == tf_type and r.mode == mode]

    def data_of_type(self, tf_type: str) -> list[Resource]:
        return self.of_type(tf_type, "data")

    def providers_of(self, stack: str, ptype: str = "aws") -> list[Provider]:
        return [p for p in self.providers if p.stack == stack and p.type == ptype]

    def default_provider(self, stack: str, ptype: str = "aws") -> Provider | None:
        return next((p for p in self.providers_of(stack, ptype) if p.alias is None), None)

    def provider_of(self, resource: Resource) -> Provider | None:
        ref = resource.provider
        if ref is None:
            return self.default_provider(resource.stack, resource.type.split("_", 1)[0])
        return next((p for p in self.providers if p.stack == resource.stack and p.ref == ref),
                    None)

    # -- references --------------------------------------------------------
    def resolve(self, value: Any, within: Resource | str | None = None
                ) -> list[tuple[Resource, str | None]]:
        """Every known resource ``value`` refers to, with the attribute used.

        ``value`` may be a string, a nested list / dict, or a ``jsonencode(...)``
        expression; ``within`` (a resource or a stack name) limits the lookup to
        that stack (references never cross stacks in Terraform).
        """
        stacks = self._stacks(within)
        found: list[tuple[Resource, str | None]] = []
        seen: set[tuple[int, str | None]] = set()
        for text in _strings(value):
            for match in _references_in(text):
                data, tf_type, name, attr = match
                address = f"{'data.' if data else ''}{tf_type}.{name}"
                for stack in stacks:
                    target = self._by_address.get((stack, address))
                    if target is not None and (id(target), attr) not in seen:
                        seen.add((id(target), attr))
                        found.append((target, attr))
        return found

    def targets(self, value: Any, within: Resource | str | None = None,
                tf_type: str | None = None) -> list[Resource]:
        """The resources ``value`` refers to (optionally of one type), each once."""
        out: list[Resource] = []
        for target, _ in self.resolve(value, within):
            if (tf_type is None or target.type == tf_type) and target not in out:
                out.append(target)
        return out

    @cached_property
    def _referrers(self) -> dict[int, list[Resource]]:
        table: dict[int, list[Resource]] = {}
        for resource in self.resources:
            body = {k: v for k, v in resource.body.items() if k != "//"}
            for target in self.targets(body, resource):
                if target is not resource:
                    table.setdefault(id(target), []).append(resource)
            for target in self.depends_on(resource):
                if target is not resource and resource not in table.get(id(target), []):
                    table.setdefault(id(target), []).append(resource)
        return table

    def referrers(self, resource: Resource, tf_type: str | None = None) -> list[Resource]:
        """Resources whose arguments (or depends_on) refer to ``resource``."""
        return [r for r in self._referrers.get(id(resource), [])
                if tf_type is None or r.type == tf_type]

    def depends_on(self, resource: Resource) -> list[Resource]:
        """The explicit ``depends_on`` targets of a resource that exist in its stack."""
        entries = resource.body.get("depends_on")
        out = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, str):
                text = entry[2:-1] if entry.startswith("${") and entry.endswith("}") else entry
                target = self._by_address.get((resource.stack, text.strip()))
                if target is not None:
                    out.append(target)
        return out

    def _stacks(self, within: Resource | str | None) -> list[str]:
        if isinstance(within, Resource):
            return [within.stack]
        if isinstance(within, str):
            return [within]
        return self.stacks

    # -- policies ----------------------------------------------------------
    def policy(self, value: Any, within: Resource | str | None = None) -> dict | None:
        """A policy document as a dict, or None when it cannot be read (unknown).

        Reads a dict, a JSON string (``json.dumps`` output, tokens left as
        ``${...}`` text), a ``${jsonencode({...})}`` expression, and a reference
        to ``data.aws_iam_policy_document.<name>.json`` (its statement blocks).
        """
        if isinstance(value, dict):
            return value
        if not isinstance(value, str):
            return None
        text = value.strip()
        if text.startswith("{"):
            try:
                doc = json.loads(text)
            except ValueError:
                return None
            return doc if isinstance(doc, dict) else None
        spans = interpolations(text)
        if len(spans) != 1 or spans[0].start != 0 or spans[0].end != len(text):
            return None
        expr = spans[0].expr.strip()
        if expr.startswith("jsonencode(") and expr.endswith(")"):
            doc = read_hcl(expr[len("jsonencode("):-1])
            return doc if isinstance(doc, dict) else None
        for target, attr in self.resolve(text, within):
            if target.address.startswith("data.aws_iam_policy_document.") and attr == "json":
                return self._policy_document(target)
        return None

    def _policy_document(self, data: Resource) -> dict | None:
        if any(k in data.body for k in ("source_policy_documents", "override_policy_documents",
                                        "source_json", "override_json")):
            return None
        statements = []
        for block in data.blocks("statement"):
            stmt: dict[str, Any] = {"Effect": block.get("effect") or "Allow"}
            for key, out in (("actions", "Action"), ("not_actions", "NotAction"),
                             ("resources", "Resource"), ("not_resources", "NotResource"),
                             ("sid", "Sid")):
                if key in block:
                    stmt[out] = block[key]
            principals: dict[str, list] = {}
            for p in _as_dicts(block.get("principals")):
                ptype = p.get("type")
                ids = p.get("identifiers")
                if isinstance(ptype, str):
                    principals.setdefault(ptype, []).extend(ids if isinstance(ids, list) else [ids])
            if principals:
                stmt["Principal"] = principals
            if block.get("condition"):
                stmt["Condition"] = block["condition"]
            statements.append(stmt)
        return {"Version": data.body.get("version", "2012-10-17"), "Statement": statements}


def _as_dicts(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _references_in(text: str) -> Iterator[tuple[str | None, str, str, str | None]]:
    if "${" not in text:
        return
    for span in interpolations(text):
        for match in _REF.finditer(span.expr):
            yield match.group(1), match.group(2), match.group(3), match.group(4)


# -- policy statements ------------------------------------------------------
def statements(doc: dict | None) -> list[dict]:
    if not isinstance(doc, dict):
        return []
    stmts = doc.get("Statement")
    return _as_dicts(stmts)


def _listed(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def principal_services(stmt: dict) -> list[str]:
    """The service principals of a statement; ``["*"]`` for a ``"*"`` principal."""
    principal = stmt.get("Principal")
    if principal == "*":
        return ["*"]
    if not isinstance(principal, dict):
        return []
    services = _listed(principal.get("Service"))
    if "*" in _listed(principal.get("AWS")):
        services.append("*")
    return services


def statement_actions(stmt: dict) -> list[str]:
    return _listed(stmt.get("Action"))


def action_allowed(actions: list[str], wanted: str) -> bool:
    """Whether an action list covers ``wanted`` (``*`` and ``svc:Prefix*`` wildcards)."""
    wanted = wanted.lower()
    for action in actions:
        action = action.lower()
        if action == "*" or action == wanted:
            return True
        if action.endswith("*") and wanted.startswith(action[:-1]):
            return True
    return False


def allows_service(doc: dict | None, matches, actions: tuple[str, ...] = ()) -> bool:
    """Whether an Allow statement names a matching service principal (or ``*``)
    and, together with the other such statements, covers every action in ``actions``."""
    covered: set[str] = set()
    named = False
    for stmt in statements(doc):
        if str(stmt.get("Effect", "Allow")).lower() != "allow":
            continue
        services = principal_services(stmt)
        if not any(s == "*" or matches(s) for s in services):
            continue
        named = True
        acts = statement_actions(stmt)
        covered.update(a for a in actions if action_allowed(acts, a))
    return named and covered >= set(actions)


# -- reading jsonencode(...) arguments ----------------------------------------
class _Unreadable(Exception):
    pass


def read_hcl(text: str) -> Any:
    """The value of an HCL object / tuple expression as cdktf renders ``Fn.jsonencode``.

    Bare references (``aws_s3_bucket.b.arn``) come back as ``"${aws_s3_bucket.b.arn}"``;
    anything else it cannot read gives None (unknown).
    """
    parser = _HclReader(text)
    try:
        value = parser.value()
        parser.skip()
        if parser.i != len(parser.text):
            return None
        return value
    except (_Unreadable, IndexError, ValueError, SyntaxError):
        return None


class _HclReader:
    def __init__(self, text: str):
        self.text = text
        self.i = 0

    def skip(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \t\r\n":
            self.i += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.i] if self.i < len(self.text) else ""

    def value(self) -> Any:
        c = self.peek()
        if c == "{":
            return self.obj()
        if c == "[":
            return self.tup()
        if c == '"':
            return self.string()
        match = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?").match(self.text, self.i)
        if match:
            self.i = match.end()
            return ast.literal_eval(match.group())
        match = re.compile(r"[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\])*").match(self.text, self.i)
        if match:
            word = match.group()
            after = self.text[match.end():].lstrip()
            if after.startswith("("):
                # a function call: its value is unknown, kept as an opaque expression
                start = self.i
                self.i = self.text.index("(", match.end())
                self._skip_balanced()
                return "${" + self.text[start:self.i] + "}"
            self.i = match.end()
            if word in ("true", "false"):
                return word == "true"
            if word == "null":
                return None
            return "${" + word + "}"
        raise _Unreadable(c)

    def _skip_balanced(self) -> None:
        depth = 0
        while True:
            c = self.text[self.i]
            if c == '"':
                self.string()
                continue
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
                if depth == 0:
                    self.i += 1
                    return
            self.i += 1

    def obj(self) -> dict:
        self.i += 1
        out: dict = {}
        while True:
            c = self.peek()
            if c == "}":
                self.i += 1
                return out
            if c == '"':
                key = self.string()
            else:
                match = re.compile(r"[A-Za-z_][\w-]*").match(self.text, self.i)
                if not match:
                    raise _Unreadable(c)
                key = match.group()
                self.i = match.end()
            sep = self.peek()
            if sep not in ("=", ":"):
                raise _Unreadable(sep)
            self.i += 1
            out[key] = self.value()
            if self.peek() == ",":
                self.i += 1

    def tup(self) -> list:
        self.i += 1
        out = []
        while True:
            if self.peek() == "]":
                self.i += 1
                return out
            out.append(self.value())
            if self.peek() == ",":
                self.i += 1

    def string(self) -> str:
        start = self.i
        self.i += 1
        depth = 0
        while True:
            c = self.text[self.i]
            if c == "\\":
                self.i += 2
                continue
            if self.text.startswith("${", self.i):
                depth += 1
                self.i += 2
                continue
            if c == "}" and depth:
                depth -= 1
            elif c == '"' and not depth:
                self.i += 1
                break
            self.i += 1
        return json.loads(self.text[start:self.i])


# -- locations ----------------------------------------------------------------
def locate(ctx, resource: Resource) -> tuple[str, int]:
    """Where the model wrote the construct behind ``resource``.

    The construct call whose literal construct id equals the resource's
    construct id (last segment of its construct path) and whose class has the
    resource's Terraform type; when there is not exactly one such call, the
    stack's ``cdk.tf.json`` at line 1.
    """
    call = find_call(ctx, resource)
    if call is not None:
        return call.path, call.line
    return SYNTH_FILE, 1


def find_call(ctx, resource: Resource):
    """The one construct call behind ``resource``, or None."""
    table = ctx.memo("tfjson_calls_by_id", _calls_by_id)
    candidates = table.get((resource.construct_id, resource.type), [])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        # calls whose schema type is unknown (no index) still match by id alone
        loose = table.get((resource.construct_id, None), [])
        if len(loose) == 1:
            return loose[0]
    return None


def _calls_by_id(ctx) -> dict[tuple[str, str | None], list]:
    table: dict[tuple[str, str | None], list] = {}
    for call in ctx.calls:
        node = call.construct_id
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            table.setdefault((node.value, call.tf_type), []).append(call)
    return table


def report(rule, ctx, resource: Resource, message: str, **kwargs):
    """A finding of ``rule`` at the model's construct call behind ``resource``.

    Without one, the finding points at the stack's cdk.tf.json (line 1) and the
    message names the stack.
    """
    path, line = locate(ctx, resource)
    if path == SYNTH_FILE:
        message = f"[stack {resource.stack}] {message}"
    return rule.finding(ctx, path, line, message, **kwargs)


def label(resource: Resource) -> str:
    """How messages name a resource: its address and construct id when they differ."""
    if resource.construct_id != resource.name:
        return f"`{resource.address}` (construct \"{resource.construct_id}\")"
    return f"`{resource.address}`"


def severity(rule, ctx, wanted):
    """``wanted`` unless a profile overrides the rule's severity (then None: use the profile's)."""
    return None if rule.meta.id in ctx.severity_overrides else wanted
