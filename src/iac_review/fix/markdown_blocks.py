"""Put repaired files back into the code blocks of the markdown answer they were taken from.

Each file extracted from an answer knows the markdown line of its first line.
A file goes back only when those markdown lines still read exactly as the
file did before the repair (so a block that the extraction reshaped, or a file
assembled from several blocks, is never half-written); the block's lines are
replaced, with the markdown's own line endings. New files have no block:
they are named, not written.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Rewrite:
    text: str                                          # the markdown with the repaired blocks
    written: list[str] = field(default_factory=list)   # files put back into their block
    skipped: list[str] = field(default_factory=list)   # "path: why" for files that could not be


def rewrite_answer(markdown: str, markdown_name: str, before: dict, changed: dict) -> Rewrite:
    """``before``: path -> SourceFile as extracted; ``changed``: path -> (old text or None, new text)."""
    lines = markdown.splitlines(keepends=True)
    result = Rewrite(markdown)
    places = []
    for path, (old, new) in sorted(changed.items()):
        source = before.get(path)
        if old is None or source is None:
            result.skipped.append(f"{path}: a new file has no code block in the answer (use --out DIR)")
            continue
        start = source.origin_line
        old_lines = old.splitlines()
        if source.origin_file != markdown_name or not start or \
                [line.rstrip("\r\n") for line in lines[start - 1:start - 1 + len(old_lines)]] != old_lines:
            result.skipped.append(f"{path}: its code block does not read as the extracted file "
                                  "(use --out DIR)")
            continue
        places.append((start, len(old_lines), path, new))
    spans = sorted(places)
    if any(a[0] + a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False)):
        result.skipped.extend(f"{path}: shares lines with another file" for _, _, path, _ in spans)
        return result
    for start, count, path, new in reversed(spans):   # bottom-up: earlier line numbers stay valid
        ending = _ending(lines[start - 1:start - 1 + count])
        replacement = [line + ending for line in new.splitlines()]
        last = start - 1 + count
        if count and last == len(lines) and not lines[last - 1].endswith(("\n", "\r")):
            replacement[-1] = replacement[-1].rstrip("\r\n")   # the file ended without a newline
        lines[start - 1:last] = replacement
        result.written.append(path)
    result.text = "".join(lines)
    result.written.sort()
    return result


def _ending(block: list[str]) -> str:
    for line in block:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith("\n"):
            return "\n"
    return "\n"
