"""The feed operations as a client sends them."""

ERRORS = "... on OperationInfo { messages { kind field code message } }"
POST_FIELDS = "id caption createdAt likesCount commentsCount meLiked image { url width height } author { id username }"
POST = f"... on Post {{ {POST_FIELDS} }} {ERRORS}"
COMMENT = f"... on Comment {{ id text likesCount repliesCount meLiked parent {{ id }} }} {ERRORS}"
OK = f"... on Ok {{ ok }} {ERRORS}"
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

CREATE_POST = f"mutation($image: Upload!, $caption: String!) {{ createPost(input: {{image: $image, caption: $caption}}) {{ {POST} }} }}"
UPDATE_POST = (
    f"mutation($id: ID!, $caption: String!) {{ updatePost(input: {{id: $id, caption: $caption}}) {{ {POST} }} }}"
)
DELETE_POST = f"mutation($id: ID!) {{ deletePost(input: {{id: $id}}) {{ {OK} }} }}"
ADD_COMMENT = (
    f"mutation($postId: ID!, $text: String!, $parentId: ID) "
    f"{{ addComment(input: {{postId: $postId, text: $text, parentId: $parentId}}) {{ {COMMENT} }} }}"
)
DELETE_COMMENT = f"mutation($id: ID!) {{ deleteComment(input: {{id: $id}}) {{ {OK} }} }}"
LIKE_POST = f"mutation($id: ID!) {{ likePost(input: {{postId: $id}}) {{ {POST} }} }}"
UNLIKE_POST = f"mutation($id: ID!) {{ unlikePost(input: {{postId: $id}}) {{ {POST} }} }}"
LIKE_COMMENT = f"mutation($id: ID!) {{ likeComment(input: {{commentId: $id}}) {{ {COMMENT} }} }}"
UNLIKE_COMMENT = f"mutation($id: ID!) {{ unlikeComment(input: {{commentId: $id}}) {{ {COMMENT} }} }}"


def codes(payload: dict) -> list[str]:
    return [message["code"] for message in payload.get("messages", [])]


def nodes(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]
