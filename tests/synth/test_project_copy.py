"""The copy of a project tree that the app runs on: complete, bounded, and never a way out."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from iac_review.synth.project_copy import TooLarge, copy_tree


def make_tree(root: Path) -> Path:
    (root / "lib" / "lambda").mkdir(parents=True)
    (root / "lib" / "AWS_REGION").write_text("eu-west-1\n")
    (root / "lib" / "lambda" / "bundle.zip").write_bytes(b"PK\x03\x04" + bytes(range(256)))
    (root / "run.sh").write_text("#!/bin/sh\n")
    os.chmod(root / "run.sh", 0o755)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n")
    (root / "cdktf.out").mkdir()
    (root / "cdktf.out" / "old.json").write_text("{}")
    return root


def test_every_file_of_the_project_is_copied_binary_and_modes_included(tmp_path):
    source = make_tree(tmp_path / "src")
    target = tmp_path / "copy"
    target.mkdir()
    report = copy_tree(source, target)
    assert (target / "lib" / "AWS_REGION").read_text() == "eu-west-1\n"
    bundle = Path("lib", "lambda", "bundle.zip")
    assert (target / bundle).read_bytes() == (source / bundle).read_bytes()
    assert os.access(target / "run.sh", os.X_OK)
    assert not (target / ".git").exists() and not (target / "cdktf.out").exists()
    assert report.files == 3 and not report.left_out


def test_links_inside_are_kept_and_links_outside_are_left_out(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not yours")
    source = make_tree(tmp_path / "src")
    (source / "region").symlink_to("lib/AWS_REGION")
    (source / "code").symlink_to("lib/lambda", target_is_directory=True)
    (source / "leak.txt").symlink_to(outside)
    (source / "up").symlink_to("..", target_is_directory=True)
    (source / "dangling").symlink_to("nowhere")
    target = tmp_path / "copy"
    target.mkdir()
    report = copy_tree(source, target)
    assert (target / "region").read_text() == "eu-west-1\n"
    assert (target / "code" / "bundle.zip").is_file()
    assert os.path.realpath(target / "code").startswith(str(target.resolve()))
    for name in ("leak.txt", "up", "dangling"):
        assert not os.path.lexists(target / name)
    assert sorted(line.split(":")[0] for line in report.left_out) == ["dangling", "leak.txt", "up"]


def test_special_files_are_left_out_without_blocking(tmp_path):
    source = make_tree(tmp_path / "src")
    os.mkfifo(source / "pipe")      # opening it for reading would block forever
    target = tmp_path / "copy"
    target.mkdir()
    report = copy_tree(source, target)
    assert not os.path.lexists(target / "pipe")
    assert report.left_out == ["pipe: not a regular file"]


def test_a_tree_over_the_bound_is_refused_not_copied_half(tmp_path):
    source = make_tree(tmp_path / "src")
    (source / "big.bin").write_bytes(b"\0" * 4096)
    target = tmp_path / "copy"
    target.mkdir()
    with pytest.raises(TooLarge, match="over the copy bound"):
        copy_tree(source, target, max_bytes=1024)
    with pytest.raises(TooLarge):
        copy_tree(source, target, max_files=2)


def test_the_source_tree_is_not_changed(tmp_path):
    source = make_tree(tmp_path / "src")
    before = {p: (p.read_bytes(), p.stat().st_mode) for p in source.rglob("*") if p.is_file()}
    target = tmp_path / "copy"
    target.mkdir()
    copy_tree(source, target)
    (target / "lib" / "AWS_REGION").write_text("changed")   # the app writes its copy
    after = {p: (p.read_bytes(), p.stat().st_mode) for p in source.rglob("*") if p.is_file()}
    assert after == before
