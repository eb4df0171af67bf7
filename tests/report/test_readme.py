"""The README tells the truth: its Quick start targets exist in the Makefile and do what it says, its summary
sample is what `readiness assess` prints for that example (regenerate with UPDATE_GOLDEN=1), and it says how
to run the installed command."""

from __future__ import annotations

import os
import re

from readiness.console.summary import summary_text
from readiness.models import Assessment
from tests.conftest import REPO

README = REPO / "README.md"
SAMPLE = re.compile(r"(A terminal summary looks like this \(`readiness assess examples/regulated-enterprise\.yaml`\):"
                    r"\n\n```text\n)(.*?)(```)", re.S)


def test_quick_start_has_exactly_the_two_commands_and_the_makefile_has_them() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("## ", 1)[0]
    block = quick.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo: venv$", makefile, re.M) and re.search(r"^test: lint$", makefile, re.M)
    assert "readiness assess examples/regulated-enterprise.yaml" in makefile and "report.pdf" in makefile
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/readiness" in quick and "source .venv/bin/activate" in quick


def test_the_summary_sample_is_what_assess_prints(examples: dict[str, Assessment]) -> None:
    text = README.read_text(encoding="utf-8")
    found = SAMPLE.search(text)
    assert found, "the README shows a terminal summary of the regulated example"
    actual = summary_text(examples["regulated-enterprise"], width=80)
    if os.environ.get("UPDATE_GOLDEN"):
        README.write_text(text[:found.start(2)] + actual + text[found.end(2):], encoding="utf-8")
        return
    assert found.group(2) == actual
