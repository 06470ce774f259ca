"""``TerraformAsset x expects path to point to a directory. Instead, this file was passed``.

``AssetType.ARCHIVE`` zips a directory at synth; a ready archive (``.zip``)
is an ``AssetType.FILE``. The failing asset, and every other asset of the
project that archives a ``.zip`` path, takes ``AssetType.FILE``.
"""
from __future__ import annotations

import re

from iac_review.core.repair import Repair
from iac_review.fix.guided.proposal import Proposal, failing_file, same_arguments

_FILE_FOR_DIRECTORY = re.compile(r"TerraformAsset \S+ expects path to point to a directory")


def propose(outcome, project, index) -> Proposal | None:
    frame, source = failing_file(outcome, project)
    if not _FILE_FOR_DIRECTORY.search(outcome.error_message or "") or source is None:
        return None
    repairs = []
    for path, call in same_arguments(project, "type", None, "TerraformAsset"):
        kind, where = call.keywords["type"], call.keywords.get("path")
        failing = path == frame.path and call.line <= frame.line <= call.end_line
        zipped = where is not None and ".zip" in where.value_code
        if kind.value_code.endswith("AssetType.ARCHIVE") and (failing or zipped):
            new = kind.value_code[:-len("ARCHIVE")] + "FILE"
            repairs.append(Repair.make("replace_value", path, kind.value_line, kind.value_column, safe=False,
                                       old=kind.value_code, new=new))
    if not repairs:
        return None
    return Proposal(repairs[0], "`AssetType.ARCHIVE` of a file made `AssetType.FILE`: ARCHIVE zips a "
                                "directory, a ready archive is a FILE", tuple(repairs[1:]))
