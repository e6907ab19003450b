"""Operations on carousel posts, saved posts, hashtags and mentions, as a client sends them."""

from .operations import ERRORS, PAGE

ENTITY_FIELDS = "kind start end text user { id username } hashtag { id name }"
RICH_POST_FIELDS = (
    "id caption meLiked meSaved likesCount commentsCount author { id username } "
    "media { id url width height altText } image { id url width height } "
    f"mentions {{ id username }} hashtags {{ id name postsCount }} captionEntities {{ {ENTITY_FIELDS} }}"
)
RICH_COMMENT_FIELDS = f"id text mentions {{ id username }} textEntities {{ {ENTITY_FIELDS} }}"

UPDATE_POST = (
    "mutation($input: UpdatePostInput!) { updatePost(input: $input) "
    f"{{ post {{ {RICH_POST_FIELDS} updatedAt }} {ERRORS} }} }}"
)
ADD_COMMENT = (
    "mutation($postId: ID!, $text: String!) { addComment(input: {postId: $postId, text: $text}) "
    f"{{ comment {{ {RICH_COMMENT_FIELDS} }} {ERRORS} }} }}"
)
SAVE_POST = f"mutation($id: ID!) {{ savePost(input: {{postId: $id}}) {{ post {{ id meSaved }} {ERRORS} }} }}"
UNSAVE_POST = f"mutation($id: ID!) {{ unsavePost(input: {{postId: $id}}) {{ post {{ id meSaved }} {ERRORS} }} }}"

RICH_POSTS = "query($first: Int, $after: String) { posts(first: $first, after: $after) { %s } }" % (
    PAGE % RICH_POST_FIELDS
)
RICH_FEED = "query($first: Int, $after: String) { feed(first: $first, after: $after) { %s } }" % (
    PAGE % RICH_POST_FIELDS
)
RICH_POST = f"query($id: ID!) {{ post(id: $id) {{ {RICH_POST_FIELDS} }} }}"
RICH_COMMENTS = "query($id: ID!) { post(id: $id) { comments { %s } } }" % (PAGE % RICH_COMMENT_FIELDS)
SAVED_POSTS = "query($first: Int, $after: String) { savedPosts(first: $first, after: $after) { %s } }" % (
    PAGE % "id caption meSaved"
)
HASHTAG = (
    "query($name: String!, $first: Int, $after: String) { hashtag(name: $name) { id name postsCount "
    "posts(first: $first, after: $after) { %s } } }" % (PAGE % RICH_POST_FIELDS)
)
HASHTAGS = (
    "query($search: String!, $first: Int, $after: String) { hashtags(search: $search, first: $first, after: $after) "
    "{ %s } }" % (PAGE % "id name postsCount")
)
NODE_MEDIA = "query($id: ID!) { node(id: $id) { id ... on PostMedia { url altText } ... on Hashtag { name } } }"


def create_post(gql, token: str | None, images: list[bytes], *, caption: str = "", alt_texts=None) -> dict:
    """`createPost` with these images in order, each its own upload variable (`$i0`, `$i1`...); the whole
    response."""
    alt_texts = alt_texts if alt_texts is not None else [""] * len(images)
    uploads = "".join(f", $i{n}: Upload!" for n in range(len(images)))
    media = ", ".join(f"{{image: $i{n}, altText: $a{n}}}" for n in range(len(images)))
    alts = "".join(f", $a{n}: String!" for n in range(len(images)))
    query = (
        f"mutation($caption: String!{uploads}{alts}) {{ createPost(input: {{media: [{media}], caption: $caption}}) "
        f"{{ post {{ {RICH_POST_FIELDS} author {{ postsCount }} }} postEdge {{ cursor node {{ id }} }} {ERRORS} }} }}"
    )
    variables = {"caption": caption, **{f"a{n}": alt for n, alt in enumerate(alt_texts)}}
    files = {f"i{n}": image for n, image in enumerate(images)}
    if not files:
        return gql(query, variables, token=token)
    return gql.upload(query, variables, files, token=token)
