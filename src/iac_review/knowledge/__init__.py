"""AWS and Terraform facts in tables, shared by the static and tfjson stages.

One module per topic (names, regions, logs, lambda, iam, domains, terraform);
rules import the tables, never copy them.
"""
