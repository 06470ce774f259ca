"""Environment identity fixed in the code.

What it finds:
    - An entry point (the file that creates the cdktf `App`) passing a literal
      environment to a stack (`environment_suffix="dev"`, `stage="prod"`)
      instead of reading it (`os.environ.get("ENVIRONMENT_SUFFIX", "dev")`).
    - A loop that deploys one stack per hardcoded environment
      (`for env in ["dev", "staging", "prod"]:`).
    - In a project that has an environment suffix: tags that state a fixed
      environment (`"Environment": "Production"`) and physical names whose
      fixed text carries an environment word (`f"prod-db-{suffix}"`); one
      finding per file, Medium. A tag the task's prompt requires with that
      very value (`Environment: Production`) is not reported.
    Parameter defaults (`environment_suffix: str = "dev"` in a signature) and
    `os.environ.get(..., "dev")` fallbacks are not reported.

Why it matters:
    The pipeline deploys the same code once per pull request and environment
    and tells it which through ENVIRONMENT_SUFFIX. A literal makes every
    deployment the same environment: names collide, one PR overwrites
    another's stack, a "dev" deploy is tagged and named Production, and the
    multi-environment loop deploys production from every branch.

Example:
        app = App()
        TapStack(app, "TapStackdev", environment_suffix="dev")
        app.synth()

Use instead:
        environment_suffix = os.environ.get("ENVIRONMENT_SUFFIX", "dev")
        app = App()
        TapStack(app, f"TapStack{environment_suffix}", environment_suffix=environment_suffix)
        app.synth()

Fix safety:
    No automatic fix: the variable name and default belong to the pipeline.

References:
    https://developer.hashicorp.com/terraform/cdktf/create-and-deploy/environment-variables
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.strings import literal_text, pieces
from iac_review.analysis.prompt_checks import prompt_checks
from iac_review.analysis.prompt_text import requirement_sentences
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.names import name_args
from iac_review.analysis.expressions import call_name, resource_type, short
from iac_review.analysis.project_facts import ProjectFacts, project_facts

ENV_WORDS = frozenset({"dev", "development", "staging", "stage", "prod", "production", "test",
                       "testing", "qa", "uat", "preprod", "sandbox"})
# Words that name an environment inside a resource name (not "test" / "stage":
# common in ordinary names such as "test-results" or API stages).
_NAME_WORDS = frozenset({"dev", "development", "staging", "prod", "production", "uat", "preprod"})
ENV_KWARGS = frozenset({"environment_suffix", "env_suffix", "environment", "env", "stage",
                        "environment_name", "env_name", "suffix"})
_TAG_KEYS = frozenset({"Environment", "Env", "environment"})
_TOKEN = re.compile(r"[A-Za-z]+")


class HardcodedEnvironment(Rule):
    meta = RuleMeta(
        id="HC004",
        name="hardcoded-environment",
        category="hardcoded_environment_values",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Environment identity fixed in the code",
        why=("Models make the example runnable by writing the environment in (\"dev\", "
             "\"Production\", a dev/staging/prod loop) instead of reading what the "
             "pipeline passes."),
        impact=("Deployability: every pipeline run deploys the same environment, so "
                "parallel deployments collide and environments are mislabelled."),
        docs="https://developer.hashicorp.com/terraform/cdktf/create-and-deploy/"
             "environment-variables",
        training_value=("The environment (suffix) is an input read from the environment; "
                        "names and tags derive from it, never from a literal."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = project_facts(ctx)
        scan = facts.scan
        stacks = {name for name, node in scan.classes.items() if _is_stack(node, facts)}
        entry_paths = {c.path for c in ctx.calls_of("App")}
        code = {m.path for m in facts.modules}
        loops: set[int] = set()
        for module, node in scan.loops:
            words = _env_list(facts, module, node.iter)
            if words and _deploys(node, stacks):
                loops.add(id(node))
                yield self.finding(
                    ctx, module.path, node.lineno,
                    f"the loop deploys one stack per hardcoded environment "
                    f"({', '.join(words)}): every pipeline run synthesizes and deploys "
                    f"all of them, production included, from whatever branch runs it",
                    column=node.col_offset + 1,
                    fix=("deploy one environment per run: read it with "
                         "os.environ.get(\"ENVIRONMENT_SUFFIX\", \"dev\") and create "
                         "one stack"),
                )
        for module, node in scan.module_calls:
            if module.path in entry_paths and call_name(node.func) in stacks \
                    and not _inside(module, node, loops):
                yield from self._entry_literals(ctx, facts, module, node)
        if facts.has_suffix:
            yield from self._tags_and_names(ctx, facts, code)

    def _entry_literals(self, ctx, facts, module, node: ast.Call) -> Iterator[Finding]:
        for kw in node.keywords:
            if kw.arg not in ENV_KWARGS:
                continue
            value = facts.resolve(module, kw.value)
            text = literal_text(value)
            if not text or "${" in text:
                continue
            via = f" (via `{short(kw.value)}`)" if value is not kw.value else ""
            yield self.finding(
                ctx, module.path, kw.value.lineno,
                f"{module.path} passes {kw.arg}=\"{text}\"{via} to {call_name(node.func)} "
                f"as a literal: every deployment from this entry point is \"{text}\", so "
                f"parallel pull-request deployments get the same names and overwrite or "
                f"collide with each other",
                column=kw.value.col_offset + 1,
                fix=(f"read it: {kw.arg}=os.environ.get(\"ENVIRONMENT_SUFFIX\", "
                     f"\"{text}\")"),
            )

    def _tags_and_names(self, ctx, facts: ProjectFacts, code: set[str]) -> Iterator[Finding]:
        by_file: dict[str, list[tuple[int, int, str]]] = {}
        required = _prompt_tag_values(ctx)
        asked = _prompt_env_words(ctx)
        for module, node in facts.scan.dicts:
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in _TAG_KEYS:
                    text = literal_text(value)
                    if text and text.lower() in ENV_WORDS and \
                            (key.value.lower(), text.lower()) not in required:
                        by_file.setdefault(module.path, []).append(
                            (value.lineno, value.col_offset + 1, f"\"{key.value}\": \"{text}\""))
                elif isinstance(key, ast.Constant) and key.value == "Name" and _env_word(value) \
                        and _canonical(_env_word(value)) not in asked:
                    by_file.setdefault(module.path, []).append(
                        (value.lineno, value.col_offset + 1, f"Name {short(value, 50)}"))
        for call in ctx.calls:
            if call.path not in code or call.kind not in ("resource", "unknown"):
                continue
            for entry in name_args(resource_type(call)):
                node = call.arg_node(entry.arg)
                if entry.physical and node is not None and _env_word(node) \
                        and _canonical(_env_word(node)) not in asked:
                    by_file.setdefault(call.path, []).append(
                        (node.lineno, node.col_offset + 1, f"{entry.arg}={short(node, 50)}"))
        severity = Severity.MEDIUM
        for path, hits in by_file.items():
            hits = sorted(set(hits))
            line, column, shown = hits[0]
            lines = sorted({h[0] for h in hits})
            listed = ", ".join(str(n) for n in lines[:6]) + (", ..." if len(lines) > 6 else "")
            yield self.finding(
                ctx, path, line,
                f"a fixed environment appears in {len(hits)} tag{'s' if len(hits) > 1 else ''} "
                f"or name{'s' if len(hits) > 1 else ''} (line{'s' if len(lines) > 1 else ''} "
                f"{listed}; e.g. {shown}) although the project takes an environment suffix: "
                f"every deployment, a pull request's included, is labelled and named as that "
                f"environment",
                column=column, severity=severity,
                fix="derive the value from the environment suffix instead of a fixed word",
            )


def _prompt_tag_values(ctx) -> set[tuple[str, str]]:
    """(key, value) tags the task's prompt requires: a tag the prompt asks for is not a defect."""
    return {(c.requirement.subject.lower(), c.requirement.value.lower())
            for c in prompt_checks(ctx) if c.requirement.kind == "tag" and c.requirement.value}


def _prompt_env_words(ctx) -> set[str]:
    """Environment words the prompt's requirements use ("production and development profiles"):
    names the prompt asks for are not a fixed environment."""
    words = set()
    for sentence in requirement_sentences(ctx.project.prompt_text or ""):
        words.update(_canonical(w) for w in _TOKEN.findall(sentence))
    return words & {_canonical(w) for w in _NAME_WORDS}


def _canonical(word: str) -> str:
    word = word.lower()
    return {"prod": "production", "dev": "development", "preprod": "staging"}.get(word, word)


def _is_stack(node: ast.ClassDef, facts: ProjectFacts, depth: int = 0) -> bool:
    for base in node.bases:
        name = call_name(base)
        if name == "TerraformStack":
            return True
        parent = facts.scan.classes.get(name or "")
        if parent is not None and parent is not node and depth < 5 \
                and _is_stack(parent, facts, depth + 1):
            return True
    return False


def _env_list(facts: ProjectFacts, module, expr: ast.AST) -> list[str]:
    """The environment words of a literal list / tuple / dict iterated over."""
    value = facts.resolve(module, expr)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
            and value.func.attr in ("items", "keys"):
        value = facts.resolve(module, value.func.value)
    if isinstance(value, ast.Dict):
        elements = [k for k in value.keys if k is not None]
    elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        elements = list(value.elts)
    else:
        return []
    words = []
    for element in elements:
        if isinstance(element, ast.Tuple) and element.elts:
            element = element.elts[0]
        text = literal_text(element)
        if text is None or text.lower() not in ENV_WORDS:
            return []
        words.append(text)
    return words if len(words) >= 2 else []


def _deploys(loop: ast.For, stacks: set[str]) -> bool:
    return any(isinstance(n, ast.Call) and call_name(n.func) in stacks for n in ast.walk(loop))


def _inside(module, node: ast.AST, loops: set[int]) -> bool:
    current = module.parent(node)
    while current is not None:
        if id(current) in loops:
            return True
        current = module.parent(current)
    return False


def _env_word(expr: ast.AST) -> str | None:
    """An environment word in the fixed text of a name template that also has a formatted part."""
    parts = pieces(expr)
    if not parts or all(p.expr is None for p in parts):
        return None
    for part in parts:
        if part.expr is None:
            for token in _TOKEN.findall(part.text):
                if token.lower() in _NAME_WORDS:
                    return token
    return None
