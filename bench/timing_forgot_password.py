"""Does forgotPassword's timing tell whether an account exists? Median answer times, known vs unknown contact.

    .venv/bin/python bench/timing_forgot_password.py http://127.0.0.1:8000/graphql/ known@example.com

Run it against a production server (DEBUG off, TASKS_BACKEND=django_tasks_db.DatabaseBackend: the immediate
backend runs the task inside the request) whose CODE_REQUESTS_PER_IP_PER_HOUR allows the 2 x (SAMPLES + 3)
requests. The two contacts are asked in turn, first one then the other, so drift and order hit both alike.
"""

import json
import statistics
import sys
import time
import urllib.request

SAMPLES = 30
WARM_UP = 3
QUERY = "mutation($c: String!) { forgotPassword(input: {emailOrPhone: $c}) { sent userErrors { code } } }"


def ask(url: str, contact: str) -> float:
    body = json.dumps({"query": QUERY, "variables": {"c": contact}}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.load(response)
    elapsed_ms = (time.perf_counter() - started) * 1000
    payload = answer.get("data", {}).get("forgotPassword") or {}
    if answer.get("errors") or payload.get("userErrors"):
        sys.exit(f"{contact}: not a plain success, so not a fair sample: {answer}")
    return elapsed_ms


def main() -> None:
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    url, known = sys.argv[1], sys.argv[2]
    unknown = sys.argv[3] if len(sys.argv) == 4 else "nobody.at.all.4711@example.com"
    times: dict[str, list[float]] = {known: [], unknown: []}
    for round_ in range(WARM_UP + SAMPLES):
        for contact in (known, unknown) if round_ % 2 else (unknown, known):
            elapsed_ms = ask(url, contact)
            if round_ >= WARM_UP:
                times[contact].append(elapsed_ms)
    medians = {contact: statistics.median(samples) for contact, samples in times.items()}
    print(f"forgotPassword, median of {SAMPLES} each")
    print(f"  known   {known}: {medians[known]:.1f} ms")
    print(f"  unknown {unknown}: {medians[unknown]:.1f} ms")
    print(f"  difference: {medians[known] - medians[unknown]:+.1f} ms")


if __name__ == "__main__":
    main()
