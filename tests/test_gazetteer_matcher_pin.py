"""The gazetteer's matches on real texts are pinned to (gazetteer data, matcher version).

A saved model records both (``gazetteer_sha256``, ``gazetteer_matcher``) so that loading it
with other matching code warns. That only works if ``newsclf.gazetteer.MATCHER_VERSION`` is
bumped whenever a code change moves a mention. This test makes a forgotten bump fail: the
mentions found in the Wikinews articles, the WCEP gold summaries and the seed articles hash to
the value pinned for the current data and version. After a deliberate change, re-pin with

    python tests/test_gazetteer_matcher_pin.py --repin

(bump ``MATCHER_VERSION`` first when the matching code changed, not only gazetteer.json).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

PIN = Path(__file__).resolve().parent / "gazetteer_matches.json"


def _texts(shared: Path) -> list[str]:
    from tests.conftest import article_bodies

    texts = article_bodies()
    with (shared / "wcep" / "wcep_2002_2022.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 3000:
                break
            texts.append(json.loads(line).get("text") or "")
    return texts


def matches_fingerprint(shared: Path) -> tuple[str, int]:
    """sha256 over every mention (offsets, country, kind, area, for title and body) and every
    salience score :meth:`Gazetteer.analyse` gives the texts; and the number of texts."""
    from newsclf.gazetteer import Gazetteer

    gz = Gazetteer.default()
    h = hashlib.sha256()
    texts = _texts(shared)
    for text in texts:
        title, _, body = text.partition("\n\n") if "\n\n" in text else ("", "", text)
        t_m, b_m, countries, areas = gz.analyse(body, title or None)
        row = [[(m.start, m.end, m.country, m.kind, m.area) for m in t_m],
               [(m.start, m.end, m.country, m.kind, m.area) for m in b_m],
               sorted((k, round(v, 6)) for k, v in countries.items()),
               sorted((k, round(v, 6)) for k, v in areas.items())]
        h.update(json.dumps(row).encode("utf-8"))
    return h.hexdigest(), len(texts)


def _current() -> dict[str, object]:
    from newsclf.gazetteer import MATCHER_VERSION, default_sha256

    return {"gazetteer_sha256": default_sha256(), "matcher_version": MATCHER_VERSION}


def test_matches_are_those_pinned_for_this_gazetteer_and_matcher_version(shared_data: Path) -> None:
    pin = json.loads(PIN.read_text(encoding="utf-8"))
    now = _current()
    fp, n = matches_fingerprint(shared_data)
    same_inputs = pin["gazetteer_sha256"] == now["gazetteer_sha256"] and pin["matcher_version"] == now[
        "matcher_version"]
    if same_inputs:
        assert (fp, n) == (pin["fingerprint"], pin["n_texts"]), (
            "the gazetteer's matches changed with the same gazetteer.json and MATCHER_VERSION "
            f"{now['matcher_version']}: a code change moved mentions. Bump newsclf.gazetteer.MATCHER_VERSION "
            "(models fitted on the old matches will then warn), then re-pin: "
            "python tests/test_gazetteer_matcher_pin.py --repin")
    else:
        pytest.fail(f"the pin is for gazetteer {pin['gazetteer_sha256'][:12]}... and matcher "
                    f"{pin['matcher_version']}, this is {str(now['gazetteer_sha256'])[:12]}... and "
                    f"{now['matcher_version']}: re-pin after checking the change is deliberate: "
                    "python tests/test_gazetteer_matcher_pin.py --repin")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # the repository root, for tests.conftest
    if sys.argv[1:] != ["--repin"]:
        sys.exit("usage: python tests/test_gazetteer_matcher_pin.py --repin")
    from tests.conftest import SHARED_DATA

    fingerprint, n_texts = matches_fingerprint(SHARED_DATA)
    PIN.write_text(json.dumps({**_current(), "fingerprint": fingerprint, "n_texts": n_texts}, indent=1) + "\n",
                   encoding="utf-8")
    print(f"pinned {PIN.name}: {n_texts} texts, {fingerprint[:12]}...")
