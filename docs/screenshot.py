"""Regenerate the screenshots of HTML reports that the README shows:

* ``docs/report-seed.png``: ``tqa check seeds/000_cfa7abe2bd583fdd.txt --format html``, the seed article;
* ``docs/report-bilingual.png``: ``tqa check tests/fixtures/bilingual/reports.en --source
  tests/fixtures/bilingual/reports.zh --format html``, source beside target (ten lines of the WMT22 test set).

An explicit step, run by hand after the report's look changes (the test suite only checks the files)::

    python docs/screenshot.py

Each report is made from the repository (so that it names its input by its relative path) and photographed in
headless chromium at 1280×1600. The bilingual one needs a font with Chinese characters (Debian:
``fonts-wqy-microhei`` or ``fonts-noto-cjk``); without one chromium draws empty boxes, so the script refuses.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZE = (1280, 1600)
BILINGUAL = Path("tests") / "fixtures" / "bilingual"
SHOTS = {  # file under docs/: the arguments of tqa check
    "report-seed.png": [str(Path("seeds") / "000_cfa7abe2bd583fdd.txt")],
    "report-bilingual.png": [str(BILINGUAL / "reports.en"), "--source", str(BILINGUAL / "reports.zh")],
}


def has_chinese_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    fonts = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True).stdout
    return bool(fonts.strip())


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed")
    if not has_chinese_font():
        sys.exit("no font with Chinese characters (apt install fonts-wqy-microhei): the bilingual report would "
                 "show empty boxes")
    with tempfile.TemporaryDirectory() as work:
        for name, arguments in SHOTS.items():
            report = Path(work) / "report.html"
            subprocess.run([sys.executable, "-m", "tqa", "check", *arguments, "--format", "html", "-o", str(report)],
                           cwd=REPO, check=True)
            shot = Path(work) / name
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            "--disable-background-networking", "--no-first-run", f"--user-data-dir={work}/profile",
                            "--host-resolver-rules=MAP * ~NOTFOUND", f"--screenshot={shot}",
                            f"--window-size={SIZE[0]},{SIZE[1]}", report.as_uri()],
                           check=True, capture_output=True)
            shutil.copyfile(shot, REPO / "docs" / name)
            print(f"wrote docs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
