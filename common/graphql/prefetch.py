"""Nested connections in one query for a whole page of parents.

A connection under every item of a list (the first comments of each post in a feed page, the likers of each
comment, the followers of each account found) would otherwise cost one query per item. `NestedPage.hint` is
an optimizer hint that, when the parent list is fetched, loads the nested page of every parent at once (window
functions partitioned by parent), and `NestedPage.of` hands those rows to the connection as an already
evaluated queryset, cursors and total count included. A page asked with `after` or `before` reads the same
cursor under every parent, so the cursor is a condition inside the window; `last` reads the window backwards.

Under a single parent (`post(id:) { comments }`) the plain keyset query is cheaper: the window reads every row
of the partition (19 ms for a post's 20,000 comments) where the keyset query stops after one page (5 ms).
"""

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import RowNumber
from graphql import GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType, get_named_type

from .internals import (
    OrderedCollectionCursor,
    OrderingDescriptor,
    VariableValues,
    annotate_ordering_fields,
    build_tuple_compare,
    get_argument_values,
    get_queryset_config,
    get_variable_values,
    mark_optimized_by_prefetching,
    optimize,
)
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, total_count_known
from .selections import child_info

# Window annotations of a nested page's rows: its place from the cursor, whether it lies past the other cursor,
# its place in the whole list, and the list's length (the name strawberry-django's connection reads it by).
RANK = "_nested_rank"
OUTSIDE = "_nested_outside"
FIRST = "_nested_first"
TOTAL = "_strawberry_total_count"


@dataclass(frozen=True)
class _Arguments:
    first: int | None
    last: int | None
    after: str | None
    before: str | None

    @property
    def key(self) -> str:
        """Tells apart two pages of one relation in a document (`a: likes(first: 2) b: likes(first: 5)`)."""
        return hashlib.blake2s(repr(self).encode(), digest_size=6).hexdigest()


@dataclass(frozen=True)
class NestedPage:
    """A nested connection loaded for a whole page of parents. `hint` goes in the field's `prefetch_related`,
    `of(parent, info, single)` is what its resolver returns: one object, so the two always agree on where the
    rows are kept. `rows(info)` is every parent's rows in the list's order, not filtered by parent;
    `parent_field` names a row's parent, reached from the parent through `relation`.

    For a list of accounts joined through a link table (likes, follows), `rows` are the links, ordered as the
    single-parent list orders its accounts (the link's time and id, then the account's key), and `node` is the
    link's foreign key to the account listed: the accounts are shaped by the optimizer in a second query."""

    relation: str
    parent_field: str
    rows: Callable[[object], QuerySet]
    node: str | None = None
    _cursors: dict = field(default_factory=dict, compare=False, repr=False)

    def to_attr(self, arguments: _Arguments) -> str:
        return f"_{self.relation}_page_{arguments.key}"

    def hint(self, info) -> Prefetch:
        """The page of every parent, in one query (two for accounts through links)."""
        rows = self._rows(info)
        arguments = _arguments(info) if _parent_is_one_of_many(info) else None
        descriptors = self._cursor_fields(rows)
        if arguments is None or not _cursors_read(arguments, descriptors):
            return unused_prefetch(self.relation, rows.model)
        if self.node is None:
            rows = optimize(rows, info)
        else:
            nodes = self._cursors["model"]._default_manager.all()
            rows = rows.prefetch_related(Prefetch(self.node, queryset=optimize(nodes, info)))
        # The optimizer loads only the selected columns; the cursors need the ordering ones too.
        rows, _, order_by = annotate_ordering_fields(rows)
        rows = _window(rows, order_by, descriptors, arguments, partition=self.parent_field, total=_wants_total(info))
        return Prefetch(self.relation, queryset=rows, to_attr=self.to_attr(arguments))

    def of(self, parent, info, single: Callable[[], QuerySet]) -> QuerySet:
        """The page the hint loaded for `parent`, as an evaluated queryset; `single()` when it loaded none."""
        arguments = _arguments_once(info)
        rows = getattr(parent, self.to_attr(arguments), None) if arguments is not None else None
        if rows is None:
            return single()
        total = getattr(rows[0], TOTAL, None) if rows else 0
        page = [row for row in rows if getattr(row, RANK) >= 1 and getattr(row, OUTSIDE, 0) == 0]
        if self.node is not None:
            page = [self._node_of(link) for link in page]
        queryset = self._cursors["model"]._default_manager.none()
        queryset._result_cache = page
        queryset._prefetch_done = True
        get_queryset_config(queryset).ordering_descriptors = self._cursors["nodes"]
        total_count_known(queryset, total)
        return mark_optimized_by_prefetching(queryset)

    def _rows(self, info) -> QuerySet:
        """`rows(info)`, made once per request: the optimizer merges two hints on one relation (a post's
        `mentions { followers }` and `captionEntities { user { followers } }`) only when their filters are equal,
        and a filter holding a subquery (the privacy rule's) equals only itself."""
        made = getattr(info.context, "__dict__", {}).setdefault("_nested_rows", {})
        if self not in made:
            made[self] = self.rows(info)
        return made[self]

    def _cursor_fields(self, rows: QuerySet) -> list[OrderingDescriptor]:
        """The cursor fields of `rows`, computed once (they depend on the list's order only). Accounts listed
        through links carry their link's (`_link_<field>`): values and types equal those of the single-parent
        list's cursors, so a cursor read under one parent works under many and back."""
        if "rows" not in self._cursors:
            _, descriptors, _ = annotate_ordering_fields(rows)
            if self.node is None:
                self._cursors.update(model=rows.model, nodes=descriptors)
            else:
                self._cursors.update(
                    model=rows.model._meta.get_field(self.node).related_model,
                    nodes=[OrderingDescriptor(f"_link_{d.attname}", d.order_by, d.maybe_null) for d in descriptors],
                )
            self._cursors["rows"] = descriptors
        return self._cursors["rows"]

    def _node_of(self, link):
        # One account may be listed under several parents, with a cursor of its own under each.
        node = copy.copy(getattr(link, self.node))
        for descriptor in self._cursors["rows"]:
            setattr(node, f"_link_{descriptor.attname}", getattr(link, descriptor.attname))
        return node


def unused_prefetch(relation: str, model) -> Prefetch:
    """What a hint gives when it has nothing to load (a hint must give a Prefetch): it runs no query and leaves
    nothing on the parent. Not `none()`: two of them on one relation (aliases) must compare equal to merge."""
    return Prefetch(relation, queryset=model._default_manager.filter(pk__in=[]), to_attr=f"_{relation}_unused")


def _window(rows: QuerySet, order_by, descriptors, arguments: _Arguments, *, partition: str, total: bool) -> QuerySet:
    """`rows` cut to each parent's page: the rows past the near cursor (`after`, or `before` read backwards),
    on this side of the far one, at most the page size plus one (the sign of a next page). The total count
    needs the whole list, so the cursors are conditions inside the windows, not a filter before them; when the
    page may be empty, the list's first row comes along for the count, outside the page."""
    forward = arguments.last is None
    size = (arguments.first if forward else arguments.last) + 1
    near, far = (arguments.after, arguments.before) if forward else (arguments.before, arguments.after)
    if not forward:
        order_by = [expression.copy().reverse_ordering() for expression in order_by]

    def window(expression):
        return Window(expression, partition_by=partition, order_by=order_by)

    annotations = {}
    if near:
        past_near = build_tuple_compare(descriptors, _values(near, descriptors), not forward)
        annotations[RANK] = window(Sum(Case(When(past_near, then=Value(1)), default=Value(0))))
        page = Q(**{f"{RANK}__gte": 1, f"{RANK}__lte": size})
    else:
        annotations[RANK] = window(RowNumber())
        page = Q(**{f"{RANK}__lte": size})
    if far:
        before_far = build_tuple_compare(descriptors, _values(far, descriptors), forward)
        annotations[OUTSIDE] = window(Sum(Case(When(before_far, then=Value(0)), default=Value(1))))
        page &= Q(**{OUTSIDE: 0})
    if total:
        annotations[TOTAL] = Window(Count(1), partition_by=partition)
        if near or far:
            annotations[FIRST] = window(RowNumber())
            page |= Q(**{FIRST: 1})
    rows = rows.annotate(**annotations).filter(page)
    return rows if forward else rows.reverse()


def _values(cursor: str, descriptors) -> list:
    return OrderedCollectionCursor.from_cursor(cursor, descriptors).field_values


def _cursors_read(arguments: _Arguments, descriptors) -> bool:
    """Whether the cursors are ours; a forged one is left to the single-parent path, which says so."""
    try:
        for cursor in (arguments.after, arguments.before):
            if cursor is not None:
                _values(cursor, descriptors)
    except (ValueError, TypeError):
        return False
    return True


def _parent_is_one_of_many(info) -> bool:
    """Whether the parent is an item of a list: a node of a connection (`posts { edges { node { comments } } }`,
    which the optimizer's paths write without `edges`) or an item of a plain list (`post(id:) { mentions {
    followers } }`)."""
    raw = getattr(info, "_raw_info", info)
    names = [part for part in raw.path.as_list() if isinstance(part, str)]
    if "node" in names[1:-1]:  # names[0] is the root field, which may itself be called `node`
        return True
    parent = raw.schema.get_root_type(raw.operation.operation)
    for name in names[:-1]:
        fields = parent.fields if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else {}
        if name not in fields:
            return False
        graphql_type = fields[name].type
        if isinstance(graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type, GraphQLList):
            return True
        parent = get_named_type(graphql_type)
    return False


def _arguments_once(info) -> _Arguments | None:
    """`_arguments`, read once per request for a field in the document, not once per parent."""
    raw = getattr(info, "_raw_info", info)
    read = getattr(raw.context, "__dict__", {}).setdefault("_nested_arguments", {})
    key = id(raw.field_nodes[0])  # the document outlives the request; an AST node hashes its whole subtree
    if key not in read:
        read[key] = _arguments(raw)
    return read[key]


def _arguments(info) -> _Arguments | None:
    """The page the field asks for, or None for what only the single-parent path answers (`first` with
    `last`, a size out of bounds: it says why)."""
    raw = getattr(info, "_raw_info", info)
    graphql_field = raw.parent_type.fields[raw.field_name]
    variables = VariableValues(sources={}, coerced=get_variable_values(raw))
    values = get_argument_values(graphql_field, raw.field_nodes[0], variables)
    first, last = values.get("first"), values.get("last")
    if first is not None and last is not None:
        return None
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    if not 0 <= (first if last is None else last) <= MAX_PAGE_SIZE:
        return None
    return _Arguments(first=first, last=last, after=values.get("after"), before=values.get("before"))


def _wants_total(info) -> bool:
    return child_info(info, "totalCount") is not None
