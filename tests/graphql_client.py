"""A small client for the GraphQL endpoint, over HTTP through Django's test client."""

import contextlib
import json

from django.core.files.uploadedfile import SimpleUploadedFile


class GraphQLClient:
    def __init__(self, client, after_commit=contextlib.nullcontext):
        self.client = client
        self.after_commit = after_commit

    def post(self, data, **kwargs):
        with self.after_commit():
            return self.client.post("/graphql/", data, **kwargs).json()

    def __call__(self, query: str, variables: dict | None = None, *, token: str | None = None) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}})
        return self.post(body, content_type="application/json", headers=_auth(token))

    def upload(self, query: str, variables: dict, files: dict[str, bytes], *, token: str | None = None) -> dict:
        """The GraphQL multipart request spec: `files` maps a variable name to the file's bytes."""
        variables = {**variables, **dict.fromkeys(files)}
        data = {
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps({str(i): [f"variables.{name}"] for i, name in enumerate(files)}),
        }
        for i, (name, content) in enumerate(files.items()):
            data[str(i)] = SimpleUploadedFile(f"{name}.bin", content)
        return self.post(data, headers=_auth(token))


def _auth(token: str | None) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}
