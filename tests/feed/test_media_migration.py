"""The migration to carousels (feed 0003) over version-1 data: each post's image becomes its first media item,
naming the same file; no file is copied, moved or lost."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from feed.models import Post, PostMedia
from tests.factories import UserFactory
from tests.images import image_bytes

VERSION_1 = [("feed", "0001_initial")]


def stored(settings) -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def migrator(db):
    """Migrates the test database; puts it back at the latest migrations whatever the test did."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate, latest
    migrate(latest)


@pytest.mark.django_db(transaction=True)
def test_every_post_s_image_becomes_its_first_media_item_with_no_file_copied(migrator, settings):
    migrate, latest = migrator
    old = migrate(VERSION_1)
    OldPost = old.get_model("feed", "Post")
    author = UserFactory()
    made = []
    for n, size in enumerate([(40, 30), (30, 40), (50, 50)]):
        name = default_storage.save(f"posts/v1-{n}.jpg", ContentFile(image_bytes(size=size)))
        post = OldPost.objects.create(
            author_id=author.pk, image=name, image_width=size[0], image_height=size[1], caption=f"old {n}"
        )
        made.append((post.pk, name, size))
    files_before = stored(settings)

    migrate(latest)

    assert PostMedia.objects.count() == 3
    for post_id, name, (width, height) in made:
        media = Post.objects.get(pk=post_id).media.get()
        assert (media.position, media.image.name, media.width, media.height) == (0, name, width, height)
        assert media.alt_text == ""
    assert stored(settings) == files_before  # the same files, none added, none gone


@pytest.mark.django_db(transaction=True)
def test_going_back_gives_each_post_its_first_image_again(migrator, settings):
    migrate, latest = migrator
    old = migrate(VERSION_1)
    author = UserFactory()
    name = default_storage.save("posts/v1.jpg", ContentFile(image_bytes()))
    post_id = (
        old.get_model("feed", "Post")
        .objects.create(author_id=author.pk, image=name, image_width=64, image_height=48)
        .pk
    )
    migrate(latest)
    back = migrate(VERSION_1)
    post = back.get_model("feed", "Post").objects.get(pk=post_id)
    assert (post.image.name, post.image_width, post.image_height) == (name, 64, 48)
    assert Path(settings.MEDIA_ROOT, name).exists()
