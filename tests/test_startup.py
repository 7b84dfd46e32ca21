"""Start-up: a ``tqa check`` of one paragraph (what an editor or a pre-commit hook runs) imports only what it
uses. pandas is for the API's DataFrames, sacrebleu for a reference, numpy for long texts, jieba, pypinyin and
cn2an for the checks that read a source: none of them for a paragraph of plain text. Each probe runs in a
fresh interpreter, since this test process has imported everything already."""

from __future__ import annotations

import subprocess
import sys

NOT_FOR_A_PARAGRAPH = ("pandas", "sacrebleu", "numpy", "jieba", "pypinyin", "cn2an", "lxml")


def _imported_after(code: str) -> set[str]:
    probe = code + f"\nimport sys\nprint(','.join(m for m in {NOT_FOR_A_PARAGRAPH!r} if m in sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return {m for m in done.stdout.strip().splitlines()[-1].split(",") if m} if done.stdout.strip() else set()


def test_importing_the_command_line_imports_no_heavy_package():
    assert _imported_after("import tqa.cli") == set()


def test_importing_tqa_imports_no_heavy_package_until_the_api_is_used():
    assert _imported_after("import tqa") == set()
    # The API is still all there, imported on first use.
    assert "pandas" in _imported_after("import tqa\ntqa.analyze('posted on the official micro-signal').to_frame()")


def test_checking_a_paragraph_imports_no_heavy_package(tmp_path):
    paragraph = tmp_path / "paragraph.txt"
    paragraph.write_text("On Friday, the Central Bank of the Communist Party of China (CPC) released an article "
                         "suggesting that data from large Internet platforms be regulated.\nThe article was posted "
                         "on the official micro-signal of the CPC Central Bank.\n", encoding="utf-8")
    code = ("import contextlib, io, runpy, sys\n"
            f"sys.argv = ['tqa', 'check', {str(paragraph)!r}]\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            "    try:\n        runpy.run_module('tqa', run_name='__main__')\n    except SystemExit as exit:\n"
            "        assert exit.code == 1, exit.code  # the paragraph has a major finding\n"
            "assert 'official micro-signal' in out.getvalue()\n")
    assert _imported_after(code) == set()


def test_a_reference_imports_sacrebleu_and_nothing_else_heavy(tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("The official micro-signal of the bank.\n", encoding="utf-8")
    reference = tmp_path / "ref.txt"
    reference.write_text("The official WeChat account of the bank.\n", encoding="utf-8")
    code = ("import contextlib, io, runpy, sys\n"
            f"sys.argv = ['tqa', 'check', {str(text)!r}, '--ref', {str(reference)!r}, '-m', 'bleu']\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        runpy.run_module('tqa', run_name='__main__')\n    except SystemExit:\n        pass\n")
    assert "sacrebleu" in _imported_after(code)
