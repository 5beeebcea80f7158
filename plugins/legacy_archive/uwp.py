"""World codes from Traveller sector files, explained in plain words.

Why: a sector file says "B564877-9  N Ag Ri  A", which means nothing to a reader
who never owned the rulebooks. The sector pages explain every world with these
tables, written here in our own words after the Classic Traveller and
MegaTraveller conventions. The sector parser uses the same alphabets to decide
which characters a UWP may hold, and so which OCR slips it may safely repair:
a letter O or l where only a digit can stand is a scanning error, not data.
"""

import re

STARPORTS = {
    "A": "Excellent: refined fuel, shipyard that builds starships, overhaul",
    "B": "Good: refined fuel, shipyard that builds small craft, overhaul",
    "C": "Routine: unrefined fuel, some repair facilities",
    "D": "Poor: unrefined fuel, no repair facilities",
    "E": "Frontier installation: a marked landing area, no fuel or facilities",
    "X": "No starport",
    "F": "Good spaceport (no interstellar traffic facilities)",
    "G": "Poor spaceport",
    "H": "Primitive spaceport",
    "Y": "No spaceport",
}

SIZES = {"0": "Asteroid or planetoid belt (no single world)"} | {
    digit: f"{n * 1600:,} km ({n * 1000:,} miles)"
    for n, digit in enumerate("123456789A", start=1)
}

ATMOSPHERES = {
    "0": "None (vacuum)",
    "1": "Trace",
    "2": "Very thin, tainted",
    "3": "Very thin",
    "4": "Thin, tainted",
    "5": "Thin",
    "6": "Standard",
    "7": "Standard, tainted",
    "8": "Dense",
    "9": "Dense, tainted",
    "A": "Exotic (not breathable)",
    "B": "Corrosive",
    "C": "Insidious",
    "D": "Dense, high (breathable only at altitude)",
    "E": "Ellipsoid (breathable only in part of the world)",
    "F": "Thin, low (breathable only in the lowlands)",
}

HYDROGRAPHICS = {"0": "No free standing water (desert)"} | {
    digit: f"About {n * 10}% of the surface is water"
    for n, digit in enumerate("123456789", start=1)
} | {"A": "About 100% water: no land above the surface"}

POPULATIONS = {
    "0": "no inhabitants",
    "1": "tens",
    "2": "hundreds",
    "3": "thousands",
    "4": "tens of thousands",
    "5": "hundreds of thousands",
    "6": "millions",
    "7": "tens of millions",
    "8": "hundreds of millions",
    "9": "billions",
    "A": "tens of billions",
}

GOVERNMENTS = {
    "0": "No government structure (family, clan or tribal ties)",
    "1": "Company or corporation",
    "2": "Participating democracy",
    "3": "Self-perpetuating oligarchy",
    "4": "Representative democracy",
    "5": "Feudal technocracy",
    "6": "Captive government (a colony or occupied world)",
    "7": "Balkanization",
    "8": "Civil service bureaucracy",
    "9": "Impersonal bureaucracy",
    "A": "Charismatic dictator",
    "B": "Non-charismatic leader",
    "C": "Charismatic oligarchy",
    "D": "Religious dictatorship",
    "E": "Religious autocracy",
    "F": "Totalitarian oligarchy",
}

LAW_LEVELS = {
    "0": "No law: no weapons prohibited",
    "1": "Body pistols, explosives and poison gas prohibited",
    "2": "Portable energy weapons prohibited",
    "3": "Military weapons (machine guns, automatic rifles) prohibited",
    "4": "Light assault weapons (submachine guns) prohibited",
    "5": "Concealable firearms (pistols, revolvers) prohibited",
    "6": "All firearms except shotguns prohibited",
    "7": "Shotguns prohibited",
    "8": "Long blades controlled: no open possession",
    "9": "No weapons at all outside the home",
} | {
    digit: f"Extreme law (level {n}): no weapons, personal freedoms tightly restricted"
    for n, digit in enumerate("ABCDEFGHJ", start=10)
}

TECH_LEVELS = {
    "0": "Stone Age: primitive tools",
    "1": "Bronze and Iron Age",
    "2": "Renaissance: sailing ships, early science",
    "3": "Early Industrial Revolution: steam power",
    "4": "Industrial age: mechanisation, railways",
    "5": "Early 20th century: radio, motor vehicles, flight",
    "6": "Mid-20th century: nuclear power, early computers",
    "7": "Late 20th century: satellites, early spaceflight",
    "8": "Pre-stellar: fusion research, travel within the star system",
    "9": "Early stellar: gravitics, jump-1 starships",
    "A": "Early stellar: jump-1 starships in common use",
    "B": "Average stellar: jump-2 starships",
    "C": "Average Imperial: jump-3 starships, weather control",
    "D": "Above-average Imperial: jump-4 starships, battle dress",
    "E": "Above-average Imperial: jump-5 starships",
    "F": "The Imperial maximum: jump-6 starships, black globes",
} | {
    digit: f"Beyond the Imperial maximum (tech level {n})"
    for n, digit in enumerate("GHJKL", start=16)
}

# (characteristic, meanings, what an invalid character is called in a message)
POSITIONS = (
    ("Starport", STARPORTS, "starport code"),
    ("Size", SIZES, "size digit"),
    ("Atmosphere", ATMOSPHERES, "atmosphere digit"),
    ("Hydrographics", HYDROGRAPHICS, "hydrographics digit"),
    ("Population", POPULATIONS, "population digit"),
    ("Government", GOVERNMENTS, "government digit"),
    ("Law level", LAW_LEVELS, "law level digit"),
    ("Tech level", TECH_LEVELS, "tech level digit"),
)

BASES = {
    "N": ("Naval base", {"naval"}),
    "S": ("Scout base", {"scout"}),
    "W": ("Scout way station", {"way station"}),
    "D": ("Naval depot", {"depot"}),
    "M": ("Military base", {"military"}),
    "A": ("Naval base and scout base", {"naval", "scout"}),
    "B": ("Naval base and scout way station", {"naval", "way station"}),
    "C": ("Corsair base", {"other"}),
    "Z": ("Zhodani base", {"other"}),
}

ZONES = {
    "": "No travel zone: no particular warning",
    "A": "Amber zone: travellers are advised to take care",
    "R": "Red zone: travel is forbidden (interdicted)",
}

TRADE_CODES = {
    "Ag": "Agricultural",
    "As": "Asteroid belt",
    "Ba": "Barren: no population",
    "De": "Desert: no free water",
    "Fl": "Fluid oceans that are not water",
    "Ga": "Garden world",
    "Hi": "High population",
    "Ht": "High technology",
    "Ic": "Ice-capped",
    "In": "Industrial",
    "Lo": "Low population",
    "Lt": "Low technology",
    "Na": "Non-agricultural",
    "Ni": "Non-industrial",
    "Po": "Poor",
    "Ri": "Rich",
    "Va": "Vacuum: no atmosphere",
    "Wa": "Water world",
    "Cp": "Subsector capital",
    "Cs": "Sector capital",
    "Cx": "Capital of the Imperium",
    "Mr": "Military rule",
    "Re": "Reserve",
}

UWP_SHAPE = re.compile(r"[0-9A-Za-z?]{7}-[0-9A-Za-z?]")
OCR_DIGITS = {"O": "0", "o": "0", "l": "1", "I": "1"}


def unknown(code):
    return f"unknown (code {code})"


def _codes(uwp):
    """The eight code characters of a UWP, with the separator removed when it is in place."""
    text = uwp.strip()
    if len(text) >= 8 and text[7] == "-":
        text = text[:7] + text[8:]
    return text[:8]


def explain_uwp(uwp):
    """[(characteristic, code, meaning in words)] for the eight UWP positions.

    Junk is explained, never refused: a code nobody defined reads "unknown (code X)"
    and a position the string does not reach reads "not given".
    """
    codes = _codes(uwp or "")
    result = []
    for index, (label, table, _) in enumerate(POSITIONS):
        code = codes[index] if index < len(codes) else ""
        if not code:
            meaning = "not given"
        elif code == "?":
            meaning = "not recorded (?)"
        else:
            meaning = table.get(code, unknown(code))
        result.append((label, code, meaning))
    return result


def normalise_uwp(raw):
    """(uwp, fixes, error) for a UWP as typed or scanned.

    Repairs what can only be an OCR slip (O/o for 0, l/I for 1 where a digit must
    stand) or lower case, and reports each repair; anything else outside a
    position's alphabet is an error that names the position.
    """
    text = raw.strip()
    if not text:
        return None, [], "no UWP"
    if not UWP_SHAPE.fullmatch(text):
        return None, [], f"'{text}' is not a UWP (like B564877-9)"
    codes = list(_codes(text))
    fixes = []
    for index, code in enumerate(codes):
        if index and code in OCR_DIGITS:
            codes[index] = OCR_DIGITS[code]
            fixes.append(f"OCR '{code}' read as {OCR_DIGITS[code]} in UWP")
        elif code.islower():
            codes[index] = code.upper()
            fixes.append("lower-case letters in UWP upper-cased")
    for code, (_, table, name) in zip(codes, POSITIONS, strict=True):
        if code != "?" and code not in table:
            return None, [], f"UWP '{text}' has an invalid {name} '{code}'"
    return "".join(codes[:7]) + "-" + codes[7], list(dict.fromkeys(fixes)), None


def population_code(uwp):
    """The population digit as a number (0 when unknown)."""
    codes = _codes(uwp or "")
    return int(codes[4], 16) if len(codes) > 4 and codes[4] in "0123456789ABCDEF" else 0


def has_water(uwp):
    """True when the hydrographics digit is known and above 0."""
    codes = _codes(uwp or "")
    return len(codes) > 3 and codes[3] in HYDROGRAPHICS and codes[3] != "0"


def explain_bases(bases):
    """[(code, meaning)] for each base letter, in the order written."""
    return [(code, BASES[code][0] if code in BASES else unknown(code))
            for code in dict.fromkeys((bases or "").replace(" ", ""))]


def base_kinds(bases):
    """The map symbols a bases field needs: naval, scout, way station, depot, military, other."""
    kinds = set()
    for code in (bases or "").replace(" ", ""):
        kinds |= BASES[code][1] if code in BASES else {"other"}
    return kinds


def explain_zone(zone):
    """What a travel zone letter means ("" is no zone)."""
    zone = (zone or "").strip()
    return ZONES.get(zone.upper() if zone in ("a", "r") else zone, unknown(zone))


def explain_trade_codes(remarks):
    """[(code, meaning)] for each remark; codes this table does not know read as unknown."""
    return [(code, TRADE_CODES.get(code, unknown(code)))
            for code in dict.fromkeys((remarks or "").split())]
