"""The ideal's fix of a finding: by changed hunk, else by construct id and name."""
from __future__ import annotations

from iac_review.core.finding import Finding, Location, Severity
from iac_review.core.workspace import Project, SourceFile
from iac_review.diff import diff_against_ideal
from iac_review.diff.constructs import index_constructs
from iac_review.diff.fixes import FixFinder, IdealFix, merge

MODEL = """\
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning


class Store(TerraformStack):
    def __init__(self, scope, name, suffix):
        super().__init__(scope, name)
        self.logs = S3Bucket(self, "logs", bucket=f"logs-{suffix}")
        S3BucketVersioning(self, "logs-versioning", bucket=self.logs.id,
                           versioning_configuration={"status": "Enabled", "mfa_delete": "Enabled"})
        S3Bucket(self, "audit", bucket="audit-123456789012")
        Queue(self, "jobs", name="jobs")
"""

# The ideal moved every construct into a new module and changed some of them.
IDEAL_STACK = """\
from cdktf import TerraformStack
from lib.storage import build_storage


class Store(TerraformStack):
    def __init__(self, scope, name, suffix):
        super().__init__(scope, name)
        build_storage(self, suffix)
"""

IDEAL_STORAGE = """\
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA


def build_storage(scope, suffix):
    logs = S3Bucket(scope, "logs", bucket_prefix=f"logs-{suffix}-")
    S3BucketVersioningA(scope, "logs-versioning", bucket=logs.id,
                        versioning_configuration={"status": "Enabled"})
    S3Bucket(scope, "audit", bucket="audit-123456789012")
"""


def _project(files, source):
    return Project(input=source, kind="project", source=source,
                   files={p: SourceFile(p, t) for p, t in files.items()})


def _finding(rule, line, message="m"):
    return Finding(rule, "cat", Severity.HIGH, message, Location("lib/store.py", line))


def _finder(findings):
    model = _project({"lib/store.py": MODEL}, "model")
    ideal = _project({"lib/tap_stack.py": IDEAL_STACK, "lib/storage.py": IDEAL_STORAGE}, "ideal")
    return FixFinder(diff_against_ideal(model, ideal, findings), model)


def test_constructs_indexed_with_class_id_and_variable():
    model = _project({"lib/store.py": MODEL}, "model")
    calls = {(c.cls, c.construct_id, c.variable) for c in index_constructs(model)}
    assert ("S3Bucket", "logs", "logs") in calls
    assert ("S3BucketVersioning", "logs-versioning", None) in calls
    assert ("Queue", "jobs", None) in calls


def test_fix_found_by_construct_id_across_files_and_a_suffix():
    mfa = _finding("AWS001", 11, "versioning sets `mfa_delete`")
    fix = _finder([mfa]).fix_for(mfa)
    assert fix is not None and fix.how in ("construct", "hunk")
    assert fix.path == "lib/storage.py"
    assert any('versioning_configuration={"status": "Enabled"}' in line for line in fix.lines)


def test_fix_by_construct_shows_the_changed_argument():
    name = _finding("NM002", 9, "bucket name")
    fix = _finder([name]).fix_for(name)
    assert fix.how in ("construct", "hunk") and fix.path == "lib/storage.py"
    assert any("bucket_prefix" in line for line in fix.lines)


def test_unchanged_and_removed_constructs_are_said_so():
    kept = _finding("HC001", 12, "account id `123456789012`")
    gone = _finding("XX001", 13, "queue")
    finder = _finder([kept, gone])
    assert finder.fix_for(kept).how == "unchanged"
    removed = finder.fix_for(gone)
    assert removed.how == "removed" and removed.construct == "Queue('jobs')"


def test_merge_joins_overlapping_windows():
    ideal = _project({"a.py": "\n".join(f"line {n}" for n in range(1, 21))}, "ideal")
    a = IdealFix("a.py", 2, ("line 2", "line 3", "line 4"), "hunk")
    b = IdealFix("a.py", 4, ("line 4", "line 5"), "construct")
    c = IdealFix("a.py", 10, ("line 10",), "hunk")
    merged = merge([b, a, c, a], ideal)
    assert [(m.start, m.lines) for m in merged] == [
        (2, ("line 2", "line 3", "line 4", "line 5")), (10, ("line 10",))]


def test_hunks_no_line_explains_are_explained_by_the_names_they_change():
    model = _project({"a.py": "from m import Thing\n\nx = 1\n\n\n\nThing(self, 'a')\n"}, "model")
    ideal = _project({"a.py": "from m import ThingA\n\nx = 1\n\n\n\nThingA(self, 'a')\n"}, "ideal")
    finding = Finding("SCH001", "c", Severity.CRITICAL, "`Thing` does not exist; it is `ThingA`",
                      Location("a.py", 1))
    diff = diff_against_ideal(model, ideal, [finding])
    assert len(diff.hunks) == 2 and not diff.unexplained
    assert diff.hunk_for(finding).model_start == 1


def test_a_change_of_the_construct_elsewhere_is_not_shown_as_the_fix():
    # the ideal changed the bucket's name argument, not anything about `force_destroy`
    unrelated = _finding("AWS002", 9, "`S3Bucket` has no `force_destroy=True`")
    fix = _finder([unrelated]).fix_for(unrelated)
    assert fix is None or not any("bucket_prefix" in line for line in fix.lines)
