"""Lookups over the schema index: modules, symbols, structs, fields.

Every key handed in and out is qualified by its Python package: the module
``cdktf_cdktf_provider_random.password``, the struct
``cdktf_cdktf_provider_aws.s3_bucket.S3BucketConfig``, the cdktf struct
``cdktf.S3BackendConfig``. The sections underneath keep the shorter keys
of the cache (see ``schema.build``); a key's package picks its section.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from iac_review.schema.build import KIND_STRUCT
from iac_review.schema.cache import PROVIDER_MODULE, load_index_data

CDKTF = "cdktf"
_STRUCT_REF = re.compile(r"S:(?!cdktf\.)")


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


def qualify(package: str, key: str) -> str:
    """A section's struct key as the index hands it out."""
    return key if key.startswith(CDKTF + ".") else f"{package}.{key}"


class SchemaIndex:
    def __init__(self, data: dict, path: Path | None = None):
        self.data = data
        self.path = path
        cdktf = data["cdktf"]
        self.cdktf_names: dict[str, str] = cdktf["names"]
        self.cdktf_static: dict[str, list[str]] = cdktf["static"]
        # Python package -> section; cdktf is a section like the providers.
        self.providers: dict[str, dict] = data["providers"]
        self._sections: dict[str, dict] = {**self.providers, CDKTF: cdktf}
        self.primary: str = PROVIDER_MODULE if PROVIDER_MODULE in self.providers \
            else next(iter(self.providers), PROVIDER_MODULE)
        self._name_to_modules: dict[str, list[str]] | None = None
        self._fields: dict[str, dict[str, Field]] = {}
        self._by_tf_type: dict[str, dict[str, tuple[str, str]]] = {}

    # -- sections ----------------------------------------------------------
    def _locate(self, key: str) -> tuple[str, dict | None, str]:
        """(package, its section or None, the key inside the section)."""
        package, _, rest = key.partition(".")
        return package, self._sections.get(package), rest

    def has_provider(self, package: str) -> bool:
        return package in self.providers

    def version_of(self, package: str) -> str:
        """The installed version of a provider package, e.g. '12.0.1'."""
        section = self._sections.get(package)
        return section["version"] if section else ""

    @property
    def provider_version(self) -> str:
        return self.version_of(self.primary)

    @property
    def cdktf_version(self) -> str:
        return self.data["cdktf"]["version"]

    def info(self) -> dict:
        section = self.providers.get(self.primary, {})
        kinds: dict[str, int] = {}
        for names in section.get("modules", {}).values():
            for kind in names.values():
                kinds[kind] = kinds.get(kind, 0) + 1
        return {
            "provider_package": section.get("distribution", "cdktf-cdktf-provider-aws"),
            "provider_version": self.provider_version,
            "terraform_provider": section.get("terraform_provider", ""),
            "cdktf_version": self.cdktf_version,
            "cache_path": str(self.path) if self.path else None,
            "modules": len(section.get("modules", {})),
            "resources": kinds.get("resource", 0),
            "data_sources": kinds.get("data", 0),
            "structs": kinds.get(KIND_STRUCT, 0),
            "other_providers": {s["distribution"]: s["version"]
                                for package, s in self.providers.items() if package != self.primary},
        }

    # -- symbols -----------------------------------------------------------
    def modules_of(self, package: str) -> list[str]:
        """The qualified modules of one provider package."""
        section = self.providers.get(package)
        return [f"{package}.{module}" for module in section["modules"]] if section else []

    def module_exists(self, module: str) -> bool:
        _, section, rest = self._locate(module)
        return section is not None and rest in section.get("modules", {})

    def kind(self, module: str, name: str) -> str | None:
        _, section, rest = self._locate(module)
        return section["modules"].get(rest, {}).get(name) if section and "modules" in section \
            else None

    def modules_defining(self, name: str) -> list[str]:
        """Qualified modules that define ``name``, in any installed provider."""
        if self._name_to_modules is None:
            table: dict[str, list[str]] = {}
            for package, section in self.providers.items():
                for module, names in section["modules"].items():
                    for symbol in names:
                        table.setdefault(symbol, []).append(f"{package}.{module}")
            self._name_to_modules = table
        return sorted(self._name_to_modules.get(name, []))

    def nearest_module(self, module: str) -> str | None:
        """The closest existing module of the same package."""
        package, section, rest = self._locate(module)
        if section is None or "modules" not in section:
            return None
        matches = difflib.get_close_matches(rest, list(section["modules"]), n=1, cutoff=0.75)
        return f"{package}.{matches[0]}" if matches else None

    def nearest_name(self, module: str, name: str, kinds: tuple[str, ...] = ()) -> str | None:
        _, section, rest = self._locate(module)
        members = section["modules"].get(rest, {}) if section and "modules" in section else {}
        names = [n for n, k in members.items() if not kinds or k in kinds]
        matches = difflib.get_close_matches(name, names, n=1, cutoff=0.7)
        return matches[0] if matches else None

    def _class(self, module: str, name: str) -> tuple[str, dict | None]:
        package, section, rest = self._locate(f"{module}.{name}")
        return package, section["classes"].get(rest) if section else None

    def config_of(self, module: str, name: str) -> str | None:
        """The qualified config struct of a construct class (``cdktf`` as module for cdktf's)."""
        package, entry = self._class(module, name)
        return qualify(package, entry["config"]) if entry and entry["config"] else None

    def tf_type(self, module: str, name: str) -> str | None:
        _, entry = self._class(module, name)
        return entry.get("tf") if entry else None

    def construct_classes(self, package: str) -> Iterator[tuple[str, str, str | None, str | None]]:
        """(qualified module, class, qualified config struct, Terraform type) of one provider."""
        section = self.providers.get(package)
        for key, entry in (section["classes"].items() if section else ()):
            module, _, name = key.rpartition(".")
            config = qualify(package, entry["config"]) if entry["config"] else None
            yield f"{package}.{module}", name, config, entry.get("tf")

    def class_for_tf_type(self, package: str, tf_type: str) -> tuple[str, str] | None:
        """(qualified module, class) of the provider's construct for a Terraform type."""
        table = self._by_tf_type.get(package)
        if table is None:
            table = {tf: (module, name) for module, name, _, tf in self.construct_classes(package)
                     if tf}
            self._by_tf_type[package] = table
        return table.get(tf_type)

    # -- structs -----------------------------------------------------------
    def has_struct(self, key: str) -> bool:
        _, section, rest = self._locate(key)
        return section is not None and rest in section["structs"]

    def fields(self, key: str) -> dict[str, Field]:
        cached = self._fields.get(key)
        if cached is None:  # built on first use: most structs are never looked at
            package, section, rest = self._locate(key)
            raw = section["structs"].get(rest, {}) if section else {}
            refer = package != CDKTF  # a provider's own struct references are relative
            cached = {name: Field(name, spec[0], bool(spec[1]),
                                  _STRUCT_REF.sub(f"S:{package}.", spec[2]) if refer else spec[2])
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
    """The index of the installed providers and cdktf, built on first use and cached."""
    global _LOADED
    if _LOADED is None or rebuild:
        data, path, _ = load_index_data(rebuild=rebuild)
        _LOADED = SchemaIndex(data, path)
    return _LOADED
