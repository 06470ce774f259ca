"""PY003's fix for a JSON or JavaScript literal written in Python is Python's own literal."""
from iac_review.api import ReviewConfig, review


def test_a_json_literal_written_in_python_is_fixed_with_pythons_own(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "tap_stack.py").write_text(
        "from cdktf import TerraformStack\n\n\nclass TapStack(TerraformStack):\n"
        "    def __init__(self, scope, construct_id):\n"
        "        super().__init__(scope, construct_id)\n        self.enabled = true\n")
    (finding,) = [f for f in review([str(tmp_path)], ReviewConfig()).findings if f.rule_id == "PY003"]
    assert finding.fix == "write Python's `True` instead of `true`"
