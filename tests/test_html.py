"""The HTML explain view (newsclf.html.render_html) on the seed articles.

Uses the shipped model (``models/newsclf-en``; skipped when it is not there). Set
``NEWSCLF_TEST_MODEL=DIR`` to run these tests against another model folder.
The browser test opens the page in headless Chromium (Debian package ``chromium``)
and is skipped when it is not installed.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from newsclf.article import normalise, split_dump
from newsclf.html import SOURCE_TYPE_COLOURS, render_html


@pytest.fixture(scope="module")
def model(request: pytest.FixtureRequest) -> Any:
    override = os.environ.get("NEWSCLF_TEST_MODEL")
    if override:
        import newsclf

        return newsclf.load_model(override)
    return request.getfixturevalue("shipped_model")


@pytest.fixture(scope="module")
def seed_items(seed_text: str) -> list[Any]:
    items = split_dump(seed_text)
    assert len(items) == 4
    return items


@pytest.fixture(scope="module")
def page(model: Any, seed_items: list[Any]) -> str:
    return render_html(model, seed_items)


def test_page_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert "<style>" in page and "<script>" in page
    # no network: no external stylesheet, script, font, image or link
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "<link" not in page
    assert page.count('<article class="doc"') == 4


def test_every_claim_source_span_is_highlighted_with_its_type(model: Any, seed_items: list[Any],
                                                             page: str) -> None:
    results = model.classify_articles([normalise(it) for it in seed_items])
    n_claims = 0
    for idx, (item, res) in enumerate(zip(seed_items, results), 1):
        body = normalise(item).body
        for k, c in enumerate(res.claims):
            assert body[c.source_start:c.source_end] == c.source
            span = re.search(
                rf'<span class="src t-{re.escape(c.source_type)}" id="a{idx}c{k}"[^>]*>(.*?)</span>', page)
            assert span is not None, f"article {idx} claim {k} ({c.source!r}) not highlighted"
            assert html.unescape(span.group(1)) == c.source
            assert c.source_type in SOURCE_TYPE_COLOURS
            n_claims += 1
    assert n_claims > 0
    assert page.count('class="src t-') == n_claims
    assert page.count('<mark class="claim"') >= 1
    assert 'class="cue"' in page


def test_heads_captions_and_features_are_shown(model: Any, seed_items: list[Any], page: str) -> None:
    first = normalise(seed_items[0])
    assert html.escape(first.title) in page
    assert "Photo captions" in page and '<span class="chip credit">Reuters</span>' in page
    for heading in ("Countries", "Conflict types", "Source types", "Agencies",
                    "Why: top features per predicted label"):
        assert f">{heading}<" in page
    assert "macro-region:" in page
    # the Gaza article shows its Palestinian areas
    assert "Palestinian areas" in page
    res = model.classify(seed_items[0])
    for label in res.conflict_types:
        assert f'<span class="lab">{label}</span>' in page


def test_text_is_escaped(model: Any) -> None:
    evil = {"title": "<script>alert('x')</script> & co",
            "text": 'Officials said "<b>bold</b>" & <img src=x onerror=alert(1)> was seen.'}
    out = render_html(model, [evil, {"text": ""}])
    assert "<script>alert" not in out and "<img" not in out and "<b>bold" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in out
    assert "the model abstained" in out


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.browser
def test_page_loads_in_headless_chromium(page: str, tmp_path: Path) -> None:
    exe = _chromium()
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    view = tmp_path / "view.html"
    view.write_text(page, encoding="utf-8")
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}"]
    env = {**os.environ, "LANG": "C.UTF-8"}
    dom = subprocess.run([*base, "--enable-logging=stderr", "--v=0", "--dump-dom", view.as_uri()],
                         capture_output=True, text=True, timeout=90, env=env)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # the inline script ran to its end without throwing
    assert 'data-js="ready"' in dom.stdout
    assert 'id="js-status"' in dom.stdout and 'id="tip"' in dom.stdout
    console = [ln for ln in dom.stderr.splitlines()
               if "Uncaught" in ln or ("CONSOLE" in ln and "error" in ln.lower())]
    assert not console, "\n".join(console)
    shot = tmp_path / "view.png"
    run = subprocess.run([*base, f"--screenshot={shot}", "--window-size=1280,2000", view.as_uri()],
                         capture_output=True, text=True, timeout=90, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 20_000


def test_an_abstained_article_says_why_and_keeps_its_captions(model: Any) -> None:
    # the view called every abstained article "Empty article", also Arabic text and a text
    # that is only a photo caption, whose credit (in the result) was not shown
    arabic = "قالت وزارة الصحة في غزة إن خمسة أشخاص قتلوا في غارة جوية إسرائيلية."
    caption = "Smoke rises over Gaza (Reuters)\nSmoke rises over Gaza (Reuters)"
    out = render_html(model, [{"text": ""}, arabic, caption])
    docs = out.split('<article class="doc"')[1:]
    assert "Empty article" in docs[0]
    assert "Empty article" not in docs[1] and "No Latin letter" in docs[1] and html.escape(arabic) in docs[1]
    assert "Empty article" not in docs[2] and "Smoke rises over Gaza (Reuters)" in docs[2]
    assert '<span class="chip credit">Reuters</span>' in docs[2]
