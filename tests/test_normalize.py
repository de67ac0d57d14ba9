"""Values as people write them, to the contract's normal forms (pure functions)."""
import pytest

from intake import normalize as n


@pytest.mark.parametrize("text,want", [
    ("3/28/03", "2003-03-28"), ("03-28-2003", "2003-03-28"), ("March 28, 2003", "2003-03-28"),
    ("Mar 28, 2003", "2003-03-28"), ("28 Mar 2003", "2003-03-28"), ("2003-03-28", "2003-03-28"),
    ("Mar 19. 2003", "2003-03-19"), ("8/20/00)", "2000-08-20"), ("12/10/1995", "1995-12-10"),
    ("2/30/03", None), ("13/01/03", None), ("March", None), ("", None),
    ("Sep 30,1997", "1997-09-30"), ("February 10.2003", "2003-02-10"),      # no space after the comma
    ("Saptember 19, 2002", "2002-09-19"), ("Deember 1, 1999", "1999-12-01"),  # a month's letter misread
    ("Decemiber 2, 1999", "1999-12-02"), ("Mavch 3, 2001", "2001-03-03"),
    ("Juno 3, 2001", None), ("Jane 3, 2001", None),      # a short name: June or July? not guessed
    ("Jan 11999", None),
    ("03-28 2003", "2003-03-28"), ("08 10-1999", "1999-08-10"),   # a separator read as a space
    ("03 28 2003", None), ("3-28 03", None),                       # but not both, nor with a short year
])
def test_dates(text, want):
    assert n.parse_date(text) == want


@pytest.mark.parametrize("text,want", [
    ("3/28/03 2:15 PM", "2003-03-28T14:15"), ("March 28, 2003 14:15", "2003-03-28T14:15"),
    ("3/31/03 4:40pm", "2003-03-31T16:40"), ("3/31/2003", "2003-03-31"), ("3/31/03 12:05 am", "2003-03-31T00:05"),
    ("3/31/03 25:00", None), ("yesterday", None),
    # The colon left out before a.m./p.m. (or too faint for the recogniser); without a.m. or
    # p.m. "403" is no time.
    ("2003-03-31 403 PM", "2003-03-31T16:03"), ("March 29, 2003 1034 am.", "2003-03-29T10:34"),
    ("03-31-2003 718AM", "2003-03-31T07:18"), ("March 30, 2003.7:59 am.", "2003-03-30T07:59"),
    ("3/31/03 403", None), ("3/31/03 1399 pm", None), ("March 31, 2003 4:32. PM", "2003-03-31T16:32"),
    ("4/1/2003 .7:44 p.m.", "2003-04-01T19:44"), ("2003 03-14", "2003-03-14"),
    # Four digits of a 24-hour clock ("1416"), never the date's year written again.
    ("2003-03-08 1416", "2003-03-08T14:16"), ("March 29, 2003 0930", "2003-03-29T09:30"),
    ("3/31/03 2500", None), ("March 28, 2003 2003", None), ("March 29 2003", "2003-03-29"),
])
def test_signed_at(text, want):
    assert n.parse_signed_at(text) == want


@pytest.mark.parametrize("text,want", [
    ("10,000", 10000), ("10000", 10000), ("5O0", 500), ("0", 0), ("-", 0), ("10 000", 10000),
    ("1997 1000", None), ("12.5", None), ("abc", None), ("3.,000", 3000), ("3..000", 3000), ("3,,,000", None), ("40:000", 40000), ("12:30", None),
    # A count typed as money is whole shares; a small number with cents is a price misplaced.
    ("10000.00", 10000), ("10,000.00", 10000), ("0.00", 0), ("5.00", None), ("15.00", None), ("2000.50", None),
])
def test_counts(text, want):
    assert n.parse_count(text) == want


@pytest.mark.parametrize("text,want", [
    ("$12.50", "12.50"), ("12.5", "12.50"), ("12-50", "12.50"), ("12", "12.00"), ("$ 9.38", "9.38"), ("x", None),
    ("S1.25", "1.25"), ("s1.25", "1.25"), ("$15:75", "15.75"),           # a dollar sign read as an S
])
def test_prices(text, want):
    assert n.parse_price(text) == want


@pytest.mark.parametrize("text,want", [
    ("50", 50), ("05", 5), ("00", 0), ("O5", 5), ("5", None), ("500", None), ("5.0", None), ("", None),
])
def test_cents_in_a_cell_of_their_own_are_two_figures(text, want):
    # "5" in a cents cell may be 5 cents or 50: only two figures are cents.
    assert n.parse_cents(text) == want


@pytest.mark.parametrize("text,want", [
    ("123-45-6789", "123-45-6789"), ("123 45 6789", "123-45-6789"), ("123456789", "123-45-6789"),
    ("123-45-678", None), ("12345678901", None), ("ABC-DE-FGHI", None),
])
def test_ssns(text, want):
    assert n.parse_ssn(text) == want


def test_names_and_addresses():
    assert n.parse_name("  Jane Q. Doe ") == "Jane Q. Doe"
    assert n.parse_name("12 Elm") is None
    assert n.parse_name("Carol C, Ross") == "Carol C. Ross"      # an initial's stop read as a comma
    assert n.parse_name("Ross, Carol C.") == "Ross, Carol C"
    assert n.parse_address(["12 Elm St", "", "Nashua NH 03060"]) == "12 Elm St, Nashua NH 03060"
    assert n.parse_address(["", " "]) is None
    assert n.parse_address(["138 Main St.", ".Chelmsford MA 01824"]) == "138 Main St., Chelmsford MA 01824"
    assert n.parse_address(["110 Broad St", "#35", "Methuen MA"]) == "110 Broad St, # 35, Methuen MA"
    assert n.parse_address(["3 Elm St # 2B"]) == "3 Elm St # 2B"


@pytest.mark.parametrize("lines,want", [
    # a space lost, or a stroke read as a stop, between the house number and the street
    (["334Oak Ave", "Tewksbury MA 01876"], "334 Oak Ave, Tewksbury MA 01876"),
    (["174. Pine Rd, Apt 23A", "Pelham NH 03076"], "174 Pine Rd, Apt 23A, Pelham NH 03076"),
    # the state glued to the ZIP, or a speck between or after them
    (["187 Park Ave", "Derry, NH03038"], "187 Park Ave, Derry, NH 03038"),
    (["390 Broad St", "Pelham NH.03076"], "390 Broad St, Pelham NH 03076"),
    (["28 Pine Rd", "Chelmsford MA 01824."], "28 Pine Rd, Chelmsford MA 01824"),
    (["22 Elm St", "Derry NH 03038-1234."], "22 Elm St, Derry NH 03038-1234"),
    # what is the address's own is kept: a unit's letter, a number that is not at the end
    (["12B Main St", "Derry NH 03038"], "12B Main St, Derry NH 03038"),
    (["3 Elm St # 2B"], "3 Elm St # 2B"),
    (["10 Route 28.", "Salem"], "10 Route 28., Salem"),
])
def test_an_address_ungluing_its_house_number_state_and_zip(lines, want):
    assert n.parse_address(lines) == want


@pytest.mark.parametrize("text,want", [
    ("2003-03-3012:40", "2003-03-30T12:40"), ("03-30-20039:56am", "2003-03-30T09:56"),
    ("March 30, 2003.7:28pm", "2003-03-30T19:28"),
])
def test_signed_at_with_the_space_lost(text, want):
    assert n.parse_signed_at(text) == want
