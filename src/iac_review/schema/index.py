"""Lookups over the schema index: modules, symbols, structs, fields."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from iac_review.schema.build import KIND_STRUCT
from iac_review.schema.cache import load_index_data


@dataclass(frozen=True)
class Field:
    name: str          # Python name (snake_case)
    json_name: str     # jsii / JSON name (camelCase)
    required: bool
    type: str          # type code, see schema.build

    @property
    def struct(self) -> str | None:
        """The nested struct key when the field takes one struct."""
        return self.type[2:] if self.type.startswith("S:") else None

    @property
    def list_struct(self) -> str | None:
        """The element struct key when the field takes a list of structs."""
        return self.type[4:] if self.type.startswith("L:S:") else None


class SchemaIndex:
    def __init__(self, data: dict, path: Path | None = None):
        self.data = data
        self.path = path
        self.modules: dict[str, dict[str, str]] = data["modules"]
        self.classes: dict[str, dict] = data["classes"]
        self._structs: dict[str, dict[str, list]] = data["structs"]
        self.cdktf_names: dict[str, str] = data["cdktf_names"]
        self.cdktf_static: dict[str, list[str]] = data["cdktf_static"]
        self._name_to_modules: dict[str, list[str]] | None = None
        self._fields: dict[str, dict[str, Field]] = {}

    @property
    def provider_version(self) -> str:
        return self.data["provider"]["version"]

    @property
    def cdktf_version(self) -> str:
        return self.data["cdktf"]["version"]

    def info(self) -> dict:
        kinds: dict[str, int] = {}
        for names in self.modules.values():
            for kind in names.values():
                kinds[kind] = kinds.get(kind, 0) + 1
        return {
            "provider_package": "cdktf-cdktf-provider-aws",
            "provider_version": self.provider_version,
            "terraform_provider": self.data["provider"].get("terraform_provider", ""),
            "cdktf_version": self.cdktf_version,
            "cache_path": str(self.path) if self.path else None,
            "modules": len(self.modules),
            "resources": kinds.get("resource", 0),
            "data_sources": kinds.get("data", 0),
            "structs": kinds.get(KIND_STRUCT, 0),
        }

    # -- symbols -----------------------------------------------------------
    def module_exists(self, module: str) -> bool:
        return module in self.modules

    def kind(self, module: str, name: str) -> str | None:
        return self.modules.get(module, {}).get(name)

    def modules_defining(self, name: str) -> list[str]:
        if self._name_to_modules is None:
            table: dict[str, list[str]] = {}
            for module, names in self.modules.items():
                for symbol in names:
                    table.setdefault(symbol, []).append(module)
            self._name_to_modules = table
        return sorted(self._name_to_modules.get(name, []))

    def nearest_module(self, module: str) -> str | None:
        matches = difflib.get_close_matches(module, list(self.modules), n=1, cutoff=0.75)
        return matches[0] if matches else None

    def nearest_name(self, module: str, name: str, kinds: tuple[str, ...] = ()) -> str | None:
        names = [n for n, k in self.modules.get(module, {}).items() if not kinds or k in kinds]
        matches = difflib.get_close_matches(name, names, n=1, cutoff=0.7)
        return matches[0] if matches else None

    def config_of(self, module: str, name: str) -> str | None:
        entry = self.classes.get(f"{module}.{name}")
        return entry["config"] if entry else None

    def tf_type(self, module: str, name: str) -> str | None:
        entry = self.classes.get(f"{module}.{name}")
        return entry.get("tf") if entry else None

    # -- structs -----------------------------------------------------------
    def has_struct(self, key: str) -> bool:
        return key in self._structs

    def fields(self, key: str) -> dict[str, Field]:
        cached = self._fields.get(key)
        if cached is None:  # built on first use: most structs are never looked at
            raw = self._structs.get(key, {})
            cached = {name: Field(name, spec[0], bool(spec[1]), spec[2])
                      for name, spec in raw.items()}
            self._fields[key] = cached
        return cached

    def fields_by_json(self, key: str) -> dict[str, Field]:
        return {f.json_name: f for f in self.fields(key).values()}

    def nearest_field(self, key: str, name: str) -> str | None:
        matches = difflib.get_close_matches(name, list(self.fields(key)), n=1, cutoff=0.6)
        return matches[0] if matches else None


_LOADED: SchemaIndex | None = None


def load_index(rebuild: bool = False) -> SchemaIndex:
    """The index of the installed provider, built on first use and cached."""
    global _LOADED
    if _LOADED is None or rebuild:
        data, path, _ = load_index_data(rebuild=rebuild)
        _LOADED = SchemaIndex(data, path)
    return _LOADED
