"""The versions the reviewed code will run against (Terraform for now).

Whether `use_lockfile` is a defect depends on the Terraform that runs the
backend: the configured version, else the installed `terraform`, else 1.10.
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
    source: str  # "configured", "installed terraform" or "default"

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


def terraform_target(configured: str | None) -> TargetVersion:
    if configured:
        return TargetVersion(configured, "configured")
    installed = installed_terraform()
    if installed:
        return TargetVersion(installed, "installed terraform")
    return TargetVersion(DEFAULT_TERRAFORM, "default")
