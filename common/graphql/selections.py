"""Looking below the field being resolved, for a prefetch that a field further down will read.

A field of a plain object type under a model type (a post's `captionEntities { user { ... } }`) has no queryset
for the optimizer to shape; the model field above it prefetches the rows for it, shaped by the selection of
the field below (`user`), which `child_info` presents as if that field were being resolved.
"""

from collections.abc import Iterator

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLResolveInfo,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)


def child_info(info, name: str) -> GraphQLResolveInfo | None:
    """The resolve info of the field `name` selected under this one (every selection of it, through fragments
    and aliases), or None when it is not selected."""
    raw: GraphQLResolveInfo = getattr(info, "_raw_info", info)
    nodes = [
        node
        for parent in raw.field_nodes
        for node in _fields(parent.selection_set, raw.fragments)
        if node.name.value == name
    ]
    if not nodes:
        return None
    parent_type = get_named_type(raw.return_type)
    return raw._replace(
        field_name=name,
        field_nodes=nodes,
        return_type=parent_type.fields[name].type,
        parent_type=parent_type,
        path=raw.path.add_key(name, parent_type.name),
    )


def _fields(selection_set: SelectionSetNode | None, fragments) -> Iterator[FieldNode]:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            yield from _fields(fragments[selection.name.value].selection_set, fragments)
