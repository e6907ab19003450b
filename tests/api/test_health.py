from django.db.utils import OperationalError
from django.test import override_settings


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    def unavailable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr("django.db.backends.utils.CursorWrapper.execute", unavailable)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_answers_a_plain_http_probe_without_redirecting_it(client, db):
    # A load balancer probes over plain HTTP, with no X-Forwarded-Proto, and takes a redirect for a failure.
    assert client.get("/healthz").status_code == 200
    assert client.post("/graphql/", "{}", content_type="application/json").status_code == 301
