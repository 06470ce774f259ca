"""Helpers for the synth tests: projects of our own writing, stray-process checks."""
from __future__ import annotations

import glob
import os
import tempfile
import textwrap

from iac_review.core.workspace import Project, SourceFile


def app_project(body: str, **extra: str) -> Project:
    """A project whose tap.py runs ``body`` (dedented) and then synthesizes an empty App."""
    text = textwrap.dedent(body)
    files = {"tap.py": SourceFile("tap.py", text)}
    files.update({k: SourceFile(k, textwrap.dedent(v)) for k, v in extra.items()})
    return Project(input="<test>", kind="project", files=files)


def sandbox_processes() -> set[int]:
    """Live processes whose cwd lies in a synth work dir (workers and anything they started)."""
    prefix = os.path.join(tempfile.gettempdir(), "iac-review-synth-")
    found = set()
    for entry in glob.glob("/proc/[0-9]*"):
        try:
            cwd = os.readlink(entry + "/cwd")
        except OSError:
            continue
        if cwd.startswith(prefix):
            found.add(int(entry.rsplit("/", 1)[1]))
    return found


