"""Letters opened as a person would: the PDF drawn to an image by Poppler and read by real Tesseract."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from intake import confirm
from ledger_fixtures import NY, Env, document, grant_row

pytestmark = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("tesseract")),
                                reason="needs Poppler (pdftoppm) and Tesseract")


def read_pdf_as_a_person(pdf: Path, tmp: Path) -> str:
    """Each page rendered at 200 dpi, then read by Tesseract; the pages' text joined."""
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(tmp / "page")], check=True, timeout=60)
    pages = sorted(tmp.glob("page*.png"))
    assert pages, "the PDF rendered to no page"
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return "\n".join(subprocess.run(["tesseract", str(p), "-", "--psm", "4"], capture_output=True, text=True,
                                    check=True, timeout=120, env=env).stdout for p in pages)


def test_the_printed_letter_shows_the_holder_the_receipt_time_and_the_grants(tmp_path):
    env = Env(tmp_path)
    doc_id = env.store(document(env.db, received=datetime(2003, 3, 31, 16, 58, 12, tzinfo=NY), grants=[
        grant_row("1999-06-01", 10000, "12.50", 2000, 4000)]))
    issued = list(confirm.run(env.db, env.cfg, tmp_path / "letters", now=datetime(2003, 4, 2, 15, tzinfo=timezone.utc)))
    assert [c.document_id for c in issued] == [doc_id]
    pdf = Path(next(f["path"] for f in issued[0].files if f["format"] == "pdf"))
    seen = read_pdf_as_a_person(pdf, tmp_path)
    flat = " ".join(seen.split())
    assert "Jane Q. Doe" in flat and "12 Elm St" in flat
    assert re.search(r"March 31, 2003 at 4:58:12 PM EST", flat), flat
    for number, shares in (("G-1999-001", "4,000"), ("G-2002-101", "3,000")):
        line = next((ln for ln in seen.splitlines() if number in ln), "")
        assert shares in line, (number, seen)
    assert "7,000" in flat
    assert "***-**-6789" in flat or "6789" in flat
    assert "123-45-6789" not in flat and "123456789" not in flat.replace("-", "").replace(" ", "")
