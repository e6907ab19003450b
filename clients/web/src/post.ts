// One post with its comments (oldest first, paged with `after`), and adding a comment to it.
import type { Reference } from "@apollo/client";

import type { Client } from "./client";
import { isOneOf, messageFor, unhandled, type UserError } from "./errors";
import { graphql } from "./gql";
import type { ErrorCode } from "./gql/graphql";

graphql(`
  fragment CommentFields on Comment {
    id
    text
    createdAt
    likesCount
    meLiked
    repliesCount
    author { id username photoUrl }
  }
`);

// `...PostCard` is declared in feed.ts: codegen resolves fragments across files.
const PostQuery = graphql(`
  query Post($id: ID!, $first: Int = 20, $after: String) {
    post(id: $id) {
      ...PostCard
      comments(first: $first, after: $after) {
        edges {
          cursor
          node { ...CommentFields }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

const AddCommentMutation = graphql(`
  mutation AddComment($input: AddCommentInput!) {
    addComment(input: $input) {
      userErrors { field code message }
      commentEdge {
        cursor
        node { ...CommentFields }
      }
      post { id commentsCount }
    }
  }
`);

/** `data.post` is null for a post that does not exist or that the viewer may not see. */
export function watchPost(client: Client, id: string) {
  return client.watchQuery({ query: PostQuery, variables: { id } });
}

export type PostWatch = ReturnType<typeof watchPost>;

/** The next page of comments, appended by the `Post.comments` type policy. False when there is none. */
export async function loadMoreComments(post: PostWatch): Promise<boolean> {
  const pageInfo = post.getCurrentResult().data?.post?.comments?.pageInfo;
  if (!pageInfo?.hasNextPage || !pageInfo.endCursor) return false;
  await post.fetchMore({ variables: { after: pageInfo.endCursor } });
  return true;
}

const ADD_COMMENT_CODES = [
  "NOT_FOUND",
  "FORBIDDEN",
  "SIGN_UP_INCOMPLETE",
  "REQUIRED",
  "TOO_LONG",
  "INVALID_PARENT",
] as const satisfies readonly ErrorCode[];

export type CommentRefusal = { next: "fix-input" | "post-gone" | "finish-sign-up"; message: string };

function commentRefused(error: UserError): CommentRefusal {
  const message = messageFor(error);
  const code = error.code;
  if (!isOneOf(ADD_COMMENT_CODES, code)) return { next: "fix-input", message };
  switch (code) {
    case "REQUIRED":
    case "TOO_LONG":
    case "INVALID_PARENT":
      return { next: "fix-input", message };
    case "NOT_FOUND":
    case "FORBIDDEN": // deleted, or its author went private: leave the screen
      return { next: "post-gone", message };
    case "SIGN_UP_INCOMPLETE":
      return { next: "finish-sign-up", message };
    default:
      return unhandled(code, { next: "fix-input", message });
  }
}

/**
 * Adds a top-level comment. The payload's `post { id commentsCount }` updates the count in the cache by
 * itself (payload objects are read after the write); the new edge is appended to the cached `comments`
 * only when every page is loaded: its cursor would otherwise become `endCursor` and paging would skip the
 * comments between. A reply (`parentId`) belongs to its thread's `replies` instead.
 */
export async function addComment(client: Client, postId: string, text: string): Promise<CommentRefusal | null> {
  const { data } = await client.mutate({
    mutation: AddCommentMutation,
    variables: { input: { postId, text } },
    update(cache, { data }) {
      const edge = data?.addComment.commentEdge;
      if (!edge) return;
      cache.modify({
        id: cache.identify({ __typename: "Post", id: postId }),
        fields: {
          comments(existing, { readField, toReference }) {
            const connection = existing as Connection | undefined;
            if (!connection || connection.pageInfo?.hasNextPage) return existing;
            if (connection.edges.some((e) => readField("id", e.node) === edge.node.id)) return existing;
            // The mutation result is already normalized: the new Comment is in the cache under its id.
            const node = toReference({ __typename: "Comment", id: edge.node.id });
            return { ...connection, edges: [...connection.edges, { ...edge, node }] };
          },
        },
      });
    },
  });
  const [error] = data!.addComment.userErrors;
  return error ? commentRefused(error) : null;
}

/** How relayStylePagination keeps a connection in the cache. */
type Connection = {
  edges: { cursor: string; node: Reference | undefined }[];
  pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
};
