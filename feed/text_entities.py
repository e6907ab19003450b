"""Hashtags and mentions found in a caption or a comment, and the text entities clients style text by.

The rules (API.md "Posts, comments, likes, saves"):

- A hashtag is `#` then a run of letters of any script (Unicode L*), decimal digits of any script (Nd) and `_`.
  Uzbek Latin's o and g with U+02BB MODIFIER LETTER TURNED COMMA stay whole: U+02BB is a letter (Lm). Combining
  marks (M*) belong to the letter before them, so a tag written with a decomposed `é` is the one with `é`.
  The ASCII apostrophe `'` and the typographic U+2019 are punctuation: they end a tag (`#o'zbek` tags `o`).
- The tag's normal form, what is stored, matched and searched, is NFC(casefold(NFD(tag))): Unicode's canonical
  caseless match (a tag typed in capitals, or with a precomposed or a decomposed accent, is the same tag),
  recomposed so it stores short. It is at most 100 characters; a longer run is no hashtag.
- A mention is `@` then a username (ASCII letters, digits, `.` and `_`, 5 to 30 of them, as usernames are). A
  dot that ends the run ends a sentence rather than the username, unless an account has that name.
- Neither starts inside a word: `#` or `@` right after a letter, digit, mark, `_` or `.` is text (`C#`,
  `bob@example.com`, `page#section`).

Entities carry UTF-16 offsets (what JavaScript and Swift strings index by): an emoji before a tag moves its
start by two, a combining mark by one.
"""

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError

from common.errors import ErrorCode

HASHTAG_MAX_LENGTH = 100
HASHTAGS_PER_CAPTION = 30
MENTIONS_PER_TEXT = 20
USERNAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._")
USERNAME_MIN, USERNAME_MAX = 5, 30


class EntityKind(StrEnum):
    HASHTAG = "HASHTAG"
    MENTION = "MENTION"


@dataclass(frozen=True)
class Span:
    """A hashtag or a mention candidate in a text: code point offsets, and the key it is matched by (the
    hashtag's normal form, or the username in lower case; `alternative` is the username with the dot that ended
    the run, tried first)."""

    kind: EntityKind
    start: int
    end: int
    key: str
    alternative: str | None = None


def hashtag_normal_form(tag: str) -> str:
    """The one form a hashtag is stored and matched in; `tag` without its `#`."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", tag).casefold())


def hashtag_name_parse(name: str) -> str | None:
    """A hashtag name a client looks up or searches (`#Sunset`, `sunset`) in its normal form, or None when it
    cannot be a hashtag."""
    name = name.strip().removeprefix("#")
    spans = hashtag_spans(f"#{name}")
    if len(spans) != 1 or spans[0].end != len(name) + 1:
        return None
    return spans[0].key


def hashtag_prefix_parse(text: str) -> str | None:
    """A search prefix in the normal form (`#Sun` gives `sun`; an empty one matches every hashtag), or None when
    no hashtag can start with the text (`sun set`, `!`)."""
    text = text.strip().removeprefix("#")
    if not all(_is_tag_char(char, continuing=n > 0) for n, char in enumerate(text)):
        return None
    return hashtag_normal_form(text)


def hashtag_spans(text: str) -> list[Span]:
    spans = []
    for start in _starts(text, "#"):
        end = start + 1
        while end < len(text) and _is_tag_char(text[end], continuing=end > start + 1):
            end += 1
        if end == start + 1:
            continue
        key = hashtag_normal_form(text[start + 1 : end])
        if len(key) <= HASHTAG_MAX_LENGTH:
            spans.append(Span(EntityKind.HASHTAG, start, end, key))
    return spans


def mention_spans(text: str) -> list[Span]:
    spans = []
    for start in _starts(text, "@"):
        end = start + 1
        while end < len(text) and text[end] in USERNAME_CHARS:
            end += 1
        run = text[start + 1 : end].lower()
        trimmed = run.rstrip(".")
        with_dot = run if run != trimmed and _username_length(run) else None
        if _username_length(trimmed):
            spans.append(Span(EntityKind.MENTION, start, start + 1 + len(trimmed), trimmed, with_dot))
        elif with_dot:
            spans.append(Span(EntityKind.MENTION, start, end, with_dot))
    return spans


def mention_span_as(span: Span, username: str) -> Span:
    """The span of the username an account was found by (its `alternative` reaches over the dot)."""
    return Span(span.kind, span.start, span.start + 1 + len(username), username)


def distinct_keys(spans: list[Span]) -> list[str]:
    """The spans' keys in order of first appearance, each once."""
    return list(dict.fromkeys(span.key for span in spans))


def utf16_offsets(text: str, offsets: list[int]) -> list[int]:
    """Code point offsets into `text` as UTF-16 code unit offsets (characters beyond U+FFFF take two)."""
    result, units, position = [], 0, 0
    for offset in sorted(set(offsets)):
        units += sum(2 if ord(char) > 0xFFFF else 1 for char in text[position:offset])
        position = offset
        result.append((offset, units))
    table = dict(result)
    return [table[offset] for offset in offsets]


def entities_make(text: str, hashtags: list[Span], mentions: dict[Span, str]) -> list[dict]:
    """The entities stored beside a text: every hashtag, and each mention that names an account (`mentions`
    maps a span to the account's id, with the span's end moved when the account's name kept its dot)."""
    items = [(span, {"hashtag": span.key}) for span in hashtags]
    items += [(span, {"user": str(user_id)}) for span, user_id in mentions.items()]
    items.sort(key=lambda item: item[0].start)
    bounds = utf16_offsets(text, [offset for span, _ in items for offset in (span.start, span.end)])
    return [
        {"kind": str(span.kind), "start": bounds[2 * n], "end": bounds[2 * n + 1], "text": text[span.start : span.end]}
        | target
        for n, (span, target) in enumerate(items)
    ]


def _starts(text: str, sigil: str):
    """Where `sigil` starts an entity: not right after a character that belongs to a word."""
    position = text.find(sigil)
    while position != -1:
        if position == 0 or not (_is_tag_char(text[position - 1], continuing=True) or text[position - 1] == "."):
            yield position
        position = text.find(sigil, position + 1)


def _is_tag_char(char: str, *, continuing: bool) -> bool:
    if char == "_":
        return True
    category = unicodedata.category(char)
    return category[0] == "L" or category == "Nd" or (continuing and category[0] == "M")


def _username_length(name: str) -> bool:
    return USERNAME_MIN <= len(name) <= USERNAME_MAX


@dataclass(frozen=True)
class TextParts:
    """What a caption or a comment says beyond its words, checked against the per-text limits."""

    hashtags: list[Span]
    mentions: list[Span]


def text_parse(text: str, *, field: str, hashtags: bool) -> TextParts:
    """The hashtags (for a caption) and mention candidates of `text`; more than 30 distinct hashtags or 20
    distinct mentions is `too_many` on `field`."""
    tags = hashtag_spans(text) if hashtags else []
    if len(distinct_keys(tags)) > HASHTAGS_PER_CAPTION:
        raise _too_many(field, f"A caption may have at most {HASHTAGS_PER_CAPTION} hashtags.")
    mentions = mention_spans(text)
    if len(distinct_keys(mentions)) > MENTIONS_PER_TEXT:
        raise _too_many(field, f"A text may mention at most {MENTIONS_PER_TEXT} accounts.")
    return TextParts(tags, mentions)


def _too_many(field: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=ErrorCode.TOO_MANY)})
