"""removeFollower, and a private account turned public letting in the requests that waited for it."""

from accounts.models import AuthStatus
from feed.models import Follow, FollowRequest
from tests.factories import UserFactory, access_token, follow, global_id

REMOVE = (
    "mutation($id: ID!) { removeFollower(input: {userId: $id}) { "
    "user { id followingCount isFollowedByMe } viewer { followersCount } userErrors { field code message } } }"
)
GO_PUBLIC = (
    "mutation { updateProfile(input: {isPrivate: false}) { user { isPrivate followersCount } userErrors { code } } }"
)
REQUEST = "mutation($id: ID!) { follow(input: {userId: $id}) { user { followRequestPending } userErrors { code } } }"


def test_removing_a_follower_ends_the_follow_and_keeps_both_counts(gql):
    owner, fan = UserFactory(is_private=True), UserFactory()
    follow(fan, owner)
    payload = gql(REMOVE, {"id": global_id("User", fan)}, token=access_token(owner))["data"]["removeFollower"]
    assert payload["userErrors"] == []
    assert payload["user"]["followingCount"] == 0
    assert payload["viewer"]["followersCount"] == 0
    assert not Follow.objects.filter(follower=fan, following=owner).exists()
    fan.refresh_from_db()
    owner.refresh_from_db()
    assert (fan.following_count, owner.followers_count) == (0, 0)


def test_removing_someone_who_does_not_follow_is_a_no_op(gql):
    owner, stranger = UserFactory(), UserFactory()
    payload = gql(REMOVE, {"id": global_id("User", stranger)}, token=access_token(owner))["data"]["removeFollower"]
    assert payload["userErrors"] == []
    owner.refresh_from_db()
    assert owner.followers_count == 0


def test_removing_an_unknown_user_is_not_found_and_changes_nothing(gql):
    owner, fan = UserFactory(), UserFactory()
    follow(fan, owner)
    for bad in ["garbage", global_id("Post", fan)]:
        payload = gql(REMOVE, {"id": bad}, token=access_token(owner))["data"]["removeFollower"]
        assert [error["code"] for error in payload["userErrors"]] == ["NOT_FOUND"]
        assert payload["user"] is None
    assert Follow.objects.filter(follower=fan, following=owner).exists()


def test_removing_yourself_is_refused(gql):
    owner = UserFactory()
    payload = gql(REMOVE, {"id": global_id("User", owner)}, token=access_token(owner))["data"]["removeFollower"]
    assert [error["code"] for error in payload["userErrors"]] == ["CANNOT_FOLLOW_SELF"]


def test_removing_a_follower_needs_a_finished_sign_up(gql):
    owner, fan = UserFactory(auth_status=AuthStatus.NEW), UserFactory()
    follow(fan, owner)
    payload = gql(REMOVE, {"id": global_id("User", fan)}, token=access_token(owner))["data"]["removeFollower"]
    assert [error["code"] for error in payload["userErrors"]] == ["SIGN_UP_INCOMPLETE"]
    assert Follow.objects.filter(follower=fan, following=owner).exists()


def test_removing_a_follower_needs_a_sign_in(gql):
    fan = UserFactory()
    [error] = gql(REMOVE, {"id": global_id("User", fan)})["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


def test_turning_public_approves_every_waiting_request(gql):
    owner = UserFactory(is_private=True)
    fans = [UserFactory() for _ in range(3)]
    for fan in fans:
        gql(REQUEST, {"id": global_id("User", owner)}, token=access_token(fan))
    assert FollowRequest.objects.filter(target=owner).count() == 3
    payload = gql(GO_PUBLIC, token=access_token(owner))["data"]["updateProfile"]
    assert payload == {"user": {"isPrivate": False, "followersCount": 3}, "userErrors": []}
    assert not FollowRequest.objects.exists()
    assert Follow.objects.filter(following=owner).count() == 3
    for fan in fans:
        fan.refresh_from_db()
        assert fan.following_count == 1


def test_a_refused_profile_edit_leaves_the_requests_waiting(gql):
    owner, fan = UserFactory(is_private=True), UserFactory()
    gql(REQUEST, {"id": global_id("User", owner)}, token=access_token(fan))
    doc = 'mutation { updateProfile(input: {isPrivate: false, username: "x"}) { user { id } userErrors { code } } }'
    payload = gql(doc, token=access_token(owner))["data"]["updateProfile"]
    assert [error["code"] for error in payload["userErrors"]] == ["INVALID_USERNAME"]
    owner.refresh_from_db()
    assert owner.is_private
    assert FollowRequest.objects.filter(target=owner, requester=fan).exists()
    assert not Follow.objects.exists()


def test_staying_private_leaves_the_requests_waiting(gql):
    owner, fan = UserFactory(is_private=True), UserFactory()
    gql(REQUEST, {"id": global_id("User", owner)}, token=access_token(fan))
    gql('mutation { updateProfile(input: {bio: "still private"}) { userErrors { code } } }', token=access_token(owner))
    assert FollowRequest.objects.filter(target=owner, requester=fan).exists()
