#!/usr/bin/env python3
"""Uploads the built SPA (frontend/dist) to the stack's SPA bucket.

Usage: deploy-spa.py --stack ecar [--region eu-west-3] [--dist frontend/dist]
       deploy-spa.py --bucket NAME [--distribution ID] ...   (without CloudFormation)

Hashed assets never change: they are cached for a year. index.html always
revalidates. The previous release's files are kept, so a tab opened before
the deployment can still load its lazy chunks; older ones are deleted. Then
CloudFront forgets index.html.

The bucket holds `.ecar-release.json`, the files of the current and previous
releases. `--endpoint-url` points every client at an emulator (the tests).
"""
import argparse
import json
import mimetypes
import pathlib
import sys
import time

import boto3

MANIFEST = ".ecar-release.json"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def stack_outputs(session, endpoint, stack):
    cloudformation = session.client("cloudformation", endpoint_url=endpoint)
    outputs = cloudformation.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
    return {output["OutputKey"]: output["OutputValue"] for output in outputs}


def release_files(dist):
    """The files of the build, by key, index.html last."""
    files = sorted(
        (path.relative_to(dist).as_posix(), path) for path in dist.rglob("*") if path.is_file()
    )
    return sorted(files, key=lambda entry: entry[0] == "index.html")


def previous_release(s3, bucket):
    try:
        body = s3.get_object(Bucket=bucket, Key=MANIFEST)["Body"].read()
    except s3.exceptions.NoSuchKey:
        return []
    return json.loads(body).get("current", [])


def upload(s3, bucket, key, path):
    content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
        content_type += "; charset=utf-8"
    s3.put_object(
        Bucket=bucket,
        Key=key,
        Body=path.read_bytes(),
        ContentType=content_type,
        CacheControl=REVALIDATE if key == "index.html" else IMMUTABLE,
    )


def stored_keys(s3, bucket):
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.extend(item["Key"] for item in page.get("Contents", []))
    return keys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", help="the ECAR stack (reads SpaBucketName and DistributionId)")
    parser.add_argument("--bucket", help="the SPA bucket, without --stack")
    parser.add_argument("--distribution", help="the CloudFront distribution id, without --stack")
    parser.add_argument("--region")
    parser.add_argument("--dist", default="frontend/dist", type=pathlib.Path)
    parser.add_argument("--endpoint-url")
    args = parser.parse_args()

    session = boto3.session.Session(region_name=args.region)
    bucket, distribution = args.bucket, args.distribution
    if args.stack:
        outputs = stack_outputs(session, args.endpoint_url, args.stack)
        bucket, distribution = outputs["SpaBucketName"], outputs["DistributionId"]
    if not bucket:
        parser.error("--stack or --bucket is required")
    if not (args.dist / "index.html").is_file():
        parser.error(f"{args.dist}/index.html is missing: build the SPA first (npm run build)")

    s3 = session.client("s3", endpoint_url=args.endpoint_url)
    previous = previous_release(s3, bucket)
    files = release_files(args.dist)
    for key, path in files:
        upload(s3, bucket, key, path)
    current = [key for key, _ in files]
    s3.put_object(
        Bucket=bucket,
        Key=MANIFEST,
        Body=json.dumps({"current": current, "previous": previous}).encode(),
        ContentType="application/json",
        CacheControl=REVALIDATE,
    )
    keep = set(current) | set(previous) | {MANIFEST}
    stale = [key for key in stored_keys(s3, bucket) if key not in keep]
    for start in range(0, len(stale), 1000):
        s3.delete_objects(
            Bucket=bucket,
            Delete={"Objects": [{"Key": key} for key in stale[start:start + 1000]]},
        )
    print(f"uploaded {len(current)} files to {bucket}; kept the previous release's "
          f"{len(set(previous) - set(current))}; deleted {len(stale)} older")

    if distribution:
        cloudfront = session.client("cloudfront", endpoint_url=args.endpoint_url)
        cloudfront.create_invalidation(
            DistributionId=distribution,
            InvalidationBatch={
                "Paths": {"Quantity": 2, "Items": ["/index.html", "/"]},
                "CallerReference": f"ecar-spa-{time.time_ns()}",
            },
        )
        print(f"CloudFront {distribution}: index.html invalidated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
