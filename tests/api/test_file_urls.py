"""Every image URL (`url`, `photoUrl`) is the storage's own answer made absolute for the request,
`request.build_absolute_uri(storage.url(name))`, whether it is made from a per-request prefix (a storage that
only prefixes names) or asked of the storage for each file (common.graphql.file_urls)."""

import hashlib

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.test import RequestFactory

from accounts.models import User
from feed.models import PostMedia
from tests.factories import PostFactory, PostMediaFactory, UserFactory, access_token

PAGE = "{ posts(first: 10) { edges { node { image { url } media { url } author { username photoUrl } } } } }"
NAMES = [
    "posts/plain_AbC123.jpg",
    "posts/été au lac #1?.jpg",  # quoted, as the storage quotes it
    "posts/./dot.jpg",  # segments a join rewrites: asked of the storage
    "posts//double.jpg",
    "/posts/leading.jpg",
]


class SigningStorage(FileSystemStorage):
    """Like django-storages' S3 with query-string auth: each URL carries a signature of its own."""

    asked: list[str] = []

    def url(self, name):
        self.asked.append(name)
        return f"{super().url(name)}?signature={hashlib.sha256(name.encode()).hexdigest()[:12]}"


def expected(name: str) -> str:
    return RequestFactory().get("/graphql/").build_absolute_uri(default_storage.url(name))


@pytest.fixture
def page(gql):
    """One post per name, each by an author whose photo has that name (a second image on the first post), and
    the page's answer: {author's username: (cover url, [media urls], photo url)}."""
    viewer = UserFactory()
    names = {}
    for n, name in enumerate(NAMES):
        author = UserFactory(username=f"author{n}")
        post = PostFactory(author=author)
        PostMedia.objects.filter(post=post).update(image=name)
        User.objects.filter(pk=author.pk).update(photo=name.replace("posts/", "avatars/"))
        names[author.username] = name
    second = PostMediaFactory(post=PostFactory(author=UserFactory(username="carousel")), position=1)
    PostMedia.objects.filter(pk=second.pk).update(image=NAMES[1])

    def answer():
        edges = gql(PAGE, token=access_token(viewer))["data"]["posts"]["edges"]
        return {
            edge["node"]["author"]["username"]: (
                edge["node"]["image"]["url"],
                [media["url"] for media in edge["node"]["media"]],
                edge["node"]["author"]["photoUrl"],
            )
            for edge in edges
        }

    return names, answer


def test_urls_of_the_local_storage_are_what_it_answers(page):
    names, answer = page
    urls = answer()
    for username, name in names.items():
        assert urls[username] == (expected(name), [expected(name)], expected(name.replace("posts/", "avatars/")))
    cover, media, photo = urls["carousel"]
    assert media[0] == cover and media[1] == expected(NAMES[1])
    assert photo is None  # no photo: null, not the storage's folder
    assert expected(NAMES[0]) == "http://testserver/media/posts/plain_AbC123.jpg"


def test_an_absolute_media_url_is_kept(page, settings):
    settings.MEDIA_URL = "https://cdn.example.com/media/"
    names, answer = page
    urls = answer()
    assert urls["author0"][0] == "https://cdn.example.com/media/posts/plain_AbC123.jpg"
    for username, name in names.items():
        assert urls[username][0] == expected(name)


def test_a_storage_that_signs_each_url_is_asked_for_each_file(page, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.SigningStorage"}}
    SigningStorage.asked.clear()
    names, answer = page
    urls = answer()
    # Each cover, each image of `media` and each photo (the author of the carousel has none).
    assert len(SigningStorage.asked) == 3 * len(names) + 3
    for username, name in names.items():
        assert urls[username][0] == expected(name)
        assert "?signature=" in urls[username][0]
