"""The notification documents a client sends, in API version 2's shapes."""

NOTIFICATIONS = "query($first: Int, $after: String) { notifications(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id kind read createdAt actor { username } post { id likesCount } comment { id text } } } } }"
UNREAD_COUNT = "{ unreadNotificationsCount }"
MARK_READ = "mutation($upTo: ID) { markNotificationsRead(input: {upTo: $upTo}) { unreadNotificationsCount userErrors { field code message } } }"
NODE = "query($id: ID!) { node(id: $id) { ... on Notification { kind } } }"

NOTIFICATION_ADDED = "subscription { notificationAdded { id kind actor { username } post { id } comment { text } } }"
COMMENT_ADDED = "subscription($postId: ID!) { commentAdded(postId: $postId) { id text author { username } } }"

LIKE_POST = "mutation($id: ID!) { likePost(input: {postId: $id}) { userErrors { code } } }"
ADD_COMMENT = (
    "mutation($id: ID!, $text: String!) { addComment(input: {postId: $id, text: $text}) { userErrors { code } } }"
)
FOLLOW = "mutation($id: ID!) { follow(input: {userId: $id}) { userErrors { code } } }"
REMOVE_FOLLOWER = "mutation($id: ID!) { removeFollower(input: {userId: $id}) { userErrors { code } } }"
