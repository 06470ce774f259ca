"""Where a name an answer uses without importing it can come from, when there is one place only."""
from __future__ import annotations

# Classes of libraries every CDKTF project has besides cdktf and the providers.
OTHER_LIBRARIES = {"constructs": frozenset({"Construct", "IConstruct", "Node"})}


def library_home(index, name: str) -> str | None:
    """The one module that defines class ``name``: cdktf, constructs, or one provider module."""
    if index is None or not name[:1].isupper():
        return None
    homes = ["cdktf"] if name in index.cdktf_names else []
    homes += [module for module, names in OTHER_LIBRARIES.items() if name in names]
    homes += index.modules_defining(name)
    return homes[0] if len(homes) == 1 else None
