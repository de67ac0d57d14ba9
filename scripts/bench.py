"""Speed: seconds per page and per document, against plain single-threaded `tesseract`.

    python scripts/bench.py [FILES...]          (default: the demo set's TIFF and PDF files)

For each file it times our page work (decode, orient, classify, read the
fields: `intake.reading.page.analyze_page`) on one core, page after page, and the
time of a plain `tesseract PAGE.png out` (OMP_THREAD_LIMIT=1) over the same
decoded pages; then the files through `intake process` with every core, against
plain `tesseract` over all their pages run one process a core.  It prints both
and their ratios, and our page time by what each page was read as (pages holding
fields, instruction pages, the form's prose alone, ...).  Numbers go in the README.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"

from PIL import Image  # noqa: E402

from ocr import handwriting  # noqa: E402
from ocr import pages as ocr_pages  # noqa: E402
from intake.reading.page import PageTask, analyze_page  # noqa: E402
from intake.workers import one_core  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def plain_tesseract(path: Path, count: int, tmp: Path) -> float:
    total = 0.0
    for n in range(1, count + 1):
        png = tmp / f"p{n}.png"
        ocr_pages.load_page(path, n).image.save(png)
        start = time.perf_counter()
        subprocess.run(["tesseract", str(png), str(tmp / "out")], check=True, capture_output=True,
                       env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        total += time.perf_counter() - start
    return total


def plain_tesseract_all_cores(paths: list[Path], tmp: Path) -> float:
    """Wall time of plain single-threaded `tesseract` over every page, one process per core
    (the issue's yardstick for `intake process`, which also uses every core)."""
    from concurrent.futures import ThreadPoolExecutor
    pngs = []
    for i, path in enumerate(paths):
        for n in range(1, ocr_pages.inspect(path).page_count + 1):
            png = tmp / f"all{i}-{n}.png"
            ocr_pages.load_page(path, n).image.save(png)
            pngs.append(png)

    def one(png: Path) -> None:
        subprocess.run(["tesseract", str(png), str(png.with_suffix(""))], check=True, capture_output=True,
                       env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as threads:
        list(threads.map(one, pngs))
    return time.perf_counter() - start


def ours(path: Path, count: int, by_kind: dict[str, list[float]]) -> float:
    """Our page work on the file's pages, one after another; each page's seconds are added to
    `by_kind` under what the page was read as (`page_kind`)."""
    # A worker loads each engine once and keeps it: that start is not a page's cost.
    one_core()                                              # and computes on one thread, as here
    handwriting.read_line(Image.new("L", (96, 32), 255))   # the recogniser loads its model on first use
    analyze_page(PageTask(str(path), 1, ocr_pages.Limits(), 60.0))
    start = time.perf_counter()
    for n in range(1, count + 1):
        began = time.perf_counter()
        result = analyze_page(PageTask(str(path), n, ocr_pages.Limits(), 60.0))
        by_kind.setdefault(page_kind(result), []).append(time.perf_counter() - began)
    return time.perf_counter() - start


def page_kind(result) -> str:
    """A page as the time it costs is told: one that holds fields (whatever its kind), or its
    kind without fields ("form_text" is a page of the form with none: its prose)."""
    return "holds fields" if result.fields or result.grants else f"{result.kind}, no fields"


def whole(paths: list[Path]) -> float:
    with tempfile.TemporaryDirectory() as home:
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("intake")), "--home", home, "process", *map(str, paths)],
                       capture_output=True)
        return time.perf_counter() - start


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(p for p in (ROOT / "samples/demo/inbox").iterdir()
                                              if p.suffix in (".tif", ".pdf"))
    tot_ours = tot_plain = 0.0
    tot_pages = 0
    six: list[tuple[float, float]] = []      # files of six pages: one Election Form, nothing else
    by_kind: dict[str, list[float]] = {}
    print(f"{'file':24} {'pages':>5} {'ours s/page':>12} {'tesseract s/page':>17} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            count = ocr_pages.inspect(path).page_count
            a = ours(path, count, by_kind)
            b = plain_tesseract(path, count, Path(tmp))
            tot_ours, tot_plain, tot_pages = tot_ours + a, tot_plain + b, tot_pages + count
            print(f"{path.name:24} {count:>5} {a / count:>12.2f} {b / count:>17.2f} {a / b:>6.2f}")
            if count == 6:
                six.append((a, b))
    print(f"{'ALL (one core)':24} {tot_pages:>5} {tot_ours / tot_pages:>12.2f} {tot_plain / tot_pages:>17.2f} "
          f"{tot_ours / tot_plain:>6.2f}")
    print(f"per 6-page document: ours {6 * tot_ours / tot_pages:.1f} s, plain tesseract {6 * tot_plain / tot_pages:.1f} s")
    if six:
        ratios = sorted(a / b for a, b in six)
        print(f"six-page files ({len(six)}): ours {sum(a for a, _ in six) / len(six):.2f} s, plain tesseract "
              f"{sum(b for _, b in six) / len(six):.2f} s, ratio {sum(a for a, _ in six) / sum(b for _, b in six):.2f} "
              f"(files {ratios[0]:.2f} to {ratios[-1]:.2f})")
    print("our page work by page (one core):")
    for kind, times in sorted(by_kind.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {kind:28} {len(times):>4} pages {sum(times) / len(times):>6.2f} s each "
              f"{100 * sum(times) / tot_ours:>5.1f} % of the time")
    wall = whole(files)
    with tempfile.TemporaryDirectory() as tmp:
        plain_wall = plain_tesseract_all_cores(files, Path(tmp))
    print(f"intake process, all cores ({os.cpu_count()}): {wall:.1f} s for {len(files)} files, "
          f"{tot_pages} pages = {wall / tot_pages:.2f} s/page wall; plain tesseract, one process a core: "
          f"{plain_wall:.1f} s; ratio {wall / plain_wall:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
