// A feed page with keyset paging: watch the first page, then fetchMore with `after: pageInfo.endCursor`.
// The cache's `relayStylePagination()` for Query.feed (client.ts) appends each page to the one cached list,
// so whoever watches the query sees the longer list; a post inserted meanwhile never shows up twice.
import type { Client } from "./client";
import { graphql } from "./gql";

graphql(`
  fragment PostCard on Post {
    id
    caption
    createdAt
    likesCount
    commentsCount
    meLiked
    image { url width height }
    author { id username photoUrl }
  }
`);

const FeedQuery = graphql(`
  query Feed($first: Int = 10, $after: String) {
    feed(first: $first, after: $after) {
      edges {
        cursor
        node { ...PostCard }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** Feed needs a finished sign-up; anonymous, it answers a top-level UNAUTHENTICATED error (log in). */
export function watchFeed(client: Client, pageSize = 10) {
  return client.watchQuery({ query: FeedQuery, variables: { first: pageSize } });
}

export type FeedWatch = ReturnType<typeof watchFeed>;

/** Loads the next page into the cache; resolves to false when there is none. */
export async function loadMoreFeed(feed: FeedWatch): Promise<boolean> {
  const pageInfo = feed.getCurrentResult().data?.feed?.pageInfo;
  if (!pageInfo?.hasNextPage || !pageInfo.endCursor) return false;
  await feed.fetchMore({ variables: { after: pageInfo.endCursor } });
  return true;
}

/** Example: print each state of the feed as pages arrive. */
export function logFeed(feed: FeedWatch) {
  return feed.subscribe(({ data, error }) => {
    if (error) return console.error(error.message);
    for (const edge of data?.feed?.edges ?? []) {
      const post = edge?.node;
      if (post) console.log(`${post.author?.username}: ${post.caption} (${post.likesCount} likes)`);
    }
  });
}
