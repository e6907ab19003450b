"""The feed operations as a client sends them (API version 2: payloads with `userErrors`)."""

ERRORS = "userErrors { field code message }"
POST_FIELDS = "id caption createdAt likesCount commentsCount meLiked image { url width height } author { id username }"
COMMENT_FIELDS = "id text likesCount repliesCount meLiked parent { id }"
PAGE = "pageInfo { hasNextPage endCursor } edges { cursor node { %s } }"

POSTS = "query($first: Int, $after: String) { posts(first: $first, after: $after) { %s } }" % (PAGE % POST_FIELDS)
FEED = "query($first: Int, $after: String) { feed(first: $first, after: $after) { %s } }" % (PAGE % POST_FIELDS)
POST_BY_ID = "query($id: ID!) { post(id: $id) { %s } }" % POST_FIELDS
NODE = "query($id: ID!) { node(id: $id) { id ... on Post { caption } ... on Comment { text } } }"
COMMENTS = (
    "query($id: ID!, $first: Int, $after: String) { post(id: $id) { id comments(first: $first, after: $after) { %s } } }"
    % (PAGE % "id text createdAt likesCount repliesCount meLiked author { id username }")
)
REPLIES = "query($id: ID!) { node(id: $id) { ... on Comment { replies { %s } } } }" % (PAGE % "id text")
POST_LIKES = "query($id: ID!) { post(id: $id) { likes { %s } } }" % (PAGE % "username")

CREATE_POST = (
    "mutation($image: Upload!, $caption: String!) { createPost(input: {media: [{image: $image}], caption: $caption}) "
    f"{{ post {{ {POST_FIELDS} author {{ postsCount }} }} postEdge {{ cursor node {{ id }} }} {ERRORS} }} }}"
)
UPDATE_POST = (
    "mutation($id: ID!, $caption: String!) { updatePost(input: {id: $id, caption: $caption}) "
    f"{{ post {{ {POST_FIELDS} }} {ERRORS} }} }}"
)
DELETE_POST = f"mutation($id: ID!) {{ deletePost(input: {{id: $id}}) {{ deletedPostId {ERRORS} }} }}"
ADD_COMMENT = (
    "mutation($postId: ID!, $text: String!, $parentId: ID) "
    "{ addComment(input: {postId: $postId, text: $text, parentId: $parentId}) "
    f"{{ comment {{ {COMMENT_FIELDS} }} commentEdge {{ cursor node {{ id }} }} post {{ id commentsCount }} {ERRORS} }} }}"
)
DELETE_COMMENT = f"mutation($id: ID!) {{ deleteComment(input: {{id: $id}}) {{ deletedCommentId post {{ id commentsCount }} {ERRORS} }} }}"
LIKE_POST = f"mutation($id: ID!) {{ likePost(input: {{postId: $id}}) {{ post {{ {POST_FIELDS} }} {ERRORS} }} }}"
UNLIKE_POST = f"mutation($id: ID!) {{ unlikePost(input: {{postId: $id}}) {{ post {{ {POST_FIELDS} }} {ERRORS} }} }}"
LIKE_COMMENT = (
    f"mutation($id: ID!) {{ likeComment(input: {{commentId: $id}}) {{ comment {{ {COMMENT_FIELDS} }} {ERRORS} }} }}"
)
UNLIKE_COMMENT = (
    f"mutation($id: ID!) {{ unlikeComment(input: {{commentId: $id}}) {{ comment {{ {COMMENT_FIELDS} }} {ERRORS} }} }}"
)


def codes(payload: dict) -> list[str]:
    """The codes of a mutation payload's `userErrors` (empty on success)."""
    return [error["code"] for error in payload["userErrors"]]


def fields(payload: dict) -> list[str | None]:
    """The input fields a payload's `userErrors` name."""
    return [error["field"] for error in payload["userErrors"]]


def nodes(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]
