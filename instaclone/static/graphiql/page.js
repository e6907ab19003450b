// Starts GraphiQL from the globals that the vendor scripts before this one define (React, ReactDOM,
// GraphiQL, GraphiQLPluginExplorer). A file rather than an inline script, so the page's
// Content-Security-Policy can stay at script-src 'self'.
(function () {
  "use strict";

  var DEFAULT_QUERY = [
    "# Instaclone's GraphQL API",
    "#",
    "# Run: Ctrl-Enter or the play button.",
    "# Signed in: paste into Headers below",
    '#   {"Authorization": "Bearer <accessToken>"}',
    "# Docs and Explorer (left) list every field.",
    "",
    "{",
    "  me {",
    "    id",
    "    username",
    "  }",
    "}",
    "",
  ].join("\n");

  var container = document.getElementById("graphiql");
  var endpoint = new URL(container.dataset.endpoint, window.location.href);
  // Subscriptions will speak graphql-transport-ws on the same path. GraphiQL's client connects only when a
  // subscription runs, and sends the Headers tab as the connection params (a browser cannot put headers on a
  // WebSocket), so the server will read the bearer token from there.
  var socket = new URL(endpoint.href);
  socket.protocol = endpoint.protocol === "https:" ? "wss:" : "ws:";
  var fetcher = GraphiQL.createFetcher({ url: endpoint.href, subscriptionUrl: socket.href });

  // The query and variables ride in the address bar, so a link shares the operation; headers never do.
  var params = new URLSearchParams(window.location.search);
  function remember(name, value) {
    if (value) {
      params.set(name, value);
    } else {
      params.delete(name);
    }
    var search = params.toString();
    window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      defaultQuery: DEFAULT_QUERY,
      query: params.get("query") || undefined,
      variables: params.get("variables") || undefined,
      onEditQuery: function (query) {
        remember("query", query);
      },
      onEditVariables: function (variables) {
        remember("variables", variables);
      },
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: true,
    }),
  );
})();
