"""Confirmation due dates: five business days after receipt, US federal holidays excluded."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from intake.business_days import add_business_days, confirmation_due, holiday_name, is_business_day

NY = ZoneInfo("America/New_York")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_friday_receipt_is_due_the_next_friday():
    assert confirmation_due(at("2003-03-28T10:15:00-05:00"), NY) == date(2003, 4, 4)


def test_weekend_receipt_counts_from_the_next_business_day():
    # Saturday and Sunday are skipped; the Friday before and the weekend fall due together.
    assert confirmation_due(at("2003-03-29T11:00:00-05:00"), NY) == date(2003, 4, 4)
    assert confirmation_due(at("2003-03-30T23:59:00-05:00"), NY) == date(2003, 4, 4)


def test_memorial_day_is_skipped():
    assert holiday_name(date(2003, 5, 26)) == "Memorial Day"
    assert not is_business_day(date(2003, 5, 26))
    # The Friday and the Sunday before Memorial Day (Monday 2003-05-26).
    assert confirmation_due(at("2003-05-23T09:00:00-04:00"), NY) == date(2003, 6, 2)
    assert confirmation_due(at("2003-05-25T09:00:00-04:00"), NY) == date(2003, 6, 2)
    # A receipt on the holiday itself counts the same way.
    assert confirmation_due(at("2003-05-26T12:00:00-04:00"), NY) == date(2003, 6, 2)


def test_after_hours_receipt_counts_as_its_calendar_day():
    evening = confirmation_due(at("2003-03-25T21:30:00-05:00"), NY)
    morning = confirmation_due(at("2003-03-25T08:00:00-05:00"), NY)
    assert evening == morning == date(2003, 4, 1)


def test_the_day_is_taken_in_the_offer_time_zone():
    # 04:30 UTC on April 1 is 23:30 on March 31 in New York (a Monday).
    assert confirmation_due(datetime(2003, 4, 1, 4, 30, tzinfo=timezone.utc), NY) == date(2003, 4, 7)
    assert confirmation_due(datetime(2003, 4, 1, 4, 30, tzinfo=timezone.utc), ZoneInfo("UTC")) == date(2003, 4, 8)


def test_observed_holiday_and_other_counts():
    # July 4, 2004 was a Sunday, observed on Monday July 5.
    assert not is_business_day(date(2004, 7, 5))
    assert add_business_days(date(2004, 7, 2), 1) == date(2004, 7, 6)
    assert add_business_days(date(2003, 3, 28), 0) == date(2003, 3, 28)
    assert confirmation_due(at("2003-03-28T10:00:00-05:00"), NY, business_days=1) == date(2003, 3, 31)


def test_naive_receipt_times_are_refused():
    with pytest.raises(ValueError):
        confirmation_due(datetime(2003, 3, 28, 10), NY)
