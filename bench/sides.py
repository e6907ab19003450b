"""The trees `make bench` serves: this working tree and, with BENCH_BASELINE=<git ref>, that commit built beside
it (its own files, virtualenv and `make serve`), so a ratio is measured in one run on one machine state.

Each tree's operations come from its own bench/operations.py (an older API may shape its documents differently),
read by that tree's Python against its database. The baseline shares the bench database when its migrations are
this tree's (the same rows); otherwise it gets a database of its own, seeded by its own seed_demo."""

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINES = ROOT / "var" / "bench-baseline"

# Run by each tree's Python in that tree: its fixtures, and every operation's request bodies (like and unlike
# alternate; `{unique}` is replaced per request by the load tool).
DUMP = """
import json, os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from bench import operations as o
fixtures = o.fixtures_prepare()
found = []
for op in o.operations(fixtures):
    queries = [op.query] + ([o.UNLIKE] if op.query == getattr(o, "LIKE", None) else [])
    bodies = [json.dumps({"query": q, "variables": op.variables}) for q in queries]
    found.append({"name": op.name, "signed_in": op.signed_in, "bodies": bodies})
print(json.dumps({"token": fixtures.token, "operations": found}))
"""


@dataclass
class SideOperation:
    name: str
    signed_in: bool
    bodies: list[str]

    @property
    def documents(self) -> list[str]:
        return [json.loads(body)["query"] for body in self.bodies]


@dataclass
class Side:
    name: str
    tree: Path
    database_url: str
    commit: str = ""  # the abbreviated hash and subject it was built from
    redis_db: int | None = None  # a database of its own: a cache entry's format may differ between trees
    token: str = ""
    operations: list[SideOperation] = field(default_factory=list)

    @property
    def python(self) -> str:
        return str(self.tree / ".venv" / "bin" / "python")

    def operations_load(self, env: dict) -> None:
        """Fixtures and documents from the tree's own bench/operations.py (a fresh token for every call)."""
        command = [self.python, "-c", DUMP]
        run = subprocess.run(command, cwd=self.tree, env=self.env(env), capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"{self.name}: its bench/operations.py did not give its operations: {run.stderr}")
        dumped = json.loads(run.stdout.strip().splitlines()[-1])
        self.token = dumped["token"]
        self.operations = [SideOperation(**op) for op in dumped["operations"]]

    def manifest_write(self, path: Path) -> Path:
        """The trusted-documents manifest of this tree's operations ({sha256: document}, as graphql-codegen emits)."""
        documents = {document for op in self.operations for document in op.documents}
        path.write_text(json.dumps({document_hash(d): d for d in sorted(documents)}))
        return path

    def serve_command(self) -> list[str]:
        return ["make", "--no-print-directory", "serve"]  # the tree's own production server, as it starts it

    def env(self, env: dict) -> dict:
        env = {**env, "DATABASE_URL": self.database_url, "DJANGO_SETTINGS_MODULE": "instaclone.settings"}
        if self.redis_db is not None and env.get("REDIS_URL"):
            env["REDIS_URL"] = f"{env['REDIS_URL'].rsplit('/', 1)[0]}/{self.redis_db}"
        return env


def this_tree(database_url: str) -> Side:
    changes = " (with uncommitted changes)" if _dirty() else ""
    return Side("this tree", ROOT, database_url, commit=_describe("HEAD") + changes)


def baseline_prepare(ref: str, database_url: str, env: dict) -> Side:
    """The commit `ref` extracted beside this tree and installed with its own `make install` (kept between runs),
    on a database with its schema and the default data set."""
    sha = _git("rev-parse", f"{ref}^{{commit}}")
    tree = BASELINES / sha[:12]
    if not (tree / ".venv" / ".installed").exists():
        print(f"Building the baseline {ref} ({sha[:12]}) in {tree}...", flush=True)
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        subprocess.run(["make", "--no-print-directory", "install"], cwd=tree, check=True)
    side = Side(f"baseline {ref}", tree, database_url, commit=_describe(sha), redis_db=12)
    if not _same_migrations(sha):
        side.database_url = f"{database_url}_{sha[:8]}"
        _seed(side, env)
    return side


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def _seed(side: Side, env: dict) -> None:
    """The baseline's own schema and data set, made by its own commands (once; later runs find the data)."""
    server, name = side.database_url.rsplit("/", 1)
    subprocess.run(["psql", f"{server}/postgres", "-c", f'CREATE DATABASE "{name}"'], capture_output=True)
    env = {**side.env(env), "DATABASE_STATEMENT_TIMEOUT_MS": "0"}
    subprocess.run([side.python, "manage.py", "migrate", "-v0"], cwd=side.tree, env=env, check=True)
    seeded = subprocess.run([side.python, "manage.py", "seed_demo"], cwd=side.tree, env=env, capture_output=True)
    if seeded.returncode != 0 and b"already there" not in seeded.stderr:
        raise RuntimeError(f"the baseline's seed_demo failed: {seeded.stderr[-2000:]!r}")


def _same_migrations(sha: str) -> bool:
    changed = subprocess.run(
        ["git", "diff", "--quiet", sha, "--", ":(glob)**/migrations/**"], cwd=ROOT, capture_output=True
    )
    untracked = _git("ls-files", "--others", "--exclude-standard", "--", ":(glob)**/migrations/**")
    return changed.returncode == 0 and not untracked


def _describe(rev: str) -> str:
    described = _git("log", "-1", "--format=%h %s", rev)
    return described if len(described) <= 80 else described[:79] + "…"


def _dirty() -> bool:
    return bool(_git("status", "--porcelain", "--untracked-files=no"))


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
