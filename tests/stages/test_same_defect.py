"""Findings of one defect family at one place become one finding; other findings stay apart."""
from iac_review.core.finding import Finding, Location, Severity
from iac_review.stages.same_defect import CALL_SPAN, merge_same_defect


def _finding(rule, line, severity=Severity.HIGH, column=1, message="m", file="lib/stack.py",
             end_line=None):
    return Finding(rule_id=rule, category="c", severity=severity, message=f"{rule} {message}",
                   location=Location(file, line, column, end_line), input="t")


def test_a_family_at_one_call_keeps_the_strongest_and_names_the_others():
    merged = merge_same_defect([_finding("LAM001", 9, Severity.HIGH),
                                _finding("LAM002", 10, Severity.CRITICAL),
                                _finding("TFS002", 9, Severity.MEDIUM)])
    (kept,) = merged
    assert kept.rule_id == "LAM002" and kept.severity is Severity.CRITICAL
    assert kept.message.endswith("(also reported as LAM001, TFS002)")
    assert kept.also == (("LAM001", "c"), ("TFS002", "c"))   # rule and category, for measures


def test_every_location_of_the_kept_rule_stays():
    tests = [_finding("TST001", 3, file="tests/test_x.py"), _finding("TST001", 20, file="tests/test_x.py"),
             _finding("TST002", 1, Severity.MEDIUM, file="tests/test_x.py")]
    merged = merge_same_defect(tests)
    assert [(f.rule_id, f.location.line) for f in merged] == [("TST001", 3), ("TST001", 20)]


def test_other_places_other_families_and_other_symbols_stay_apart():
    findings = [_finding("LAM001", 9), _finding("LAM002", 9 + CALL_SPAN + 1),   # another call
                _finding("LAM001", 30), _finding("SEC002", 30),                   # not one family
                _finding("SCH001", 3, end_line=3), _finding("SCH002", 4, end_line=6)]  # two imports
    assert merge_same_defect(findings) == findings


def test_the_names_of_one_import_statement_are_one_item_that_quotes_each_name():
    findings = [_finding("SCH001", 26, Severity.CRITICAL, message="`A` lacks its suffix", end_line=30),
                _finding("SCH002", 30, Severity.CRITICAL, message="`BAc` does not exist", end_line=30)]
    (kept,) = merge_same_defect(findings)
    assert kept.rule_id == "SCH001"
    assert "`A` lacks its suffix" in kept.message and "`BAc` does not exist" in kept.message
    assert kept.also == (("SCH002", "c"),)


def test_one_root_cause_in_two_files_is_one_item_that_quotes_the_other():
    findings = [_finding("CTR006", 20, file="tap.py"), _finding("NM004", 61, file="lib/stack.py")]
    (kept,) = merge_same_defect(findings)
    assert kept.rule_id == "NM004"
    assert kept.message == "NM004 m; also (CTR006): CTR006 m"


def test_a_merged_finding_carries_what_it_had_absorbed():
    findings = [_finding("CTR006", 20, file="tap.py"), _finding("HC004", 20, Severity.MEDIUM, file="tap.py"),
                _finding("NM004", 61, file="lib/stack.py")]
    (kept,) = merge_same_defect(findings)
    assert kept.rule_id == "NM004"
    assert {rule for rule, _ in kept.also} == {"CTR006", "HC004"}
