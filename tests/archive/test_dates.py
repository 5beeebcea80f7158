"""Tests for legacy_archive.dates: loose dates from free text, never a guess."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from legacy_archive.dates import full_year, iso, parse_loose_date


@pytest.mark.parametrize(("text", "expected"), [
    # ISO, at the precision written
    ("Revised 1993-03-12 by the author", "1993-03-12"),
    ("as of 1993-03", "1993-03"),
    ("2002-11-30", "2002-11-30"),
    # day month year
    ("12 Mar 1993", "1993-03-12"),
    ("12 March 1993", "1993-03-12"),
    ("12 March, 1993", "1993-03-12"),
    ("1 Sept. 1994", "1994-09-01"),
    ("10 Jul 87 20:42:59 CDT (Fri)", "1987-07-10"),
    ("Tue, 30 Jan 90 15:52:47 EST", "1990-01-30"),
    ("Mon, 29 Jul 1996 22:17:28 PST", "1996-07-29"),
    ("30 Jul 96 15:38:28 MS", "1996-07-30"),
    # month day year
    ("March 12, 1993", "1993-03-12"),
    ("Mar. 12th 1993", "1993-03-12"),
    ("December 1st, 1999", "1999-12-01"),
    # US slashed
    ("3/12/93", "1993-03-12"),
    ("12/25/1990", "1990-12-25"),
    # month year
    ("March 1993", "1993-03"),
    ("Summer issue, Jun, 1995", "1995-06"),
    # year alone
    ("Traveller fanzine 1993", "1993"),
    ("(c) 2001 somebody", "2001"),
])
def test_supported_forms(text, expected):
    assert parse_loose_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("30-Dec-90", "1990-12-30"),
    ("14-Apr-1994", "1994-04-14"),
    ("7-FEB-1996 13:08:15.79", "1996-02-07"),
])
def test_hyphenated_day_month_year_forms(text, expected):
    assert parse_loose_date(text) == expected


@pytest.mark.parametrize("text", [
    "", "no date here", "version 2.5 of the rules", "call 555-1234", "12 cats, 3 dogs",
    "Chapter 12, 93 pages",
])
def test_text_without_a_date_gives_empty_string(text):
    assert parse_loose_date(text) == ""


@pytest.mark.parametrize("text", [
    "1993-02-30", "1993-13", "1993-13-01", "31 Feb 1993", "30 Feb 93", "2/30/1993",
    "June 31, 1994", "32 Jan 1993",
])
def test_impossible_dates_give_empty_string(text):
    assert parse_loose_date(text) == ""


@pytest.mark.parametrize("text", ["1993-00-10", "1993-01-00", "1993-00", "0 Jan 1993"])
def test_zero_month_or_day_is_impossible(text):
    assert parse_loose_date(text) == ""


def test_day_first_slashed_dates_are_not_guessed_at_day_precision():
    # 25/12/1990 cannot be month/day; only the year is certain.
    assert parse_loose_date("25/12/1990") == "1990"


@pytest.mark.parametrize(("text", "expected"), [
    ("1 Jan 87", "1987-01-01"),
    ("1 Jan 99", "1999-01-01"),
    ("1 Jan 00", "2000-01-01"),
    ("1 Jan 02", "2002-01-01"),
    ("1/2/05", "2005-01-02"),
    ("1 Jan 29", "2029-01-01"),
    ("1 Jan 30", ""),   # 1930: before the archive's range
    ("1 Jan 49", ""),
    ("1 Jan 50", "1950-01-01"),
])
def test_two_digit_years(text, expected):
    assert parse_loose_date(text) == expected


def test_full_year():
    assert [full_year(t) for t in ("87", "00", "29", "30", "1993")] == [1987, 2000, 2029,
                                                                         1930, 1993]


def test_iso_precision_and_range():
    assert iso(1993) == "1993"
    assert iso(1993, 3) == "1993-03"
    assert iso(1993, 3, 9) == "1993-03-09"
    assert iso(1949, 1, 1) == ""
    assert iso(2030) == ""
    assert iso(1993, 2, 29) == ""
    assert iso(1996, 2, 29) == "1996-02-29"


def test_first_date_in_text_wins_within_a_form():
    assert parse_loose_date("written 1993-01-02, revised 1994-05-06") == "1993-01-02"


@given(st.dates())
def test_any_iso_date_in_range_round_trips(day):
    expected = day.isoformat() if 1950 <= day.year <= 2029 else ""
    assert parse_loose_date(f"Updated {day.isoformat()}.") == expected


@given(st.text(max_size=60))
def test_result_is_always_empty_or_iso(text):
    result = parse_loose_date(text)
    assert result == "" or iso(*map(int, result.split("-"))) == result
