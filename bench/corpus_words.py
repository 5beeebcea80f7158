"""Word lists and a sentence maker shared by the synthetic-corpus generators.

The benchmarks need text that *behaves* like the real archive and blog:
English-looking words of realistic lengths (so Markdown, search indexing and
compression cost what they cost on real text), Traveller vocabulary in the
mail, tech vocabulary on the blog. None of it is copied from the archive;
people and hosts are invented placeholders.

Generating text word by word with `random` is too slow for 100,000 messages,
so generators build a pool of sentences and paragraphs once per seed
(`paragraph_pool`) and then assemble bodies from whole paragraphs.
"""

import re
import unicodedata

FIRST_NAMES = (
    "Alan", "Alice", "Andrew", "Ann", "Barbara", "Ben", "Bill", "Bob", "Brian", "Carl", "Carol",
    "Chris", "Craig", "Dan", "Dave", "David", "Dean", "Don", "Doug", "Ed", "Eric", "Frank", "Fred",
    "Gary", "Glen", "Greg", "Hans", "Harry", "Ian", "Jack", "James", "Jane", "Jeff", "Jim", "Joe",
    "John", "Jon", "Karen", "Keith", "Ken", "Kevin", "Larry", "Leo", "Linda", "Lisa", "Mark",
    "Martin", "Mary", "Matt", "Mike", "Neil", "Nick", "Pat", "Paul", "Pete", "Phil", "Ray", "Rich",
    "Rob", "Roger", "Ron", "Russ", "Sam", "Scott", "Sean", "Steve", "Stuart", "Sue", "Ted", "Tim",
    "Tom", "Tony", "Walt", "Wayne", "Bernd", "Jürgen", "Régis", "Søren", "Zoë",
)

NICKNAMES = {
    "Andrew": "Andy", "Barbara": "Barb", "Bill": "William", "Bob": "Robert",
    "Chris": "Christopher", "Dan": "Daniel", "Dave": "David", "Ed": "Edward",
    "Greg": "Gregory", "Jim": "James", "Joe": "Joseph", "Jon": "Jonathan",
    "Ken": "Kenneth", "Mike": "Michael", "Matt": "Matthew", "Pat": "Patrick",
    "Pete": "Peter", "Phil": "Phillip", "Rich": "Richard", "Rob": "Robert",
    "Ron": "Ronald", "Russ": "Russell", "Sam": "Samuel", "Steve": "Stephen",
    "Tim": "Timothy", "Tom": "Thomas", "Tony": "Anthony", "Walt": "Walter",
}

LAST_NAMES = (
    "Abbott", "Adler", "Baird", "Barker", "Becker", "Bishop", "Boyd", "Brandt", "Burke", "Carver",
    "Chandler", "Cole", "Conrad", "Crane", "Dalton", "Decker", "Doyle", "Drake", "Dunn", "Ellis",
    "Emery", "Farrell", "Fischer", "Fleming", "Foster", "Garner", "Gibbs", "Graham", "Hale",
    "Hardy", "Hayes", "Hobbs", "Holt", "Hughes", "Irwin", "Jensen", "Keller", "Kemp", "Kirby",
    "Lang", "Larsen", "Lowe", "Lynch", "Mason", "Mercer", "Moody", "Nash", "Nolan", "Osborne",
    "Parker", "Pryor", "Quinn", "Reed", "Rhodes", "Rowe", "Sawyer", "Schultz", "Shaw", "Sinclair",
    "Slater", "Stone", "Sutton", "Tate", "Thorne", "Tucker", "Vance", "Wade", "Walsh", "Ward",
    "Webb", "Weiss", "Wolfe", "York", "Müller", "Lefèvre", "Ødegaard", "Núñez",
)

UNI_HOSTS = (
    "cs.northfield.edu", "ee.westbrook.edu", "math.lakeland.edu", "cc.mentor.edu",
    "eng.pinecrest.edu", "vax.riverside.edu", "acs.highgate.edu", "phys.oakmont.edu",
    "cis.stonebridge.edu", "ucs.marlow.ac.uk", "dcs.kelburn.ac.nz", "cs.tallinn.ee",
    "informatik.kessel.de", "ida.lund-example.se", "engrg.uwo.ca",
)

COM_HOSTS = (
    "hal.quasar.com", "dev.orion-sys.com", "eng.meridian.com", "lab.tessera.com",
    "mail.vectorcorp.com", "sun1.halcyon.com", "ops.kestrel.com", "apollo.zenith.com",
    "netcom.com", "aol.com", "prodigy.com", "delphi.com", "genie.geis.com", "ix.netcom.com",
    "world.std.com", "well.sf.ca.us",
)

UUCP_HOSTS = (
    "tnc", "tinylk", "pyramid", "sun", "decwrl", "ihnp4", "ames", "hplabs", "mcvax", "seismo",
)
BITNET_HOSTS = ("UMNVM1", "PSUVM", "CORNELLA", "UICVM", "VTVM1", "UCBCMSA", "TAMVM1", "OHSTVMA")

TRAV_PROPER = (
    "the Imperium", "the Zhodani", "the Vargr", "the Aslan", "the K'kree", "the Hivers",
    "the Droyne", "the Solomani", "the Vilani", "the Darrians", "the Sword Worlds", "Regina",
    "Efate", "Glisten", "Mora", "Trin", "Jewell", "Rhylanor", "Lunion", "Deneb",
    "the Spinward Marches", "the Trojan Reach", "Core", "Foreven", "Gateway", "Strephon",
    "Lucan", "Dulinor", "the Ancients", "the Scout Service", "the Navy", "the Marines",
    "MegaTraveller", "GURPS Traveller", "Traveller: The New Era", "High Guard", "Book 2",
)

TRAV_NOUNS = (
    "starship", "scout", "courier", "free trader", "far trader", "subsidized merchant",
    "patrol cruiser", "jump drive", "maneuver drive", "power plant", "fuel scoop",
    "fuel purifier", "gas giant", "asteroid belt", "starport", "highport", "downport",
    "tech level", "population", "law level", "subsector", "sector", "allegiance", "noble",
    "baron", "duke", "archduke", "megacorporation", "patron", "referee", "player character",
    "skill roll", "career", "term", "mustering-out table", "benefit", "psionics test",
    "vacc suit", "gauss rifle", "laser carbine", "snub pistol", "cutlass", "air/raft",
    "grav vehicle", "ATV", "deck plan", "hull", "configuration", "jump route", "xboat",
    "express boat", "communication lag", "trade route", "cargo hold", "passage", "low berth",
    "frozen watch", "crew", "pilot", "navigator", "engineer", "steward", "gunner", "medic",
    "broker", "liaison", "bribery roll", "tactics", "world map", "mainworld", "UWP",
    "trade code", "naval base", "scout base", "rebellion", "virus", "pocket empire",
    "turret", "missile", "sandcaster", "particle accelerator", "meson gun", "nuclear damper",
    "black globe", "battle rider", "tender", "fleet", "squadron", "encounter table",
    "animal encounter", "boarding party", "bridge", "fuel tank", "stateroom", "ship's locker",
)

TRAV_SUBJECTS = (
    "Jump drive theory", "Deckplans", "Space habitats", "Food in space",
    "Psionics rules", "Starport classes", "Zhodani culture", "Vargr corsairs",
    "Aslan land grab", "Ship design errata", "Low berth survival",
    "Fuel purification", "Gas giant refuelling", "Trade and speculation",
    "Character generation", "Mustering out benefits", "Tech level limits",
    "Gravitic vehicles", "Battle riders", "Meson guns", "Black globe generators",
    "Xboat network", "Communication lag", "The Fifth Frontier War", "Rebellion timeline",
    "Hard Times", "The Virus", "Pocket empires", "Noble titles", "Sector maps",
    "UWP codes", "Trade codes", "Planetary defences", "Boarding actions", "Vacc suits",
    "Laser weapons", "Gauss rifles", "Computer programs", "Robots", "Ancient sites",
    "Droyne castes", "Hiver manipulation", "K'kree diet", "Solomani Confederation",
    "Sword Worlds", "Darrian Confederation", "Scout service", "Imperial Navy",
    "Marines", "Megacorporations", "Adventure ideas", "Convention report",
    "Referee tips", "House rules", "Starship combat", "Personal combat",
    "Encounter tables", "Animal encounters", "World building", "Stellar data",
    "Jump masking", "Misjumps", "Anagathics", "Medical care", "Cybernetics",
    "Grav belts", "Air/raft speeds", "Tramp freighters", "Subsidized merchants",
    "Lab ships", "Yachts", "Free trader economics", "Passenger traffic",
    "Spinward Marches", "Trojan Reach", "Core sector", "Gateway Domain",
    "TML FAQ", "TML archive", "New subscriber", "Book 2 vs High Guard",
    "MegaTraveller errata", "Traveller: The New Era", "GURPS Traveller", "T4 rules",
)

GENERAL_NOUNS = (
    "idea", "rule", "system", "point", "question", "answer", "problem", "reason", "example",
    "number", "table", "chart", "version", "design", "price", "cost", "range", "time", "year",
    "month", "week", "day", "page", "chapter", "section", "note", "detail", "figure", "estimate",
    "assumption", "argument", "opinion", "view", "fact", "source", "reference", "list", "message",
    "reply", "thread", "discussion",
)

GAME_NOUNS = (
    "campaign", "group", "session", "player", "game", "rulebook", "supplement", "errata",
    "posting", "book", "article", "issue", "damage",
)

TECH_NOUNS = (
    "service", "endpoint", "token", "tenant", "project", "user", "role", "policy", "catalog",
    "client", "library", "module", "package", "function", "class", "method", "test", "fixture",
    "config", "file", "directory", "container", "image", "volume", "network", "router", "subnet",
    "port", "instance", "flavor", "server", "database", "query", "migration", "schema", "release",
    "branch", "patch", "review", "commit", "tag", "build", "pipeline", "job", "runner", "script",
    "template", "plugin", "extension", "theme", "feed", "page", "request", "response", "header",
    "cache", "session", "cookie", "API", "SDK", "CLI", "daemon", "process",
)

TECH_PROPER = (
    "OpenStack", "Keystone", "Nova", "Glance", "Swift", "Neutron", "Horizon", "Cinder", "devstack",
    "Python", "YAML", "Ansible", "Vagrant", "VirtualBox", "Docker", "Kubernetes", "GitHub",
    "Gerrit", "Jenkins", "Pelican", "Markdown", "Jinja", "Sphinx", "Ubuntu", "Debian", "macOS",
    "Linux", "PostgreSQL", "MySQL", "Redis", "RabbitMQ", "nginx", "Apache", "Django", "Flask",
    "pytest", "tox", "pip", "virtualenv",
)

VERBS = (
    "uses", "supports", "changes", "breaks", "fixes", "replaces", "needs", "explains", "handles",
    "limits", "covers", "assumes", "ignores", "improves", "requires", "allows", "follows",
    "describes", "mentions", "suggests", "contradicts", "extends", "simplifies", "complicates",
    "reflects", "matches",
)

ADJECTIVES = (
    "simple", "obvious", "useful", "strange", "important", "official", "original", "optional",
    "careful", "expensive", "cheap", "fast", "slow", "large", "small", "old", "new", "early",
    "late", "rough", "clean", "reasonable", "odd", "common", "rare", "standard", "different",
    "similar", "basic", "extra",
)

OPENERS = (
    "I think", "As far as I can tell,", "In my campaign,", "Frankly,", "Of course,",
    "On the other hand,", "To be fair,", "If I remember right,", "Honestly,",
    "In practice,", "As I recall,", "For what it's worth,", "Still,", "Then again,",
    "Last week,", "Years ago,", "In the end,", "Mind you,", "From memory,",
)

TECH_OPENERS = (
    "I think", "As far as I can tell,", "In practice,", "Honestly,", "Of course,",
    "On the other hand,", "To be fair,", "For what it's worth,", "Still,", "Last week,",
    "In the end,", "Mind you,", "Admittedly,", "Surprisingly,", "Looking back,",
)

TECH_TEMPLATES = (
    "{o} the {n1} {v} the {a} {n2}.",
    "Running {P} locally, the {n1} {v} the {n2} every time.",
    "The {n1} of a {n2} {v} every {n3} I tried.",
    "Why would a {n1} need a {a} {n2} at all?",
    "It took me {x} minutes to work out how {P} {v} the {n1}.",
    "{o} the {a} {n1} {v} the {n2}, which surprised me.",
    "From the docs, {P} {v} the {n1} and the {n2} differently.",
    "The {a} {n1} in {P} {v} the {n2} by about {x} percent.",
    "I spent {x} hours chasing a {a} {n1} in the {n2}.",
    "{o} nobody has explained why the {n1} {v} the {n2}.",
    "Once the {n1} {v} the {n2}, the {n3} gets much simpler.",
    "The {n1} {v} {P}, and the {n2} {v2} the {n3}.",
    "Does the {a} {n1} really need {x} lines of setup for the {n2}?",
    "See the {P} docs for the {a} {n1} and how it {v} the {n2}.",
    "{o} a {a} {n1} is all the {n2} needs - the rest is {n3}.",
)

TEMPLATES = (
    "{o} the {n1} {v} the {a} {n2}.",
    "{o} {P} {v} a {a} {n1} - at least in the {n2} I have.",
    "The {n1} of a {n2} {v} every {n3} we tried.",
    "Why would a {n1} need a {a} {n2} at all?",
    "Has anyone worked out how the {n1} {v} the {n2} on {P}?",
    "My players found that the {n1} {v} the {a} {n2}, which surprised me.",
    "{o} it's the {a} {n1} that {v} the {n2}, not the {n3}.",
    "From what I've read, {P} {v} the {n1} and the {n2} differently.",
    "The \"{a}\" {n1} in the book {v} the {n2} by about {x} percent.",
    "We spent {x} sessions arguing about the {n1} and the {n2}.",
    "A {a} {n1} costs roughly Cr{x}00, which {v} the {n2}.",
    "{o} nobody on the list has explained why the {n1} {v} the {n2}.",
    "I'd rather see a {a} {n1} than another {n2} - the {n3} is bad enough.",
    "The {n1} {v} {P}, and the {n2} {v2} the {n3}.",
    "Does the {a} {n1} really need {x} tons for the {n2}?",
    "{o} the {n1}'s {n2} {v} the {a} {n3}.",
    "Anyone who has run a {a} {n1} knows the {n2} {v} the {n3}.",
    "See page {x} of the {n1} {n2} for the {a} version.",
)


_AN_RE = re.compile(r"\b([Aa]) ([aeioAEIO])")


def fill_template(rng, template, nouns, proper, openers=OPENERS):
    """One sentence from a template; every slot is filled from the lists."""
    return _AN_RE.sub(r"\1n \2", template.format(
        o=rng.choice(openers), a=rng.choice(ADJECTIVES), v=rng.choice(VERBS),
        v2=rng.choice(VERBS), n1=rng.choice(nouns), n2=rng.choice(nouns),
        n3=rng.choice(GENERAL_NOUNS), P=rng.choice(proper), x=rng.randint(2, 99),
    ))


def wrap(text, width=72):
    """Greedy word wrap; much faster than textwrap for plain prose."""
    lines, line, size = [], [], 0
    for word in text.split(" "):
        if line and size + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, size = [word], len(word)
        else:
            size += len(word) + (1 if line else 0)
            line.append(word)
    if line:
        lines.append(" ".join(line))
    return lines


def paragraph_pool(rng, count, nouns, proper, *, sentences=(2, 6), width=72,
                   templates=TEMPLATES, openers=OPENERS):
    """`count` paragraphs, each a tuple of lines wrapped at `width` (0 = no wrap)."""
    pool = []
    for _ in range(count):
        n = rng.randint(*sentences)
        text = " ".join(fill_template(rng, rng.choice(templates), nouns, proper, openers)
                        for _ in range(n))
        pool.append(tuple(wrap(text, width)) if width else (text,))
    return pool


def traveller_pool(rng, count, width=72):
    """Mail and fan-text paragraphs about the game."""
    return paragraph_pool(rng, count, TRAV_NOUNS + GENERAL_NOUNS + GAME_NOUNS, TRAV_PROPER,
                          width=width)


def tech_pool(rng, count):
    """Blog paragraphs (one line each: Markdown does not need wrapping)."""
    return paragraph_pool(rng, count, TECH_NOUNS + GENERAL_NOUNS, TECH_PROPER,
                          sentences=(3, 6), width=0, templates=TECH_TEMPLATES,
                          openers=TECH_OPENERS)


SYLLABLES = (
    "ka", "ri", "to", "mo", "an", "el", "vor", "lash", "quel", "lin", "dee", "zar", "ish", "ten",
    "ra", "go", "bel", "ur", "ash", "ki", "ne", "shu", "va", "dor", "im", "sel", "tha", "ro",
    "gar", "nis", "kel", "ae", "ol", "tru", "hes", "pa", "zi", "om",
)


def made_up_name(rng, parts=(2, 3)):
    """A pronounceable invented world or sector name."""
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(*parts)))
    return word.capitalize()


def ascii_fold(text):
    """Accents dropped, non-ASCII letters without a decomposition removed."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
