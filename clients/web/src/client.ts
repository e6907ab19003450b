// One Apollo Client for the app: the cache's paging rules, the bearer token on each request, multipart
// uploads, and what to do when the server refuses the token (API.md, Transport).
import { ApolloClient, ApolloLink, InMemoryCache } from "@apollo/client";
import type { ErrorLike, TypePolicies } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { relayStylePagination } from "@apollo/client/utilities";
import UploadHttpLink from "apollo-upload-client/UploadHttpLink.mjs";
import { from, switchMap, throwError } from "rxjs";

import { refreshSession } from "./account";
import type { Session } from "./session";

declare module "@apollo/client" {
  interface DefaultContext {
    /** Send no Authorization header (signUp, login, refreshToken: a stale token would get a 401). */
    anonymous?: boolean;
    /** Set on the one retry after a refresh, so a second refusal signs out instead of looping. */
    retriedAfterRefresh?: boolean;
  }
}

// Connections are keyset-paged with `first`/`after`: each fetchMore page is appended to the one cached list.
const typePolicies: TypePolicies = {
  Query: { fields: { feed: relayStylePagination(), posts: relayStylePagination() } },
  Post: { fields: { comments: relayStylePagination() } },
  Comment: { fields: { replies: relayStylePagination() } },
};

export function createClient({ uri, session }: { uri: string; session: Session }) {
  // Requests refused together share one refresh: a refresh token works once, and presenting a spent one
  // again ends every session of the user.
  let refreshing: Promise<boolean> | null = null;
  const refreshOnce = () =>
    (refreshing ??= refreshSession(client, session).finally(() => {
      refreshing = null;
    }));

  const tokenRefused = new ErrorLink(({ error, operation, forward }) => {
    const reason = tokenRefusal(error);
    if (reason === null) return;
    if (reason === "TOKEN_INVALID" || operation.getContext().retriedAfterRefresh) {
      session.signOut();
      return;
    }
    return from(refreshOnce()).pipe(
      switchMap((refreshed) => {
        if (!refreshed) {
          session.signOut();
          return throwError(() => error);
        }
        operation.setContext({ retriedAfterRefresh: true });
        return forward(operation); // through `bearer` again, so with the new access token
      }),
    );
  });

  const bearer = new SetContextLink((context) => {
    const token = session.accessToken;
    if (context.anonymous || !token) return {};
    return { headers: { ...context.headers, Authorization: `Bearer ${token}` } };
  });

  // A plain POST, or a GraphQL multipart request when the variables hold a File or a Blob (updatePhoto).
  const http = new UploadHttpLink({ uri });

  const client = new ApolloClient({
    link: ApolloLink.from([tokenRefused, bearer, http]),
    cache: new InMemoryCache({ typePolicies }),
  });
  return client;
}

export type Client = ReturnType<typeof createClient>;

/**
 * A refused token is HTTP 401 with `{"errors": [{"extensions": {"code": "UNAUTHENTICATED", "reason": ...}}]}`.
 * Served as `application/json`, Apollo raises a ServerError holding the body; served as
 * `application/graphql-response+json`, it parses the body into CombinedGraphQLErrors. Read both. A missing
 * sign-in (UNAUTHENTICATED without a reason) is not a token problem: the screen asks the user to log in.
 */
export function tokenRefusal(error: ErrorLike): "TOKEN_EXPIRED" | "TOKEN_INVALID" | null {
  let errors: readonly { extensions?: Record<string, unknown> }[] = [];
  if (ServerError.is(error) && error.statusCode === 401) {
    try {
      errors = (JSON.parse(error.bodyText) as { errors?: typeof errors }).errors ?? [];
    } catch {
      return "TOKEN_INVALID"; // a 401 without a GraphQL body: nothing to refresh with confidence
    }
  } else if (CombinedGraphQLErrors.is(error)) {
    errors = error.errors;
  }
  for (const { extensions } of errors) {
    if (extensions?.code !== "UNAUTHENTICATED") continue;
    if (extensions.reason === "TOKEN_EXPIRED" || extensions.reason === "TOKEN_INVALID") return extensions.reason;
  }
  return null;
}
