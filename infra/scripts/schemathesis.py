#!/usr/bin/env python3
"""Runs schemathesis against `ecar serve --in-memory`, once per caller.

Usage: schemathesis.py ECAR_BINARY [SUMMARY_FILE]

Starts the local runner on a free port, logs in as the admin it prints at
start, creates a staff user and a customer with a login through the API, then
runs schemathesis on /api/openapi.json as admin, staff, customer and
unauthenticated (four runs in parallel), with a bounded number of examples per
operation. Prints one line "schemathesis: N cases, M failures, E errors"
(appended to SUMMARY_FILE when given) and exits non-zero on any failure or error.

Environment: ECAR_SCHEMATHESIS_EXAMPLES (examples per operation, default 5),
ECAR_SCHEMATHESIS_SEED (default 1, so a failure reproduces).
"""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CHECKS = ",".join(
    [
        "not_a_server_error",
        "response_schema_conformance",
        "negative_data_rejection",
        "ignored_auth",
    ]
)
PASSWORD = "schemathesis-Pa55word"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(binary: str, port: int, scratch: Path) -> tuple[subprocess.Popen, str]:
    """Starts the runner and returns it with the first admin's password.

    Its output goes to a file: a pipe nobody reads fills up and blocks the
    server on its next log line."""
    log = scratch / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [binary, "serve", "--in-memory", "--port", str(port), "--spa-dir", str(scratch)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")},
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        text = log.read_text()
        found = re.search(r"^\s+password: (\S+)$", text, re.MULTILINE)
        if found and "ECAR is serving" in text:
            return server, found.group(1)
        time.sleep(0.2)
    server.kill()
    sys.exit(f"schemathesis: the runner did not start:\n{log.read_text()}")


def call(base: str, method: str, path: str, body: dict, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        sys.exit(f"schemathesis: setup {method} {path} answered {error.code}: {error.read()!r}")


def login(base: str, username: str, password: str) -> str:
    return call(base, "POST", "/api/token", {"username": username, "password": password})["access"]


def create_accounts(base: str, admin: str) -> None:
    """A staff user and a customer (with a login), as the garage would create them."""
    call(
        base,
        "POST",
        "/api/users",
        {"username": "st-staff", "email": "st-staff@ecar.local", "password": PASSWORD, "role": "staff"},
        admin,
    )
    call(
        base,
        "POST",
        "/api/customers",
        {
            "first_name": "Schema",
            "last_name": "Thesis",
            "email": "st-customer@ecar.local",
            "phone": "+4915112345678",
            "username": "st-customer",
            "password": PASSWORD,
        },
        admin,
    )


def start_run(base: str, role: str, token: str | None, scratch: Path) -> subprocess.Popen:
    """Starts one schemathesis run, its output and events in `scratch`."""
    command = [
        str(Path(sys.executable).parent / "st"),
        "run",
        f"{base}/api/openapi.json",
        "--url",
        base,
        "--checks",
        CHECKS,
        "--max-examples",
        os.environ.get("ECAR_SCHEMATHESIS_EXAMPLES", "5"),
        "--seed",
        os.environ.get("ECAR_SCHEMATHESIS_SEED", "1"),
        "--phases",
        "examples,coverage,fuzzing",
        # One worker per run, the runs in parallel processes: schemathesis's
        # worker threads race inside CPython 3.11's `ast` and fail spuriously.
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(scratch / f"{role}.ndjson"),
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    with (scratch / f"{role}.log").open("w") as out:
        # In the scratch folder: schemathesis leaves its own files where it runs.
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=scratch)


def count(events: Path) -> tuple[int, int, int]:
    """Cases run, distinct failures (operation, check, kind) and errors (tests
    schemathesis could not run), from the ndjson events."""
    cases = 0
    failures = set()
    errors = 0
    if not events.exists():
        return 0, 0, 0
    for line in events.read_text().splitlines():
        event = json.loads(line)
        if "NonFatalError" in event or "FatalError" in event:
            errors += 1
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished.get("recorder", {})
        cases += len(recorder.get("cases", {}))
        for checks in recorder.get("checks", {}).values():
            for check in checks:
                if check.get("status") == "failure":
                    failure = check.get("failure_info", {}).get("failure", {})
                    failures.add((failure.get("operation"), check.get("name"), failure.get("title")))
    return cases, len(failures), errors


def main() -> int:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    summary = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        server, admin_password = start_server(binary, port, scratch_dir)
        try:
            create_accounts(base, login(base, "admin", admin_password))
            runs = {}
            callers = [
                ("unauthenticated", None),
                ("customer", ("st-customer", PASSWORD)),
                ("staff", ("st-staff", PASSWORD)),
                ("admin", ("admin", admin_password)),
            ]
            for role, credentials in callers:
                token = login(base, *credentials) if credentials else None
                runs[role] = start_run(base, role, token, scratch_dir)
            totals = [0, 0, 0]
            for role, process in runs.items():
                status = process.wait()
                cases, failures, errors = count(scratch_dir / f"{role}.ndjson")
                if status != 0 and not failures and not errors:
                    # Failed without saying why in its events.
                    errors = 1
                print(f"== schemathesis as {role} ==")
                print((scratch_dir / f"{role}.log").read_text(errors="replace"), flush=True)
                print(f"schemathesis as {role}: {cases} cases, {failures} failures, {errors} errors")
                totals[0] += cases
                totals[1] += failures
                totals[2] += errors
        finally:
            server.terminate()
            server.wait(timeout=30)
    line = f"schemathesis: {totals[0]} cases, {totals[1]} failures, {totals[2]} errors"
    print(line)
    if summary:
        with summary.open("a") as out:
            out.write(line + "\n")
    return 0 if totals[1] == 0 and totals[2] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
