"""Value kinds: whether a value read for a field is a value of that field's kind at all.

A value may be read clearly and still be no value of its field: a person's name in the
address's place, an initial and a surname (the signature's text) where the form asks for
the name printed, an SSN no one could be given.  These parsers say what a value is made
of, with parsers made for the job (`usaddress` for US postal addresses, `probablepeople`
for personal names), so that `intake.reading.doubts` can keep a value of the wrong kind from
going through without a person, whatever the recogniser's confidence.

Each function returns the parts it found, or None when the text is not of the kind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import probablepeople
import usaddress
import zipcodes

# The postal abbreviations of the states, the District and Puerto Rico.
STATES = frozenset(("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
                    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR").split())
ZIP = re.compile(r"\d{5}(?:-\d{4})?")
# The street types the Postal Service lists (Publication 28, appendix C1): each standard
# abbreviation and its full name.  A type read as none of them ("Kd" for Rd) was misread.
STREET_TYPES = frozenset((
    "ALY ANX ARC AVE BYU BCH BND BLF BLFS BTM BLVD BR BRG BRK BRKS BG BGS BYP CP CYN CPE CSWY CTR CTRS "
    "CIR CIRS CLF CLFS CLB CMN CMNS COR CORS CRSE CT CTS CV CVS CRK CRES CRST XING XRD XRDS CURV DL DM DV "
    "DR DRS EST ESTS EXPY EXT EXTS FALL FLS FRY FLD FLDS FLT FLTS FRD FRDS FRST FRG FRGS FRK FRKS FT FWY "
    "GDN GDNS GTWY GLN GLNS GRN GRNS GRV GRVS HBR HBRS HVN HTS HWY HL HLS HOLW INLT IS ISS ISLE JCT JCTS "
    "KY KYS KNL KNLS LK LKS LAND LNDG LN LGT LGTS LF LCK LCKS LDG LOOP MALL MNR MNRS MDW MDWS MEWS ML MLS "
    "MSN MTWY MT MTN MTNS NCK ORCH OVAL OPAS PARK PKWY PASS PSGE PATH PIKE PNE PNES PL PLN PLNS PLZ PT "
    "PTS PRT PRTS PR RADL RAMP RNCH RPD RPDS RST RDG RDGS RIV RD RDS RTE ROW RUE RUN SHL SHLS SHR SHRS "
    "SKWY SPG SPGS SPUR SQ SQS STA STRA STRM ST STS SMT TER TRWY TRCE TRAK TRFY TRL TRLR TUNL TPKE UPAS "
    "UN UNS VLY VLYS VIA VW VWS VLG VLGS VL VIS WALK WALL WAY WAYS WL WLS "
    "ALLEY ANNEX ARCADE AVENUE BAYOU BEACH BEND BLUFF BOTTOM BOULEVARD BRANCH BRIDGE BROOK BURG BYPASS "
    "CAMP CANYON CAPE CAUSEWAY CENTER CIRCLE CLIFF CLUB COMMON CORNER COURSE COURT COURTS COVE CREEK "
    "CRESCENT CREST CROSSING CURVE DALE DAM DIVIDE DRIVE ESTATE EXPRESSWAY EXTENSION FALLS FERRY FIELD "
    "FLAT FORD FOREST FORGE FORK FORT FREEWAY GARDEN GARDENS GATEWAY GLEN GREEN GROVE HARBOR HAVEN "
    "HEIGHTS HIGHWAY HILL HILLS HOLLOW INLET ISLAND ISLANDS JUNCTION KEY KNOLL LAKE LAKES LANDING LANE "
    "LIGHT LOAF LOCK LODGE MANOR MEADOW MEADOWS MILL MILLS MISSION MOTORWAY MOUNT MOUNTAIN NECK ORCHARD "
    "OVERPASS PARKWAY PASSAGE PINE PINES PLACE PLAIN PLAINS PLAZA POINT PORT PRAIRIE RADIAL RANCH RAPIDS "
    "REST RIDGE RIVER ROAD ROUTE SHOAL SHORE SKYWAY SPRING SPRINGS SQUARE STATION STRAVENUE STREAM "
    "STREET STREETS SUMMIT TERRACE THROUGHWAY TRACE TRACK TRAFFICWAY TRAIL TRAILER TUNNEL TURNPIKE "
    "UNDERPASS UNION VALLEY VIADUCT VIEW VILLAGE VILLE VISTA WELL WELLS").split())


# The directionals of a street name (Publication 28, appendix B), abbreviated and in full.
DIRECTIONS = frozenset("N S E W NE NW SE SW NORTH SOUTH EAST WEST NORTHEAST NORTHWEST SOUTHEAST SOUTHWEST".split())


@dataclass(frozen=True)
class PostalAddress:
    number: str
    street: str
    city: str
    state: str
    zip: str
    street_type: str = ""       # "St", "Ave", "Rd" ... as usaddress tags it; "" when none
    unit_type: str = ""         # a secondary unit's designator ("Apt", "Unit", "Ste"); "" when none
    unit: str = ""              # ... and its number ("5A", "# 12"); "" when none
    directions: tuple[str, ...] = ()    # the street's directionals before and after its name
    street_name: str = ""       # the street's name alone ("Mill Pond", "1st", "3A" of Route 3A)
    route: bool = False         # ... a numbered route's ("Route", "Highway" before it)


@dataclass(frozen=True)
class PersonName:
    given: str
    surname: str
    middle: str = ""


@lru_cache(maxsize=64)
def postal_address(text: str | None) -> PostalAddress | None:
    """A US postal address with a house number (digits), a street, a city, a state and a
    ZIP code (five digits or ZIP+4), as `usaddress` tags it; None otherwise.  Kept for the
    last few texts: each address check asks about the same reading (the answer is frozen)."""
    if not text or not text.strip():
        return None
    try:
        tagged, kind = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        return None
    if kind != "Street Address":
        return None
    number = tagged.get("AddressNumber", "")
    street = " ".join(tagged.get(k, "") for k in ("StreetNamePreDirectional", "StreetName",
                                                   "StreetNamePostType")).strip()
    city, state, zip_ = tagged.get("PlaceName", ""), tagged.get("StateName", ""), tagged.get("ZipCode", "")
    state = state.rstrip(".").upper()
    if not re.fullmatch(r"\d+[A-Za-z]?(?:-\d+)?", number) or not tagged.get("StreetName"):
        return None
    if not city or state not in STATES or not ZIP.fullmatch(zip_):
        return None
    return PostalAddress(number, street, city.strip(" ,"), state, zip_, tagged.get("StreetNamePostType", ""),
                         tagged.get("OccupancyType", "").strip(" ,"), tagged.get("OccupancyIdentifier", "").strip(" ,"),
                         tuple(tagged[k].strip(" ,") for k in ("StreetNamePreDirectional", "StreetNamePostDirectional")
                               if k in tagged),
                         tagged["StreetName"].strip(" ,"), bool(tagged.get("StreetNamePreType")))


def before_house_number(text: str) -> str:
    """The words of an address before its house number, as `usaddress` tags it (a recipient's
    name, a building's): "" when the number comes first or none is tagged."""
    words = []
    for token, label in usaddress.parse(text):
        if label == "AddressNumber":
            return " ".join(words).strip(" ,")
        words.append(token)
    return ""


def zip_towns(zip_code: str) -> tuple[str, set[str]] | None:
    """The state of a ZIP code and the towns its post office serves (its own name and the
    others it accepts), upper case, from the `zipcodes` package's copy of the USPS list;
    None for a ZIP code that no post office has."""
    try:
        found = zipcodes.matching(zip_code[:5])
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    towns = {t.upper() for z in found for t in [z["city"], *z.get("acceptable_cities", [])]}
    return found[0]["state"], towns


def person_name(text: str | None) -> PersonName | None:
    """A person's name with a given name and a surname, each more than an initial, as
    `probablepeople` tags it; None for a company, a place, a street, an initial and a
    surname ("J. Wilson", the signature's text), or a surname alone."""
    if not text or not text.strip():
        return None
    try:
        tagged, kind = probablepeople.tag(text)
    except probablepeople.RepeatedLabelError:
        return None
    if _postal_words(text):
        return None
    if kind == "Corporation" and set(tagged) == {"CorporationName"}:
        return _two_word_name(text)
    if kind != "Person":
        return None
    given = tagged.get("GivenName", "") or tagged.get("Nickname", "")
    surname = tagged.get("Surname", "")
    if len(given.strip(".,")) < 2 or len(surname.strip(".,")) < 2:
        return None
    middle = tagged.get("MiddleInitial", "") or tagged.get("MiddleName", "")
    return PersonName(given.strip(","), surname.strip(","), middle.strip(","))


def _two_word_name(text: str) -> PersonName | None:
    """Two capitalised words of letters that `probablepeople` took for a company's name
    ("Margaret Cook", "Jean-Luc Picard": 2 in 2,000 of our roster's names) and `usaddress`
    for a recipient or a landmark, never a street, a town or a state: a given name and a
    surname."""
    words = text.split()
    if len(words) != 2 or not all(re.fullmatch(r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)*", w) for w in words):
        return None
    if any(label not in ("Recipient", "LandmarkName") for _, label in usaddress.parse(text)):
        return None
    return PersonName(words[0], words[1])


def _postal_words(text: str) -> bool:
    """Whether `usaddress` finds a part of an address in the text: a number, a street's type
    abbreviated ("Ave", "Rd": a surname such as Green or Brooks is also a street's type), a
    unit, a state's two capitals (a middle initial is none of these)."""
    for token, label in usaddress.parse(text):
        word = token.strip(".,")
        if any(c.isdigit() for c in word) or (label == "OccupancyType" and len(word) > 1):
            return True
        if label == "StreetNamePostType" and 2 <= len(word) <= 4:
            return True
        if label == "StateName" and word in STATES:
            return True
    return False


def possible_ssn(ssn: str | None) -> bool:
    """Whether an SSN (NNN-NN-NNNN) is one the Social Security Administration could issue:
    area not 000, 666 or 900-999, group not 00, serial not 0000."""
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", ssn or "")
    if not m:
        return False
    area, group, serial = int(m[1]), int(m[2]), int(m[3])
    return area not in (0, 666) and area < 900 and group != 0 and serial != 0


def same_text(a, b) -> bool:
    """Two values that are the same text, letters and digits only, case aside."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    key = [re.sub(r"[^0-9a-z]", "", x.casefold()) for x in (a, b)]
    return bool(key[0]) and key[0] == key[1]
