//! `infra/scripts/deploy-spa.py` against the emulator's S3: hashed assets are
//! cached for a year and index.html revalidates; a deployment keeps the
//! previous release's files (open tabs still load their chunks) and deletes
//! older ones.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use ecar_http::testing::moto;

fn release(dir: &Path, chunks: &[&str]) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    let scripts: String = chunks
        .iter()
        .map(|chunk| format!("<script src=\"/assets/{chunk}\"></script>"))
        .collect();
    std::fs::write(dir.join("index.html"), format!("<html>{scripts}</html>")).unwrap();
    for chunk in chunks {
        std::fs::write(dir.join("assets").join(chunk), format!("// {chunk}")).unwrap();
    }
}

fn deploy(endpoint: &str, bucket: &str, dist: &Path) {
    deploy_with(endpoint, bucket, dist, &[]);
}

fn deploy_with(endpoint: &str, bucket: &str, dist: &Path, extra: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(moto::venv().join("bin/python"))
        .arg(root.join("infra/scripts/deploy-spa.py"))
        .args([
            "--bucket",
            bucket,
            "--region",
            "us-east-1",
            "--endpoint-url",
            endpoint,
        ])
        .arg("--dist")
        .arg(dist)
        .args(extra)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// An empty SPA bucket on the emulator, and a folder for the builds.
struct Site {
    endpoint: String,
    s3: aws_sdk_s3::Client,
    bucket: String,
    dist: PathBuf,
}

impl Site {
    async fn new() -> Self {
        let endpoint = moto::endpoint();
        let sdk = ecar_store::aws::sdk_config(Some(&endpoint)).await;
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&sdk)
                .force_path_style(true)
                .build(),
        );
        let bucket = format!("ecar-spa-{}", ulid::Ulid::new()).to_lowercase();
        s3.create_bucket().bucket(&bucket).send().await.unwrap();
        let dist = std::env::temp_dir().join(format!("ecar-dist-{}", ulid::Ulid::new()));
        Self {
            endpoint,
            s3,
            bucket,
            dist,
        }
    }
}

#[tokio::test]
async fn a_release_keeps_the_previous_ones_chunks_and_drops_older_ones() {
    let Site {
        endpoint,
        s3,
        bucket,
        dist,
    } = Site::new().await;

    release(&dist, &["index-aaa.js", "board-aaa.js"]);
    deploy(&endpoint, &bucket, &dist);
    release(&dist, &["index-bbb.js", "board-bbb.js"]);
    deploy(&endpoint, &bucket, &dist);
    release(&dist, &["index-ccc.js", "board-bbb.js"]);
    deploy(&endpoint, &bucket, &dist);

    let listed = s3.list_objects_v2().bucket(&bucket).send().await.unwrap();
    let mut keys: Vec<&str> = listed.contents().iter().filter_map(|o| o.key()).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            ".ecar-release.json",
            "assets/board-bbb.js",
            "assets/index-bbb.js",
            "assets/index-ccc.js",
            "index.html"
        ],
        "the first release's chunks are gone, the second's kept"
    );
    let index = s3
        .head_object()
        .bucket(&bucket)
        .key("index.html")
        .send()
        .await
        .unwrap();
    assert_eq!(index.cache_control(), Some("no-cache"));
    assert_eq!(index.content_type(), Some("text/html; charset=utf-8"));
    let chunk = s3
        .head_object()
        .bucket(&bucket)
        .key("assets/index-ccc.js")
        .send()
        .await
        .unwrap();
    assert_eq!(
        chunk.cache_control(),
        Some("public, max-age=31536000, immutable")
    );
    let _ = std::fs::remove_dir_all(&dist);
}

/// Runs `script` with boto3 against the emulator and returns what it prints.
fn boto3(endpoint: &str, script: &str) -> String {
    let output = Command::new(moto::venv().join("bin/python"))
        .args(["-c", script, endpoint])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

const CREATE_DISTRIBUTION: &str = r#"
import sys, time, boto3
cloudfront = boto3.client("cloudfront", endpoint_url=sys.argv[1])
origin = {"Id": "spa", "DomainName": "spa.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
config = {
    "CallerReference": f"ecar-test-{time.time_ns()}",
    "Comment": "ecar deploy-spa test",
    "Enabled": True,
    "Origins": {"Quantity": 1, "Items": [origin]},
    "DefaultCacheBehavior": {"TargetOriginId": "spa", "ViewerProtocolPolicy": "redirect-to-https",
                             "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                             "MinTTL": 0, "TrustedSigners": {"Enabled": False, "Quantity": 0}},
}
print(cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"])
"#;

const INVALIDATED_PATHS: &str = r#"
import sys, boto3
cloudfront = boto3.client("cloudfront", endpoint_url=sys.argv[1])
distribution = sys.argv[2]
for summary in cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"].get("Items", []):
    batch = cloudfront.get_invalidation(DistributionId=distribution, Id=summary["Id"])["Invalidation"]["InvalidationBatch"]
    print(" ".join(batch["Paths"]["Items"]))
"#;

/// After the upload, the distribution forgets its cached index.html (the
/// hashed chunks are new names and need no invalidation); without
/// `--distribution`, nothing is invalidated.
#[tokio::test]
async fn a_release_invalidates_the_distributions_index_html() {
    let Site {
        endpoint,
        bucket,
        dist,
        ..
    } = Site::new().await;
    let distribution = boto3(&endpoint, CREATE_DISTRIBUTION);
    let invalidated = |endpoint: &str| {
        let script = INVALIDATED_PATHS.replace("sys.argv[2]", &format!("{distribution:?}"));
        boto3(endpoint, &script)
    };

    release(&dist, &["index-aaa.js"]);
    deploy(&endpoint, &bucket, &dist);
    assert_eq!(
        invalidated(&endpoint),
        "",
        "no --distribution, no invalidation"
    );

    deploy_with(
        &endpoint,
        &bucket,
        &dist,
        &["--distribution", &distribution],
    );
    assert_eq!(invalidated(&endpoint), "/index.html /");
    let _ = std::fs::remove_dir_all(&dist);
}
