"""The versions the reviewed code will run against (Terraform for now).

Whether `use_lockfile` is a defect depends on the Terraform that runs the
backend: the configured version (`--terraform-version`), else the lowest
version the project's own `required_version` admits, else the installed
`terraform`, else 1.10. Only the first two are known to be the pipeline's: a
Terraform found on the reviewer's PATH says nothing about the one that deploys.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_TERRAFORM = "1.10.0"


@dataclass(frozen=True)
class TargetVersion:
    text: str
    source: str  # "configured", "required_version", "installed terraform" or "default"

    @property
    def known(self) -> bool:
        """Whether this is the version that will run the code (configured or declared by it)."""
        return self.source in ("configured", "required_version")

    @property
    def parts(self) -> tuple[int, ...]:
        return parse_version(self.text)

    def at_least(self, other: str) -> bool:
        return self.parts >= parse_version(other)


def parse_version(text: str) -> tuple[int, ...]:
    numbers = re.findall(r"\d+", text)[:3]
    return tuple(int(n) for n in numbers) + (0,) * (3 - len(numbers))


@lru_cache(maxsize=1)
def installed_terraform() -> str | None:
    tool = shutil.which("terraform")
    if not tool:
        return None
    try:
        run = subprocess.run([tool, "version", "-json"], capture_output=True, text=True,
                             timeout=5, env={"CHECKPOINT_DISABLE": "1", "PATH": ""})
        return json.loads(run.stdout).get("terraform_version")
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


_CONSTRAINT = re.compile(r"(?:(>=|~>|=|>)\s*)?v?(\d+(?:\.\d+){0,2})")


def lowest_admitted(constraint: str) -> str | None:
    """The lowest version a Terraform version constraint admits ("~> 1.10.0" -> 1.10.0).

    None when the constraint has no lower bound (only "<" or "!=" parts, or none).
    """
    lowest = None
    for part in constraint.split(","):
        # one optional \s only after an operator: two adjacent \s* would backtrack on blanks
        match = _CONSTRAINT.match(part.strip())
        if not match:
            continue
        operator, version = match.groups()
        operator = operator or ""
        parts = parse_version(version)
        if operator == ">":
            parts = parts[:2] + (parts[2] + 1,)
        if lowest is None or parts > lowest:
            lowest = parts
    return ".".join(str(n) for n in lowest) if lowest else None


def terraform_target(configured: str | None, required: str | None = None) -> TargetVersion:
    """The Terraform to judge against; ``required`` is the project's required_version constraint."""
    if configured:
        return TargetVersion(configured, "configured")
    if required and (lowest := lowest_admitted(required)):
        return TargetVersion(lowest, "required_version")
    installed = installed_terraform()
    if installed:
        return TargetVersion(installed, "installed terraform")
    return TargetVersion(DEFAULT_TERRAFORM, "default")
