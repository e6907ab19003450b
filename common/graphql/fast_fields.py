"""Fields whose value is already on the row are read from it, without strawberry's per-field machinery.

strawberry-django gives every field of a Django type the full resolver path: it builds an `Info`, converts the
arguments (none here), chains the field's extensions (none), then asks the model which descriptor holds the
value. For a column, a foreign key the page query joined, a node id or a per-viewer flag the page query
annotated, that was 7 µs of a field's 10 (bench/PROFILE.md); an explore page reads about 200 such fields.

After the schema is built, each such field gets a resolver that reads the value off the row. When the value is
not on the row (a deferred column, a relation that was not joined, an object a mutation made), it calls the
resolver the library gave the field, which loads the value as before: the fast path never changes an answer.
A file's URL (`photoUrl`, a post's `url`s) is made from the name in its column (common.graphql.file_urls), and a
field marked `row_method` (a post's `image`, `media`) calls its resolver on the row without the library's wrapper.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.db.models.query_utils import DeferredAttribute
from graphql import GraphQLField, GraphQLObjectType
from strawberry import relay

from .file_urls import file_url
from .internals import StrawberryDjangoFieldBase, graphql_core_schema, resolve_model_id, strawberry_field_of

ROW_ATTRIBUTE = "_fast_fields_row_attribute"
ROW_FILE = "_fast_fields_row_file"
ROW_METHOD = "_fast_fields_row_method"


def row_annotation(field, attribute: str, convert: Callable[[Any], Any]):
    """Marks `field` (a strawberry-django field with a resolver) as answering `convert(row.<attribute>)` when
    the page query annotated `attribute` on the row, with a value other than None."""
    setattr(field, ROW_ATTRIBUTE, (attribute, convert))
    return field


def row_file_url(column: str):
    """Marks the field it decorates (a strawberry-django field with a resolver) as answering the absolute URL of
    the file named in the file field `column` of the row, or null when the column is empty."""

    def mark(field):
        setattr(field, ROW_FILE, column)
        return field

    return mark


def row_method(field):
    """Marks `field` (a strawberry-django field whose resolver takes the row alone and returns neither a queryset
    nor a manager) as answered by its resolver called on the row, without the library's wrapper around it."""
    setattr(field, ROW_METHOD, True)
    return field


def read_plain_fields_from_rows(schema) -> int:
    """Installs the fast resolvers on `schema`; returns how many fields got one."""
    installed = 0
    for type_name, graphql_type in graphql_core_schema(schema).type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
            continue
        origin = getattr(schema.get_type_by_name(type_name), "origin", None)
        definition = getattr(origin, "__strawberry_django_definition__", None)
        if definition is None:
            continue
        for graphql_field in graphql_type.fields.values():
            library_resolver = graphql_field.resolve
            resolver = _fast_resolver(origin, definition.model, type_name, graphql_field)
            if resolver is not None:
                resolver.library_resolver = library_resolver  # what it falls back to (and what tests compare with)
                graphql_field.resolve = resolver
                installed += 1
    return installed


def _fast_resolver(origin, model: type[Model], type_name: str, graphql_field: GraphQLField):
    field = strawberry_field_of(graphql_field)
    library_resolver = graphql_field.resolve
    if field is None or library_resolver is None or field.arguments or field.extensions:
        return None
    if hasattr(library_resolver, "library_resolver"):
        return None  # installed already
    if field.base_resolver is not None and _is_node_id(field.base_resolver.wrapped_func):
        return _node_id(origin, model, type_name, library_resolver)
    if not isinstance(field, StrawberryDjangoFieldBase):
        return None
    if field.base_resolver is not None:
        if hasattr(field, ROW_METHOD):
            return _method(field.base_resolver.wrapped_func)
        if hasattr(field, ROW_FILE):
            return _file_url(model._meta.get_field(getattr(field, ROW_FILE)), library_resolver)
        marked = getattr(field, ROW_ATTRIBUTE, None)
        return _annotation(*marked, library_resolver) if marked else None
    descriptor = getattr(model, field.django_name or field.python_name, None)
    if type(descriptor) is DeferredAttribute:  # a plain column: not a file, not a foreign key's `_id`
        return _column(descriptor.field.attname, library_resolver)
    if type(descriptor) is ForwardManyToOneDescriptor:
        return _joined(descriptor.field.cache_name, library_resolver)
    return None


def _column(attname: str, library_resolver):
    def resolve(row, info, **kwargs):
        try:
            return row.__dict__[attname]
        except (KeyError, AttributeError):
            return library_resolver(row, info, **kwargs)

    return resolve


def _joined(cache_name: str, library_resolver):
    def resolve(row, info, **kwargs):
        try:
            return row._state.fields_cache[cache_name]
        except (KeyError, AttributeError):
            return library_resolver(row, info, **kwargs)

    return resolve


def _annotation(attribute: str, convert: Callable[[Any], Any], library_resolver):
    def resolve(row, info, **kwargs):
        value = getattr(row, "__dict__", {}).get(attribute)
        if value is None:
            return library_resolver(row, info, **kwargs)
        return convert(value)

    return resolve


def _method(method):
    def resolve(row, info, **kwargs):
        return method(row)

    return resolve


def _file_url(file_field, library_resolver):
    attname = file_field.attname

    def resolve(row, info, **kwargs):
        name = getattr(row, "__dict__", {}).get(attname)
        if type(name) is not str:  # deferred, or a file object (the row was saved or read through the field)
            return library_resolver(row, info, **kwargs)
        return file_url(info.context.request, file_field.storage, name)

    return resolve


def _is_node_id(function) -> bool:
    return getattr(function, "__func__", None) is relay.Node.__dict__["_id"].__func__


def _node_id(origin, model: type[Model], type_name: str, library_resolver):
    """The global id `relay.Node` would give: the type's name and the primary key, in base64. Only for a type
    that keeps strawberry-django's way of reading the id and strawberry's way of naming the type."""
    resolves_pk = getattr(origin.resolve_id, "__func__", None) is resolve_model_id and origin.resolve_id_attr() == "pk"
    names_itself = origin.resolve_typename.__func__ is relay.Node.resolve_typename.__func__
    if not (resolves_pk and names_itself):
        return None
    attname = model._meta.pk.attname

    def resolve(row, info, **kwargs):
        try:
            return relay.to_base64(type_name, row.__dict__[attname])
        except (KeyError, AttributeError):
            return library_resolver(row, info, **kwargs)

    return resolve
