"""The pre-commit hook, installed by pre-commit itself, in a throwaway repository.

The hook repository is a git repository made from this working tree (so the
test checks the files as they are, committed or not), and the project
repository holds a CDKTF project with a configuration file, an inline
suppression and a baseline, as docs/integration.md describes. pre-commit
installs the hook's environment once (pinned by requirements.lock).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samples import account_stack_with

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

SECOND_ROLE = """\
        IamRole(self, "other", name="svc2", assume_role_policy="{}",
                permissions_boundary="arn:aws:iam::210987654321:policy/b")
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not PRE_COMMIT.exists(),
                                reason="git or pre-commit is not installed (pre-commit is in the test extra)")


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """A git repository holding what pip needs to install iac-review, and the hook file."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "hook")
    return repo, _git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path, hook_repo) -> Path:
    repo_path, rev = hook_repo
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "tap_stack.py").write_text(account_stack_with(""))
    (tmp_path / ".iac-review.toml").write_text('select = ["HC", "SUP"]\n')
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path}\n    rev: {rev}\n    hooks:\n      - id: iac-review\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    return tmp_path


def _hook(project: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_CONSTRAINT": str(ROOT / "requirements.lock"),
           "NO_COLOR": "1"}
    return subprocess.run([str(PRE_COMMIT), "run", "iac-review", "--all-files", "--color", "never", "--verbose"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=900)


def test_the_hook_fails_on_a_finding_and_passes_once_it_is_suppressed(project, pre_commit_home):
    run = _hook(project, pre_commit_home)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "HC001 hardcoded-account-id" in run.stdout
    stack = project / "lib" / "tap_stack.py"
    stack.write_text(account_stack_with("  # iac-review: ignore[HC001] boundary of the landing zone"))
    run = _hook(project, pre_commit_home)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 suppressed" in run.stdout


def test_a_suppression_without_a_reason_fails_the_hook_when_the_configuration_says_so(project,
                                                                                     pre_commit_home):
    (project / ".iac-review.toml").write_text('select = ["HC", "SUP"]\nfail-on = "Medium"\n')
    stack = project / "lib" / "tap_stack.py"
    stack.write_text(account_stack_with("  # iac-review: ignore[HC001]"))
    run = _hook(project, pre_commit_home)
    assert run.returncode == 1 and "SUP001" in run.stdout and "HC001 hardcoded" not in run.stdout


def test_with_a_baseline_the_hook_reports_only_new_findings(project, pre_commit_home):
    (project / ".iac-review.toml").write_text('select = ["HC", "SUP"]\nbaseline = "iac-review-baseline.json"\n')
    run = _hook(project, pre_commit_home)   # the first run records the baseline
    assert run.returncode == 0 and (project / "iac-review-baseline.json").is_file(), run.stdout + run.stderr
    assert _hook(project, pre_commit_home).returncode == 0
    stack = project / "lib" / "tap_stack.py"
    stack.write_text(stack.read_text() + SECOND_ROLE)
    run = _hook(project, pre_commit_home)
    assert run.returncode == 1
    assert "lib/tap_stack.py:11" in run.stdout and "lib/tap_stack.py:9" not in run.stdout
