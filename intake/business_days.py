"""Business days and the date by which the Company must confirm a receipt.

The Election Form says: "ALPHA WILL SEND A CONFIRMATION WITHIN FIVE BUSINESS DAYS OF
RECEIPT".  The number of days is `[offer] confirmation_business_days` in the
configuration; the holidays are the US federal holidays (with their observed days,
e.g. a Saturday holiday observed on the Friday before), from the maintained
`holidays` library rather than a list kept by hand.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("US", years=year)


def is_business_day(day: date) -> bool:
    """Monday to Friday, and not a US federal holiday (or the day one is observed)."""
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def holiday_name(day: date) -> str | None:
    return _federal_holidays(day.year).get(day)


def add_business_days(start: date, count: int) -> date:
    """The `count`-th business day after `start` (`start` itself is never counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while count:
        day += timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def receipt_day(received_at: datetime, zone: ZoneInfo) -> date:
    """The calendar day of an (aware) receipt instant in the Offer's time zone."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be time-zone aware")
    return received_at.astimezone(zone).date()


def confirmation_due(received_at: datetime, zone: ZoneInfo, business_days: int = 5) -> date:
    """The last day on which the Company's confirmation of a receipt is on time.

    How a receipt counts:

    * The receipt's day is its calendar date in the Offer's time zone (a fax stamped
      2003-04-01T03:30Z is a receipt of March 31 in New York).
    * The day of receipt itself is never counted, whatever the hour: counting starts with
      the first business day after it.  So a receipt after business hours (say 21:00 on a
      Tuesday) counts exactly like one at 09:00 that Tuesday, and is due one business day
      earlier than a receipt the next morning.  This reads "within five business days of
      receipt" the strict way, so that the date shown is never later than the promise.
    * A receipt on a Saturday, a Sunday or a federal holiday is not moved to the next
      business day; the non-business days are simply skipped while counting.  A receipt on
      Saturday and one on the Friday before it therefore fall due on the same day.

    Examples (five business days): Friday 2003-03-28 -> Friday 2003-04-04; Friday
    2003-05-23 or Sunday 2003-05-25 (Memorial Day is Monday 2003-05-26) -> Monday 2003-06-02.
    """
    return add_business_days(receipt_day(received_at, zone), business_days)

