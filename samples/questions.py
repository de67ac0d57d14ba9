"""``questions`` labels: each field asked for as a numbered question in the body font,
as questionnaires, enrolment and intake forms set them ("3. What is your home
address?"), and the answer written on a rule under the question, indented from it.

No field keeps its printed label's words: the questions are this module's own
(``QUESTIONS``; in capitals where the labels are), so a reading that knows the form's
labels must find each field by what its question asks. The number is bold, the question
after it flowed across the column (``block`` says one column of 80 % of the text's width
or two), and ``ANSWER_INDENT`` in from where the question starts a rule to write on
(three for the address, ``PITCH`` apart), ``T.WRITE_ROOM`` under the question's last
line. The numbers run on through a page's fields. The anchors are ``line:<key>`` over
each rule, as for the other placements.
"""

from __future__ import annotations

from samples import typesets as T

QUESTIONS = {
    "name": "What is your full name? (Please print.)",
    "ssn": "What is your Social Security number?",
    "address": "What is your home address?",
    "signature": "Please sign here to confirm your answers:",
    "datetime": "On what date and at what time are you signing?",
    "date": "On what date are you signing?",
    "time": "At what time are you signing?",
}
ANSWER_INDENT = 0.3  # inches from the question's start to its answer rule's
PITCH = 0.42  # inches between an address's rules


def question(cv: T.Canvas, key: str) -> str:
    words = QUESTIONS[key]
    return words.upper() if cv.ts.labels[0].isupper() else words


def question_rows(cv: T.Canvas, x0: int, x1: int, y: int, key: str, names: list[str],
                  anchors: dict) -> int:
    """The question of ``key`` from ``y`` down at ``x0``, numbered, and its answer rules
    under it to ``x1``; returns the bottom."""
    cv.asked = getattr(cv, "asked", 0) + 1
    number = f"{cv.asked}."
    nx = x0 + int(cv.fb.getlength(number + " "))
    cv.d.text((x0, y), number, font=cv.fb, fill=0)
    step = int(cv.size * 1.2)
    lines = cv.wrap(question(cv, key), x1 - nx)
    for j, t in enumerate(lines):
        cv.d.text((nx, y + j * step), t, font=cv.f, fill=0)
    lw = max(3, cv.size // 12)
    first = y + len(lines) * step + T.px(T.WRITE_ROOM + 0.02)
    lx = nx + T.px(ANSWER_INDENT) - T.px(0.1)
    for i, n in enumerate(names):
        ly = first + i * T.px(PITCH)
        cv.hline(lx, x1, ly, lw)
        anchors[n] = (lx, ly - T.px(T.WRITE_ROOM), x1, ly)
    return first + (len(names) - 1) * T.px(PITCH) + T.px(0.03)
