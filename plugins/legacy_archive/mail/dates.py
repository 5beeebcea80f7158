"""Date headers as 1987–2002 mailers wrote them, read into a sortable UTC time.

Why not just `email.utils`: `parsedate_tz` returns naive results for unknown
zones ("MS") and zone-less dates without saying so, and fails on the VMS and
contents-table forms the archive holds (legacy-formats.md, section 1). Mail
archives are judged by their dates (one message listed under two days, dates
hours off), so every value here comes back with the reading we chose and a
`note` whenever that reading was a guess: no zone, an unknown zone, a summer
date written with a winter zone, an implausible year. The caller shows or logs
the note; nothing is guessed silently and nothing raises.

Readings chosen (see the tests for each form):
- a named zone is read as written: "PST" is -0800 even in July (noted);
- no zone, or a zone we do not know (military letters but "Z", "MS"), is read
  as UTC, noted; an unknown zone is reported as written plus "?" ("MS?");
- two-digit years 30–99 are 19xx and 00–29 are 20xx; three-digit years are the
  Y2K bug (100 = 2000); a year outside 1980–2010 is kept but noted, one
  outside 1900–2099 is refused;
- a date without a time of day is placed at 00:00 UTC so it still sorts, and
  `iso` stays empty because the time is not known; a time without seconds
  ("15:03") is a full RFC 822 time and gets an `iso` ending ":00Z".
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july",
               "august", "september", "october", "november", "december")
MONTH_OF = {name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)}

# Offsets in minutes east of UTC. RFC 822's zones, the other North American
# ones (the list was run from Canada for years), and unambiguous European and
# Pacific ones. Ambiguous abbreviations (IST, CST-as-China) are read the
# North American way or not at all.
ZONES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "WEST": 60,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
    "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "AKST": -540, "AKDT": -480, "HST": -600, "AST": -240, "ADT": -180,
    "NST": -210, "NDT": -150,
    "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "MEZ": 60, "MESZ": 120,
    "EET": 120, "EEST": 180, "JST": 540, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780,
}
# US/Canadian zone names whose summer/winter spelling we can check.
US_STANDARD = {"EST", "CST", "MST", "PST", "AKST", "AST", "NST"}
US_DAYLIGHT = {"EDT", "CDT", "MDT", "PDT", "AKDT", "ADT", "NDT"}

TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
ZONE = (r"(?P<zone>[+-]\d{1,2}:?\d{2}(?!\d)"
        r"|[a-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?(?![a-z0-9]))")
WEEKDAY = r"(?:[a-z]{2,9}\.?,?\s*)?"
DAY_FIRST = re.compile(
    WEEKDAY + r"(?P<day>\d{1,2})(?:\s*-\s*|\s+|-)(?P<month>[a-z]{3,9})\.?,?"
    r"(?:(?:\s*-\s*|\s+)(?P<year>\d{4}|\d{2,3}(?![\d:]))(?!\d))?"
    r"(?:(?:\s+|\s*,\s*|:|\s+at\s+)" + TIME + r")?"
    r"(?:\s*" + ZONE + r")?(?P<rest>.*)", re.IGNORECASE | re.DOTALL | re.ASCII)
CTIME = re.compile(
    r"(?:[a-z]{2,9}\.?,?\s+)?(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+" + TIME
    + r"(?:\s+" + ZONE + r")?(?:\s+(?P<year>\d{4}|\d{2})(?!\d))?(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL | re.ASCII)
MONTH_FIRST = re.compile(
    r"(?:[a-z]{2,9}\.?,?\s+)?(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?"
    r"\s+(?P<year>\d{4}|\d{2})(?![\d:])(?:,?\s+" + TIME + r")?"
    r"(?:\s*" + ZONE + r")?(?P<rest>.*)", re.IGNORECASE | re.DOTALL | re.ASCII)
ISO_FORM = re.compile(
    r"(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})(?:(?:t|\s+)" + TIME + r")?"
    r"(?:\s*" + ZONE + r")?(?P<rest>.*)", re.IGNORECASE | re.DOTALL | re.ASCII)
PATTERNS = (DAY_FIRST, CTIME, MONTH_FIRST, ISO_FORM)
NUMERIC_ZONE = re.compile(r"(?:([a-z]{1,5}))?([+-])(\d{1,2}):?(\d{2})?", re.IGNORECASE | re.ASCII)
COMMENT_ZONE = re.compile(r"\s*\(\s*([a-z]{1,5})\s*\)", re.IGNORECASE | re.ASCII)
MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class MailDate:
    """A mail date as read: UTC time, ISO text, the poster's day, their zone, a note."""

    utc: datetime | None     # aware UTC datetime, None when unknown
    iso: str                 # "1996-07-29T22:17:28Z" when the time of day is known, else ""
    day: str                 # "1996-07-29": the date as written, in the poster's zone; or ""
    zone: str                # as written: "-0700", "EST"; "" when none; "MS?" when unknown
    note: str                # "" or sentences for the reader, joined with "; "


UNPARSEABLE = MailDate(None, "", "", "", "unparseable date")
NO_DATE = MailDate(None, "", "", "", "no date")


def parse_mail_date(value: str, fallback_year: int | None = None) -> MailDate:
    """Read one Date value (header, ctime line, VMS stamp or table cell); never raises.

    `fallback_year` is used only when the value has no year at all (a ctime
    line or table cell without one); the note then says so.
    """
    if not isinstance(value, str):
        return UNPARSEABLE
    text = value.strip()
    if text[:5].lower() == "date:":
        text = text[5:].strip()
    if not text:
        return NO_DATE
    for pattern in PATTERNS:
        match = pattern.match(text, 0, MAX_LENGTH)
        if match:
            return _read(match.groupdict(), fallback_year)
    return UNPARSEABLE


def _read(parts, fallback_year):
    """Turn the matched pieces into a MailDate, collecting notes on the way."""
    notes = []
    month = _month(parts["month"])
    year = _year(parts["year"], fallback_year, notes)
    if month is None or year is None:
        return MailDate(None, "", "", "", "; ".join(notes or ["unparseable date"]))
    try:
        local = datetime(year, month, int(parts["day"]))
    except ValueError:
        return MailDate(None, "", "", "", f"impossible date: day {parts['day']} of "
                        f"{MONTH_NAMES[month - 1].title()} {year}")
    day = local.date().isoformat()
    if parts["hour"] is None:
        notes.append("no time of day; sorted as 00:00 UTC")
        return MailDate(local.replace(tzinfo=UTC), "", day, "", "; ".join(notes))
    clock = _clock(parts)
    if clock is None:
        notes.append(f"impossible time {parts['hour']}:{parts['minute']}")
        return MailDate(None, "", day, "", "; ".join(notes))
    local += clock
    offset, zone = _zone(parts, local, notes)
    if offset:
        local -= timedelta(minutes=offset)
    return MailDate(local.replace(tzinfo=UTC), local.isoformat() + "Z", day, zone,
                    "; ".join(notes))


def _month(text):
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    word = text.lower()
    number = MONTH_OF.get(word[:3])
    if number is None or not MONTH_NAMES[number - 1].startswith(word):
        return None
    return number


def _year(text, fallback_year, notes):
    """The full year, or None (with a note) when there is none or it is impossible."""
    if text is None:
        if fallback_year is None:
            notes.append("no year")
            return None
        notes.append(f"no year; read as {fallback_year}")
        year = fallback_year
    elif len(text) == 2:
        year = int(text) + (2000 if int(text) < 30 else 1900)
    elif len(text) == 3:
        year = 1900 + int(text)
        notes.append(f"year {text} read as {year} (the Y2K bug)")
    else:
        year = int(text)
    if not 1900 <= year <= 2099:
        notes.append(f"impossible year {year}")
        return None
    if not 1980 <= year <= 2010:
        notes.append(f"implausible year {year}")
    return year


def _clock(parts):
    """The time of day as a timedelta, or None; a leap second 60 is read as 59."""
    hour, minute = int(parts["hour"]), int(parts["minute"])
    second = int(parts["second"] or 0)
    if hour > 23 or minute > 59 or second > 60:
        return None
    return timedelta(hours=hour, minutes=minute, seconds=min(second, 59))


def _zone(parts, local, notes):
    """(offset in minutes, zone as reported), noting every guess."""
    written = parts["zone"]
    if written is None:
        comment = COMMENT_ZONE.match(parts["rest"] or "")
        if comment and comment[1].upper() in ZONES:
            written = comment[1]
    if written is None:
        notes.append("no time zone; read as UTC")
        return 0, ""
    name = written.upper()
    if name in ZONES:
        _check_season(name, local, notes)
        return ZONES[name], written
    offset = _numeric_offset(written)
    if offset is None:
        notes.append(f"unknown zone '{written}' read as UTC")
        return 0, written + "?"
    return offset, written


def _numeric_offset(written):
    """Minutes east of UTC for "-0700", "+01:00", "GMT+1", "UTC-0500"; else None."""
    match = NUMERIC_ZONE.fullmatch(written)
    if not match or (match[1] and match[1].upper() not in ("GMT", "UT", "UTC")):
        return None
    hours, minutes = int(match[3]), int(match[4] or 0)
    if hours > 14 or minutes > 59:
        return None
    offset = hours * 60 + minutes
    return -offset if match[2] == "-" else offset


def _check_season(name, local, notes):
    """Note a North American winter zone used in summer, or the reverse."""
    if name not in US_STANDARD and name not in US_DAYLIGHT:
        return
    summer = _in_us_summer_time(local)
    if summer == (name in US_DAYLIGHT):
        return
    offset = ZONES[name]
    sign = "-" if offset < 0 else "+"
    written = f"{sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"
    notes.append(f"{name} in {MONTH_NAMES[local.month - 1].title()} read as {written} "
                 "as written")


_SUMMER_BOUNDS = {}


def _in_us_summer_time(local):
    """Whether a wall-clock time falls in US daylight saving time of its year."""
    bounds = _SUMMER_BOUNDS.get(local.year)
    if bounds is None:
        bounds = _SUMMER_BOUNDS[local.year] = _us_summer_bounds(local.year)
    return bounds[0] <= local < bounds[1]


def _us_summer_bounds(year):
    """Start and end (02:00 local) of US daylight saving time under that year's law."""
    def sunday(month, nth):
        first = datetime(year, month, 1, 2)
        first += timedelta(days=(6 - first.weekday()) % 7)
        if nth > 0:
            return first + timedelta(weeks=nth - 1)
        last = first + timedelta(weeks=4)
        return last if last.month == month else last - timedelta(weeks=1)

    if year >= 2007:
        return sunday(3, 2), sunday(11, 1)
    if year >= 1987:
        return sunday(4, 1), sunday(10, -1)
    return sunday(4, -1), sunday(10, -1)
