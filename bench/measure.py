"""One round of one tree under `make bench`: the tree's own `make serve` started, every measure taken from
outside with `wrk`, the server stopped; then once more with only trusted documents accepted."""

import asyncio
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.server import Server
from bench.sides import Side, SideOperation, document_hash
from bench.slow_clients import Attack, under_attack
from bench.wrk import WrkResult, wrk_run

EXPLORE = "explore page 1"
APQ = "explore page 1, persisted: hash only (automatic persisted queries)"
TRUSTED = "explore page 1, persisted: hash only, server accepting trusted documents only"


@dataclass
class Load:
    result: WrkResult
    cpu_ms: float  # server CPU time over the run divided by its requests


@dataclass
class RoundResult:
    loads: dict[str, Load] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)  # operations the tree does not answer, and its answer
    attacked: WrkResult | None = None
    attack: Attack | None = None


def round_measure(
    side: Side, work: Path, *, env: dict, port: int, seconds: int, connections: int, workers: int, slow: int,
    hold: int,
) -> RoundResult:  # fmt: skip
    side.operations_load(env)  # a fresh token: access tokens live 15 minutes
    base, result = f"http://127.0.0.1:{port}", RoundResult()
    url = f"{base}/graphql/"
    env = {**side.env(env), "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    explore = next((op for op in side.operations if op.name == EXPLORE), None)
    if explore is None:  # a tree whose bench knows no explore page: its operations alone
        explore = SideOperation(EXPLORE, True, ["{}"])
    persisted = _hash_only(explore)

    def measured(name: str, bodies: list[str], token: str | None, server: Server) -> None:
        refusal = _refusal(url, bodies[0], token)
        if refusal:
            result.refused[name] = refusal
            return
        cpu = server.cpu_seconds()
        load = wrk_run(url, bodies, token=token, connections=connections, seconds=seconds)
        result.loads[name] = Load(load, (server.cpu_seconds() - cpu) * 1000 / max(1, load.requests))

    with Server(side.serve_command(), cwd=side.tree, env=env, url=base) as server:
        wrk_run(url, explore.bodies, token=side.token, connections=connections, seconds=3)  # every worker warm
        for op in side.operations:
            measured(op.name, op.bodies, side.token if op.signed_in else None, server)
        registered = _refusal(url, _with_hash(explore.bodies[0]), side.token)
        if registered:
            result.refused[APQ] = f"registering the document: {registered}"
        else:
            measured(APQ, [persisted], side.token, server)
        if EXPLORE in result.loads:
            result.attacked, result.attack = asyncio.run(
                under_attack(url, explore.bodies, token=side.token, port=port, connections=slow, seconds=hold)
            )
    manifest = side.manifest_write(work / f"{document_hash(side.name)[:12]}.json")
    with Server(
        side.serve_command(), cwd=side.tree, env={**env, "GRAPHQL_TRUSTED_DOCUMENTS": str(manifest)}, url=base
    ) as server:
        wrk_run(url, [persisted], token=side.token, connections=connections, seconds=3)
        measured(TRUSTED, [persisted], side.token, server)
    return result


def _hash_only(op: SideOperation) -> str:
    body = json.loads(op.bodies[0])
    persisted = {"version": 1, "sha256Hash": document_hash(body.get("query", ""))}
    return json.dumps({"variables": body.get("variables", {}), "extensions": {"persistedQuery": persisted}})


def _with_hash(body: str) -> str:
    full = json.loads(body)
    full["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": document_hash(full.get("query", ""))}}
    return json.dumps(full)


def _refusal(url: str, body: str, token: str | None) -> str | None:
    """Why the tree does not answer this request with data (None when it does): an older tree may not have the
    operation, or not in this shape. Checked once before the load, with a real address for `{unique}`."""
    body = body.replace("{unique}", f"bench-check-{uuid.uuid4().hex}@example.com")
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, body.encode(), headers), timeout=60) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    try:
        answer = json.loads(text)
    except ValueError:  # an HTML error page, a proxy's 502
        return f"{status} {text[:300]}"
    refused = answer.get("errors") or [
        v["userErrors"] for v in (answer.get("data") or {}).values() if isinstance(v, dict) and v.get("userErrors")
    ]
    return f"{status} {text[:300]}" if status != 200 or refused or not answer.get("data") else None
