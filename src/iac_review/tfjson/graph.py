"""The synthesized Terraform JSON (``cdk.tf.json``) of every stack as one graph.

Resources and data sources with their bodies, construct paths and references
(``${aws_kms_key.key.arn}`` anywhere inside a value, including ``jsonencode``
expressions and JSON policy strings), providers with their aliases, outputs,
and ``locate(ctx, resource)``: the model's construct call behind a resource.

Nothing here raises on odd input: a body that is not a dict is read as empty,
an expression that cannot be read is "unknown" (``None``), never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator

from iac_review.knowledge.terraform import interpolations
from iac_review.parse import json_text
from iac_review.tfjson.hcl import read_hcl
from iac_review.tfjson.policy import as_dicts

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
                doc = json_text.loads(text)
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
            for p in as_dicts(block.get("principals")):
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
