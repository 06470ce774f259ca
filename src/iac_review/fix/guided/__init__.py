"""Repairs guided by the synth error itself, for faults no static rule predicted.

When synthesis stops on an error whose message names the fault (an unexpected
keyword argument, a value of the wrong type, a list read with ``[0]``, a
construct id used twice, ...), the repair loop of a review asks each proposer
in turn for one edit at the failing line. Every such repair is unsafe: it
changes what the code does, so that the review can see what comes after it.
The input is never touched: the loop edits its own copy.
"""
from __future__ import annotations

from typing import Callable

from iac_review.core.workspace import Project
from iac_review.fix.guided import (archive_of_a_file, duplicate_construct_id, generated_bindings, json_literals,
                                   local_module, package_root_import, missing_asset,
                                   missing_provider, not_subscriptable, provider_module,
                                   undefined_class, undefined_name, unexpected_keyword,
                                   wrong_argument_type)
from iac_review.fix.guided.proposal import Proposal

Proposer = Callable[..., "Proposal | None"]

PROPOSERS: tuple[Proposer, ...] = (
    unexpected_keyword.propose,
    wrong_argument_type.propose,
    not_subscriptable.propose,
    duplicate_construct_id.propose,
    missing_asset.propose,
    archive_of_a_file.propose,
    json_literals.propose,
    undefined_name.propose,
    generated_bindings.propose,
    local_module.propose,
    package_root_import.propose,
    provider_module.propose,
    undefined_class.propose,
    missing_provider.propose,
)


def propose(outcome, project: Project, index) -> Proposal | None:
    """The first repair a proposer finds for this failed synthesis, or None."""
    if outcome is None or outcome.status != "failed" or not outcome.error_message:
        return None
    for proposer in PROPOSERS:
        proposal = proposer(outcome, project, index)
        if proposal is not None:
            return proposal
    return None
