"""Check the index's Python names against the generated provider bindings.

Reads every ``@jsii.data_type(... name_mapping={...})`` in each installed
provider's Python files and compares it with the index. Prints mismatches.
Usage: python bench/verify_naming.py
"""
from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

from iac_review.schema.build import struct_key
from iac_review.schema.index import load_index, qualify

DECORATOR = re.compile(
    r'@jsii\.data_type\(\s*jsii_type="([^"]+)",.*?name_mapping=(\{.*?\}),\s*\)', re.S)


def main() -> int:
    index = load_index()
    failed = False
    for package, section in index.providers.items():
        spec = importlib.util.find_spec(package)
        root = Path(list(spec.submodule_search_locations)[0])
        checked = mismatched = 0
        for init in sorted(root.glob("*/__init__.py")):
            text = init.read_text()
            for fqn, mapping_src in DECORATOR.findall(text):
                mapping = ast.literal_eval(mapping_src)
                key = qualify(package, struct_key(fqn, section["package"]))
                fields = index.fields(key)
                ours = {name: f.json_name for name, f in fields.items()}
                checked += 1
                if ours != mapping:
                    mismatched += 1
                    if mismatched <= 10:
                        missing = set(mapping.items()) ^ set(ours.items())
                        print(f"{key}: {sorted(missing)[:6]}")
            if init.parent.name != init.parent.name.lower():
                print("odd module", init.parent.name)
        generated = {p.parent.name for p in root.glob("*/__init__.py")} - {"_jsii"}
        modules_ok = set(section["modules"]) == generated
        print(f"{package}: structs checked: {checked}, mismatched: {mismatched}, "
              f"module names match: {modules_ok}")
        failed |= bool(mismatched) or not modules_ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
