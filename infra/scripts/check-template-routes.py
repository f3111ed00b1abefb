#!/usr/bin/env python3
"""Checks template.yaml against the routers.

Every route a function's router serves must reach that function through the
template (API Gateway picks the most specific route: an exact path before a
greedy {proxy+} prefix, the longest prefix first), every template route must
reach at least one route of its function, and every binary the template names
must be a binary of the workspace.

Inputs: the template, `ecar routes` (JSON: function binary -> [[method, path]]),
and `cargo metadata`. Exit status 1 on any mismatch.
"""
import json
import subprocess
import sys

import cfn_template


def template_routes(template):
    """(binary, method, path) for every HttpApi event, and the binaries named."""
    routes, binaries = [], []
    for name, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        binary = (resource.get("Metadata", {}).get("BuildProperties", {}) or {}).get("Binary")
        if not binary:
            sys.exit(f"{name}: no Metadata.BuildProperties.Binary")
        binaries.append(binary)
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            if event.get("Type") == "HttpApi":
                props = event["Properties"]
                routes.append((binary, props.get("Method", "ANY").upper(), props["Path"]))
    return routes, binaries


def matches(template_path, path):
    if template_path.endswith("/{proxy+}"):
        prefix = template_path[: -len("{proxy+}")]
        # A greedy variable also takes an empty rest: `/x/{proxy+}` is what
        # catches the trailing-slash form `/x/`.
        return path.startswith(prefix)
    return template_path == path


def specificity(template_path):
    # Exact routes win over greedy ones; longer greedy prefixes win over shorter.
    greedy = template_path.endswith("{proxy+}")
    return (0 if greedy else 1, len(template_path))


def concrete(router_path):
    """A request path for a router path: each {param} becomes a sample segment."""
    return "/".join("x" if part.startswith("{") else part for part in router_path.split("/"))


def main():
    template = cfn_template.load()
    routes, binaries = template_routes(template)
    served = json.loads(subprocess.check_output(sys.argv[1:] or ["ecar", "routes"]))
    metadata = json.loads(
        subprocess.check_output(["cargo", "metadata", "--no-deps", "--format-version", "1"])
    )
    workspace_bins = {
        target["name"]
        for package in metadata["packages"]
        for target in package["targets"]
        if "bin" in target["kind"]
    }

    problems = []
    for binary in binaries:
        if binary not in workspace_bins:
            problems.append(f"template names binary {binary}, which the workspace does not build")
    for binary in served:
        if binary not in binaries:
            problems.append(f"function {binary} serves routes but the template has no function for it")

    reached = set()
    checked = 0
    for binary, router_routes in served.items():
        for method, path in router_routes:
            checked += 1
            request = concrete(path)
            candidates = [
                r for r in routes if r[1] in ("ANY", method) and matches(r[2], request)
            ]
            if not candidates:
                problems.append(f"{method} {path} ({binary}) is not routed by the template")
                continue
            best = max(candidates, key=lambda r: specificity(r[2]))
            reached.add(best)
            if best[0] != binary:
                problems.append(f"{method} {path} is served by {binary} but the template routes it to {best[0]}")
            # The trailing-slash form must reach the same function.
            slashed = [
                r for r in routes if r[1] in ("ANY", method) and matches(r[2], request + "/")
            ]
            if not slashed or max(slashed, key=lambda r: specificity(r[2]))[0] != binary:
                problems.append(f"{method} {path}/ (trailing slash) does not reach {binary}")
            else:
                reached.add(max(slashed, key=lambda r: specificity(r[2])))

    for route in routes:
        if route not in reached:
            problems.append(f"template route {route[1]} {route[2]} ({route[0]}) reaches no route of its function")

    for problem in problems:
        print(f"template check: {problem}", file=sys.stderr)
    print(f"template routes: {checked} router routes checked against {len(routes)} template routes, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
