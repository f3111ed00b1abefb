#!/usr/bin/env python3
"""Applies the SAM transform to a template, as CloudFormation does on deploy.

Usage: sam-transform.py TEMPLATE OUT.json

cfn-lint no longer runs the transform itself, so what SAM generates (the
functions' roles and permissions, the API's routes and integrations, the
event source mappings) would otherwise go unlinted. Writes the transformed
template as JSON; exits 1 with SAM's message when the transform refuses it.
No AWS call: managed policies are referenced by ARN, never by name.
"""
import json
import os
import sys

# The transform fills pseudo parameters (AWS::Region) from a boto session;
# a fixed region keeps it from looking for one (instance metadata).
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse


def packaged(template):
    """Local code folders as `sam package` leaves them: S3 URIs."""
    for section in (template.get("Globals", {}).get("Function", {}),
                    *(resource.get("Properties", {})
                      for resource in template.get("Resources", {}).values()
                      if resource.get("Type") == "AWS::Serverless::Function")):
        if isinstance(section.get("CodeUri"), str) and not section["CodeUri"].startswith("s3://"):
            section["CodeUri"] = "s3://packaged-artifacts/bootstrap.zip"
    return template


def main(source, target):
    with open(source, encoding="utf-8") as handle:
        template = packaged(yaml_parse(handle.read()))
    translator = Translator(managed_policy_map={}, sam_parser=Parser())
    try:
        transformed = translator.translate(
            sam_template=template,
            parameter_values={},
            get_managed_policy_map=lambda: {},
        )
    except InvalidDocumentException as error:
        for cause in error.causes:
            print(f"SAM transform: {cause.message}", file=sys.stderr)
        return 1
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(transformed, handle, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
