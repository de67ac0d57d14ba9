"""``in-sentence`` checkboxes: the boxes inside the sentence, each before one alternative
of its verb, "I [] do [] do not wish to tender for exchange ...", "I [] have [] have not
attached an additional sheet ...", "An additional sheet [] is [] is not attached ...",
as immigration, tax and benefit forms print "I [] am [] am not a citizen".

The choice is named only by the sentence's own words after each box: no YES or NO is
printed, and the boxes stand where the verb does, most often on the sentence's first
line a word or more in from the margin. The sentence is set from the margin and flowed
across the text's width, the choice (its two boxes and words) kept whole on its line
(``checkbox_side`` and ``split_tender`` not used). The holder marks the box before the
affirmative to elect (as a square is marked); one who does not tender marks the box
before the negative on half the forms and neither on the rest. ``box:<name>`` and the
truth's ``boxes`` are the affirmative's box, ``no:<name>`` the negative's.
"""

from __future__ import annotations

from samples import typesets as T

BOX_GAP = 0.05  # inches between a box and its word
CHOICE_GAP = 0.16  # inches between the first alternative's word and the second box


def choice_words(text: str) -> tuple[str, str, str, str]:
    """The words before the choice, the affirmative and the negative as printed (in
    lower case, "do" and "do not"), and the words after it."""
    before, yes, no, rest = T.strike_choice(text)
    return before, yes.lower(), no.lower(), rest


def in_sentence(cv: T.Canvas, text: str) -> tuple[int, int, int, int]:
    """The sentence from the cursor down with its two boxes in it; returns the
    affirmative's box, the negative's in ``cv.last_no``."""
    before, yes, no, rest = choice_words(text)
    s = int(cv.size * 1.05)
    space = cv.f.getlength(" ")
    gap, between = T.px(BOX_GAP), T.px(CHOICE_GAP)
    choice_w = 2 * (s + gap) + cv.f.getlength(yes) + between + cv.f.getlength(no)
    pieces = [(w, False) for w in before.split()] + [("", True)] + \
        [(w, False) for w in rest.split()]
    x, boxes = float(cv.x0), []
    for word, choice in pieces:
        w = choice_w if choice else cv.f.getlength(word)
        if x > cv.x0 and x + w > cv.x1:
            x, cv.y = float(cv.x0), cv.y + cv.lh
        if choice:
            at = int(x)
            for alt in (yes, no):
                bb = (at, cv.y + 2, at + s, cv.y + 2 + s)
                cv.d.rectangle(bb, outline=0, width=max(2, cv.size // 14))
                boxes.append(bb)
                at = bb[2] + gap
                cv.d.text((at, cv.y), alt, font=cv.f, fill=0)
                at += int(cv.f.getlength(alt)) + between
        else:
            cv.d.text((int(x), cv.y), word, font=cv.f, fill=0)
        x += w + space
    cv.y += cv.lh + int(cv.lh * 0.8)
    cv.last_no = boxes[1]
    return boxes[0]
