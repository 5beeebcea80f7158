"""Tests for legacy_archive.mail.dates: every Date form of the formats reference.

The forms are those of legacy-formats.md, section 1 ("Dates seen") plus the
common variants mailers of 1987–2002 wrote. Each case says the UTC instant we
expect, the poster's day, the zone as reported and the note, so a change of
reading shows up here and not as a silently shifted archive.
"""

import email.utils
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.mail.dates import MailDate, parse_mail_date

NO_ZONE = "no time zone; read as UTC"
DATE_ONLY = "no time of day; sorted as 00:00 UTC"

# value, iso (UTC), day as written, zone as reported, note
REFERENCE_FORMS = [
    ("10 Jul 87 20:42:59 CDT (Fri)", "1987-07-11T01:42:59Z", "1987-07-10", "CDT", ""),
    ("05 Apr 89 17:07:56 PDT (Wed)", "1989-04-06T00:07:56Z", "1989-04-05", "PDT", ""),
    ("Tue, 30 Jan 90 15:52:47 EST", "1990-01-30T20:52:47Z", "1990-01-30", "EST", ""),
    ("Thu, 25 Jan 90 13:07:18", "1990-01-25T13:07:18Z", "1990-01-25", "", NO_ZONE),
    ("Wed Apr 10 21:00:11 PDT 1991", "1991-04-11T04:00:11Z", "1991-04-10", "PDT", ""),
    ("Tue Feb 12 13:52:37 PST 1991", "1991-02-12T21:52:37Z", "1991-02-12", "PST", ""),
    ("Wed, 3 Apr 91 15:03:47 -0700", "1991-04-03T22:03:47Z", "1991-04-03", "-0700", ""),
    ("Mon, 29 Jul 1996 22:17:28 PST", "1996-07-30T06:17:28Z", "1996-07-29", "PST",
     "PST in July read as -0800 as written"),
    ("30 Jul 96 15:38:28 MS", "1996-07-30T15:38:28Z", "1996-07-30", "MS?",
     "unknown zone 'MS' read as UTC"),
    ("Thu, 15 Feb 1996 21:09:33 -0700 (MST)", "1996-02-16T04:09:33Z", "1996-02-15", "-0700",
     ""),
    ("7-FEB-1996 13:08:15.79", "1996-02-07T13:08:15Z", "1996-02-07", "", NO_ZONE),
    ("Wed, 14 Sep 1994 22:08:51 -0400", "1994-09-15T02:08:51Z", "1994-09-14", "-0400", ""),
    ("Wed, 20 Apr 94 22:00:04 EDT", "1994-04-21T02:00:04Z", "1994-04-20", "EDT", ""),
    ("Tue, 12 Feb 91 22:40:15 GMT", "1991-02-12T22:40:15Z", "1991-02-12", "GMT", ""),
    ("Tue Feb 12 18:14:21 1991", "1991-02-12T18:14:21Z", "1991-02-12", "", NO_ZONE),
]

# Contents-table cells: a day, no time, so sortable but without an ISO time.
TABLE_FORMS = [
    ("30-Dec-90", "1990-12-30"),
    ("20-Dec-90", "1990-12-20"),
    ("14-Apr-1994", "1994-04-14"),
    ("Friday, December 20 1996", "1996-12-20"),
    ("30 July 1996", "1996-07-30"),
]

VARIANTS = [
    ("Wed, 3 Apr 1991 15:03:47 -0700", "1991-04-03T22:03:47Z", "-0700", ""),
    ("3 Apr 1991 15:03:47 -0700", "1991-04-03T22:03:47Z", "-0700", ""),
    ("wed, 03 apr 91 15:03:47 -0700", "1991-04-03T22:03:47Z", "-0700", ""),
    ("  Wed,   3  Apr  91   15:03:47   -0700  ", "1991-04-03T22:03:47Z", "-0700", ""),
    ("Wed,3 Apr 91 15:03:47 -0700", "1991-04-03T22:03:47Z", "-0700", ""),
    ("Date: Wed, 3 Apr 91 15:03:47 -0700", "1991-04-03T22:03:47Z", "-0700", ""),
    ("Wednesday, 3 April 1991 15:03:47 -0700", "1991-04-03T22:03:47Z", "-0700", ""),
    ("Wed, 3 Apr 91 15:03 -0700", "1991-04-03T22:03:00Z", "-0700", ""),
    ("Wed, 3 Apr 91 15:03:47 +0100", "1991-04-03T14:03:47Z", "+0100", ""),
    ("Wed, 3 Apr 91 15:03:47 +01:00", "1991-04-03T14:03:47Z", "+01:00", ""),
    ("Wed, 3 Apr 91 15:03:47 GMT+1", "1991-04-03T14:03:47Z", "GMT+1", ""),
    ("Wed, 3 Apr 91 15:03:47 -0000", "1991-04-03T15:03:47Z", "-0000", ""),
    ("Wed, 3 Apr 91 15:03:47 GMT", "1991-04-03T15:03:47Z", "GMT", ""),
    ("Wed, 3 Apr 91 15:03:47 UT", "1991-04-03T15:03:47Z", "UT", ""),
    ("Wed, 3 Apr 91 15:03:47 UTC", "1991-04-03T15:03:47Z", "UTC", ""),
    ("Wed, 3 Apr 91 15:03:47 Z", "1991-04-03T15:03:47Z", "Z", ""),
    ("Wed, 3 Apr 91 15:03:47 gmt", "1991-04-03T15:03:47Z", "gmt", ""),
    ("Wed, 3 Apr 91 15:03:47 (EST)", "1991-04-03T20:03:47Z", "EST", ""),
    ("Wed, 10 Apr 91 15:03:47 EST", "1991-04-10T20:03:47Z", "EST",
     "EST in April read as -0500 as written"),
    ("Wed, 3 Apr 91 15:03:47 A", "1991-04-03T15:03:47Z", "A?", "unknown zone 'A' read as UTC"),
    ("Wed, 3 Apr 91 15:03:47 M", "1991-04-03T15:03:47Z", "M?", "unknown zone 'M' read as UTC"),
    ("Wed, 3 Apr 91 15:03:47 -2500", "1991-04-03T15:03:47Z", "-2500?",
     "unknown zone '-2500' read as UTC"),
    ("Wed, 3 Apr 91 15:03:47 CET", "1991-04-03T14:03:47Z", "CET", ""),
    ("Tuesday, 30-Jan-90 15:52:47 EST", "1990-01-30T20:52:47Z", "EST", ""),
    ("Apr 3 15:03:47 1991", "1991-04-03T15:03:47Z", "", NO_ZONE),
    ("1996-07-29T22:17:28Z", "1996-07-29T22:17:28Z", "Z", ""),
    ("1996-07-29 22:17:28 -0700", "1996-07-30T05:17:28Z", "-0700", ""),
    ("7-FEB-1996:13:08:15", "1996-02-07T13:08:15Z", "", NO_ZONE),
    ("Sat, 1 Jan 2000 00:00:00 +0000", "2000-01-01T00:00:00Z", "+0000", ""),
    ("Wed, 3 Apr 91 15:03:60 GMT", "1991-04-03T15:03:59Z", "GMT", ""),
]

# hours east of UTC of the North American zones RFC 822 names
US_ZONES = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}


@pytest.mark.parametrize(("value", "iso", "day", "zone", "note"), REFERENCE_FORMS)
def test_every_reference_form(value, iso, day, zone, note):
    parsed = parse_mail_date(value)
    assert (parsed.iso, parsed.day, parsed.zone, parsed.note) == (iso, day, zone, note)
    assert parsed.utc == datetime.fromisoformat(iso.replace("Z", "+00:00"))
    assert parsed.utc.tzinfo is UTC


@pytest.mark.parametrize(("value", "day"), TABLE_FORMS)
def test_table_dates_sort_but_have_no_time(value, day):
    parsed = parse_mail_date(value)
    assert parsed == MailDate(datetime.fromisoformat(day).replace(tzinfo=UTC), "", day, "",
                              DATE_ONLY)


@pytest.mark.parametrize(("value", "iso", "zone", "note"), VARIANTS)
def test_common_variants(value, iso, zone, note):
    parsed = parse_mail_date(value)
    assert (parsed.iso, parsed.zone, parsed.note) == (iso, zone, note)


@pytest.mark.parametrize("zone", sorted(US_ZONES))
def test_us_zones_are_read_as_written_and_season_mismatches_noted(zone):
    daylight = zone.endswith("DT")
    winter = parse_mail_date(f"Mon, 15 Jan 1996 12:00:00 {zone}")
    summer = parse_mail_date(f"Mon, 15 Jul 1996 12:00:00 {zone}")
    assert winter.utc == datetime(1996, 1, 15, 12 - US_ZONES[zone], tzinfo=UTC)
    assert summer.utc == datetime(1996, 7, 15, 12 - US_ZONES[zone], tzinfo=UTC)
    offset = f"-{abs(US_ZONES[zone]):02d}00"
    expected_winter = f"{zone} in January read as {offset} as written" if daylight else ""
    expected_summer = "" if daylight else f"{zone} in July read as {offset} as written"
    assert (winter.note, summer.note) == (expected_winter, expected_summer)


@pytest.mark.parametrize(("value", "summer"), [
    ("Sun, 3 Apr 1994 01:59:00 PST", False),    # 1987–2006: first Sunday of April, 02:00
    ("Sun, 3 Apr 1994 02:00:00 PDT", True),
    ("Sat, 29 Oct 1994 12:00:00 PDT", True),    # last Sunday of October
    ("Sun, 30 Oct 1994 03:00:00 PST", False),
    ("Sun, 26 Apr 1987 03:00:00 PDT", True),    # the 1987 law started on 5 April anyway
])
def test_season_follows_the_us_rules_of_the_time(value, summer):
    zone = value.rsplit(" ", 1)[1]
    assert (parse_mail_date(value).note == "") == (summer == zone.endswith("DT"))


@pytest.mark.parametrize(("year", "full"), [
    ("87", 1987), ("90", 1990), ("99", 1999), ("00", 2000), ("01", 2001), ("02", 2002),
    ("1996", 1996),
])
def test_two_digit_years(year, full):
    assert parse_mail_date(f"1 Mar {year} 12:00:00 GMT").utc.year == full


def test_y2k_three_digit_year_is_read_and_noted():
    parsed = parse_mail_date("Sat, 1 Jan 100 10:00:00 GMT")
    assert parsed.iso == "2000-01-01T10:00:00Z"
    assert parsed.note == "year 100 read as 2000 (the Y2K bug)"


@pytest.mark.parametrize(("value", "day", "note"), [
    ("31 Feb 1996 10:00:00 GMT", "", "impossible date: day 31 of February 1996"),
    ("29 Feb 1995 10:00:00 GMT", "", "impossible date: day 29 of February 1995"),
    ("0 Mar 1995 10:00:00 GMT", "", "impossible date: day 0 of March 1995"),
    ("1 Jan 0000 10:00:00 GMT", "", "impossible year 0"),
    ("1 Jan 9999 10:00:00 GMT", "", "impossible year 9999"),
    ("1 Jan 1996 25:00:00 GMT", "1996-01-01", "impossible time 25:00"),
    ("1 Jan 1996 12:61:00 GMT", "1996-01-01", "impossible time 12:61"),
])
def test_impossible_dates_have_no_time_and_say_why(value, day, note):
    parsed = parse_mail_date(value)
    assert (parsed.utc, parsed.iso, parsed.day, parsed.note) == (None, "", day, note)


@pytest.mark.parametrize(("value", "year"), [
    ("Thu, 1 Jan 70 00:00:00 GMT", 1970),        # the Unix epoch of a broken clock
    ("Thu, 1 Jan 1970 00:00:00 GMT", 1970),
    ("Mon, 1 Jan 2035 00:00:00 GMT", 2035),
    ("1 Jan 20 10:00:00 GMT", 2020),
])
def test_implausible_years_are_kept_and_noted(value, year):
    parsed = parse_mail_date(value)
    assert parsed.utc.year == year
    assert parsed.note == f"implausible year {year}"


def test_missing_year_uses_the_fallback_and_says_so():
    assert parse_mail_date("Wed Apr 10 21:00:11 PDT") == MailDate(None, "", "", "", "no year")
    parsed = parse_mail_date("Wed Apr 10 21:00:11 PDT", fallback_year=1991)
    assert parsed.iso == "1991-04-11T04:00:11Z"
    assert parsed.note == "no year; read as 1991"
    assert parse_mail_date("10 Jul 20:42:59 CDT", fallback_year=1987).day == "1987-07-10"


def test_fallback_year_never_overrides_a_written_year():
    assert parse_mail_date("Tue, 30 Jan 90 15:52:47 EST", fallback_year=1999).day == "1990-01-30"


@pytest.mark.parametrize(("value", "note"), [
    ("", "no date"), ("   ", "no date"), ("Date:", "no date"),
    ("unknown", "unparseable date"), ("30 Foo 96 15:38:28 GMT", "unparseable date"),
    ("yesterday at noon", "unparseable date"), ("12/25/96", "unparseable date"),
    ("Tue, 30 Jan", "no year"),
])
def test_unparseable_values_say_so(value, note):
    assert parse_mail_date(value) == MailDate(None, "", "", "", note)


def test_non_text_is_unparseable_not_an_error():
    assert parse_mail_date(None).note == "unparseable date"
    assert parse_mail_date(b"Tue, 30 Jan 90 15:52:47 EST").note == "unparseable date"


def _email_utils_reads(value):
    parts = email.utils.parsedate_tz(value)
    return parts is not None and parts[9] is not None and " MS" not in value


@pytest.mark.parametrize("value", [value for value, *_ in REFERENCE_FORMS
                                   if _email_utils_reads(value)])
def test_agrees_with_email_utils_where_it_is_right(value):
    """parsedate_tz is right on RFC 822 forms with a known zone: we agree there."""
    parts = email.utils.parsedate_tz(value)
    expected = datetime.fromtimestamp(email.utils.mktime_tz(parts), UTC)
    assert parse_mail_date(value).utc == expected


@pytest.mark.parametrize(("value", "ours"), [
    ("30 Jul 96 15:38:28 MS", "1996-07-30T15:38:28Z"),       # noted, see VARIANTS
    ("Wed, 3 Apr 91 15:03:47 CET", "1991-04-03T14:03:47Z"),
    ("Wed, 3 Apr 91 15:03:47 GMT+1", "1991-04-03T14:03:47Z"),
    ("Wed, 3 Apr 91 15:03:47 (EST)", "1991-04-03T20:03:47Z"),
])
def test_where_email_utils_silently_reads_utc(value, ours):
    """parsedate_tz takes every zone it does not know for +0000 without a word."""
    assert email.utils.parsedate_tz(value)[9] == 0
    assert parse_mail_date(value).iso == ours


@given(st.text(max_size=300))
@settings(max_examples=400)
def test_never_raises_on_any_text(value):
    parsed = parse_mail_date(value)
    assert isinstance(parsed, MailDate)
    if parsed.utc is not None:
        assert parsed.utc.tzinfo is UTC
        assert parsed.day
    if parsed.iso:
        assert parsed.iso == parsed.utc.strftime("%Y-%m-%dT%H:%M:%SZ")


ALPHABET = "0123456789 ,:-+()JanFebMrApyulgSOctNovDecMonTueWdThFriSat GMTESDPUZ."


@given(st.text(alphabet=ALPHABET, max_size=60))
@settings(max_examples=400)
def test_never_raises_on_date_like_text(value):
    assert isinstance(parse_mail_date(value, fallback_year=1990), MailDate)


@given(st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2010, 12, 31)),
       st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15))
def test_rfc_2822_dates_round_trip(moment, offset_minutes):
    zone = timezone(timedelta(minutes=offset_minutes))
    moment = moment.replace(microsecond=0, tzinfo=zone)
    parsed = parse_mail_date(email.utils.format_datetime(moment))
    assert parsed.utc == moment.astimezone(UTC)
    assert parsed.day == moment.date().isoformat()
    assert parsed.note == ""


def test_throughput_is_well_over_100000_dates_a_second():
    """Budget 100,000/s; this asserts a fifth of that on CPU time, to survive busy CI."""
    values = [value for value, *_ in REFERENCE_FORMS] * 1000
    start = time.process_time()
    for value in values:
        parse_mail_date(value)
    rate = len(values) / max(time.process_time() - start, 1e-9)
    assert rate > 20_000, f"{rate:.0f} dates/s"
