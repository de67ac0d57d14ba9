"""Pixel work on a page before reading: ink, skew, and quarter-turns."""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image


def components(binary: np.ndarray, connectivity: int = 8):
    """The connected pieces of a binary image, as `cv2.connectedComponentsWithStats` gives them
    (count, labels, stats, centroids), labelled by Grana's block-based scan (SAUF for 4-way):
    the same labels as OpenCV's default scan, in less than half its time on a fax page's
    thousands of specks and letters (docs/measurements.md)."""
    return cv2.connectedComponentsWithStatsWithAlgorithm(binary, connectivity, cv2.CV_32S, cv2.CCL_GRANA)


PAPER_SCALE_PX = 400        # the sheet of a photograph is found on a picture this big
PAPER_OUTSIDE_MIN = 0.02    # ... when at least this share of it lies outside the sheet
PAPER_CONTRAST = 40         # ... and is this much darker (grey levels) than the sheet
SHEET_CORNER_FIT = 0.02     # the sheet's outline is a quadrilateral within this share of its perimeter
SHEET_LEAN = 0.004          # ... warped to its rectangle when a side leans by this share of its length
SHEET_EDGE_INSET = 0.004    # ... and this share of it taken in from each edge
LIGHT_REACH = 0.03          # the paper's brightness is taken this share of the page around each pixel
DARK_BAND_WINDOW_IN = 0.15  # ink is dense where it covers DARK_BAND_DENSITY of a square this wide
DARK_BAND_DENSITY = 0.55
DARK_BAND_SCALE = 4         # ... looked at on a copy this many times smaller
DARK_BAND_MIN_IN = (1.0, 0.2)   # a band printed dark (print reversed out of it) is at least this long and thick
DARK_BAND_FILL = 0.5        # ... its dense part fills at least this share of its box
DARK_BAND_PRINT = 0.005     # ... and print (paper it encloses) covers at least this share of it
DARK_BAND_EDGE_IN = 0.04    # the band's edge, half covered, is taken this far past its dense part
DARK_BAND_SPECK_IN = 0.015  # paper in a band in pieces smaller than this square is its dither
SHADE_SPECK_IN = 0.012      # a fax's dither of shading is specks no bigger than this square
SHADE_WINDOW_IN = 0.1       # ... lying at least SHADE_DENSITY thick over a square this wide
SHADE_DENSITY = 0.04


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """True where there is ink (Otsu threshold; a blank page gives no ink)."""
    if grey.size == 0:
        return np.zeros_like(grey, dtype=bool)
    if int(grey.max()) - int(grey.min()) < 40:
        return grey < 128
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary > 0


# A machine's streak: an upright line at most this wide, at least this long, that runs to
# within EDGE_IN of the page's top or bottom edge (a form's rules stop at its margins).
STREAK_WIDE_IN = 0.02
STREAK_LONG_IN = 3.0
STREAK_EDGE_IN = 0.2


def erase_edge_streaks(grey: np.ndarray, dpi: float) -> np.ndarray:
    """The page with a scanner's or fax's streaks whited out: thin upright lines that run off
    the page's top or bottom edge, three inches long or more.  Taken upright and slanted by the
    page's skew, a streak crossed headings, boxes and blanks as a stroke of ink (a table's
    headings went unread under one; an empty blank read "1").  A form's own rules end within
    its margins, and are kept."""
    ink = grey < 128
    h, w = ink.shape
    least, edge, wide = int(STREAK_LONG_IN * dpi), int(STREAK_EDGE_IN * dpi), max(1, int(STREAK_WIDE_IN * dpi))
    if h < least:
        return grey
    # Columns whose ink runs down from near the top, or up from near the bottom, unbroken but
    # for a few rows (a fax drops rows), for `least` rows or more.
    closed = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
    out = None
    near_edge = closed[h - edge:].any(axis=0) | closed[:edge].any(axis=0)
    for x in np.flatnonzero(near_edge & (closed.sum(axis=0) >= least)):
        col = closed[:, x]
        for a, b in runs(col):
            if b - a >= least and (a <= edge or b >= h - edge):
                # Thin: the ink beside it, a few columns out, is not a run as long (a wide bar
                # or a block of print is no streak).
                beside = [closed[a:b, c].mean() for c in (x - wide - 2, x + wide + 2) if 0 <= c < w]
                if all(m < 0.5 for m in beside):
                    if out is None:
                        out = grey.copy()
                    out[a:b, x] = 255
    return grey if out is None else out


def _sheet(grey: np.ndarray):
    """The photographed sheet on a small copy of the picture: (the copy's scale, the copy
    blurred, the sheet's hull as a contour, the hull's mask), or None when no sheet stands out,
    the page is paper to its edges, or nothing darker lies around the sheet."""
    if grey.size == 0 or min(grey.shape) < 50:
        return None
    scale = min(1.0, PAPER_SCALE_PX / max(grey.shape))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    threshold, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))   # print closed over
    count, labels, stats, _ = components(bright, 4)
    if count < 2:
        return None
    sheet = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[sheet, cv2.CC_STAT_AREA] < 0.3 * small.size:
        return None                                    # no sheet stands out: leave the page as it is
    contours, _ = cv2.findContours(_grown(blur, labels == sheet, threshold), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    mask = np.zeros(small.shape, np.uint8)
    cv2.fillPoly(mask, [hull], 1)
    outside = mask == 0
    if outside.mean() < PAPER_OUTSIDE_MIN or blur[outside].mean() > blur[~outside].mean() - PAPER_CONTRAST:
        return None                                    # paper to the edges, or nothing darker around it
    return scale, blur, hull, mask


def _grown(blur: np.ndarray, sheet: np.ndarray, threshold: float) -> np.ndarray:
    """The sheet found brighter than one threshold, grown over the paper its light fades across:
    a sheet lit from one side is darker at its far corner than the threshold between paper and
    table (a corner of 130 grey levels under a threshold of 149, its table at 50-90), and was
    cut off, the writing there painted over as no paper.  Grown (as a hysteresis threshold
    does) over what touches it and is brighter than halfway from the table's shade (the
    darker quarter of what lies outside it) to that threshold."""
    outside = blur[~sheet]
    if outside.size == 0:
        return sheet.astype(np.uint8)
    low = (float(np.percentile(outside, 25)) + threshold) / 2
    weak = cv2.morphologyEx((blur > low).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    _count, labels, _stats, _ = components(weak, 4)
    kept = np.unique(labels[sheet & (weak > 0)])
    return (np.isin(labels, kept[kept > 0]) | sheet).astype(np.uint8)


def flatten_sheet(grey: np.ndarray) -> np.ndarray:
    """A sheet photographed at an angle (its outline a quadrilateral, not a rectangle: the far
    edge shorter, the sides leaning) warped back to its rectangle, so that its rules run level
    and its cell walls upright everywhere on it.  Only a sheet whose four corners are all in the
    picture and whose outline leans (`SHEET_LEAN`) is warped; anything else comes back as it was."""
    return _flattened(grey, _sheet(grey))


def _flattened(grey: np.ndarray, found) -> np.ndarray:
    """`flatten_sheet` with the sheet already looked for (`_sheet`'s answer)."""
    if found is None:
        return grey
    scale, _blur, hull, _mask = found
    quad = cv2.approxPolyDP(hull, SHEET_CORNER_FIT * cv2.arcLength(hull, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return grey
    pts = quad.reshape(4, 2).astype(np.float32) / scale
    # Corners in order: top-left, top-right, bottom-right, bottom-left.
    by_sum, by_diff = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    tl, br, tr, bl = pts[np.argmin(by_sum)], pts[np.argmax(by_sum)], pts[np.argmin(by_diff)], pts[np.argmax(by_diff)]
    corners = np.array([tl, tr, br, bl], np.float32)
    if len({tuple(c) for c in corners.tolist()}) < 4:
        return grey
    width = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    height = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    h, w = grey.shape
    if width < 0.3 * w or height < 0.3 * h:
        return grey
    lean = max(abs(tl[0] - bl[0]), abs(tr[0] - br[0]), abs(tl[1] - tr[1]), abs(bl[1] - br[1])) / max(width, height)
    if lean < SHEET_LEAN:
        return grey                                    # square to the picture: levelling will do
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    # Inset a little: the sheet's very edge (and its shadow) is no print.
    inset = max(2, int(SHEET_EDGE_INSET * min(width, height)))
    flat = cv2.warpPerspective(grey, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    paper = int(np.percentile(flat, 75))
    flat[:inset, :] = paper
    flat[-inset:, :] = paper
    flat[:, :inset] = paper
    flat[:, -inset:] = paper
    return flat


def paper_only(grey: np.ndarray) -> np.ndarray:
    """A photographed sheet with what lies around it (the table it lay on, a dark scanner lid)
    made the shade of the paper, so that nothing outside the paper is read as ink.  The sheet is the largest
    bright region of the picture, taken with its convex hull (a sheet photographed at an angle
    is a quadrilateral), a little inside its edge.  A page that is paper to its edges (a fax,
    a scan) comes back as it was."""
    return _paper_only(grey, _sheet(grey))


def _paper_only(grey: np.ndarray, found) -> np.ndarray:
    """`paper_only` with the sheet already looked for (`_sheet`'s answer)."""
    if found is None:
        return grey
    _scale, blur, _hull, mask = found
    outside = mask == 0
    mask = cv2.erode(mask, np.ones((3, 3), np.uint8), iterations=2)    # the sheet's edge and its shadow
    full = cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)
    out = grey.copy()
    # The paper's own shade, not white: white around a grey photographed sheet would make the
    # whole sheet ink to a threshold between the two.
    out[full == 0] = int(np.percentile(blur[~outside], 75))
    return out


def sheet_only(grey: np.ndarray) -> np.ndarray:
    """`paper_only(flatten_sheet(grey))`, the sheet looked for once where it was not warped
    (the picture unchanged, the same sheet is found in it again)."""
    found = _sheet(grey)
    flat = _flattened(grey, found)
    return _paper_only(grey, found) if flat is grey else paper_only(flat)


def two_levels(grey: np.ndarray) -> bool:
    """Whether a page holds two levels only, black and white (a fax), by a sample of its pixels."""
    return len(np.unique(grey[::7, ::7])) <= 2


def even_light(grey: np.ndarray) -> np.ndarray:
    """A page whose light is uneven (a photograph, shaded towards one side) made even: each
    pixel is divided by the paper's brightness around it (the brightest level near it, print
    taken away, smoothed), so that one threshold tells ink from paper over the whole page.  A
    bilevel page (a fax) comes back as it was."""
    if grey.size == 0 or min(grey.shape) < 50 or two_levels(grey):
        return grey
    small = cv2.resize(grey, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = max(3, int(LIGHT_REACH * min(small.shape))) | 1           # wider than print's strokes and letters
    paper = cv2.GaussianBlur(cv2.dilate(small, np.ones((k, k), np.uint8)), (0, 0), k)
    paper = cv2.resize(paper, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    return np.clip(grey.astype(np.float32) * 255.0 / np.maximum(paper, 1), 0, 255).astype(np.uint8)


def reverse_dark_bands(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Print reversed out of a dark band (white headings on a black or dark grey bar, a fax's
    dither of it) turned to dark print on paper, so that it is read as print and the band is no
    mass of ink.  A band is where ink covers most of the paper around each point
    (`DARK_BAND_DENSITY` over `DARK_BAND_WINDOW_IN`: print, a rule, a fax's streak, a signature
    cover far less), in one piece longer and thicker than any mark (`DARK_BAND_MIN_IN`: a filled
    checkbox is far smaller).  In it the print is the paper-coloured strokes, without the specks
    of the dither's own holes."""
    if grey.size == 0:
        return grey
    ink = ink_mask(grey).astype(np.uint8)
    # Where ink is dense is found on a copy a quarter the size (a band is far bigger than that).
    f = DARK_BAND_SCALE
    small = cv2.resize(ink.astype(np.float32), (max(1, ink.shape[1] // f), max(1, ink.shape[0] // f)),
                       interpolation=cv2.INTER_AREA)
    k = max(3, int(DARK_BAND_WINDOW_IN * dpi / f)) | 1
    dense = (cv2.blur(small, (k, k)) >= DARK_BAND_DENSITY).astype(np.uint8)
    if not dense.any():
        return grey
    count, labels, stats, _ = components(dense, 8)
    long, thick = DARK_BAND_MIN_IN[0] * dpi / f, DARK_BAND_MIN_IN[1] * dpi / f
    edge = max(1, int(DARK_BAND_EDGE_IN * dpi))
    out = grey
    for i in range(1, count):
        sx, sy, sw, sh, area = (int(v) for v in stats[i])
        # (Either way round: the page may lie on its side.)
        if max(sw, sh) < long or min(sw, sh) < thick or area < DARK_BAND_FILL * sw * sh:
            continue
        x, y, w, h = sx * f, sy * f, sw * f, sh * f
        x0, y0 = max(0, x - edge), max(0, y - edge)
        x1, y1 = min(grey.shape[1], x + w + edge), min(grey.shape[0], y + h + edge)
        band = np.zeros((y1 - y0, x1 - x0), np.uint8)
        # The band's outline, its holes filled (letters thin the ink around them).
        piece = (labels[sy:sy + sh, sx:sx + sw] == i).astype(np.uint8)
        outline, _ = cv2.findContours(piece, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        cv2.fillPoly(piece, outline, 1)
        part = cv2.resize(piece, (w, h), interpolation=cv2.INTER_NEAREST)
        band[y - y0:y - y0 + h, x - x0:x - x0 + w] = part[:y1 - y, :x1 - x]
        # The band reaches a little past where the ink around is dense (its edge half covered).
        inside = cv2.dilate(band, np.ones((2 * edge + 1,) * 2, np.uint8)) > 0
        # Print is paper enclosed by the band: paper that reaches past its edge is the page's.
        count_p, parts, stats_p, _ = components((ink[y0:y1, x0:x1] == 0).astype(np.uint8), 4)
        enclosed = np.ones(count_p, dtype=bool)
        enclosed[0] = False
        enclosed[np.unique(parts[~inside])] = False
        enclosed &= stats_p[:, cv2.CC_STAT_AREA] >= max(4, int((DARK_BAND_SPECK_IN * dpi) ** 2))
        strokes = enclosed[parts]
        if strokes.sum() < DARK_BAND_PRINT * inside.sum():
            continue                    # nothing printed in it to read: left as it is
        if out is grey:
            out = grey.copy()
        region = out[y0:y1, x0:x1]
        region[inside] = 255
        region[strokes] = 0
    return out


def clear_shading(grey: np.ndarray, dpi: float, stretch: float = 1.0) -> np.ndarray:
    """A fax's dither of light shading (a grey cell, a tinted row) cleared to paper, so that the
    print and the writing on it stand alone: the specks of a dither are each a few pixels
    (`SHADE_SPECK_IN`), and where they lie thick (`SHADE_DENSITY` of the page around a point,
    over `SHADE_WINDOW_IN`) they are shading, not print.  A speck alone (a full stop, the dot
    of an i) is kept.  Only a page of two levels (a fax) has its shading dithered.  A page sent
    at a coarser resolution down than across (a fax's standard mode) has each row repeated
    `stretch` times, and its specks are that much taller."""
    if grey.size == 0 or not two_levels(grey):
        return grey
    ink = ink_mask(grey).astype(np.uint8)
    count, labels, stats, _ = components(ink, 8)
    tiny = np.zeros(count, dtype=bool)
    tiny[1:] = stats[1:, cv2.CC_STAT_AREA] <= max(2, int((SHADE_SPECK_IN * dpi) ** 2 * max(1.0, stretch)))
    k = max(3, int(SHADE_WINDOW_IN * dpi)) | 1
    # Too few specks on the whole page to lie that thick anywhere (a window at a corner sees
    # a speck at most four times, mirrored at the edges): nothing to clear.
    if 4 * int(stats[tiny, cv2.CC_STAT_AREA].sum()) < 0.99 * SHADE_DENSITY * k * k:
        return grey
    specks = tiny[labels]
    shaded = cv2.blur(specks.astype(np.float32), (k, k)) >= SHADE_DENSITY
    clear = specks & shaded
    if not clear.any():
        return grey
    out = grey.copy()
    out[clear] = 255
    return out


def smooth_rows(grey: np.ndarray, stretch: float) -> np.ndarray:
    """A page stretched down by repeating each row `stretch` times (a fax sent at standard
    resolution, kept two levels for `clear_shading`), smoothed as a resampling of its own
    rows would have made it: Tesseract reads small print built of doubled rows worse (a
    table page's labels read "Cheek hen if y Nan (pent)", and the page was turned upside
    down for the garbage read that way)."""
    if stretch <= 1.05 or grey.size == 0 or not two_levels(grey):
        return grey             # square pixels, or a page of greys resampled already
    h, w = grey.shape
    own = cv2.resize(grey, (w, max(1, round(h / stretch))), interpolation=cv2.INTER_AREA)
    return cv2.resize(own, (w, h), interpolation=cv2.INTER_LINEAR)


def runs(flags, bridge: float = 0) -> list[tuple[int, int]]:
    """The runs of True in a 1-D array as (start, end) pairs, end exclusive; runs separated by
    fewer than `bridge` False entries are joined (rows of one line of print, letters of a word)."""
    f = np.asarray(flags, dtype=bool).astype(np.int8)
    edges = np.diff(np.concatenate(([0], f, [0])))
    out: list[tuple[int, int]] = []
    for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
        if out and start - out[-1][1] < bridge:
            out[-1] = (out[-1][0], int(end))
        else:
            out.append((int(start), int(end)))
    return out


def remove_specks(ink: np.ndarray, min_area: int) -> np.ndarray:
    """Drop connected components smaller than `min_area` pixels (fax noise)."""
    count, labels, stats, _ = components(ink.astype(np.uint8), 8)
    keep = np.zeros(count, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_area
    return keep[labels]


def _profile_score(small: np.ndarray, angle: float) -> float:
    h, w = small.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rotated.sum(axis=1, dtype=np.float64)
    return float(np.var(np.diff(rows)))


def estimate_skew(grey: np.ndarray, max_deg: float = 4.0) -> float:
    """The rotation in degrees (counter-clockwise) that makes text lines horizontal."""
    scale = 800 / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    ink = ink_mask(small).astype(np.uint8)
    if ink.sum() < 50:
        return 0.0
    best = max(np.arange(-max_deg, max_deg + 0.01, 0.5), key=lambda a: _profile_score(ink, a))
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    return float(round(max(fine, key=lambda a: _profile_score(ink, a)), 2))


def _word_shapes(ink: np.ndarray, kernel: tuple[int, int]) -> int:
    """How many word-sized blobs, after smearing letters together along `kernel`, run that way."""
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones(kernel, np.uint8))
    count, _, stats, _ = components(closed, 8)
    w = stats[1:, cv2.CC_STAT_WIDTH]
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    long_, short = (w, h) if kernel[1] > kernel[0] else (h, w)
    return int(np.sum((short >= 3) & (short <= 12) & (long_ >= 2.5 * short)))


def is_sideways(grey: np.ndarray) -> bool:
    """True when text lines run vertically (the page is turned a quarter).

    At about 50 dpi the letters of a word are smeared together along the line; an
    upright page then shows many blobs wider than tall, a page turned a quarter many
    taller than wide.  A fax streak or a table rule is one blob, not many.
    """
    scale = 550 / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    ink = ink_mask(small).astype(np.uint8)
    if ink.sum() < 50:
        return False
    across = _word_shapes(ink, (1, 4))
    down = _word_shapes(ink, (4, 1))
    return down >= 6 and down > 1.3 * across


def upright_evidence(ink: np.ndarray, dpi: float) -> float:
    """How much a level page's text looks upright rather than upside down, without OCR.

    Latin print puts more ink above the x-height band of a line (capitals, ascenders,
    the dots of i and j) than below its baseline (the descenders of g, j, p, q, y).
    For each text line the band is the rows holding at least half the line's peak
    ink; the ink above it and below it is summed over the page.  Returns
    log(above / below): clearly positive for upright text, clearly negative upside
    down, near zero for capitals, handwriting or too little text.
    """
    scale = min(1.0, 150 / dpi)
    small = cv2.resize(ink.astype(np.uint8), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) \
        if scale < 1 else ink.astype(np.uint8)
    rows = (small > 0).sum(axis=1).astype(np.float64)
    on = rows > max(2.0, 0.01 * small.shape[1])
    lo, hi = 0.05 * 150, 0.3 * 150          # a line of print is this tall (in rows at 150 dpi)
    above = below = 0.0
    for start, end in runs(on):
        prof = rows[start:end]
        if not lo <= len(prof) <= hi:
            continue
        core = np.nonzero(prof >= 0.5 * prof.max())[0]
        above += prof[:core[0]].sum()
        below += prof[core[-1] + 1:].sum()
    return float(np.log((above + 50.0) / (below + 50.0)))


def rotate(image: Image.Image, degrees: float) -> Image.Image:
    """Rotate counter-clockwise, filling with white; quarter turns are exact."""
    if degrees % 360 == 0:
        return image
    if degrees % 90 == 0:
        return image.rotate(degrees, expand=True)
    if image.mode == "L":        # OpenCV does the same turn in a fifth of Pillow's time
        w, h = image.size
        m = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), degrees, 1.0)
        return Image.fromarray(cv2.warpAffine(np.asarray(image), m, (w, h), flags=cv2.INTER_LINEAR,
                                              borderMode=cv2.BORDER_CONSTANT, borderValue=255))
    return image.rotate(degrees, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)


def crop_png(image: Image.Image, box: tuple[int, int, int, int], path, pad: int = 12) -> None:
    """Save the place of a field (with a margin) as a PNG for a reviewer."""
    x0, y0, x1, y1 = box
    w, h = image.size
    image.crop((max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad))).save(path)
