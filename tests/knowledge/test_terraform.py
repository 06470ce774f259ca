"""Terraform template reading: interpolations, escapes, expression analysis, functions."""
from __future__ import annotations

import pytest

from iac_review.knowledge.terraform import analyse, interpolations, terraform_functions


@pytest.mark.parametrize("text,exprs", [
    ("${topic(3)}", ["topic(3)"]),
    ("a $${literal} b", []),
    ("$$${x.y}", ["x.y"]),
    ("key/${timestamp()}/${each.key}", ["timestamp()", "each.key"]),
    ('${jsonencode({"a" = "}"})}', ['jsonencode({"a" = "}"})']),
    ("no template {here}", []),
    ("unterminated ${oops", []),
])
def test_interpolations(text, exprs):
    assert [i.expr for i in interpolations(text)] == exprs


def test_analyse_references_and_functions():
    info = analyse('element(data.aws_availability_zones.zones.names, 0)')
    assert info.functions == ["element"]
    assert info.references == [["data", "aws_availability_zones", "zones", "names"]]
    assert analyse("aws_s3_bucket.logs[0].arn").references == [["aws_s3_bucket", "logs", "arn"]]
    assert analyse("PORT").bare_names == ["PORT"]
    assert analyse("foo().bar").bare_names == []


@pytest.mark.parametrize("expr", ["AWS::AccountId", "VAR:-default", "#items[@]", ""])
def test_analyse_rejects_non_hcl(expr):
    assert analyse(expr).syntax


def test_analyse_accepts_hcl_forms():
    assert analyse('var.on ? "a" : "b"').syntax is None
    assert analyse('{ for k, v in var.m : k => v }').has_for
    assert analyse('provider::aws::arn_parse("x")').functions == ["provider::"]


def test_function_names_come_from_the_cdktf_fn_list(schema_index):
    functions = terraform_functions(schema_index.cdktf_static["Fn"])
    assert {"length", "try", "timestamp", "filebase64sha256", "templatestring"} <= functions
    assert not {"length_of", "try_", "raw_string", "lookup_nested", "topic", "clientid"} & functions
