"""A sandboxed command can write in its work dir (its cwd), and nowhere else it was not given."""
from __future__ import annotations

import sys

from iac_review.sandbox import run


def test_command_writes_in_its_work_dir(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    result = run([sys.executable, "-c", "import os; open('out.txt', 'w').write('x'); os.mkdir('d')"],
                 work, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (work / "out.txt").read_text() == "x" and (work / "d").is_dir()


def test_command_cannot_write_beside_its_work_dir(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    outside = tmp_path / "outside.txt"
    result = run([sys.executable, "-c", f"open({str(outside)!r}, 'w').write('x')"], work, timeout=60)
    if result.network_isolated:  # namespaces available: the rest of the file system is read-only
        assert not outside.exists()
        # under bubblewrap the work dir's parents are the sandbox's own (in its private /tmp):
        # as root the app cannot write there; as the user's own id it may, and the write is lost
        assert result.returncode != 0 or result.enforced.get("filesystem_view")
