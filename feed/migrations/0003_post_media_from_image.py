"""Every post's image becomes its first media item: the row names the same stored file, so no file is copied,
moved or lost (0004 then drops the post's own image columns). Backwards, the first media item's file goes back
to the post; a carousel's other images stay in storage, unreferenced, and are not deleted."""

from django.db import migrations

BATCH = 2000


def media_from_image(apps, schema_editor):
    Post = apps.get_model("feed", "Post")
    PostMedia = apps.get_model("feed", "PostMedia")
    db = schema_editor.connection.alias
    rows = (
        Post.objects.using(db)
        .exclude(image="")
        .order_by("pk")
        .values_list("pk", "image", "image_width", "image_height")
    )
    batch = []
    for post_id, image, width, height in rows.iterator(chunk_size=BATCH):
        batch.append(PostMedia(post_id=post_id, position=0, image=image, width=width, height=height))
        if len(batch) == BATCH:
            PostMedia.objects.using(db).bulk_create(batch)
            batch = []
    PostMedia.objects.using(db).bulk_create(batch)


def image_from_media(apps, schema_editor):
    Post = apps.get_model("feed", "Post")
    PostMedia = apps.get_model("feed", "PostMedia")
    db = schema_editor.connection.alias
    covers = PostMedia.objects.using(db).filter(position=0).order_by("post_id")
    batch = []
    for media in covers.values_list("post_id", "image", "width", "height").iterator(chunk_size=BATCH):
        post_id, image, width, height = media
        batch.append(Post(pk=post_id, image=image, image_width=width, image_height=height))
        if len(batch) == BATCH:
            Post.objects.using(db).bulk_update(batch, ["image", "image_width", "image_height"])
            batch = []
    Post.objects.using(db).bulk_update(batch, ["image", "image_width", "image_height"])


class Migration(migrations.Migration):

    dependencies = [
        ("feed", "0002_carousel_saves_hashtags_mentions"),
    ]

    operations = [migrations.RunPython(media_from_image, image_from_media)]
