"""Which operation of a document runs: what every rule about "the operation" must look at."""

from graphql import DocumentNode, OperationDefinitionNode


def operation_to_run(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    """The operation named by the request, or, when none is named, the document's first: strawberry executes the
    first operation of a document when no `operationName` is given (graphql-core would refuse), so a rule that
    looked at no operation in that case let `query a {…expensive…} query b {__typename}` run unchecked."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if operations else None
    return next((o for o in operations if o.name and o.name.value == operation_name), None)
