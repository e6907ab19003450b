"""GraphiQL in a real browser, as a developer uses it: Debian's Chromium, driven by Playwright, opens /graphql/
on a live server, types an operation, runs it and reads the answer, while every request for another origin
is recorded (and refused, as it would fail offline). The page must ask no other host for anything."""

from contextlib import ExitStack
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from tests.factories import UserFactory, access_token

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright waits for the page's own events; this only bounds a page that never renders.
PATIENCE_MS = 20_000

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)",
    ),
    pytest.mark.django_db(transaction=True),
]


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


class GraphiQLPage:
    """The GraphiQL page in a fresh browser profile, with a log of what it asked for and what went wrong."""

    def __init__(self, browser, server_url: str):
        self.origin = _origin(server_url)
        self.elsewhere: list[str] = []
        self.failures: list[str] = []
        self.loaded: list[str] = []
        context = browser.new_context()
        context.set_default_timeout(PATIENCE_MS)
        context.route("**/*", self._only_this_origin)
        self.page = context.new_page()
        self.page.on("websocket", lambda socket: self._note(socket.url))
        self.page.on("response", self._check_status)
        self.page.on("pageerror", lambda error: self.failures.append(f"script error: {error}"))
        self.page.on("console", lambda message: message.type == "error" and self.failures.append(message.text))
        self.page.goto(f"{server_url}/graphql/")
        try:
            self.page.locator(".graphiql-query-editor .CodeMirror").wait_for()
        except PlaywrightTimeoutError:
            pytest.fail(f"GraphiQL never rendered; asked elsewhere for {self.elsewhere}; failures {self.failures}")

    def _only_this_origin(self, route):
        if self._note(route.request.url):
            route.continue_()
        else:
            route.abort()

    def _note(self, url: str) -> bool:
        scheme, netloc = _origin(url)
        if scheme not in ("http", "https", "ws", "wss"):
            return True  # data: and blob: never touch the network
        if (scheme.replace("ws", "http"), netloc) != self.origin:
            self.elsewhere.append(url)
            return False
        self.loaded.append(urlsplit(url).path)
        return True

    def _check_status(self, response):
        if response.status >= 400:
            self.failures.append(f"{response.status} for {response.url}")

    def type_into(self, editor_selector: str, text: str) -> str:
        """Types as a person does (select all, then keys), and returns what the editor then holds."""
        editor = self.page.locator(f"{editor_selector} .CodeMirror").first
        editor.click()
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.type(text)
        return editor.evaluate("element => element.CodeMirror.getValue()")

    def run(self, query: str) -> str:
        assert self.type_into(".graphiql-query-editor", query) == query
        # GraphiQL reads the operation's name 100 ms after the last key; the page writes the query into the
        # address bar at that moment, so once it is there the editor has caught up.
        self.page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("query") == [query])
        self.page.keyboard.press("ControlOrMeta+Enter")
        response = self.page.locator(".graphiql-response .CodeMirror")
        response.filter(has_text='"data"').wait_for()
        return response.evaluate("element => element.CodeMirror.getValue()")


@pytest.fixture
def open_graphiql(live_server):
    """Opens the page in a fresh browser. Playwright runs an event loop in this thread while the browser is
    open, and Django refuses ORM calls under a running loop: the test writes its rows before opening."""
    with ExitStack() as stack:

        def open_page() -> GraphiQLPage:
            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            stack.callback(browser.close)
            return GraphiQLPage(browser, live_server.url)

        yield open_page


def test_graphiql_runs_an_operation_without_asking_another_host_for_anything(open_graphiql):
    graphiql = open_graphiql()

    result = graphiql.run("{ me { id } }")

    assert '"me": null' in result
    graphiql.page.get_by_role("button", name="Show GraphiQL Explorer").click()
    graphiql.page.locator(".graphiql-plugin").get_by_text("followRequests").wait_for()
    assert graphiql.elsewhere == []
    assert graphiql.failures == []
    assert {"/static/graphiql/vendor/graphiql.min.js", "/static/graphiql/vendor/plugin-explorer.umd.js"} <= set(
        graphiql.loaded
    )


def test_graphiql_sends_the_authorization_header_pasted_into_the_headers_tab(open_graphiql):
    headers = f'{{"Authorization": "Bearer {access_token(UserFactory(username="ada"))}"}}'
    graphiql = open_graphiql()
    graphiql.page.get_by_text("Headers", exact=True).click()

    assert graphiql.type_into(".graphiql-editor-tool .graphiql-editor:not(.hidden)", headers) == headers
    result = graphiql.run("{ me { username } }")

    assert '"username": "ada"' in result
    assert graphiql.elsewhere == []
    assert graphiql.failures == []
