"""The social-graph operations as a client sends them."""

ERRORS = "... on OperationInfo { messages { kind field code message } }"
USER = f"... on User {{ id username followersCount followingCount isFollowedByMe followRequestPending }} {ERRORS}"
PAGE = "pageInfo { hasNextPage endCursor } edges { node { %s } }"

FOLLOW = f"mutation($id: ID!) {{ follow(input: {{userId: $id}}) {{ {USER} }} }}"
UNFOLLOW = f"mutation($id: ID!) {{ unfollow(input: {{userId: $id}}) {{ {USER} }} }}"
APPROVE = f"mutation($id: ID!) {{ approveFollowRequest(input: {{userId: $id}}) {{ {USER} }} }}"
DECLINE = f"mutation($id: ID!) {{ declineFollowRequest(input: {{userId: $id}}) {{ {USER} }} }}"
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
