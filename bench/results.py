"""bench/RESULTS.md is written by several scripts, each owning some `## ` sections: a script replaces its own
sections and leaves the others' as they are, so running one benchmark never drops another's figures."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TITLE = "# Benchmark results\n"


def sections_write(
    sections: list[str], *, preamble: str | None = None, dropped: tuple[str, ...] = (), path: Path = RESULTS
) -> None:
    """Each of `sections` starts with its `## ` heading line: the section of that heading is replaced (up to the
    next `## ` heading); a new one goes just before the next of `sections`, or at the end when it is the last.
    `preamble` replaces what comes before the first section; the sections headed `dropped` go."""
    text = path.read_text() if path.exists() else TITLE
    for heading in dropped:
        text = _without(text, heading)
    following = None
    for section in reversed(sections):
        section = section.strip("\n") + "\n"
        text = _placed(text, section, before=following)
        following = section.split("\n", 1)[0]
    if preamble is not None:
        first = text.find("\n## ")
        text = preamble.strip("\n") + "\n" + (text[first:] if first != -1 else "")
    path.write_text(text)


def sections_split(text: str) -> list[str]:
    """A Markdown text cut at its `## ` headings (what comes before the first is dropped)."""
    parts = ("\n" + text).split("\n## ")[1:]
    return ["## " + part for part in parts]


def _placed(text: str, section: str, *, before: str | None) -> str:
    heading = section.split("\n", 1)[0]
    start = text.find("\n" + heading + "\n")
    if start != -1:
        end = text.find("\n## ", start + 1)
        return text[: start + 1] + section + (text[end:] if end != -1 else "")
    if before is not None:
        at = text.find("\n" + before + "\n")
        return text[: at + 1] + section + "\n" + text[at + 1 :]
    return text.rstrip("\n") + "\n\n" + section


def _without(text: str, heading: str) -> str:
    start = text.find("\n" + heading + "\n")
    if start == -1:
        return text
    end = text.find("\n## ", start + 1)
    return text[:start] + (text[end:] if end != -1 else "\n")
