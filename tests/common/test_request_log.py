import json
import logging


def test_each_request_logs_its_duration_sql_count_and_operation(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="instaclone.requests"):
        client.post("/graphql/", {"query": "query Whoami { me { id } }"}, content_type="application/json")
    [record] = [json.loads(r.message) for r in caplog.records if r.name == "instaclone.requests"]
    assert record["operation"] == "Whoami"
    assert record["status"] == 200
    assert record["path"] == "/graphql/"
    assert record["sql"] == 0
    assert record["duration_ms"] > 0
