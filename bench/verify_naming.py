"""Check the index's Python names against the generated provider bindings.

Reads every ``@jsii.data_type(... name_mapping={...})`` in the installed
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
from iac_review.schema.index import load_index

DECORATOR = re.compile(
    r'@jsii\.data_type\(\s*jsii_type="([^"]+)",.*?name_mapping=(\{.*?\}),\s*\)', re.S)


def main() -> int:
    index = load_index()
    spec = importlib.util.find_spec("cdktf_cdktf_provider_aws")
    root = Path(list(spec.submodule_search_locations)[0])
    checked = mismatched = 0
    for init in sorted(root.glob("*/__init__.py")):
        text = init.read_text()
        for fqn, mapping_src in DECORATOR.findall(text):
            mapping = ast.literal_eval(mapping_src)
            key = struct_key(fqn, "@cdktf/provider-aws")
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
    modules_ok = set(index.modules) == {p.parent.name for p in root.glob("*/__init__.py")} - {"_jsii"}
    print(f"structs checked: {checked}, mismatched: {mismatched}, module names match: {modules_ok}")
    return 1 if mismatched or not modules_ok else 0


if __name__ == "__main__":
    sys.exit(main())
