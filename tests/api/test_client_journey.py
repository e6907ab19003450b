"""The whole journey driven by a real GraphQL client library (Python's `gql`), against a live server, in the
version 2 shapes, with its documents validated against the committed schema.graphql as a client build would."""

import io
from pathlib import Path

import pytest
from gql import Client, FileVar, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport

from tests.images import image_bytes
from tests.outbox import last_code_sent_to

SCHEMA = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text()
PASSWORD = "analytical-engine-1843"


def _client(live_server, token=None) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = RequestsHTTPTransport(url=f"{live_server.url}/graphql/", headers=headers, timeout=30)
    return Client(transport=transport, schema=SCHEMA)


def _run(client: Client, document: str, upload: bool = False, **variables) -> dict:
    return client.execute(GraphQLRequest(document, variable_values=variables), upload_files=upload)


@pytest.mark.django_db(transaction=True)
def test_a_new_user_signs_up_posts_comments_and_reads_the_feed_with_gql(live_server, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email = "ada@example.com"
    signed_up = _run(
        _client(live_server),
        "mutation($c: String!) { signUp(input: {emailOrPhone: $c}) { accessToken user { authStatus } "
        "userErrors { field code message } } }",
        c=email,
    )["signUp"]
    assert signed_up["userErrors"] == []
    assert signed_up["user"]["authStatus"] == "NEW"
    me = _client(live_server, signed_up["accessToken"])

    verified = _run(
        me,
        "mutation($code: String!) { verifyCode(input: {code: $code}) { user { authStatus } userErrors { code } } }",
        code=last_code_sent_to(email),
    )["verifyCode"]
    assert verified == {"user": {"authStatus": "CODE_VERIFIED"}, "userErrors": []}

    profile_document = (
        "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { username authStatus } "
        "userErrors { field code message } } }"
    )
    mismatch = {"username": "ada.lovelace", "password": PASSWORD, "confirmPassword": "other-password-1"}
    refused = _run(me, profile_document, input=mismatch)["updateProfile"]
    assert refused["user"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("confirmPassword", "PASSWORD_MISMATCH")]
    done = _run(me, profile_document, input={**mismatch, "confirmPassword": PASSWORD})["updateProfile"]
    assert done == {"user": {"username": "ada.lovelace", "authStatus": "DONE"}, "userErrors": []}

    photo = _run(
        me,
        "mutation($p: Upload!) { updatePhoto(input: {photo: $p}) { user { authStatus photoUrl } "
        "userErrors { code } } }",
        upload=True,
        p=FileVar(io.BytesIO(image_bytes()), filename="me.jpg", content_type="image/jpeg"),
    )["updatePhoto"]
    assert photo["userErrors"] == []
    assert photo["user"]["authStatus"] == "PHOTO_DONE"
    assert photo["user"]["photoUrl"].startswith(live_server.url)

    logged_in = _run(
        _client(live_server),
        "mutation($l: String!, $p: String!) { login(input: {login: $l, password: $p}) { accessToken refreshToken "
        "userErrors { code } } }",
        l=email,
        p=PASSWORD,
    )["login"]
    assert logged_in["userErrors"] == []
    me = _client(live_server, logged_in["accessToken"])

    created = _run(
        me,
        'mutation($i: Upload!) { createPost(input: {media: [{image: $i}], caption: "First!"}) '
        "{ post { id author { postsCount } } "
        "postEdge { cursor } userErrors { code } } }",
        upload=True,
        i=FileVar(io.BytesIO(image_bytes(size=(300, 200))), filename="p.jpg", content_type="image/jpeg"),
    )["createPost"]
    assert created["post"]["author"]["postsCount"] == 1
    post_id = created["post"]["id"]

    commented = _run(
        me,
        'mutation($p: ID!) { addComment(input: {postId: $p, text: "Nice light"}) { comment { text } '
        "commentEdge { cursor } post { commentsCount } userErrors { code } } }",
        p=post_id,
    )["addComment"]
    assert commented["post"]["commentsCount"] == 1

    liked = _run(
        me,
        "mutation($p: ID!) { likePost(input: {postId: $p}) { post { likesCount meLiked } userErrors { code } } }",
        p=post_id,
    )["likePost"]
    assert liked == {"post": {"likesCount": 1, "meLiked": True}, "userErrors": []}

    feed = _run(
        me,
        "query($after: String) { feed(first: 10, after: $after) { pageInfo { hasNextPage endCursor } "
        "edges { cursor node { id caption likesCount commentsCount meLiked image { url width height } } } } }",
        after=None,
    )["feed"]
    [edge] = feed["edges"]
    assert edge["cursor"] == created["postEdge"]["cursor"]
    assert edge["node"]["commentsCount"] == 1 and edge["node"]["meLiked"] is True
    assert edge["node"]["image"]["width"] == 300


@pytest.mark.django_db(transaction=True)
def test_gql_reads_the_reason_of_a_refused_token(live_server):
    with pytest.raises(TransportQueryError) as refused:
        _run(_client(live_server, "not-a-token"), "{ me { id } }")
    [error] = refused.value.errors
    assert error["extensions"] == {"code": "UNAUTHENTICATED", "reason": "TOKEN_INVALID"}
