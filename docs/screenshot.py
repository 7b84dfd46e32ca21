"""Regenerate ``docs/report-seed.png``, the screenshot of the seed article's HTML report that the README shows.

An explicit step, run by hand after the report's look changes (the test suite only checks the file)::

    python docs/screenshot.py

It runs ``tqa check seeds/000_cfa7abe2bd583fdd.txt --format html`` from the repository (so the report names
the seed by its relative path) and photographs the page in headless chromium at 1280×1600.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = Path("seeds") / "000_cfa7abe2bd583fdd.txt"
SCREENSHOT = REPO / "docs" / "report-seed.png"
SIZE = (1280, 1600)


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed")
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.html"
        subprocess.run([sys.executable, "-m", "tqa", "check", str(SEED), "--format", "html", "-o", str(report)],
                       cwd=REPO, check=True)
        shot = Path(work) / "report-seed.png"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--disable-background-networking", "--no-first-run", f"--user-data-dir={work}/profile",
                        "--host-resolver-rules=MAP * ~NOTFOUND", f"--screenshot={shot}",
                        f"--window-size={SIZE[0]},{SIZE[1]}", report.as_uri()],
                       check=True, capture_output=True)
        shutil.copyfile(shot, SCREENSHOT)
    print(f"wrote {SCREENSHOT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
