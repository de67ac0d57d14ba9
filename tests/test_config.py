"""The configuration is parsed once into a typed object; bad values fail loudly."""
import pytest

from intake import config
from intake.errors import ConfigError


def test_defaults_are_the_offer():
    cfg = config.parse("")
    assert cfg.offer.deadline.isoformat() == "2003-03-31T17:00:00-05:00"
    assert str(cfg.fax_timezone) == "America/New_York"
    assert cfg.offer.six_month_cutoff.isoformat() == "2002-08-28"


@pytest.mark.parametrize("text,words", [
    ('[offer]\ntimezone = "Mars/Olympus"', "time zone"),
    ('[offer]\ndeadline = "tomorrow"', "deadline"),
    ('[reading]\nreview_threshold = 1.5', "review_threshold"),
    ('[limits]\nmax_pages = "many"', "max_pages"),
    ('[offer\n', "TOML"),
])
def test_bad_values_fail_with_one_line(text, words):
    with pytest.raises(ConfigError) as err:
        config.parse(text)
    assert words in str(err.value) and "\n" not in str(err.value)
