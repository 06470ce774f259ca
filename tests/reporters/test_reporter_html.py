"""The HTML page without a browser: structure, escaping, determinism, no external resources."""
from __future__ import annotations

import inspect
import re
from dataclasses import replace
from markupsafe import escape
from html.parser import HTMLParser

from iac_review.agreement.human import HumanItem
from iac_review.agreement.match import Agreement, Row
from iac_review.api import InputReview, Review, ReviewConfig
from iac_review.core.finding import Severity
from iac_review.core.workspace import Project, SourceFile
from iac_review.diff import diff_against_ideal
from iac_review.reporters import REPORTERS, _html_base, _html_diff, get_reporter, html
from iac_review.score.compute import Score, Term

HOSTILE_CODE = """\
from cdktf import TerraformStack
X = "</script><script>alert(1)</script>"


class TapStack(TerraformStack):
    def __init__(self, scope, id):
        doc = "<b>pwned-code</b>"
"""


class _Page(HTMLParser):
    """Collects scripts, links and the finding cards' data attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.script_text: list[str] = []
        self.cards: list[dict] = []
        self.tags: list[tuple[str, dict]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self.scripts.append(attrs)
            self._in_script = True
        if tag == "article" and "finding" in (attrs.get("class") or "").split():
            self.cards.append(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def hostile_input(make_finding) -> InputReview:
    project = Project(input="tasks/evil", kind="project",
                      files={"lib/tap_stack.py": SourceFile("lib/tap_stack.py", HOSTILE_CODE)})
    findings = [
        make_finding("LNT001", 6, "Parameter `id` shadows <b>pwned-message</b> </script>", origin=False,
                     input_="tasks/evil", fix="Renamed <b>pwned-fix</b>."),
        make_finding("SEC001", 7, "Hardcoded \"secret\" & <i>stuff</i>", origin=False, input_="tasks/evil",
                     evidence="</script><b>pwned-evidence</b>"),
    ]
    return InputReview(project=project, findings=findings)


def test_registered_with_the_reporter_convention():
    assert REPORTERS["html"] is html
    assert html.NAME == "html" and html.EXTENSION == ".html" and html.DESCRIPTION
    params = inspect.signature(html.render).parameters
    assert list(params) == ["review", "color", "show_code"]
    assert list(inspect.signature(html.render_input).parameters)[:2] == ["input_review", "review"]


def test_output_is_deterministic(task_review, two_input_review):
    assert html.render(task_review) == html.render(task_review)
    assert html.render(two_input_review) == html.render(two_input_review)
    one = task_review.inputs[0]
    assert html.render_input(one, task_review) == html.render_input(one, task_review)
    assert html.render(task_review).endswith("</html>\n")


def test_every_finding_is_one_card_with_its_rule(task_review):
    text = html.render(task_review)
    page = parse(text)
    findings = task_review.inputs[0].findings
    assert len(page.cards) == len(findings)
    assert sorted(c["data-rule"] for c in page.cards) == sorted(f.rule_id for f in findings)
    assert {c["data-severity"] for c in page.cards} == {f.severity.value for f in findings}
    assert sorted(c["data-category"] for c in page.cards) == sorted(f.category for f in findings)
    for finding in findings:
        assert finding.rule_id in text
    assert len({c["id"] for c in page.cards}) == len(findings)  # ids are unique


def test_filters_cover_every_severity_and_present_category(task_review):
    page = parse(html.render(task_review))
    severities = [a["data-filter-severity"] for t, a in page.tags if t == "input" and "data-filter-severity" in a]
    categories = [a["data-filter-category"] for t, a in page.tags if t == "input" and "data-filter-category" in a]
    assert severities == ["Critical", "High", "Medium", "Low"]
    assert categories == sorted({f.category for f in task_review.inputs[0].findings})


def test_code_is_shown_beside_its_findings(task_review):
    text = html.render(task_review)
    # line 11 of lib/tap_stack.py carries the CDK001 marker and card in the same row
    row = re.search(r'<tr id="in1-c1-L11".*?</tr>', text, re.S).group(0)
    source = re.search(r'<td class="src hl">(.*?)</td>', row, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", source) == "        S3BucketVersioning(self, &quot;v&quot;, bucket=&quot;b&quot;)"
    assert '<span class="nf">' in text or '<span class="n">' in source   # highlighted by Pygments
    assert 'class="marker' in row and 'data-rule="CDK001"' in row
    # the finding on the markdown file (no project code) is listed apart, still as a card
    assert "Findings outside the model" in text and 'data-rule="INP001"' in text


def test_show_code_false_keeps_the_cards_but_not_the_listing(task_review):
    text = html.render(task_review, show_code=False)
    assert 'class="code"' not in text
    assert len(parse(text).cards) == len(task_review.inputs[0].findings)


def test_hostile_code_and_messages_are_escaped(make_finding):
    review = Review(inputs=[hostile_input(make_finding)], config=ReviewConfig())
    text = html.render(review)
    page = parse(text)
    # exactly our own script, with our own code, and nothing executable from the review
    assert len(page.scripts) == 1 and page.scripts[0] == {}
    assert text.count("<script") == 1 and text.count("</script>") == 1
    assert "".join(page.script_text).strip() == _html_base.asset("html_page.js").strip()
    for marker in ("pwned-code", "pwned-message", "pwned-fix", "pwned-evidence"):
        assert f"<b>{marker}</b>" not in text
        assert f"&lt;b&gt;{marker}&lt;/b&gt;" in text
    assert "<i>stuff</i>" not in text and "&quot;secret&quot; &amp; &lt;i&gt;" in text
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_hostile_paths_are_escaped_in_attributes(make_finding):
    inp = hostile_input(make_finding)
    evil = 'lib/"><img src=x onerror=alert(1)>.py'
    inp.project.files[evil] = SourceFile(evil, "x = 1\n")
    inp.findings.append(replace(inp.findings[0], location=replace(inp.findings[0].location, file=evil, line=1)))
    text = html.render(Review(inputs=[inp], config=ReviewConfig()))
    assert "<img" not in text
    assert not any(t == "img" for t, _ in parse(text).tags)


def test_no_external_resources(task_review, two_input_review):
    for review in (task_review, two_input_review):
        text = html.render(review)
        page = parse(text)
        assert not any(t in ("link", "img", "iframe", "object", "embed") for t, _ in page.tags)
        assert not any("src" in a for _, a in page.tags)
        assert "@import" not in text and "url(" not in text
        # every http(s) URL is a rule's documentation link inside a finding card
        cards = [m.span() for m in re.finditer(r'<article class="finding.*?</article>', text, re.S)]
        links = list(re.finditer(r'<a class="doc-link" href="https?://[^"]*"[^>]*>[^<]*</a>', text))
        assert links
        for link in links:
            assert any(start <= link.start() and link.end() <= end for start, end in cards)
        stripped = re.sub(r'<a class="doc-link" href="https?://[^"]*"', "", text)
        assert "http://" not in stripped and "https://" not in stripped


def test_header_counts_and_score_with_terms(task_review):
    inp = task_review.inputs[0]
    inp.score = Score(total=9, passed=True, terms=[Term("base", 8, "base score"),
                                                   Term("failures", 2, "2 class-A failures: <b>x</b>"),
                                                   Term("override: region", None, "no REG001 finding"),
                                                   Term("total", 9, "clamped sum")],
                      failure_adjustment=2, raw=10, complexity_factors=["x"], complexity_adjustment=0)
    text = html.render(task_review)
    assert 'data-score-total="9" data-score-passed="true"' in text
    assert '<strong class="total">9</strong>/10' in text and "passes" in text
    assert "<td class=\"num\">+2</td>" in text and "<td class=\"num\">8</td>" in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text
    assert inp.score.arithmetic().split(" (")[0] in text
    assert 'data-count-severity="Critical">Critical<b>2</b>' in text


def test_score_not_computed_is_said(task_review):
    assert "Score: not computed." in html.render(task_review)


def test_diff_section_without_an_ideal(task_review):
    assert escape(_html_diff.NO_IDEAL) in html.render(task_review)


def test_diff_section_side_by_side_with_explained_and_unexplained_hunks(make_finding):
    model_text = "import a\nx = 1\ny = 2\nz = 3\nw = 4\nv = 5\nu = 6\nt = 7\n"
    ideal_text = "import a\nx = 10\ny = 2\nz = 3\nw = 4\nv = 5\nu = 6\nt = 70\nextra = </script>\n"
    model = Project(input="tasks/t2", kind="task", source="model",
                    files={"lib/tap_stack.py": SourceFile("lib/tap_stack.py", model_text)})
    ideal = Project(input="tasks/t2", kind="task", source="ideal",
                    files={"lib/tap_stack.py": SourceFile("lib/tap_stack.py", ideal_text)})
    finding = make_finding("SEC001", 2, "x is wrong", origin=False, input_="tasks/t2")
    inp = InputReview(project=model, findings=[finding])
    inp.ideal_diff = diff_against_ideal(model, ideal, inp.findings)
    assert len(inp.ideal_diff.hunks) == 2
    text = html.render_input(inp)
    assert escape(_html_diff.NO_IDEAL) not in text
    assert text.count('class="hunk"') == 2
    assert 'data-explained="true"' in text and 'data-explained="false"' in text
    assert text.count(_html_diff.UNEXPLAINED) >= 2  # the label on the hunk, and the summary line
    assert 'class="side-model">MODEL_RESPONSE' in text and 'class="side-ideal">IDEAL_RESPONSE' in text
    # the words that changed are marked, not the characters
    assert '<td class="ln">2</td><td class="dl model del">x = <del>1</del></td>' in text
    assert '<td class="ln">2</td><td class="dl ideal add">x = <ins>10</ins></td>' in text
    assert '<td class="dl empty model del"></td><td class="ln">9</td>' in text  # an added line: model side empty
    assert "extra = &lt;/script&gt;" in text and text.count("</script>") == 1
    # the explained hunk links the card, and the card links back to the hunk
    assert '<li data-for="in1-f1"><a href="#in1-f1">' in text and 'href="#in1-h1"' in text


def test_agreement_table_when_present(task_review, make_finding):
    inp = task_review.inputs[0]
    ours = inp.findings
    confirmed = next(f for f in ours if f.rule_id == "CDK001")
    both = Row(HumanItem(1, "Wrong class <b>pwned-human</b>", "text", severity=confirmed.severity.value),
               "provider_class_missing_a_suffix", findings=[confirmed], how=["category"])
    human_only = Row(HumanItem(2, "Missing alarms", "text", severity="Medium"), "monitoring_missing",
                     reason="not_statically_checkable", detail="needs the deployed stack")
    inp.agreement = Agreement(both=[both], ours_only={"LNT001": [f for f in ours if f.rule_id == "LNT001"]},
                              human_only=[human_only])
    text = html.render(task_review)
    assert "Agreement with the human analysis" in text
    statuses = [a["data-status"] for t, a in parse(text).tags if t == "tr" and "data-status" in a]
    assert statuses == ["both", "human", "ours"]
    assert "Confirmed by both" in text and "Found only by the human" in text and "Found only by us" in text
    assert "not_statically_checkable (needs the deployed stack)" in text
    assert "&lt;b&gt;pwned-human&lt;/b&gt;" in text
    assert "CDK001 at lib/tap_stack.py:" in text


def test_no_agreement_section_without_agreement(task_review):
    assert "Agreement with the human analysis" not in html.render(task_review)


def test_not_evaluated_and_notes_are_listed(task_review):
    text = html.render(task_review)
    assert "<b>synth</b>: synth stage not enabled (--stages)" in text
    assert "<b>tests</b>: the task has no tests/ folder" in text
    assert text.index("<b>synth</b>") < text.index("<b>tests</b>")  # pipeline order
    assert "path taken from the heading above the code block" in text


def test_several_inputs_render_as_sections_of_one_page(two_input_review):
    text = html.render(two_input_review)
    assert text.count("<!DOCTYPE html>") == 1
    assert 'id="in1"' in text and 'id="in2"' in text and 'class="toc"' in text
    ids = [a["id"] for _, a in parse(text).tags if "id" in a]
    assert len(ids) == len(set(ids))


def test_empty_and_no_input_reviews(empty_review, no_input_review):
    assert "No failures were found." in html.render(empty_review)
    assert "No input was reviewed." in html.render(no_input_review)
    assert get_reporter("html").render(no_input_review).endswith("\n")


def test_severity_override_is_what_the_card_says(make_finding, make_input):
    finding = make_finding("LNT001", 8, "shadowed", severity=Severity.HIGH)
    text = html.render(Review(inputs=[make_input([finding])], config=ReviewConfig()))
    assert 'data-severity="High" data-category="builtin_shadowing_id" data-rule="LNT001"' in text
