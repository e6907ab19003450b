"""The operations the benchmark measures, and how to measure one in-process (SQL count, size, latency, and
the bare SQL of the page beside it). Shared by `bench/run.py`, `bench/locustfile.py` and the smoke test."""

import json
import statistics
import time
import uuid
from base64 import b64encode
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.tokens import token_pair_issue
from feed.demo_data import DEMO_PASSWORD
from feed.models import Hashtag, Post

POST_FIELDS = (
    "id caption createdAt likesCount commentsCount meLiked image { url width height } author { id username photoUrl }"
)
PAGE = "pageInfo { hasNextPage endCursor } edges { cursor node { %s } }"
EXPLORE = "query Explore($after: String) { posts(first: 20, after: $after) { %s } }" % (PAGE % POST_FIELDS)
FEED = "query HomeFeed { feed(first: 20) { %s } }" % (PAGE % POST_FIELDS)
POST_WITH_COMMENTS = "query PostWithComments($id: ID!) { post(id: $id) { %s comments(first: 20) { %s } } }" % (
    POST_FIELDS,
    PAGE % "id text createdAt likesCount repliesCount meLiked author { id username }",
)
RICH_POST_FIELDS = (
    f"{POST_FIELDS} meSaved media {{ url width height altText }} mentions {{ id username }} "
    "hashtags { id name postsCount } captionEntities { kind start end user { id username } hashtag { name } }"
)
HASHTAG_PAGE = (
    "query HashtagPage($name: String!) { hashtag(name: $name) { id name postsCount posts(first: 20) { %s } } }"
    % (PAGE % RICH_POST_FIELDS)
)
PROFILE = (
    "query Profile($u: String!) { user(username: $u) { id username fullName bio photoUrl postsCount followersCount "
    "followingCount isFollowedByMe posts(first: 12) { %s } } }" % (PAGE % "id likesCount commentsCount image { url }")
)
ERRORS = "userErrors { field code message }"
LIKE = (
    f"mutation LikePost($id: ID!) {{ likePost(input: {{postId: $id}}) {{ post {{ likesCount meLiked }} {ERRORS} }} }}"
)
UNLIKE = f"mutation UnlikePost($id: ID!) {{ unlikePost(input: {{postId: $id}}) {{ post {{ likesCount meLiked }} {ERRORS} }} }}"
LOGIN = (
    "mutation Login($login: String!, $password: String!) { login(input: {login: $login, password: $password}) "
    f"{{ accessToken {ERRORS} }} }}"
)
SIGN_UP = f"mutation SignUp($c: String!) {{ signUp(input: {{emailOrPhone: $c}}) {{ accessToken {ERRORS} }} }}"


@dataclass
class Fixtures:
    """What the operations need from the seeded data: a reader's token, ids, and a cursor deep in the data."""

    token: str
    username: str
    post_id: str
    deep_cursor: str
    hashtag: str = ""

    def save(self, path) -> None:
        path.write_text(json.dumps(self.__dict__))

    @classmethod
    def load(cls, path) -> "Fixtures":
        return cls(**json.loads(path.read_text()))


def fixtures_prepare(*, deep_fraction: float = 0.9) -> Fixtures:
    # A typical reader: public, following a few dozen accounts (demo_0000 follows everyone; its feed is in the
    # query plans instead).
    readers = User.objects.filter(username__startswith="demo_", is_private=False, following_count__lt=100)
    reader = readers.order_by("username").first()
    busiest = Post.objects.filter(author__is_private=False).order_by("-comments_count").first()
    newest = Post.objects.order_by("-created_at", "-id")
    deep = newest.values_list("created_at", "id")[int(newest.count() * deep_fraction)]
    return Fixtures(
        token=token_pair_issue(user=reader).access_token,
        username=reader.username,
        post_id=_global_id("Post", busiest.pk),
        deep_cursor=keyset_cursor(deep),
        hashtag=Hashtag.objects.order_by("-posts_count").values_list("name", flat=True).first() or "",
    )


@dataclass
class Operation:
    name: str
    query: str
    variables: dict = field(default_factory=dict)
    signed_in: bool = True
    page_table: str | None = None  # the table whose page query is the "bare SQL" floor


def operations(fx: Fixtures) -> list[Operation]:
    return [
        Operation("explore page 1", EXPLORE, page_table="feed_post"),
        Operation("explore deep page", EXPLORE, {"after": fx.deep_cursor}, page_table="feed_post"),
        Operation("home feed page 1", FEED, page_table="feed_post"),
        Operation("post + 20 comments", POST_WITH_COMMENTS, {"id": fx.post_id}, page_table="feed_postcomment"),
        Operation("profile + 12 posts", PROFILE, {"u": fx.username}, page_table="feed_post"),
        Operation("hashtag page 1 (most used tag)", HASHTAG_PAGE, {"name": fx.hashtag}, page_table="feed_post"),
        Operation("likePost / unlikePost", LIKE, {"id": fx.post_id}),
        Operation("login", LOGIN, {"login": fx.username, "password": DEMO_PASSWORD}, signed_in=False),
        Operation("signUp", SIGN_UP, {"c": "{unique}"}, signed_in=False),
    ]


def failure_of(payload: dict) -> str | None:
    """Why an answer is a failed request: a top-level error, or a mutation's `userErrors`; None when it is not."""
    if payload.get("errors"):
        return f"errors: {payload['errors']}"
    refused = {name: field["userErrors"] for name, field in (payload.get("data") or {}).items() if _user_errors(field)}
    return f"userErrors: {refused}" if refused else None


def _user_errors(field) -> list:
    return field.get("userErrors") if isinstance(field, dict) else []


def request_body(operation: Operation, *, toggle: bool = False) -> str:
    """The JSON body of one request; like/unlike alternate, sign-ups use a fresh address each time."""
    query = UNLIKE if (operation.query == LIKE and toggle) else operation.query
    variables = {
        k: (f"bench-{uuid.uuid4().hex}@example.com" if v == "{unique}" else v) for k, v in operation.variables.items()
    }
    return json.dumps({"query": query, "variables": variables})


@dataclass
class InProcess:
    sql_queries: int
    response_bytes: int
    median_ms: float
    floor_ms: float | None

    @property
    def ratio(self) -> float | None:
        return self.median_ms / self.floor_ms if self.floor_ms else None


def measure_in_process(operation: Operation, fx: Fixtures, *, runs: int = 15) -> InProcess:
    """SQL count and size of one request, its median time through Django without HTTP, and the median time of
    the bare SQL that fetches the same page."""
    client = Client(headers={"Authorization": f"Bearer {fx.token}"} if operation.signed_in else {})
    timings, captured, size = [], None, 0
    for run in range(runs):
        body = request_body(operation, toggle=bool(run % 2))
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post("/graphql/", body, content_type="application/json")
            timings.append((time.perf_counter() - started) * 1000)
        failure = failure_of(response.json())
        if failure:
            raise RuntimeError(f"{operation.name}: {failure}")
        if captured is None:
            captured, size = list(queries.captured_queries), len(response.content)
    return InProcess(
        sql_queries=len(captured),
        response_bytes=size,
        median_ms=statistics.median(timings),
        floor_ms=_bare_sql_ms(captured, operation.page_table, runs) if operation.page_table else None,
    )


def _bare_sql_ms(captured: list[dict], table: str, runs: int) -> float | None:
    pages = [q["sql"] for q in captured if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]
    if not pages:
        return None
    page_sql = pages[-1]
    timings = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(page_sql)
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _global_id(type_name: str, pk) -> str:
    return b64encode(f"{type_name}:{pk}".encode()).decode()


def keyset_cursor(values) -> str:
    """strawberry-django's keyset cursor for (created_at, id): what a client holds after scrolling that far."""
    created_at, pk = values
    return b64encode(
        f"orderedcursor:{json.dumps([created_at.isoformat(), str(pk)], separators=(',', ':'))}".encode()
    ).decode()
