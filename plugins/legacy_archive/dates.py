"""Loose dates from free text: the forms old text files wrote them in.

Returns ISO strings at the precision found ("1993", "1993-03", "1993-03-12")
or "" — never a guess. Two-digit years are 19xx: the archive ends in 2002,
so 00–29 are read as 20xx.
"""

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    start=1)}
ISO = re.compile(r"\b(19[5-9]\d|20[0-2]\d)-(\d\d)(?:-(\d\d))?\b")
DAY_MON_YEAR = re.compile(r"\b(\d{1,2})[ -]([A-Za-z]{3})[a-z]*\.?[-\s,]+(\d{2}|\d{4})\b")
MON_DAY_YEAR = re.compile(r"\b([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b")
MON_YEAR = re.compile(r"\b([A-Za-z]{3})[a-z]*\.?,? (19[5-9]\d|20[0-2]\d)\b")
SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
YEAR = re.compile(r"\b(19[5-9]\d|200\d)\b")


def full_year(text):
    year = int(text)
    if year < 100:
        year += 2000 if year < 30 else 1900
    return year


def iso(year, month=None, day=None):
    """Validated ISO string at the given precision, or ""."""
    try:
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return ""
    if not 1950 <= year <= 2029:
        return ""
    if day is not None:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if month is not None else f"{year:04d}"


def parse_loose_date(text):
    """The first date written in `text`, as precise as it was written."""
    if match := ISO.search(text):
        return iso(int(match[1]), int(match[2]), int(match[3]) if match[3] else None)
    if (match := DAY_MON_YEAR.search(text)) and match[2].lower() in MONTHS:
        return iso(full_year(match[3]), MONTHS[match[2].lower()], int(match[1]))
    if (match := MON_DAY_YEAR.search(text)) and match[1].lower() in MONTHS:
        return iso(int(match[3]), MONTHS[match[1].lower()], int(match[2]))
    if (match := SLASHED.search(text)) and int(match[1]) <= 12:
        return iso(full_year(match[3]), int(match[1]), int(match[2]))
    if (match := MON_YEAR.search(text)) and match[1].lower() in MONTHS:
        return iso(int(match[2]), MONTHS[match[1].lower()])
    if match := YEAR.search(text):
        return iso(int(match[1]))
    return ""
