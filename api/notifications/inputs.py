import strawberry


@strawberry.input
class MarkNotificationsReadInput:
    up_to: strawberry.ID | None = strawberry.field(
        default=None, description="The newest notification to mark read, with every older one; all when null."
    )
