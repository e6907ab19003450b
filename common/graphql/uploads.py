"""Per-request upload limits (DESIGN.md "uploads per request"): refused before any file is decoded.

One 301 KB PNG (6300x6300) mapped to 15 aliased `createPost` fields took 13.6 s and 390 MB in one worker, 194
MB of unmapped files were accepted, and a 150 MB file was written to disk before `image_too_large`. So:

- a request body is at most 50 MB, judged from Content-Length before a byte of it is read;
- it carries at most 10 files: the multipart parser is stopped at the eleventh, before reading its content,
  and the `map` may place at most 10;
- its `map` is one strawberry can apply: an object of file names to lists of paths, each path leading to a
  null placeholder in `operations` and each file present (a list, a path through a null or a missing file
  raised inside strawberry and answered HTML 500s);
- the operation runs at most one mutation field that can take an `Upload` (a validation rule, so nothing
  runs and no variable is coerced when it is refused).

The first three are `upload_request_refusal`, which the view calls before strawberry reads the request; the
last is the `OneUploadMutation` schema extension. Every refusal is `BAD_USER_INPUT` in a GraphQL JSON body.
"""

import json
from collections.abc import Iterator, Mapping

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

from .errors import BAD_USER_INPUT, BadUserInput
from .operations import operation_to_run
from .responses import graphql_error_response

MAX_REQUEST_BYTES = 50 * 1024 * 1024
MAX_FILES = 10
MAX_UPLOAD_FIELDS = 1
UPLOAD_SCALAR = "Upload"

TOO_MANY_FILES = f"A request may carry at most {MAX_FILES} files."
BAD_MAP = "`map` must be a JSON object of file names to lists of paths such as `variables.input.photo`."
BAD_PATH = "Each path in `map` must lead to a null placeholder in `operations`."
MISSING_FILE = "A file named in `map` is not in the request."


def upload_refusal(message: str, *, status: int = 400) -> JsonResponse:
    """The one answer for a request these limits refuse."""
    return graphql_error_response(status, message, BAD_USER_INPUT)


# --- The raw request, before strawberry reads it -----------------------------------------------------------


def upload_request_refusal(request) -> JsonResponse | None:
    """None when the request may go on to strawberry; otherwise the refusal to send."""
    if _content_length(request) > MAX_REQUEST_BYTES:
        return upload_refusal(f"A request may be at most {MAX_REQUEST_BYTES // (1024 * 1024)} MB.", status=413)
    if request.method != "POST" or request.content_type != "multipart/form-data":
        return None
    request.upload_handlers.insert(0, _FileCountLimit(request))
    try:
        fields, files = request.POST, request.FILES
    except TooManyFilesSent:
        return upload_refusal(TOO_MANY_FILES)
    except RequestDataTooBig:
        return upload_refusal("The request's form fields are too large.", status=413)
    except (MultiPartParserError, SuspiciousOperation):
        return upload_refusal("The multipart request is malformed.")
    problem = _map_problem(fields, files)
    return upload_refusal(problem) if problem else None


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads such a body as empty


class _FileCountLimit(FileUploadHandler):
    """Stops the multipart parser when it meets one file too many, before it reads that file's content."""

    def __init__(self, request=None):
        super().__init__(request)
        self.files = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files += 1
        if self.files > MAX_FILES:
            raise TooManyFilesSent(TOO_MANY_FILES)

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # the next handler stores it

    def file_complete(self, file_size):
        return None


def _map_problem(fields: Mapping[str, str], files: Mapping[str, object]) -> str | None:
    """What is wrong with the multipart `operations` and `map`, in the terms strawberry applies them."""
    try:
        operations = json.loads(fields.get("operations", "{}"))
        files_map = json.loads(fields.get("map", "{}"))
    except ValueError:
        return "`operations` and `map` must be JSON."
    except RecursionError:
        return "The request is nested too deeply."
    if not isinstance(operations, dict):
        return "`operations` must be a JSON object: one operation per request."
    if not isinstance(files_map, dict):
        return BAD_MAP
    if not all(
        isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths) for paths in files_map.values()
    ):
        return BAD_MAP
    # The same file placed twice is decoded twice: each placement counts.
    if sum(len(paths) for paths in files_map.values()) > MAX_FILES:
        return TOO_MANY_FILES
    for name, paths in files_map.items():
        if name not in files:
            return MISSING_FILE
        if not all(_leads_to_null(operations, path) for path in paths):
            return BAD_PATH
    return None


def _leads_to_null(operations: dict, path: str) -> bool:
    """Whether `path` walks, key by key or index by index, to a null: the walk strawberry's
    `replace_placeholders_with_files` does, where a wrong step raises instead."""
    target = operations
    for key in path.split("."):
        if isinstance(target, dict) and key in target:
            target = target[key]
        elif isinstance(target, list) and key.isdecimal() and int(key) < len(target):
            target = target[int(key)]
        else:
            return False
    return target is None


# --- The operation, at validation -------------------------------------------------------------------------


class OneUploadMutation(SchemaExtension):
    """Refuses an operation that runs more than one mutation field able to take an `Upload`."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = (*context.validation_rules, one_upload_mutation_rule(context.operation_name))
        yield


def one_upload_mutation_rule(operation_name: str | None) -> type[ValidationRule]:
    """The rule for the operation that will run: another operation of the same document does not count."""

    class OneUploadMutationRule(ValidationRule):
        def __init__(self, context: ValidationContext):
            super().__init__(context)
            operation = operation_to_run(context.document, operation_name)
            if operation is None or operation.operation != OperationType.MUTATION:
                return  # a query takes no files; a missing operation is graphql-core's to explain
            fragments = {d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)}
            fields = upload_mutation_fields(context.schema, operation, fragments)
            if len(fields) > MAX_UPLOAD_FIELDS:
                message = (
                    f"A request may run one mutation that takes files; this one runs {len(fields)} "
                    f"({', '.join(fields)}). Send them one per request."
                )
                context.report_error(
                    GraphQLError(
                        message,
                        list(fields.values()),
                        original_error=BadUserInput(message),
                        extensions={"code": BAD_USER_INPUT},
                    )
                )

    return OneUploadMutationRule


def upload_mutation_fields(
    schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> dict[str, FieldNode]:
    """The root fields of a mutation that can take an `Upload`, by response key: fields of one key are merged
    and run once, aliases run apart. Fragments and inline fragments count; `@skip` does not spare a field."""
    root = schema.mutation_type
    upload = schema.get_type(UPLOAD_SCALAR)
    found: dict[str, FieldNode] = {}
    if root is None or upload is None:
        return found
    entered: set[str] = set()

    def walk(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                field = root.fields.get(selection.name.value)
                if field is not None and any(_takes(arg.type, upload, set()) for arg in field.args.values()):
                    found[(selection.alias or selection.name).value] = selection
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in entered:
                    entered.add(name)
                    walk(fragments[name].selection_set)

    walk(operation.selection_set)
    return found


def _takes(type_: GraphQLInputType, upload, seen: set[str]) -> bool:
    """Whether a value of this type can hold an `Upload`: itself, in a list, or in an input object's field at
    any depth (so `photo: Upload!` and `input: {media: [{image: Upload!}]}` both do)."""
    named = get_named_type(type_)
    if named is upload:
        return True
    if isinstance(named, GraphQLInputObjectType) and named.name not in seen:
        seen.add(named.name)
        return any(_takes(field.type, upload, seen) for field in named.fields.values())
    return False
