#!/usr/bin/env python3
"""Warm speed of the local runner: `ecar serve` (release) on a seeded store,
loaded by wrk at a fixed concurrency, one API operation at a time.

    bench/warm.py ECAR_BINARY STORE_DIR [--duration 10] [--connections 16]

Prints a Markdown table: requests per second, p50 and p99 latency, non-2xx
answers, and the server's peak resident memory at the end.
"""
import argparse
import json
import os
import re
import subprocess
import tempfile
import time
import urllib.request

PASSWORD = "bench-password-2026"
# Completed services invoiced before the invoice list is measured.
INVOICES = 60


def call(base, method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def ids(base, token, path, count):
    """Up to `count` ids of a paginated list."""
    found, cursor = [], None
    while len(found) < count:
        page = call(base, "GET", path + ("&cursor=" + cursor if cursor else ""), token)
        found += [item["id"] for item in page["results"]]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return found[:count]


def lua_post(token, path_expr, body_expr, setup=""):
    bearer = f', ["Authorization"] = "Bearer {token}"' if token else ""
    return f"""
{setup}
request = function()
  return wrk.format("POST", {path_expr},
    {{["Content-Type"] = "application/json"{bearer}}},
    {body_expr})
end
"""


def run_wrk(url, duration, connections, threads, token=None, script=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if token and not script:
        command += ["-H", f"Authorization: Bearer {token}"]
    lua = None
    if script:
        lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        lua.write(script)
        lua.close()
        command += ["-s", lua.name]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    if lua:
        os.unlink(lua.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentile = lambda p: re.search(rf"\s{p}%\s+([\d.]+\w+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, percentile(50), percentile(99), int(errors.group(1)) if errors else 0


def peak_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ecar")
    parser.add_argument("store")
    parser.add_argument("--port", type=int, default=3900)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    # Login throttling would answer 429 to a load generator logging in on one account.
    env = dict(os.environ, ECAR_DATA_DIR=args.store, ECAR_ADMIN_PASSWORD=PASSWORD, RUST_LOG="warn",
               ECAR_LOGIN_MAX_ATTEMPTS="100000000")
    # A second run finds the account there already.
    subprocess.run([args.ecar, "admin", "create", "--username", "bench-admin",
                    "--email", "bench-admin@garage.tn"], env=env, capture_output=True)
    server = subprocess.Popen([args.ecar, "serve", "--port", str(args.port), "--data-dir", args.store],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                call(base, "GET", "/api/health")
                break
            except OSError:
                time.sleep(0.2)
        token = call(base, "POST", "/api/token", body={"username": "bench-admin", "password": PASSWORD})["access"]
        customer = ids(base, token, "/api/customers?limit=1", 1)[0]
        cars = ids(base, token, "/api/cars?limit=100", 500)
        d, c = args.duration, args.connections
        rows = []

        def measure(name, route, url, threads=2, script=None, use_token=True):
            rps, p50, p99, errors = run_wrk(base + url, d, c, threads, token if use_token else None, script)
            rows.append((name, route, rps, p50, p99, errors))

        login = lua_post("", '"/api/token"', f"'{json.dumps({'username': 'bench-admin', 'password': PASSWORD})}'")
        measure("login (argon2 hash check)", "POST /api/token", "/api/token", script=login, use_token=False)
        measure("customer list page", "GET /api/customers?limit=20", "/api/customers?limit=20")
        measure("customer search", "GET /api/customers?search=ben&limit=20", "/api/customers?search=ben&limit=20")
        measure("customer detail", "GET /api/customers/{id}", f"/api/customers/{customer}")
        today = time.strftime("%Y-%m-%d")
        schedule = lua_post(
            token, '"/api/services"',
            "'{\"car_id\":\"' .. cars[math.random(#cars)] .. '\",\"title\":\"Vidange\",\"service_type\":\"maintenance\",\"scheduled_date\":\"" + today + "\"}'",
            setup="cars = {" + ",".join(f'"{car}"' for car in cars) + "}")
        measure("schedule service", "POST /api/services", "/api/services", script=schedule)
        scheduled = ids(base, token, "/api/services?status=scheduled&limit=100", 20000)
        complete = lua_post(
            token, '"/api/services/" .. next_id() .. "/complete"', "'{}'",
            setup="ids = {" + ",".join(f'"{s}"' for s in scheduled) + "}\n"
                  "n = 0\nfunction next_id() n = n + 1; return ids[(n - 1) % #ids + 1] end")
        measure("complete service", "POST /api/services/{id}/complete", "/api/services", threads=1, script=complete)
        # The bulk seed writes no invoices: invoice and issue some completed
        # services so the list shows full pages (its cost is a page's, whatever
        # the total).
        due = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 30 * 86400))
        invoiced = ids(base, token, "/api/services?status=completed&limit=100", INVOICES)
        for service in invoiced:
            invoice = call(base, "POST", "/api/invoices", token, {"service_id": service, "due_date": due})
            call(base, "POST", f"/api/invoices/{invoice['id']}/issue", token, {})
        measure("invoice list page", "GET /api/invoices?limit=20", "/api/invoices?limit=20")
        peak = peak_mib(server.pid)
    finally:
        server.terminate()
        server.wait()
    print(f"wrk, {args.connections} connections, {args.duration} s per operation; "
          f"{len(scheduled)} scheduled services available to complete; "
          f"{len(invoiced)} completed services invoiced and issued before the invoice list.\n")
    print("| operation | route | requests/s | p50 | p99 | non-2xx |")
    print("|---|---|---:|---:|---:|---:|")
    for name, route, rps, p50, p99, errors in rows:
        print(f"| {name} | `{route}` | {rps:.0f} | {p50} | {p99} | {errors} |")
    print(f"\nPeak resident memory of `ecar serve` over the whole run: {peak:.1f} MiB.")


if __name__ == "__main__":
    main()
