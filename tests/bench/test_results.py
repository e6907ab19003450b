"""bench/RESULTS.md is shared by several scripts: each replaces its own sections and keeps everyone else's."""

from bench.results import sections_split, sections_write


def test_a_script_replaces_its_own_sections_and_keeps_the_others(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\nold preamble\n\n## Operations\n\nold table\n\n## Serving\n\nkept\n")

    sections_write(
        ["## Operations\n\nnew table\n", "## Slow clients\n\nadded\n"], preamble="# Benchmark results\n\nnew", path=path
    )

    assert path.read_text() == (
        "# Benchmark results\n\nnew\n\n## Operations\n\nnew table\n\n## Serving\n\nkept\n\n## Slow clients\n\nadded\n"
    )


def test_a_new_section_goes_before_the_next_section_of_the_same_script(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\n## Query plans\n\nold plans\n\n## Serving\n\nkept\n")

    sections_write(["## Operations\n\ntable\n", "## Query plans\n\nplans\n"], path=path)

    assert path.read_text() == (
        "# Benchmark results\n\n## Operations\n\ntable\n\n## Query plans\n\nplans\n\n## Serving\n\nkept\n"
    )


def test_a_heading_that_only_starts_like_another_is_a_different_section(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\n## Serving notes\n\nkept\n")

    sections_write(["## Serving\n\nnew\n"], path=path)

    assert "## Serving notes\n\nkept\n" in path.read_text()
    assert path.read_text().endswith("## Serving\n\nnew\n")


def test_a_notes_file_splits_at_its_level_two_headings():
    assert sections_split("intro\n## A\na\n### A.1\nx\n## B\nb\n") == ["## A\na\n### A.1\nx", "## B\nb\n"]


def test_a_section_the_run_no_longer_makes_is_dropped_and_the_others_kept(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text(
        "# Benchmark results\n\n## Operations\n\nt\n\n## Side by side with the baseline\n\nold\n\n## Serving\n\nkept\n"
    )

    sections_write(["## Operations\n\nnew\n"], dropped=("## Side by side with the baseline",), path=path)

    assert path.read_text() == "# Benchmark results\n\n## Operations\n\nnew\n\n## Serving\n\nkept\n"
