"""One page, in a worker process: decode, turn upright, find what the page is, read its fields.

Returns plain data (`PageResult`); it never touches the database.  OCR is spent
only where fields can be: every page gets a cheap look at its top lines and its
structure (rules and boxes); only pages that can hold fields are read whole, at
the resolution labels need, and values are read from their own small crops.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from ocr import pages as ocr_pages
from ocr import tesseract
from ocr.errors import OcrError, ToolFailed, ToolMissing, ToolTimeout
from ocr.layout import (Box, Line, best, find_phrase, horizontal_rules, lines_of, page_dotted_rules, printed_dots,
                        token, vertical_rules)
from ocr.checkbox import box_candidates, line_end_marks, line_start_marks
from ocr.preprocess import (clear_shading, erase_edge_streaks, estimate_skew, even_light, ink_mask, is_sideways,
                            remove_specks, sheet_only, reverse_dark_bands, rotate, runs, smooth_rows,
                            two_levels, upright_evidence)

from ..model import Reading
from . import calibration, election_form as form
from .checkboxes import box_sentences, read_checkboxes
from .turned import turned_labels
from .grant_lines import read_grant_lines
from .grant_sentences import read_grant_sentences
from .blanks import read_blanks
from .signature import read_signature_block
from .records import read_records
from .table import doubt_beside_stray_marks, is_stray_mark, is_total_line, read_table, table_doubts, table_headings

log = logging.getLogger(__name__)

LABEL_DPI = 150          # labels are found on an image scaled to about this resolution
TITLE_DPI = 120          # titles and the fax header (larger print, or only classified) at this one
HEADER_BAND_IN = 0.45    # a fax header line sits in this top band
TOP_BAND_IN = 2.4        # the part of a page whose lines say what the page is ...
FIRST_LINES = 2          # ... read first: its first lines of print below the fax header,
TOP_LINES = 5            # ... then down to this many lines, then the rest of the band, while they do not say
RUN_DOWN_WORDS = 3       # a page whose print runs down it is turned a quarter on this many words read
TITLE_REACH = 0.4        # a title stands in this upper share of the page (read whole when the band missed it)
END_BAND_UP_IN = 0.8     # a box after its sentence: the band read reaches this far up, to the sentence's start
CHOICE_BELOW_IN = 1.0    # a box this far under the tender sentence's may be its negative's: its line is read too
PROSE_LINE_WORDS = 8     # a line of running text has at least this many words (a heading has fewer)
UPRIGHT_EVIDENCE = 0.3   # |log(ink above / below the lines' cores)| that settles up or down without OCR


@dataclass(frozen=True)
class PageTask:
    path: str
    number: int
    limits: ocr_pages.Limits
    timeout: float
    crop_dir: str | None = None


@dataclass
class PageResult:
    number: int
    width: int = 0
    height: int = 0
    dpi: float = 0.0
    rotation: int = 0
    skew: float = 0.0
    header_text: str | None = None
    kind: str = "unknown"
    title: str | None = None
    parts: list[str] = field(default_factory=list)
    fields: dict[str, Reading] = field(default_factory=dict)
    grants: list[dict[str, Reading]] = field(default_factory=list)
    error: str | None = None
    notes: list[tuple[str, str, str | None]] = field(default_factory=list)   # (code, message, crop)
    seconds: float = 0.0
    ocr_calls: int = 0


def _scaled_words(image: Image.Image, dpi: float, box=None, psm: int = 3, timeout: float = 60.0,
                  at_dpi: float = None):
    """Tesseract words of (a part of) the page, at label resolution, in page coordinates."""
    scale = min(1.0, (at_dpi or LABEL_DPI) / dpi)
    x0, y0 = (box[0], box[1]) if box else (0, 0)
    part = image.crop(box) if box else image
    small = part.resize((max(1, int(part.width * scale)), max(1, int(part.height * scale))),
                        Image.Resampling.LANCZOS) if scale < 1 else part
    out = []
    for w in tesseract.words(small, psm=psm, timeout=timeout):
        out.append(tesseract.Word(w.text, w.conf, int(w.left / scale) + x0, int(w.top / scale) + y0,
                                  int(w.width / scale), int(w.height / scale), w.block, w.par, w.line))
    return out


def _good_words(words) -> int:
    """Words read with confidence that run left to right (Tesseract also reads turned text,
    whose word boxes stand taller than wide): how well a turn of the page reads."""
    return sum(1 for w in words if w.conf >= 70 and len(w.text) >= 3 and sum(c.isalpha() for c in w.text) >= 3
               and w.width > w.height)


def _level(image: Image.Image) -> tuple[Image.Image, float]:
    angle = estimate_skew(np.asarray(image))
    return (rotate(image, angle) if abs(angle) >= 0.15 else image), angle


def _top_lines_bottom(img: Image.Image, dpi: float, ink: np.ndarray | None = None, lines: int = TOP_LINES) -> int:
    """Where the page's first `lines` lines of print (below the fax header) end, at most TOP_BAND_IN.

    OCR time grows with the text read; a title is among the first lines.
    """
    limit = min(img.height, int(TOP_BAND_IN * dpi))
    band = ink[:limit] if ink is not None else ink_mask(np.asarray(img.crop((0, 0, img.width, limit))))
    band = remove_specks(band, max(4, int((0.012 * dpi) ** 2)))
    on = band.sum(axis=1) >= max(2, int(0.004 * img.width))
    tall, pitch = 0.05 * dpi, 0.17 * dpi     # a line of print is taller than this; lines this far apart
    first = int(HEADER_BAND_IN * dpi)
    count = 0.0
    found = runs(on[first:limit])
    for i, (start, end) in enumerate(found):
        if end - start >= tall:
            # Lines set close may touch (fax noise between them): a tall run is several lines.
            count += max(1.0, round((end - start) / pitch))
            if count >= lines:
                # A little below the line, but never into the next: a sliver of a line costs
                # Tesseract more time than a whole one.
                below = first + end + int(0.05 * dpi)
                if i + 1 < len(found):
                    below = min(below, first + (end + found[i + 1][0]) // 2)
                return min(limit, below)
    return limit


def _band_words(img: Image.Image, dpi: float, timeout: float, bottom: int, top: int = 0, stage: int = 0):
    """The words of the page's top band from `top` to `bottom`.

    Each stage of a page read in parts gets its own block numbers, so that lines of two
    parts never merge.
    """
    band = (0, top, img.width, bottom)
    words = _scaled_words(img, dpi, band, psm=3, timeout=timeout, at_dpi=TITLE_DPI)
    if stage:
        words = [tesseract.Word(w.text, w.conf, w.left, w.top, w.width, w.height, w.block + 1000 * stage,
                                w.par, w.line) for w in words]
    return words


def _orient(image: Image.Image, dpi: float, timeout: float, sideways: bool,
            lines_run_down: bool = False) -> tuple[Image.Image, int, float, list]:
    """Turn the page upright by trying turns: the turn whose top lines OCR reads best.

    The way taken when the page's own shape does not say which way is up
    (`_analyze`).  A quarter turn is tried only when the text lines run
    vertically, a half turn only when upright reads poorly.
    """
    tried: dict[int, tuple[Image.Image, list]] = {}
    skews: dict[int, float] = {}
    base = None

    def attempt(t: int) -> int:
        nonlocal base
        if t not in tried:
            if t in (0, 180):
                if base is None:
                    base, skews[0] = _level(image)
                img, skews[t] = rotate(base, t), skews[0]
            else:
                img, skews[t] = _level(rotate(image, t))
            tried[t] = (img, _first_lines(img, None, dpi, timeout)[1])
        return _good_words(tried[t][1])

    banded: set[int] = set()

    def read_band(t: int) -> None:
        """The turn's whole top band read in place of its first lines (once)."""
        attempt(t)
        if t not in banded:
            img = tried[t][0]
            tried[t] = (img, _band_words(img, dpi, timeout, min(img.height, int(TOP_BAND_IN * dpi))))
            banded.add(t)

    def best_read() -> int:
        """How well the best turn tried so far reads."""
        return max(_good_words(w) for _, w in tried.values())

    turns = (0, 90, 270) if sideways else (0,)
    if max(attempt(t) for t in turns) < 6:
        for t in turns:
            attempt((t + 180) % 360)
    if not sideways and best_read() < 6:
        # A page upright in shape, its print not running down it: its top band read upright and
        # upside down before any quarter turn is tried.  Tesseract reads lines turned a quarter
        # as words too, and an upright page whose first lines held five words ("EXHIBIT (a)(2)"
        # over a centred title) was taken for one turned 270 (docs/measurements.md).
        for t in (0, 180):
            read_band(t)
    if best_read() < 6:
        for t in (90, 270):          # nothing read as text yet: try the quarter turns too
            attempt(t)
    if sideways and best_read() < 6:
        # Still undecided: the first lines of some turn are a table's headings or a fax
        # header printed across a page sent sideways (few words of print).  Read the whole top
        # band of its quarter turns, and let that decide (an upright-shaped page's bands were
        # read above).
        for t in (90, 270):
            read_band(t)
    if lines_run_down and max(_good_words(tried[t][1]) for t in (90, 270) if t in tried) < 6:
        # The page's print runs down it (`is_sideways`), yet neither quarter turn read its
        # first lines well (they may be a short heading): Tesseract reads turned text upright
        # too, and a fax header printed across the page reads well upright.  The quarter
        # turns' whole top bands decide.
        for t in (90, 270):
            read_band(t)
    # Upright unless another turn reads clearly better (Tesseract reads some turned text
    # too); a quarter turn only when it reads clearly better than upright or upside down,
    # or, when the page's print runs down it, when it reads well at all.
    good = {t: _good_words(w) for t, (_, w) in tried.items()}
    level = max((t for t in good if t in (0, 180)), key=lambda t: (good[t], t == 0))
    quarter = max((t for t in good if t in (90, 270)), key=lambda t: good[t], default=None)
    rotation = level
    if level == 180 and good.get(0, -1) >= 6 and good[0] >= 0.6 * good[180]:
        rotation = 0
    if quarter is not None and good[quarter] >= 6 and (lines_run_down or good[quarter] >= 1.5 * max(good[rotation], 1)):
        rotation = quarter
    elif quarter is not None and lines_run_down and good[quarter] >= RUN_DOWN_WORDS \
            and good[quarter] >= 2 * max(good[(quarter + 180) % 360], 1):
        # Print that runs down the page, read as words one quarter turn and not the other (a
        # table's headings are few words): that turn, though its words are few.
        rotation = quarter
    image, words = tried[rotation]
    return image, rotation, skews[rotation], words


def _first_lines(img: Image.Image, ink: np.ndarray | None, dpi: float, timeout: float) -> tuple[int, list]:
    """The page's first lines of print below the fax header: where they end, and the words of
    the band down to there (the header's among them)."""
    bottom = _top_lines_bottom(img, dpi, ink, FIRST_LINES)
    return bottom, _band_words(img, dpi, timeout, bottom)


def _header(words, dpi: float) -> tuple[str | None, list]:
    """Split off the fax machine's header line (top of the page) from the page's own text."""
    limit = HEADER_BAND_IN * dpi
    head = [w for w in words if w.bottom <= limit]
    rest = [w for w in words if w.bottom > limit]
    text = " ".join(ln.text for ln in lines_of(head)) or None
    return text, rest


def _cover_lines(lines: list[Line]) -> int:
    """How many lines start like a fax cover sheet's ("To:", "From:", "Pages:", "Re:")."""
    starts = set()
    for ln in lines:
        head = ln.words[0].text
        if head.endswith(":") or (len(ln.words) > 1 and ln.words[1].text.endswith(":")):
            label = head.rstrip(":").upper() if head.endswith(":") else f"{head} {ln.words[1].text.rstrip(':')}".upper()
            if label in form.COVER_WORDS:
                starts.add(label)
    return len(starts)


def _title_kind(lines: list[Line]) -> tuple[str | None, str | None]:
    """What the page's heading says it is, if anything."""
    lines = [ln for ln in lines if len(ln.words) <= 12]      # a heading is short; prose is not looked through
    cover = best(lines, form.TITLE_COVER[:4], 0.85)
    alone = [ln for ln in lines if len(ln.words) == 1 and ln.words[0].text.strip(":").upper() in form.COVER_ALONE]
    if cover is not None or alone or _cover_lines(lines) >= 3:
        return "cover", (cover and " ".join(w.text for w in cover.words)) or "FAX"
    checks = [("change_notice", form.TITLE_NOTICE), ("additional_sheet", form.TITLE_ADDITIONAL),
              ("instructions", form.TITLE_INSTRUCTIONS[:2]), ("form_text", form.TITLE_ELECTION)]
    for kind, phrases in checks:
        # A title stands alone on its line, or on its part of a line of titles parted by a dash
        # ("ADDITIONAL SHEET - ELECTION FORM"); the same words inside a sentence are not a title.
        for m in sorted((m for p in phrases for m in find_phrase(lines, p, 0.85)), key=lambda m: -m.score):
            if any(len(m.words) >= 0.7 * len(part) for part in _title_parts(m, lines)):
                return kind, " ".join(w.text for w in m.words)
    if best(lines, form.TITLE_INSTRUCTIONS[2:], 0.85) is not None:
        return "instructions", None
    return None, None


def _title_parts(m, lines: list[Line]) -> list[list]:
    """The part of each line holding all of a match's words, the line cut where a word of
    no letters or digits stands alone (a dash between two titles)."""
    out = []
    for ln in lines:
        if not set(m.words) <= set(ln.words):
            continue
        part: list = []
        for w in ln.words:
            if not token(w.text):
                if set(m.words) <= set(part):
                    break
                part = []
            else:
                part.append(w)
        out.append(part)
    return out


def _prose(lines: list[Line]) -> bool:
    """Lines in the Offer's own words (an instruction page that starts mid-text, without a heading)."""
    hits = sum(1 for ln in lines for w in ln.words if token(w.text) in form.OFFER_WORDS)
    return hits >= 2


def _says_what_it_is(lines: list[Line], title_kind: str | None, first_stage: bool) -> bool:
    """Whether the top lines read so far settle what the page is.

    A title does (not the heading both forms bear); so do lines in the Offer's words, but from
    the first lines alone only when every one of them is running text: a short line may be a
    subtitle above a title not read yet ("OFFER TO EXCHANGE OPTIONS" over "ELECTION FORM")."""
    if title_kind == "form_text":
        # The heading both forms bear settles nothing until the title under it is read (a
        # photographed Notice was read as an Election Form from its first two lines).
        return best(lines, [p for p in form.TITLE_ELECTION if p not in form.TITLE_SHARED], 0.85) is not None
    if title_kind is not None:
        return True
    if not _prose(lines):
        return False
    return not first_stage or all(len(ln.words) >= PROSE_LINE_WORDS for ln in lines)


def _without_rules(image: Image.Image, ink: np.ndarray, dpi: float) -> Image.Image:
    """The page with its printed rules and cell borders erased: Tesseract reads boxed tables better."""
    grey = np.array(image)
    for r in horizontal_rules(ink, int(0.5 * dpi)) + vertical_rules(ink, int(0.3 * dpi)):
        grey[max(0, r.y0 - 1):r.y1 + 1, max(0, r.x0 - 1):r.x1 + 1] = 255
    # Dotted rules' dots, not the letters or writing that cross their band; leaders' dots.
    mask = printed_dots(ink, dpi, ink, 0, 0)
    h, w = min(grey.shape[0], mask.shape[0]), min(grey.shape[1], mask.shape[1])   # a crop past the page's edge
    grey[:h, :w][mask[:h, :w]] = 255
    return Image.fromarray(grey)


def analyze_page(task: PageTask) -> PageResult:
    """Read one page; a page Tesseract cannot read is a page error, not the end of the batch."""
    started = time.perf_counter()
    try:
        return _analyze(task, started)
    except (ToolFailed, ToolTimeout) as exc:
        log.warning("page %d of %s: %s", task.number, Path(task.path).name, exc)
        return PageResult(task.number, error=f"the OCR engine failed on this page ({exc})",
                          seconds=time.perf_counter() - started)
    except (ToolMissing, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a fault on one page must not lose the rest of the batch
        log.exception("page %d of %s could not be read", task.number, Path(task.path).name)
        return PageResult(task.number, error=f"an internal error stopped the reading of this page "
                                             f"({exc.__class__.__name__}); it needs a person",
                          seconds=time.perf_counter() - started)


def _analyze(task: PageTask, started: float) -> PageResult:
    result = PageResult(task.number)
    try:
        page = ocr_pages.load_page(task.path, task.number, task.limits)
    except (ToolMissing, ToolTimeout, ToolFailed):
        raise
    except OcrError as exc:
        result.error = str(exc)
        return result
    dpi = page.dpi if page.dpi_known or page.dpi > 50 else 200.0
    result.dpi = dpi
    # Print reversed out of dark bands turned to print on paper, and a fax's dithered shading
    # cleared, before anything is looked for on the page.
    # (After the light is made even: a photograph's shadow is no dark band.)
    # A scanner's or fax's streak (a thin line run off the page's edge) is whited out first,
    # while it is still upright.
    grey = erase_edge_streaks(even_light(sheet_only(np.asarray(page.image.convert("L")))), dpi)
    # (A fax's two levels, before the page is levelled: a turn by a fraction of a degree
    # greys every stroke's edges, a thin one's through.)
    fax = two_levels(grey)
    stretch = page.source_dpi[0] / page.source_dpi[1] if page.source_dpi else 1.0
    cleared = smooth_rows(clear_shading(reverse_dark_bands(grey, dpi), dpi, stretch), stretch)
    up = _upright(Image.fromarray(cleared), dpi, task.timeout)
    image, ink, rules, top_words, full_words = up.image, up.ink, up.rules, up.top_words, up.full_words
    result.rotation, result.skew = up.rotation, up.skew
    result.width, result.height = image.size
    if ink.mean() < 0.0005:
        result.kind = "blank"
        result.seconds = time.perf_counter() - started
        return result
    result.header_text, top_words = _header(top_words, dpi)
    top_lines = lines_of(top_words)
    title_kind, result.title = _title_kind(top_lines)
    if full_words is None and up.read_to is not None:
        # Only the first lines were read: read on down the top band while they do not say
        # what the page is (first to TOP_LINES lines, then to the band's end).
        read_to = up.read_to
        for stage in (1, 2):
            if _says_what_it_is(top_lines, title_kind, first_stage=stage == 1 and up.first_lines_only):
                break
            stop = _top_lines_bottom(image, dpi, ink) if stage == 1 else min(image.height, int(TOP_BAND_IN * dpi))
            if stop <= read_to:
                continue
            top_words = top_words + _band_words(image, dpi, task.timeout, stop, top=read_to, stage=stage)
            top_lines = lines_of(top_words)
            title_kind, result.title = _title_kind(top_lines)
            read_to = stop
    prose = _prose(top_lines)
    structured = _structured(rules, dpi)
    if title_kind == "instructions":
        # A page that says what it is holds fields only if it also has writing lines that long.
        structured = _structured(rules, dpi, 2.0)
    elif title_kind == "cover":
        structured = False
    if title_kind in ("cover", "instructions") and not structured:
        result.kind = title_kind
    elif title_kind == "form_text" and not structured and (near := _lines_near_boxes(image, ink, dpi, task)) \
            and _read_near_boxes(result, image, ink, rules, near, dpi, task, fax):
        # The form's first page: read only the lines beside its checkboxes, not its prose.
        pass
    elif structured or title_kind in ("form_text", "change_notice", "additional_sheet") \
            or _holds_fields(top_lines, dpi):
        words = full_words or _scaled_words(_without_rules(image, ink, dpi), dpi, timeout=task.timeout)
        _, words = _header(words, dpi)
        lines = lines_of(words)
        if title_kind is None or (title_kind == "form_text" and not _says_what_it_is(top_lines, title_kind, False)):
            # No title, or only the heading both forms bear, was read at the top (a photograph
            # sets the page lower in its frame than the top band reaches): the title is looked
            # for again in the upper part of the whole page's lines.
            # Only the titles that tell the two forms apart are taken from there.
            kind, title = _title_kind([ln for ln in lines if ln.box.y1 <= TITLE_REACH * image.height])
            if kind in ("change_notice", "form_text"):
                title_kind, result.title = kind, title
            elif kind == "cover" and not _holds_fields(lines, dpi):
                # A cover sheet whose top went unread (turned upside down, its big "FAX" read
                # "FAK"): its "Date:" line is no signing date, nor its "From:" a holder.
                result.kind, result.title = kind, title
                result.seconds = time.perf_counter() - started
                return result
        _read_fields(result, image, ink, rules, lines, dpi, task, title_kind, fax)
    else:
        result.kind = title_kind or ("instructions" if prose else "unknown")
    result.seconds = time.perf_counter() - started
    return result


def _read_near_boxes(result: PageResult, image: Image.Image, ink: np.ndarray, rules, near: list[Line], dpi: float,
                     task: PageTask, fax: bool) -> bool:
    """The form's first page read from the lines beside its checkboxes only, kept where its
    tender box reads sure (NEAR_BOX_SURE): a band read alone garbles what stands beside a box
    more than the whole page's reading does (a brace and its box read "ral ."), and then the
    page is read whole, as any page whose fields were not found by their boxes is."""
    trial = PageResult(result.number)
    _read_fields(trial, image, ink, rules, near, dpi, task, "form_text", fax)
    box = trial.fields.get("tender_elected")
    if box is None or box.value is None or box.confidence < calibration.NEAR_BOX_SURE:
        return False
    result.fields, result.grants, result.parts, result.kind = trial.fields, trial.grants, trial.parts, trial.kind
    result.notes += trial.notes
    return True


def _holds_fields(lines: list[Line], dpi: float) -> bool:
    """Whether the page's top lines begin a checkbox sentence or are the grant table's headings:
    a page of the form whatever else it says (its boxes printed as short underlines, its table
    unruled, so that no writing line says so)."""
    return bool(box_sentences(lines, dpi)) or table_headings(lines, dpi)


def _rules(ink: np.ndarray, dpi: float):
    # Rules typed as characters ("=====", "-----") count, and rules printed as dots; a bold line
    # of text does not.  Pieces from half an inch: a line that writing crossed is in pieces
    # (joined per column later).
    return sorted(horizontal_rules(ink, int(0.5 * dpi), bridge=int(0.035 * dpi), max_thickness=int(0.05 * dpi))
                  + page_dotted_rules(ink, dpi)[0], key=lambda b: (b.y0, b.x0))


def _structured(rules, dpi: float, inches: float = 1.0) -> bool:
    """Two rules `inches` long or more: a page with places to write on (a table, signature lines)."""
    return sum(1 for r in rules if r.width >= inches * dpi) >= 2


@dataclass
class Upright:
    """A page turned upright and levelled, with what was found on the way."""
    image: Image.Image
    rotation: int
    skew: float
    top_words: list
    full_words: list | None      # the whole page read, when it was
    ink: np.ndarray
    rules: list
    read_to: int | None = None   # how far down the top band was read, when only its top lines were
    first_lines_only: bool = False   # ... and whether that is its first FIRST_LINES lines


def _read_whole(image: Image.Image, rotation: int, skew: float, words: list, ink: np.ndarray, rules: list,
                dpi: float) -> Upright:
    """A page read whole: its top lines are the words of its top band."""
    return Upright(image, rotation, skew, [w for w in words if w.top < TOP_BAND_IN * dpi], words, ink, rules)


def _quarter_by_shape(image: Image.Image, dpi: float) -> int | None:
    """The quarter turn (90 or 270) that sets a sideways page's print upright, when its shape
    says so clearly: turned one way its lines look upright (`upright_evidence` at least
    UPRIGHT_EVIDENCE), turned the other upside down.  None when the print says nothing clear
    (small print, capitals, handwriting): then turns are tried by OCR."""
    ink = ink_mask(np.asarray(image))
    left = upright_evidence(np.ascontiguousarray(np.rot90(ink, 1)), dpi)       # turned 90
    right = upright_evidence(np.ascontiguousarray(np.rot90(ink, -1)), dpi)     # turned 270
    if left >= UPRIGHT_EVIDENCE and right <= -UPRIGHT_EVIDENCE:
        return 90
    if right >= UPRIGHT_EVIDENCE and left <= -UPRIGHT_EVIDENCE:
        return 270
    return None


def _upright(image: Image.Image, dpi: float, timeout: float) -> Upright:
    """The page upright and level, with the words of its top lines (and of all of it, when read).

    The page's own shape says which way is up when it can (`is_sideways`,
    `upright_evidence`: no OCR); then a page with places to write on is read
    whole at once, and its top lines are taken from that reading; any other page
    has only its top lines read.  When the shape does not say, or the reading
    comes out poor, turns are tried by OCR (`_orient`).
    """
    lines_run_down = is_sideways(np.asarray(image))
    sideways = image.width > 1.15 * image.height or lines_run_down
    if sideways and (turn := _quarter_by_shape(image, dpi)) is not None:
        # The print's own shape says which quarter turn sets it upright (no OCR): the page is
        # turned so, then read as an upright page is.
        up = _upright(rotate(image, turn), dpi, timeout)
        up.rotation = (up.rotation + turn) % 360
        return up
    if not sideways:
        base, skew = _level(image)
        ink = ink_mask(np.asarray(base))
        evidence = upright_evidence(ink, dpi)
        if abs(evidence) >= UPRIGHT_EVIDENCE:
            rotation = 180 if evidence < 0 else 0
            flipped = np.ascontiguousarray(ink[::-1, ::-1]) if rotation else None
            first_lines: dict[int, tuple[int, list]] = {}
            if rotation:
                # The shape said upside down; the words may say upright: large handwriting's
                # loops below its lines outweighed print set in capitals (seed 6868: the table
                # page read upside down, its grants lost).  Each way's first lines are kept
                # for the reading below.
                first_lines = {0: _first_lines(base, ink, dpi, timeout),
                               180: _first_lines(rotate(base, 180), flipped, dpi, timeout)}
                below_header = {t: _good_words(_header(words, dpi)[1]) for t, (_, words) in first_lines.items()}
                if below_header[0] >= max(6, 2 * below_header[180]):
                    rotation = 0
            turned = rotate(base, rotation)
            if rotation:
                ink = flipped
            rules = _rules(ink, dpi)
            # Writing lines two inches long (signature lines, a ruled table): a page that
            # will be read whole anyway.  Shorter pieces may be underlined text.
            if _structured(rules, dpi, 2.0):
                words = _scaled_words(_without_rules(turned, ink, dpi), dpi, timeout=timeout)
                if _good_words(words) >= 6:
                    return _read_whole(turned, rotation, skew, words, ink, rules, dpi)
            else:
                # The first lines first; most pages say what they are there (`_analyze` reads on if not).
                first, top = first_lines.get(rotation) or _first_lines(turned, ink, dpi, timeout)
                if _good_words(top) >= 6:
                    return Upright(turned, rotation, skew, top, None, ink, rules, first, True)
                bottom = _top_lines_bottom(turned, dpi, ink)
                if bottom > first:
                    top = top + _band_words(turned, dpi, timeout, bottom, top=first, stage=1)
                if _good_words(top) >= 6:
                    return Upright(turned, rotation, skew, top, None, ink, rules, bottom, False)
                # Few words at the top (a cover sheet's big "FAX" over white space): the page's
                # shape has said which way is up, so read all of it that way before trying
                # turns (seed 1919: an upside-down cover under an upright fax header).
                words = _scaled_words(turned, dpi, timeout=timeout)
                if _good_words(words) >= 6:
                    return _read_whole(turned, rotation, skew, words, ink, rules, dpi)
    image, rotation, skew, top = _orient(image, dpi, timeout, sideways, lines_run_down)
    ink = ink_mask(np.asarray(image))
    return Upright(image, rotation, skew, top, None, ink, _rules(ink, dpi),
                   _top_lines_bottom(image, dpi, ink, FIRST_LINES), True)


def _lines_near_boxes(image: Image.Image, ink: np.ndarray, dpi: float, task: PageTask) -> list[Line] | None:
    """The text lines beside each checkbox-like mark, if one of them is the tender sentence."""
    found: list = []
    boxes, marks = box_candidates(ink, dpi), line_start_marks(ink, dpi)

    def seen_by_both(b) -> bool:
        return any(abs(b.cy - o.cy) < 0.1 * dpi for o in (marks if b in boxes else boxes))

    candidates: list = []
    # Lines both ways of looking agree on first, then the rest top to bottom.
    for box in sorted(boxes + marks, key=lambda b: (not seen_by_both(b), b.y0)):
        if not any(abs(box.cy - c.cy) < 0.1 * dpi for c in candidates):
            candidates.append(box)

    ends: list = []

    def tried():
        yield from ((b, False) for b in candidates)
        # Then marks ending a line (a box printed after its sentence), looked for only now: the
        # band above reaches up to the sentence's first line.
        ends.extend(b for b in line_end_marks(ink, dpi) if not any(abs(b.cy - c.cy) < 0.1 * dpi for c in candidates))
        yield from ((b, True) for b in ends)

    bands: list[tuple[int, int, int, int]] = []

    def read(box, after: bool) -> list[Line]:
        top = box.cy - (END_BAND_UP_IN if after else 0.35) * dpi
        band = (0 if after else box.x0, max(0, int(top)), image.width,
                min(image.height, int(box.cy + (0.2 if after else 0.35) * dpi)))
        bands.append(band)
        words = _scaled_words(image, dpi, band, psm=6, timeout=task.timeout)
        # Lines of different bands must not merge: give each band its own block numbers.
        offset = 1000 * len(found)
        found.extend(tesseract.Word(w.text, w.conf, w.left, w.top, w.width, w.height, w.block + offset,
                                    w.par, w.line) for w in words)
        return lines_of(found)

    done = []
    for box, after in tried():
        lines = read(box, after)
        done.append(box)
        # The tender sentence, in the form's words or in any of its meaning ("Check here to
        # tender for exchange ...").  A band's reading is kept only where its tender box reads
        # sure (`_read_near_boxes`): a band that read the box as a letter, unsure at 0.5, is
        # read again whole.
        in_words = best(lines, form.TENDER_BOX, 0.8) is not None
        if in_words or box_sentences(lines, dpi).get("tender_elected"):
            def read_each(marks, wanted) -> None:
                for other, other_after in marks:
                    if other not in done and wanted(other):
                        read(other, other_after)
                        done.append(other)
            # A box just under it may be its negative's ("I do not wish to tender ...", a
            # "check one" choice): its line is read too.
            read_each([(b, False) for b in candidates] + [(b, True) for b in ends],
                      lambda b: 0 < b.cy - box.cy <= CHOICE_BELOW_IN * dpi)
            if not in_words:
                # A typeset of its own: a mark no band was read beside may be its other
                # sentence's box (the additional sheet's YES and NO boxes under their heads on
                # the same page, which the page read whole read unsure): its band is read too.
                read_each([(b, False) for b in candidates] + [(b, True) for b in ends or line_end_marks(ink, dpi)],
                          lambda b: _mark_unread(b, bands, dpi))
            return lines_of(found)
    return None


def _mark_unread(mark: Box, bands: list[tuple[int, int, int, int]], dpi: float) -> bool:
    """Whether a checkbox-like mark below the fax machine's header line stands in none of the
    bands read (x0, y0, x1, y1)."""
    return mark.y0 > HEADER_BAND_IN * dpi and \
        not any(x0 <= mark.cx <= x1 and y0 <= mark.cy <= y1 for x0, y0, x1, y1 in bands)


def _unlabelled_lines(rules, grants, dpi: float, width: int, height: int) -> Box | None:
    """The band of a page's writing lines (two rules an inch long or more) below its grant table,
    if any: where a signature block stands whose labels were not all read.  It spans the page's
    width: labels stand before their lines and after them, however far."""
    floor = max((r.bbox[3] for row in grants or [] for r in row.values() if r.bbox), default=0)
    below = [r for r in rules if r.width >= dpi and r.y0 > floor + 0.1 * dpi]
    if len(below) < 2:
        return None
    return Box(0, max(0, min(r.y0 for r in below) - int(0.6 * dpi)),
               width, min(height, max(r.y1 for r in below) + int(0.4 * dpi)))


def _either(a: dict, b: dict) -> dict:
    """Two readings of one signature block (the page's words, and its band read again at full
    resolution, or its labels turned a quarter read turned back): the fuller (`_fuller`), with
    the fields only the other found, where the two agree on the block: each field they both
    read has one value and one placement.  The second reading may find labels the first missed
    (a numbered line's "2" lost at label resolution) and miss others it found."""
    keep, other = (a, b) if _fuller(a, b) else (b, a)
    both = set(keep) & set(other)
    if not both or any(keep[k].value != other[k].value or
                       keep[k].evidence.get("placement") != other[k].evidence.get("placement") for k in both):
        return keep
    return {**keep, **{k: r for k, r in other.items() if k not in keep}}


def _fuller(a: dict, b: dict) -> bool:
    """Whether signature block reading `a` is better than `b`: more of the block's fields, or as
    many with its values' places clear where `b`'s were not (`placement_unclear`)."""
    def unclear(sig: dict) -> bool:
        return any("placement_unclear" in r.evidence for r in sig.values())
    return len(a) > len(b) or (len(a) == len(b) and unclear(b) and not unclear(a))


def _read_fields(result: PageResult, image: Image.Image, ink: np.ndarray, rules, lines: list[Line],
                 dpi: float, task: PageTask, title_kind: str | None, fax: bool = False) -> None:
    crops = Path(task.crop_dir) if task.crop_dir else None
    if crops is not None:
        crops.mkdir(parents=True, exist_ok=True)
    ctx = dict(page=task.number, timeout=task.timeout, crops=crops)
    # The Notice has no checkboxes: a box found on it is letters or a stray mark.
    boxes = read_checkboxes(image, ink, lines, dpi, fax=fax, **ctx) if title_kind != "change_notice" else {}
    result.fields.update(boxes)
    grants = read_grant_lines(image, ink, lines, rules, dpi, **ctx)
    if grants is None:
        grants = read_grant_sentences(image, ink, lines, rules, dpi, **ctx)
    if grants is None:
        grants = read_records(image, ink, lines, rules, dpi, **ctx)
    if grants is None:
        grants = read_table(image, ink, lines, rules, dpi, **ctx)
    if grants is not None:
        doubt_beside_stray_marks(grants)
        result.grants = [row for row in grants if not is_stray_mark(row) and not is_total_line(row)]
        for row in grants:
            if is_stray_mark(row):
                mark = next(r for r in row.values() if not r.evidence.get("blank"))
                result.notes.append(("stray_mark_in_table",
                                     f"A lone mark in the grant table on page {task.number} was not taken as a row "
                                     f"(read as {mark.raw!r}); please check it.", mark.crop_path))
        result.notes += [(code, message, None) for code, message in table_doubts(grants, task.number)]
        result.parts.append("form_table")
    sig = read_signature_block(image, ink, lines, rules, dpi, **ctx)
    if len(sig) < len(form.SIGNATURE_BLOCK) and \
            (band := _unlabelled_lines(rules, grants, dpi, image.width, image.height)) is not None:
        # Writing lines with labels missing: labels printed small (a caption in a box's corner)
        # are lost at the page read's resolution; the band is read again at the page's own, and
        # the reading that found more of the block's labels is kept.
        words = _scaled_words(_without_rules(image.crop(band.tuple()), ink[band.y0:band.y1, band.x0:band.x1], dpi),
                              dpi, psm=11, timeout=task.timeout, at_dpi=dpi)
        again = [tesseract.Word(w.text, w.conf, w.left + band.x0, w.top + band.y0, w.width, w.height,
                                w.block + 10000, w.par, w.line) for w in words]
        kept = [ln for ln in lines if not (band.y0 <= ln.box.cy <= band.y1 and band.x0 <= ln.box.cx <= band.x1)]
        more = read_signature_block(image, ink, sorted(kept + lines_of(again), key=lambda ln: (ln.box.y0, ln.box.x0)),
                                    rules, dpi, **ctx)
        sig = _either(more, sig)
    if len(sig) < len(form.SIGNATURE_BLOCK) and (turned := turned_labels(image, ink, dpi, task.timeout)):
        # Labels printed turned a quarter in strips at their boxes' sides: read turned back,
        # in place of what the page's reading made of them.
        strips = [ln.box for ln in turned]
        kept = [ln for ln in lines if not any(s.x0 <= ln.box.cx <= s.x1 and s.y0 <= ln.box.cy <= s.y1
                                              for s in strips)]
        more = read_signature_block(image, ink, sorted(kept + turned, key=lambda ln: (ln.box.y0, ln.box.x0)),
                                    rules, dpi, **ctx, turned=frozenset(id(w) for ln in turned for w in ln.words))
        sig = _either(more, sig)
    if len(sig) < len(form.SIGNATURE_BLOCK):
        # Labels not found for every field: the block may be sentences to fill in, each blank
        # led in by words that name its field (a label's words among them: "Signature: ____").
        # Their reading is taken where it names more of the block's fields.
        sig = read_blanks(image, ink, lines, rules, dpi, **ctx, more_than=len(sig)) or sig
    result.fields.update(sig)
    if "tender_elected" in boxes:
        result.parts.append("form_tender")
    if sig:
        result.parts.append("form_signature")
    if title_kind == "change_notice":
        result.kind = "change_notice"
    elif title_kind == "additional_sheet" or (grants is not None and "tender_elected" not in boxes
                                              and "additional_sheet_attached" not in boxes
                                              and best(lines, form.TITLE_ADDITIONAL, 0.85) and not
                                              best(lines, form.ADDITIONAL_BOX, 0.8)):
        result.kind = "additional_sheet"
    elif result.parts:
        result.kind = result.parts[0] if len(result.parts) == 1 else "form_" + "+".join(
            p.removeprefix("form_") for p in result.parts)
    else:
        result.kind = title_kind or _title_kind(lines)[0] or "unknown"
        result.fields.clear()
