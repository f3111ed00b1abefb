//! AWS SDK wiring: one `SdkConfig` per cold start over a single TLS stack
//! (rustls with ring), and the clients the adapters share.
//!
//! The workspace disables the SDK's default features so that only one TLS
//! implementation is compiled in; the HTTP client is therefore built here by
//! hand and handed to every client through the shared configuration.
//!
//! Two things here are for the cold start, measured (`bench/RESULTS.md`):
//! the TLS trust store holds only the roots AWS endpoints chain to, compiled
//! in, instead of the system's 140-odd certificates read from disk (about
//! 2.5 ms of a 7 ms init); and where the environment already names the
//! region and the credentials, as Lambda's does, the configuration is built
//! from it directly instead of walking the default provider chain (profile
//! files, SSO, instance metadata).
//!
//! That chain is compiled in only with the `aws-default-chain` feature (in
//! `aws`, and so in the operators' `ecar` command): a Lambda function's
//! environment always holds its region and credentials, and the chain, with
//! the STS client its web identity provider carries, is 0.6 MB of a
//! bootstrap, 0.25 MB zipped (`bench/RESULTS.md`).

use std::sync::OnceLock;

use aws_config::{
    BehaviorVersion, Region, SdkConfig, environment::EnvironmentVariableCredentialsProvider,
};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_http_client::{
    Builder,
    tls::{Provider, TlsContext, TrustStore, rustls_provider::CryptoMode},
};

/// The roots of every AWS service endpoint's certificate chain: Amazon Root
/// CA 1 to 4 (Amazon Trust Services) and the Starfield Services root that
/// cross-signs them, as Debian's `ca-certificates` ships them.
const AWS_ROOTS_PEM: &str = include_str!("roots.pem");

/// Loads the SDK configuration (region, credentials, retries) from the
/// environment, over rustls + ring, pointed at `endpoint_url` when given
/// (an emulator such as moto; production passes `None`).
pub async fn sdk_config(endpoint_url: Option<&str>) -> SdkConfig {
    if let Some(region) = region_and_credentials_in_environment() {
        let credentials = EnvironmentVariableCredentialsProvider::new();
        return configured(
            region,
            SharedCredentialsProvider::new(credentials),
            endpoint_url,
        );
    }
    // An emulator named without credentials in the environment gets its
    // test ones, rather than the default chain reaching for a profile or
    // the instance metadata service.
    if let Some(url) = endpoint_url {
        let credentials =
            aws_credential_types::Credentials::from_keys(EMULATOR_KEY, EMULATOR_KEY, None);
        let region = std::env::var("AWS_REGION").unwrap_or_else(|_| EMULATOR_REGION.into());
        return configured(
            region,
            SharedCredentialsProvider::new(credentials),
            Some(url),
        );
    }
    from_default_chain().await
}

/// The configuration of the default provider chain: an operator's profile,
/// SSO login, web identity, or the container or instance metadata.
#[cfg(feature = "aws-default-chain")]
async fn from_default_chain() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client())
        .load()
        .await
}

/// Without the default chain: the environment's region and credentials
/// (what there is of them), so that every call fails saying which variable
/// is missing, as Lambda never lets happen.
#[cfg(not(feature = "aws-default-chain"))]
async fn from_default_chain() -> SdkConfig {
    tracing::warn!(
        "AWS_REGION, AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not set, and this build has \
         no default credential chain (cargo feature `aws-default-chain`): AWS calls will fail"
    );
    let credentials = EnvironmentVariableCredentialsProvider::new();
    let mut builder = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .http_client(http_client());
    if let Ok(region) = std::env::var("AWS_REGION") {
        builder = builder.region(Region::new(region));
    }
    builder.build()
}

/// The credentials and region an emulator is called with when the
/// environment names none (moto accepts any).
const EMULATOR_KEY: &str = "testing";
const EMULATOR_REGION: &str = "us-east-1";

/// The HTTP client of every SDK client: rustls + ring, trusting the AWS roots.
fn http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .tls_context(aws_tls_context())
        .build_https()
}

/// A configuration of a known region and credentials. The clients add the
/// defaults of the behavior version (retries, timeouts, identity cache).
fn configured(
    region: String,
    credentials: SharedCredentialsProvider,
    endpoint_url: Option<&str>,
) -> SdkConfig {
    let mut builder = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region))
        .credentials_provider(credentials)
        .http_client(http_client());
    if let Some(url) = endpoint_url {
        builder = builder.endpoint_url(url);
    }
    builder.build()
}

/// `AWS_REGION`, when the environment also holds the credentials (Lambda's
/// always does); `None` sends the caller to the default chain (an
/// operator's profile or SSO login).
fn region_and_credentials_in_environment() -> Option<String> {
    let set = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let region = set("AWS_REGION")?;
    set("AWS_ACCESS_KEY_ID")?;
    set("AWS_SECRET_ACCESS_KEY")?;
    Some(region)
}

/// A trust store of the AWS roots only.
fn aws_tls_context() -> TlsContext {
    let roots = TrustStore::empty()
        .with_native_roots(false)
        .with_pem_certificate(AWS_ROOTS_PEM.as_bytes());
    TlsContext::builder()
        .with_trust_store(roots)
        .build()
        .unwrap_or_else(|_| TlsContext::default())
}

/// A DynamoDB client over the shared configuration.
#[cfg(feature = "aws-dynamodb")]
pub fn dynamodb_client(config: &SdkConfig) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(config)
}

/// An S3 client over the shared configuration; path-style addressing when an
/// endpoint is set, because emulators do not serve bucket subdomains.
#[cfg(feature = "aws-s3")]
pub fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    let s3_config = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(config.endpoint_url().is_some())
        .build();
    aws_sdk_s3::Client::from_conf(s3_config)
}

/// An SNS client over the shared configuration.
#[cfg(feature = "aws-sns")]
pub fn sns_client(config: &SdkConfig) -> aws_sdk_sns::Client {
    aws_sdk_sns::Client::new(config)
}

/// An SDK client made on first use, so that a function whose routes never
/// touch S3 or SNS does not build their clients at cold start.
#[derive(Clone)]
pub enum LazyClient<C> {
    /// A client already made.
    Ready(C),
    /// A client `make` builds from `sdk` the first time it is used.
    OnFirstUse {
        /// The shared configuration.
        sdk: Box<SdkConfig>,
        /// How to build the client.
        make: fn(&SdkConfig) -> C,
        /// The client, once made.
        made: OnceLock<C>,
    },
}

impl<C> LazyClient<C> {
    /// A client `make` builds from `sdk` on first use.
    pub fn on_first_use(sdk: &SdkConfig, make: fn(&SdkConfig) -> C) -> Self {
        LazyClient::OnFirstUse {
            sdk: Box::new(sdk.clone()),
            make,
            made: OnceLock::new(),
        }
    }

    /// The client, made now if it was not yet.
    pub fn get(&self) -> &C {
        match self {
            LazyClient::Ready(client) => client,
            LazyClient::OnFirstUse { sdk, make, made } => made.get_or_init(|| make(sdk)),
        }
    }
}

impl<C> std::fmt::Debug for LazyClient<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let made = match self {
            LazyClient::Ready(_) => true,
            LazyClient::OnFirstUse { made, .. } => made.get().is_some(),
        };
        f.debug_struct("LazyClient").field("made", &made).finish()
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    use super::*;

    #[test]
    fn the_compiled_in_roots_are_the_five_aws_roots_in_der() {
        let blocks: Vec<&str> = AWS_ROOTS_PEM
            .split("-----BEGIN CERTIFICATE-----")
            .skip(1)
            .map(|block| {
                block
                    .split("-----END CERTIFICATE-----")
                    .next()
                    .unwrap_or("")
            })
            .collect();
        assert_eq!(blocks.len(), 5);
        for block in blocks {
            let base64: String = block.split_whitespace().collect();
            let der = base64::engine::general_purpose::STANDARD
                .decode(base64)
                .unwrap();
            assert_eq!(der[0], 0x30, "a DER SEQUENCE");
        }
    }

    #[cfg(feature = "aws-dynamodb")]
    #[tokio::test]
    async fn an_https_call_builds_its_connector_from_the_compiled_in_roots() {
        // Nothing listens there: the call must fail on the connection, which
        // it reaches only once the TLS connector is built from the roots.
        let credentials = aws_credential_types::Credentials::for_tests();
        let sdk = configured(
            "us-east-1".into(),
            SharedCredentialsProvider::new(credentials),
            Some("https://127.0.0.1:9"),
        );
        let error = dynamodb_client(&sdk)
            .list_tables()
            .send()
            .await
            .unwrap_err();
        let aws_sdk_dynamodb::error::SdkError::DispatchFailure(failure) = &error else {
            panic!("not a connection failure: {error:?}");
        };
        assert!(failure.is_io(), "{failure:?}");
    }

    #[test]
    fn a_lazy_client_is_made_on_first_use_only() {
        static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        fn make(_: &SdkConfig) -> u32 {
            MADE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            7
        }
        let sdk = SdkConfig::builder().build();
        let lazy = LazyClient::on_first_use(&sdk, make);
        assert_eq!(MADE.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert_eq!(*lazy.get(), 7);
        assert_eq!(*lazy.get(), 7);
        assert_eq!(MADE.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(*LazyClient::Ready(3).get(), 3);
    }
}
