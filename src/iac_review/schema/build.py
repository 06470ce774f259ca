"""Build the compact schema index from jsii assemblies (the .jsii JSON).

The provider assembly is 131 MB of JSON; the index keeps only what the rules
need: which names each Python module exports, what kind each is, and for
every struct (resource config or nested block) its fields with Python name,
JSON name, required flag and a compact type code.

Type codes: ``s`` string, ``n`` number, ``b`` boolean, ``d`` date, ``a`` any,
``o`` some other object (tokens, providers, constructs), ``L:<t>`` list,
``M:<t>`` map, ``S:<struct key>`` one nested struct, ``U:<t>|<t>`` union.
``cdktf.IResolvable`` is dropped from unions: every field accepts a token.

Each provider assembly gives one *section*, and cdktf gives one more; a
section's keys are relative to it (``s3_bucket.S3BucketConfig`` inside the
section of ``cdktf_cdktf_provider_aws``), so the big AWS section stays as
compact as it was. Keys of cdktf structs are written whole (``cdktf.X``) in
every section. ``schema.index`` puts the sections together and qualifies the
keys it hands out.
"""
from __future__ import annotations

import re
from typing import Any

from iac_review.schema.naming import python_name, snake_case

INDEX_FORMAT = 3
_IGNORED_IN_UNIONS = {"cdktf.IResolvable"}
_LINK = re.compile(r"\{@link \S+ (\w+)\}")

KIND_RESOURCE, KIND_DATA, KIND_PROVIDER = "resource", "data", "provider"
KIND_STRUCT, KIND_REFERENCE, KIND_CLASS, KIND_ENUM = "struct", "reference", "class", "enum"

_BASE_KIND = {
    "cdktf.TerraformResource": KIND_RESOURCE,
    "cdktf.TerraformDataSource": KIND_DATA,
    "cdktf.TerraformProvider": KIND_PROVIDER,
    "cdktf.ComplexObject": KIND_REFERENCE,
    "cdktf.ComplexList": KIND_REFERENCE,
    "cdktf.ComplexMap": KIND_REFERENCE,
}


def struct_key(fqn: str, provider_name: str) -> str:
    """``@cdktf/provider-aws.s3Bucket.S3BucketConfig`` -> ``s3_bucket.S3BucketConfig``."""
    if fqn.startswith(provider_name + "."):
        rest = fqn[len(provider_name) + 1:]
        namespace, _, name = rest.rpartition(".")
        return f"{snake_case(namespace)}.{name}" if namespace else name
    return fqn  # e.g. cdktf.S3BackendConfig stays as it is


class _Builder:
    def __init__(self, provider: dict, cdktf: dict):
        self.provider_name = provider["name"]
        self.types: dict[str, dict] = {**cdktf.get("types", {}), **provider.get("types", {})}

    def key(self, fqn: str) -> str:
        return struct_key(fqn, self.provider_name)

    def type_code(self, ref: dict) -> str:
        if "primitive" in ref:
            return {"string": "s", "number": "n", "boolean": "b", "date": "d",
                    "any": "a", "json": "a"}.get(ref["primitive"], "a")
        if "collection" in ref:
            inner = self.type_code(ref["collection"]["elementtype"])
            return ("L:" if ref["collection"]["kind"] == "array" else "M:") + inner
        if "union" in ref:
            members = [m for m in ref["union"]["types"]
                       if m.get("fqn") not in _IGNORED_IN_UNIONS]
            codes = sorted({self.type_code(m) for m in members})
            if not codes:
                return "o"
            return codes[0] if len(codes) == 1 else "U:" + "|".join(codes)
        fqn = ref.get("fqn", "")
        target = self.types.get(fqn)
        if target and target.get("datatype"):
            return "S:" + self.key(fqn)
        return "o"

    def struct_fields(self, fqn: str, seen: set[str] | None = None) -> dict[str, list]:
        """Fields of a struct, including those of the interfaces it extends."""
        seen = seen if seen is not None else set()
        if fqn in seen or fqn not in self.types:
            return {}
        seen.add(fqn)
        spec = self.types[fqn]
        fields: dict[str, list] = {}
        for parent in spec.get("interfaces", []):
            fields.update(self.struct_fields(parent, seen))
        for prop in spec.get("properties", []):
            fields[python_name(prop["name"])] = [
                prop["name"], 0 if prop.get("optional") else 1, self.type_code(prop["type"])]
        return fields

    def kind(self, spec: dict) -> str:
        if spec["kind"] == "interface":
            return KIND_STRUCT if spec.get("datatype") else KIND_CLASS
        if spec["kind"] == "enum":
            return KIND_ENUM
        return _BASE_KIND.get(spec.get("base", ""), KIND_CLASS)

    def initializer_config(self, spec: dict) -> str | None:
        params = (spec.get("initializer") or {}).get("parameters", [])
        for param in params:
            fqn = param["type"].get("fqn")
            if fqn and self.types.get(fqn, {}).get("datatype"):
                return self.key(fqn)
        return None

    def static_methods(self, fqn: str) -> list[str]:
        names: set[str] = set()
        while fqn in self.types:
            spec = self.types[fqn]
            names.update(python_name(m["name"]) for m in spec.get("methods", [])
                         if m.get("static"))
            names.update(python_name(p["name"]) for p in spec.get("properties", [])
                         if p.get("static"))
            fqn = spec.get("base", "")
        return sorted(names)


def tf_type_of(spec: dict) -> str | None:
    """Terraform type from the class summary: 'Represents a {@link URL aws_x}.'"""
    summary = (spec.get("docs") or {}).get("summary", "")
    match = _LINK.search(summary)
    return match.group(1) if match else None


def python_module(assembly: dict) -> str:
    """The Python package of an assembly: ``@cdktf/provider-aws`` -> ``cdktf_cdktf_provider_aws``."""
    target = (assembly.get("targets") or {}).get("python") or {}
    if target.get("module"):
        return target["module"]
    return "cdktf_cdktf_" + assembly["name"].rsplit("/", 1)[-1].replace("-", "_")


def build_provider_section(provider: dict, cdktf: dict) -> dict[str, Any]:
    """The section of one provider assembly: its modules, construct classes and structs."""
    b = _Builder(provider, cdktf)
    modules: dict[str, dict[str, str]] = {}
    classes: dict[str, dict] = {}
    structs: dict[str, dict] = {}
    prefix = b.provider_name + "."
    for fqn, spec in provider["types"].items():
        key = b.key(fqn)
        module, _, name = key.rpartition(".")
        kind = b.kind(spec)
        modules.setdefault(module, {})[name] = kind
        if kind == KIND_STRUCT:
            structs[key] = b.struct_fields(fqn)
        elif kind in (KIND_RESOURCE, KIND_DATA, KIND_PROVIDER):
            classes[key] = {"config": b.initializer_config(spec), "tf": tf_type_of(spec)}
    for sub in provider.get("submodules", {}):
        if sub.startswith(prefix):
            modules.setdefault(snake_case(sub[len(prefix):]), {})
    target = (provider.get("targets") or {}).get("python") or {}
    return {
        "format": INDEX_FORMAT,
        "module": python_module(provider),
        "package": provider.get("name"),
        "distribution": target.get("distName") or python_module(provider).replace("_", "-"),
        "version": provider.get("version", ""),
        "terraform_provider": _terraform_provider(provider),
        "cdktf_version": cdktf.get("version", ""),
        "modules": modules,
        "classes": classes,
        "structs": structs,
    }


def build_cdktf_section(cdktf: dict) -> dict[str, Any]:
    """The section of cdktf itself: its top-level names, static members, classes and structs."""
    b = _Builder({"name": "", "types": {}}, cdktf)  # no provider: struct keys stay ``cdktf.X``
    names: dict[str, str] = {}
    static: dict[str, list[str]] = {}
    classes: dict[str, dict] = {}
    structs: dict[str, dict] = {}
    for fqn, spec in cdktf["types"].items():
        namespace, _, name = fqn[len("cdktf."):].rpartition(".")
        if namespace:
            continue  # nested namespaces are not exported at cdktf's top level
        kind = b.kind(spec)
        names[name] = kind
        if kind == KIND_STRUCT:
            structs[name] = b.struct_fields(fqn)
        elif spec["kind"] == "class":
            config = b.initializer_config(spec)
            if config:
                classes[name] = {"config": config, "tf": None}
            methods = b.static_methods(fqn)
            if methods:
                static[name] = methods
    return {"format": INDEX_FORMAT, "version": cdktf.get("version", ""), "names": names,
            "static": static, "classes": classes, "structs": structs}


def build_index(provider: dict, cdktf: dict, *others: dict) -> dict[str, Any]:
    """The whole index from parsed assemblies: cdktf and one or more providers."""
    sections = [build_provider_section(p, cdktf) for p in (provider, *others)]
    return combine(build_cdktf_section(cdktf), sections)


def combine(cdktf: dict, providers: list[dict]) -> dict[str, Any]:
    """Put built sections together; the first provider is the primary one (AWS)."""
    return {"format": INDEX_FORMAT, "cdktf": cdktf,
            "providers": {section["module"]: section for section in providers}}


def _terraform_provider(provider: dict) -> str:
    for spec in provider.get("types", {}).values():
        if spec.get("base") == "cdktf.TerraformProvider":
            summary = (spec.get("docs") or {}).get("summary", "")
            marker = "/providers/"
            if marker in summary:
                parts = summary.split(marker, 1)[1].split("/")
                return f"{parts[0]}/{parts[1]} {parts[2]}" if len(parts) > 2 else ""
    return ""
