"""One codemod per module: ``apply(text, repair) -> str | None`` (None: nothing to do here).

A codemod edits one file's text through libcst, so comments and formatting
outside the edit are kept byte for byte.
"""
from __future__ import annotations

from typing import Callable

from iac_review.core.repair import Repair
from iac_review.fix.codemods import (add_import, class_to_dict, convert_literal, escape_interpolation,
                                     insert_after, json_literals, list_block, move_import, remove_keyword,
                                     replace_comment,
                                     rename_call, rename_key, rename_module, rename_parameter,
                                     rename_string, rename_symbol, replace_value,
                                     subscript_to_get)

Codemod = Callable[[str, Repair], "str | None"]

CODEMODS: dict[str, Codemod] = {
    "rename_symbol": rename_symbol.apply,
    "rename_parameter": rename_parameter.apply,
    "escape_interpolation": escape_interpolation.apply,
    "rename_key": rename_key.apply_key,
    "rename_keyword": rename_key.apply_keyword,
    "unwrap_list": list_block.apply_unwrap,
    "wrap_in_list": list_block.apply_wrap,
    "move_import": move_import.apply,
    "add_import": add_import.apply,
    "convert_literal": convert_literal.apply,
    "remove_keyword": remove_keyword.apply,
    "rename_call": rename_call.apply,
    "rename_string": rename_string.apply,
    "subscript_to_get": subscript_to_get.apply,
    "rename_module": rename_module.apply,
    "class_to_dict": class_to_dict.apply,
    "insert_after": insert_after.apply,
    "json_literals": json_literals.apply,
    "replace_value": replace_value.apply,
    "replace_comment": replace_comment.apply,
}
