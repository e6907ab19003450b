"""GraphiQL works with no internet: its page names only this app's own files, and the app serves every one.

The files are served the way production serves them (collectstatic, then whitenoise), so a vendor build that
`make install` never made, or a file missing from STATICFILES_DIRS, fails here rather than as a blank page on
a developer's machine offline.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

VENDOR = Path(settings.BASE_DIR) / "instaclone" / "graphiql-vendor"
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css"}


class _References(HTMLParser):
    """Every URL that a tag's src or href asks the browser to load."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def _page_references(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return parser.urls


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def served_as_in_production(settings, tmp_path) -> Client:
    """A fresh STATIC_ROOT filled by collectstatic; a new Client builds whitenoise over it, as gunicorn does."""
    settings.STATIC_ROOT = tmp_path / "static"
    assert (VENDOR / "dist" / "graphiql.min.js").exists(), "GraphiQL's vendor files are not built: run `make install`"
    call_command("collectstatic", interactive=False, verbosity=0)
    return Client()


def test_graphiql_page_names_only_files_that_this_app_serves(served_as_in_production, db):
    client = served_as_in_production
    page = client.get("/graphql/", headers={"Accept": "text/html"})
    assert page.status_code == 200
    references = _page_references(page.content.decode())
    assert any(url.endswith("/graphiql.min.js") for url in references)

    static = [url for url in references if not url.startswith("data:")]
    for url in static:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{url} is loaded from another origin"
        assert parts.path.startswith(settings.STATIC_URL), url

        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset["Content-Type"].startswith(CONTENT_TYPES[Path(parts.path).suffix]), url
        body = _body(asset)
        assert body, url
        if url.endswith(".css"):
            # A stylesheet's @import or url() loads too: fonts from a CDN would leave the machine.
            for target in re.findall(rb"""(?:url\(\s*|@import\s+)["']?([^"')\s;]+)""", body):
                assert not re.match(rb"(?i)(https?:)?//", target), f"{url} loads {target.decode()}"


def test_graphiql_page_tells_the_browser_to_load_nothing_from_another_origin(client, db):
    page = client.get("/graphql/", headers={"Accept": "text/html"})

    policy = dict(directive.strip().split(" ", 1) for directive in page["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'"  # ws(s) on this host included, for subscriptions later
    assert not re.search(r"https?:|\*", page["Content-Security-Policy"])
    assert "<script>" not in page.content.decode()  # script-src 'self' would block an inline script


def test_graphiql_files_are_the_exact_versions_package_json_pins():
    pins = json.loads((VENDOR / "package.json").read_text())["dependencies"]
    locked = json.loads((VENDOR / "package-lock.json").read_text())["packages"]
    built = json.loads((VENDOR / "dist" / "versions.json").read_text())

    for package, version in pins.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{package} is pinned to a range: {version}"
        assert locked[f"node_modules/{package}"]["version"] == version
    assert set(built) == {"graphiql", "@graphiql/plugin-explorer", "react", "react-dom"}
    assert built == {package: pins[package] for package in built}, "dist/ is stale: run `make install`"
