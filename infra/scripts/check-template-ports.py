#!/usr/bin/env python3
"""Checks that each function builds the AWS ports its IAM role lets it use.

A Lambda function asks ecar-http (or ecar-store) for the adapters of the
ports its routes use: `aws-s3`, `aws-sns` (`aws` is all of them). A port
left out is `ecar_store::NotBuilt`, which refuses every call, and the local
AWS stack builds every function with all of them, so a missing feature
would only show on AWS. The template's least-privilege policies say which
services each function calls; this check holds the two together: a function
whose role grants an `s3:` action must build `aws-s3`, one granted `sns:`
must build `aws-sns`, one granted `secretsmanager:` (the JWT secret: the
auth function alone) must build `aws-secrets`, and a function that builds
one must be granted it.

Inputs: template.yaml and `cargo metadata`. Exit status 1 on any mismatch.
"""
import json
import re
import subprocess
import sys

import cfn_template

# An IAM action (`s3:GetObject`, `sns:*`): the service's prefix, then a capital or `*`.
ACTION = re.compile(r"^([a-z][a-z0-9-]*):[A-Z*]")
# The cargo feature of each service's port, in ecar-http and ecar-store.
# Secrets Manager holds the private token keys, which only the function that
# signs tokens reads (`aws-secrets`, ecar-http only).
PORT_FEATURES = {"s3": "aws-s3", "sns": "aws-sns", "secretsmanager": "aws-secrets"}
PORT_CRATES = ("ecar-http", "ecar-store")


def strings(value):
    """Every string inside a template value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


def granted_services(policies, managed):
    """The services (`s3`, `sns`, ...) whose actions a function's policies grant,
    through inline statements and the managed policies they name (under any
    condition: a port a deployment may switch on must be built)."""
    services, seen = set(), set()
    pending = [policies]
    while pending:
        for text in strings(pending.pop()):
            if text in managed and text not in seen:
                seen.add(text)
                pending.append(managed[text])
            elif action := ACTION.match(text):
                services.add(action.group(1))
    return services


def built_features(package):
    """The port features a function's package asks of ecar-http and ecar-store."""
    features = set()
    for dependency in package["dependencies"]:
        if dependency["name"] in PORT_CRATES and dependency.get("kind") is None:
            features.update(dependency["features"])
    if "aws" in features:
        features.update(PORT_FEATURES.values())
    return features


def main():
    template = cfn_template.load()
    resources = template.get("Resources", {})
    managed = {
        name: resource.get("Properties", {}).get("PolicyDocument", {})
        for name, resource in resources.items()
        if resource.get("Type") == "AWS::IAM::ManagedPolicy"
    }
    metadata = json.loads(
        subprocess.check_output(["cargo", "metadata", "--no-deps", "--format-version", "1"])
    )
    package_of = {
        target["name"]: package
        for package in metadata["packages"]
        for target in package["targets"]
        if "bin" in target["kind"]
    }

    problems, checked = [], 0
    for name, resource in resources.items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        binary = (resource.get("Metadata", {}).get("BuildProperties", {}) or {}).get("Binary")
        package = package_of.get(binary)
        if package is None:
            problems.append(f"{name}: no package of the workspace builds binary {binary}")
            continue
        checked += 1
        granted = granted_services(resource.get("Properties", {}).get("Policies") or [], managed)
        built = built_features(package)
        for service, feature in PORT_FEATURES.items():
            if service in granted and feature not in built:
                problems.append(
                    f"{name}: its role may call {service} but {package['name']} does not build "
                    f"the port (add feature `{feature}` to its ecar-http dependency)"
                )
            if feature in built and service not in granted:
                problems.append(
                    f"{name}: {package['name']} builds `{feature}` but its role grants no "
                    f"{service} action (drop the feature, or grant what its routes call)"
                )

    for problem in problems:
        print(f"template ports: {problem}", file=sys.stderr)
    print(f"template ports: {checked} functions' features checked against their roles, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
