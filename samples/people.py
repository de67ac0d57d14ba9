"""A plausible roster of option holders (the company's option ledger) and its CSV."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
         "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph",
         "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel", "Nancy", "Mark",
         "Lisa", "Paul", "Margaret", "Steven", "Sandra", "Andrew", "Ashley", "Kenneth",
         "Donna", "Brian", "Carol", "Kevin", "Michelle", "George", "Dorothy", "Edward",
         "Amy", "Ronald", "Helen", "Timothy", "Diane", "Jason", "Joyce", "Gary", "Ruth"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
        "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White",
        "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
        "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter",
        "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
        "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan",
        "Cooper", "Peterson", "Reed", "Bailey", "Kelly", "Howard", "Ward", "Cox",
        "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price",
        "Sanders", "Myers", "Long", "Ross", "Foster", "Polanski", "O'Brien", "Nguyen"]
STREETS = ["Elm St", "Main St", "Oak Ave", "Maple Dr", "Bridge St", "Pine Rd",
           "Lowell Rd", "Chestnut St", "Park Ave", "Mammoth Rd", "Broad St", "Cedar Ln",
           "Highland Ave", "Spring St", "Amherst St", "Webster St", "Hollis Rd",
           "Mill Pond Rd", "Daniel Webster Hwy", "School St"]
TOWNS = [("Nashua", "NH", "03060"), ("Nashua", "NH", "03062"), ("Pelham", "NH", "03076"),
         ("Hudson", "NH", "03051"), ("Salem", "NH", "03079"), ("Windham", "NH", "03087"),
         ("Manchester", "NH", "03103"), ("Londonderry", "NH", "03053"),
         ("Derry", "NH", "03038"), ("Merrimack", "NH", "03054"),
         ("Lowell", "MA", "01852"), ("Dracut", "MA", "01826"),
         ("Methuen", "MA", "01844"), ("Andover", "MA", "01810"),
         ("Tewksbury", "MA", "01876"), ("Chelmsford", "MA", "01824")]
PRICES = ["1.25", "2.00", "2.75", "3.10", "4.50", "5.00", "5.875", "6.25", "7.50",
          "8.00", "9.375", "10.00", "11.25", "12.50", "14.00", "15.75", "18.00", "21.50"]
CUTOFF = date(2002, 8, 28)  # grants since then are cancelled with any tender

ROSTER_HEADER = ["holder_id", "name", "ssn", "address", "grant_number", "grant_date",
                 "shares_granted", "exercise_price", "shares_exercised"]


@dataclass
class Grant:
    grant_number: str
    grant_date: date
    shares_granted: int
    exercise_price: str  # two decimals
    shares_exercised: int

    @property
    def unexercised(self) -> int:
        return self.shares_granted - self.shares_exercised


@dataclass
class Holder:
    holder_id: str
    first: str
    middle: str  # initial or ""
    last: str
    ssn: str
    address_lines: list[str]
    grants: list[Grant] = field(default_factory=list)

    @property
    def name(self) -> str:
        mid = f" {self.middle}." if self.middle else ""
        return f"{self.first}{mid} {self.last}"

    @property
    def address(self) -> str:
        return ", ".join(self.address_lines)


def _price(rng: random.Random) -> str:
    return f"{float(rng.choice(PRICES)):.2f}"


def make_roster(rng: random.Random, n: int) -> list[Holder]:
    holders, used_names, seq = [], set(), 1
    for i in range(n):
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if (first, last) not in used_names:
                used_names.add((first, last))
                break
        middle = rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.6 else ""
        ssn = f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        town, st, z = rng.choice(TOWNS)
        lines = [f"{rng.randint(1, 399)} {rng.choice(STREETS)}"]
        if rng.random() < 0.25:
            lines.append(rng.choice(["Apt ", "Unit ", "# "]) + str(rng.randint(1, 40))
                         + rng.choice(["", "B", "A"]))
        lines.append(f"{town} {st} {z}")
        h = Holder(f"E{1001 + i}", first, middle, last, ssn, lines)
        k = rng.choices([1, 2, 3, 4, 5, 6], weights=[3, 4, 4, 3, 2, 1])[0]
        dates = set()
        while len(dates) < k:
            if rng.random() < 0.2:  # a recent grant, within the six months before the Offer
                d = CUTOFF + timedelta(days=rng.randint(0, 170))
            else:
                d = date(1995, 1, 1) + timedelta(days=rng.randint(0, (CUTOFF - date(1995, 1, 1)).days - 1))
            dates.add(d)
        for d in sorted(dates):
            granted = rng.choice([500, 1000, 1500, 2000, 2500, 3000, 5000, 7500, 10000,
                                  12000, 15000, 20000, 25000, 40000])
            exercised = 0
            if d.year < 2000 and rng.random() < 0.3:
                exercised = rng.randrange(0, granted // 2 + 1, 100)
            h.grants.append(Grant(f"G-{d.year}-{seq:03d}", d, granted, _price(rng),
                                  exercised))
            seq += 1
        holders.append(h)
    return holders


def write_roster(holders: list[Holder], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ROSTER_HEADER)
        for h in holders:
            for g in h.grants:
                w.writerow([h.holder_id, h.name, h.ssn, h.address, g.grant_number,
                            g.grant_date.isoformat(), g.shares_granted, g.exercise_price,
                            g.shares_exercised])
