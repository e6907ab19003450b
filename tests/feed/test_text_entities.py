"""Text entities: where hashtags and mentions are, in UTF-16 code units, so a client styles text as written.

Each case is checked the way a JavaScript or Swift client reads an entity: the caption encoded as UTF-16 and cut
at `start` and `end` gives back the entity's `text`."""

import unicodedata

import pytest

from feed.text_entities import hashtag_name_parse, hashtag_normal_form, hashtag_spans, mention_spans
from tests.images import image_bytes

from .post_operations import create_post

UZBEK_O = "o\u02bb"  # Uzbek Latin o with U+02BB MODIFIER LETTER TURNED COMMA (a letter, Lm)
UZBEK_G = "g\u02bb"
ASTRAL = "\U0001d4b7"  # MATHEMATICAL SCRIPT SMALL B, a letter (Ll) beyond U+FFFF


def utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def entities_of(gql, person, caption) -> list[dict]:
    payload = create_post(gql, person.token, [image_bytes()], caption=caption)["data"]["createPost"]
    assert payload["userErrors"] == []
    return payload["post"]["captionEntities"]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("😀 #sunset", [("#sunset", 3, 10, "sunset")]),  # the emoji is two UTF-16 units
        ("👨‍👩‍👧 family #home", [("#home", 16, 21, "home")]),  # a ZWJ sequence of three emoji is eight units
        ("cafe\u0301 #cafe\u0301s", [("#cafe\u0301s", 6, 13, "cafés")]),  # the combining accent stays in the tag
        ("Москва #Кот и #кот", [("#Кот", 7, 11, "кот"), ("#кот", 14, 18, "кот")]),
        (f"#{UZBEK_O}zbekiston #{UZBEK_G}alaba", [(f"#{UZBEK_O}zbekiston", 0, 12, f"{UZBEK_O}zbekiston")]),
        ("#o'zbek and #o\u2019zbek", [("#o", 0, 2, "o"), ("#o", 12, 14, "o")]),  # apostrophes end a tag
        (f"{ASTRAL} #{ASTRAL * 3}", [(f"#{ASTRAL * 3}", 3, 10, ASTRAL * 3)]),  # beyond U+FFFF: two units each
        ("#東京 #٣٤ #tag_1", [("#東京", 0, 3, "東京"), ("#٣٤", 4, 7, "٣٤"), ("#tag_1", 8, 14, "tag_1")]),
    ],
    ids=["emoji", "zwj-emoji", "combining-mark", "cyrillic", "uzbek-latin", "apostrophes", "astral", "scripts"],
)
def test_hashtag_entities_carry_utf16_offsets_that_cut_the_caption_as_a_client_does(gql, alice, caption, expected):
    entities = [e for e in entities_of(gql, alice, caption) if e["kind"] == "HASHTAG"]
    if caption.startswith(f"#{UZBEK_O}"):
        expected = [*expected, (f"#{UZBEK_G}alaba", 13, 21, f"{UZBEK_G}alaba")]
    assert [(e["text"], e["start"], e["end"], e["hashtag"]["name"]) for e in entities] == expected
    for entity in entities:
        assert utf16_slice(caption, entity["start"], entity["end"]) == entity["text"]


def test_a_mention_after_an_emoji_is_cut_where_a_client_cuts(gql, alice, bob):
    caption = "🎉🎉 thanks @bob.reader! #party"
    entities = entities_of(gql, alice, caption)
    assert [(e["kind"], e["text"], e["start"], e["end"]) for e in entities] == [
        ("MENTION", "@bob.reader", 12, 23),
        ("HASHTAG", "#party", 25, 31),
    ]
    assert entities[0]["user"]["username"] == "bob.reader" and entities[0]["hashtag"] is None
    assert entities[1]["user"] is None
    for entity in entities:
        assert utf16_slice(caption, entity["start"], entity["end"]) == entity["text"]


def test_a_tag_written_with_a_precomposed_or_a_decomposed_accent_is_one_hashtag(gql, alice):
    entities = entities_of(gql, alice, "#Caf\u00e9 #cafe\u0301 #CAFE\u0301")
    assert {e["hashtag"]["id"] for e in entities} == {entities[0]["hashtag"]["id"]}
    assert entities[0]["hashtag"]["name"] == unicodedata.normalize("NFC", "café")


@pytest.mark.parametrize(
    "text",
    ["C# and F#", "bob@example.com", "page#section", "a#b", "#", "# spaced", "x\u0301#tag", "##"],
)
def test_what_is_not_a_hashtag(text):
    assert hashtag_spans(text) == []


def test_a_sigil_after_punctuation_or_at_the_start_starts_an_entity():
    assert [s.key for s in hashtag_spans("(#one),#two;#three")] == ["one", "two", "three"]
    assert [s.key for s in hashtag_spans("##double")] == ["double"]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("hi @alice_b.", [("alice_b", "alice_b.")]),  # a dot at the end may be the sentence's
        ("@Alice_B's", [("alice_b", None)]),
        ("mail bob@example.com", []),
        ("@abc @abcde", [("abcde", None)]),  # usernames are 5 to 30 characters
        (f"@{'a' * 31}", []),
        ("@... and @", []),
    ],
)
def test_mention_candidates(text, keys):
    assert [(span.key, span.alternative) for span in mention_spans(text)] == keys


def test_the_normal_form_is_the_canonical_caseless_form_recomposed():
    assert hashtag_normal_form("STRASSE") == hashtag_normal_form("Straße") == "strasse"
    assert hashtag_normal_form("CAFE\u0301") == hashtag_normal_form("Café") == "caf\u00e9"
    assert hashtag_normal_form("ΣΊΣΥΦΟΣ") == hashtag_normal_form("σίσυφος")  # final sigma folds too
    assert hashtag_name_parse("#Sunset ") == "sunset"
    assert hashtag_name_parse("sun set") is None
