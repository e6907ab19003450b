from collections.abc import Iterator

from strawberry.extensions import SchemaExtension


class OperationNameOnRequest(SchemaExtension):
    """Puts the operation's name on the request for the request log (`RequestLogMiddleware`)."""

    def on_operation(self) -> Iterator[None]:
        yield
        request = getattr(self.execution_context.context, "request", None)
        if request is not None:
            request.graphql_operation = self.execution_context.operation_name or "anonymous"
