"""The social-graph operations as a client sends them (API version 2: payloads with `userErrors`)."""

ERRORS = "userErrors { field code message }"
USER_FIELDS = "id username followersCount followingCount isFollowedByMe followRequestPending"
USER_AND_VIEWER = f"user {{ {USER_FIELDS} }} viewer {{ id username followersCount followingCount }} {ERRORS}"
PAGE = "pageInfo { hasNextPage endCursor } edges { node { %s } }"

FOLLOW = f"mutation($id: ID!) {{ follow(input: {{userId: $id}}) {{ {USER_AND_VIEWER} }} }}"
UNFOLLOW = f"mutation($id: ID!) {{ unfollow(input: {{userId: $id}}) {{ {USER_AND_VIEWER} }} }}"
APPROVE = (
    f"mutation($id: ID!) {{ approveFollowRequest(input: {{userId: $id}}) {{ user {{ {USER_FIELDS} }} {ERRORS} }} }}"
)
DECLINE = (
    f"mutation($id: ID!) {{ declineFollowRequest(input: {{userId: $id}}) {{ user {{ {USER_FIELDS} }} {ERRORS} }} }}"
)
REQUESTS = "{ followRequests { %s } }" % (PAGE % "username")
PROFILE = (
    "query($u: String!) { user(username: $u) { id username postsCount followersCount followingCount "
    "isFollowedByMe followRequestPending posts(first: 12) { %s } } }"
    % (PAGE % "id caption likesCount commentsCount meLiked image { url }")
)
FOLLOWERS = "query($u: String!) { user(username: $u) { followers { %s } } }" % (PAGE % "username isFollowedByMe")
FOLLOWING = "query($u: String!) { user(username: $u) { following { %s } } }" % (PAGE % "username")
SEARCH = "query($q: String!) { users(search: $q) { %s } }" % (PAGE % "username")
FOLLOWERS_PAGE = (
    "query($u: String!, $after: String) { user(username: $u) { followers(first: 2, after: $after) { %s } } }"
    % (PAGE % "username")
)
