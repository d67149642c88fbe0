"""Normalisation of articles as users have them (the seed file above all)."""

from __future__ import annotations

import warnings

import pytest

from newsclf.article import MAX_CHARS, Article, InputTooLongWarning, caption_credit, normalise, split_dump


def test_seed_dump_splits_into_four_articles(seed_text):
    arts = split_dump(seed_text)
    assert [a.title for a in arts] == [
        "New Maliki Recording Reveals Coordination with Militia to Confront Sadrists",
        "In a First, Armed Gang in Gaza Forces Displacement of Residents",
        "Syria Says Kills Senior ISIS Leader, Arrests Operative Near Damascus",
        "Israeli Settler Attack Injures Palestinian Baby, Five Arrested",
    ]
    assert [a.credits for a in arts] == [("Reuters",), ("AP",), ("Facebook",), ("Observers",)]


def test_seed_bodies_have_no_repeats_markers_or_captions(seed_text):
    for art in split_dump(seed_text):
        lines = [line for line in art.body.split("\n") if line]
        assert "TT" not in lines
        assert art.title not in lines
        assert len(art.captions) == 1
        assert art.captions[0] not in art.body
        assert len(lines) == len(set(lines)), "a paragraph is repeated"
        assert art.cited_outlets == ()
    first = split_dump(seed_text)[0]
    assert first.body.startswith("A new damning voice recording")
    assert first.body.endswith("said a security source.")


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Cleric speaks in Najaf, Iraq October 11, 2021. (Reuters)", "Reuters"),
        ("A woman receives food in Deir al-Balah. (AP)", "AP"),
        ("A photo of an operation in Aleppo against an ISIS cell (File – Facebook)", "Facebook"),
        ("Settlers attacked farmers in Burin, near Nablus. © Observers", "Observers"),
        ("No credit on this line.", None),
    ],
)
def test_caption_credits(line, credit):
    assert caption_credit(line) == credit


def test_summary_outlets_are_split_from_the_text():
    art = normalise("Five people are killed by a car bomb in Baghdad. (Reuters) (Al Jazeera)")
    assert art.body == "Five people are killed by a car bomb in Baghdad."
    assert art.cited_outlets == ("Reuters", "Al Jazeera")
    assert art.credits == ()


def test_inputs_title_body_dict_and_bytes_agree():
    body = "Gunmen attacked a checkpoint in Mosul, police said."
    a = normalise({"title": "Attack in Mosul", "text": body, "id": 7})
    b = normalise(("Attack in Mosul", body))
    c = normalise(f"Attack in Mosul\n\n{body}\n\nMore text here.".encode())
    assert a.id == "7" and a.title == b.title == c.title == "Attack in Mosul"
    assert a.body == b.body == body
    assert isinstance(normalise(a), Article)


def test_invalid_utf8_bytes_are_replaced():
    art = normalise(b"Clashes in Aden \xff\xfe today")
    assert "\ufffd" in art.body


@pytest.mark.parametrize("bad", [None, 42, 3.5, ["a"], object()])
def test_bad_types_name_what_was_received(bad):
    with pytest.raises(TypeError) as exc:
        normalise(bad)
    assert type(bad).__name__ in str(exc.value)
    assert "str" in str(exc.value)


def test_dict_without_text_names_its_keys():
    with pytest.raises(TypeError, match="'text' or 'body'.*headline"):
        normalise({"headline": "x"})


def test_too_long_text_is_truncated_with_a_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        art = normalise("word " * (MAX_CHARS // 5 + 100))
    assert any(issubclass(w.category, InputTooLongWarning) for w in caught)
    assert len(art.body) <= MAX_CHARS


def test_wikinews_date_line_is_dropped():
    art = normalise({"title": "T", "text": "Friday, January 4, 2019 \n\n\nAn apartment building collapsed."})
    assert art.body == "An apartment building collapsed."


# --------------------------------------------------------------------------- fast paths, same results
def _random_texts(n: int, seed: int = 0) -> list[str]:
    import random

    rnd = random.Random(seed)
    alphabet = [" ", "  ", "\t", "\u00a0", "\u2003", "a", "b", "\n", "\r", "\r\n", "(", ")", "(AP)", "(Reuters) ",
                " \n", "x.", "©", "TT", "\x0b", "\x1c"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(n)]


def test_strip_lines_equals_line_by_line_substitution():
    from newsclf.article import _WS, _strip_lines

    for t in _random_texts(30000):
        ref = [_WS.sub(" ", line).strip() for line in t.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        assert _strip_lines(t) == ref, repr(t)


def test_split_outlets_prefilter_keeps_every_match():
    from newsclf.article import _OUTLETS_TAIL, _TRAILING_OUTLETS, _split_outlets

    for t in _random_texts(30000, seed=1) + ["x (AP)\n", "x (AP)\u2003", "x (AP) y", "(AP)", "a (Reuters) (AFP)  \n "]:
        m = _TRAILING_OUTLETS.search(t, max(0, len(t) - _OUTLETS_TAIL))
        if m is not None:
            assert t.rstrip().endswith(")"), repr(t)
        if not t.rstrip().endswith(")"):
            assert _split_outlets(t) == (t, ())


def test_a_utf8_byte_order_mark_is_not_part_of_the_article(seed_text):
    # Notepad's "UTF-8" saves one: it made the first title '\ufeffNew Maliki ...', so the title's
    # repeat was no longer dropped and the body began with the title
    assert split_dump("\ufeff" + seed_text) == split_dump(seed_text)
    assert normalise(b"\xef\xbb\xbf" + seed_text.encode()) == normalise(seed_text)
    assert normalise("\ufeffShelling in Idlib, SANA said.").body == "Shelling in Idlib, SANA said."


def test_split_dump_removes_control_characters_as_normalise_does(seed_text):
    # classify(str) replaces control characters by spaces; split_dump (the dump reader of
    # newsclf classify and the README's "split_dump(text)[i].body" that claim offsets index)
    # kept them, so the same text gave other bodies, offsets and labels through the CLI
    text = seed_text.replace(". ", ".\x0c ", 40).replace("said", "\x07said", 5)
    first = split_dump(text)[0]
    assert first == normalise(text)
    assert "\x0c" not in first.body and "\x07" not in first.body


@pytest.mark.parametrize("make", [lambda t: {"title": t, "text": "Shelling hit Idlib."},
                                  lambda t: (t, "Shelling hit Idlib."), lambda t: {"title": t}])
def test_a_title_is_held_to_the_rules_of_text(make):
    # a dict's or pair's title kept control characters and had no size limit (a 4 MB title
    # took 5 s), while the same line as the title of a str was cleaned and truncated
    assert normalise(make("Strikes\x00 in\x07 Idlib")).title == "Strikes in Idlib"
    with pytest.warns(InputTooLongWarning):
        art = normalise(make("Strikes in Idlib. " * (MAX_CHARS // 10)))
    assert len(art.title) <= MAX_CHARS


@pytest.mark.parametrize("make", [lambda t: {"text": t}, lambda t: ("", t), lambda t: t])
def test_a_dump_with_windows_line_endings_is_split_in_any_input(seed_text, make):
    # a dump in a dict's text or a pair's body was split only when it held "\nTT\n": with
    # CRLF line endings its four articles became one (8,527 characters, every caption's credit)
    assert normalise(make(seed_text.replace("\n", "\r\n"))) == normalise(make(seed_text))
    assert normalise(make(seed_text)) == split_dump(seed_text)[0]


def test_pandas_objects_get_a_message_that_says_how_to_pass_them(shipped_model):
    # classify(df["text"]), classify(row) in df.iterrows() and df.apply(classify, axis=1) raised
    # "text must be str or UTF-8 bytes, got Series" with no word on what to pass instead
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"title": ["Gaza"], "text": ["Israeli strikes hit Rafah, witnesses said."]})
    for obj, hint in [(df["text"], ".tolist()"), (df.iloc[0], ".to_dict()"), (df, 'to_dict("records")')]:
        with pytest.raises(TypeError, match=type(obj).__name__) as exc:
            shipped_model.classify(obj)
        assert hint in str(exc.value)
    assert shipped_model.classify(df["text"].tolist())[0].countries == ("PS",)
    assert shipped_model.classify(df.iloc[0].to_dict()).countries == ("PS",)


def test_a_dump_article_without_a_photo_keeps_its_title():
    # "title, blank line, caption lines, TT" with no caption line: the title went to the end
    # of the previous article's body and the article had no title
    dump = ("Gaza strikes kill ten\n\nSmoke rises over Gaza (Reuters)\nTT\nGaza strikes kill ten\n"
            "Smoke rises over Gaza (Reuters)\nIsraeli strikes killed ten people in Gaza City, the ministry said.\n\n"
            "Beirut protest turns violent\n\nTT\nBeirut protest turns violent\n"
            "Protesters clashed with police in Beirut on Sunday, witnesses said.\n")
    first, second = split_dump(dump)
    assert first.body == "Israeli strikes killed ten people in Gaza City, the ministry said."
    assert first.credits == ("Reuters",)
    assert (second.title, second.body, second.captions) == (
        "Beirut protest turns violent", "Protesters clashed with police in Beirut on Sunday, witnesses said.", ())


def test_split_dump_reads_utf8_bytes_and_names_a_bad_type(seed_text):
    # every other entry point takes UTF-8 bytes; split_dump raised AttributeError on them
    assert split_dump(seed_text.encode("utf-8")) == split_dump(seed_text)
    with pytest.raises(TypeError, match="must be str or UTF-8 bytes, got NoneType"):
        split_dump(None)


@pytest.mark.parametrize("make", [lambda t: t, lambda t: {"id": "d1", "text": t}, lambda t: ("", t)])
def test_a_dump_in_any_input_warns_that_only_its_first_article_is_read(seed_text, make, caplog):
    # a str holding a dump logs that only its first article is classified; a record's text or
    # a pair's body holding one dropped the other three articles without a word
    with caplog.at_level("WARNING", logger="newsclf.article"):
        normalise(make(seed_text))
    assert any("holds 4 articles" in r.getMessage() for r in caplog.records)
