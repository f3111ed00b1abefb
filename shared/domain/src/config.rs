//! Configuration, read once per cold start from the environment.

use std::{path::PathBuf, str::FromStr, time::Duration};

use chrono_tz::Tz;
use rust_decimal::Decimal;

use subtle::ConstantTimeEq;

use crate::{entity::Settings, intervals::ServiceIntervals};

/// Which adapter set backs the ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The embedded store, local files and the recording notifier.
    Embedded,
    /// DynamoDB, S3 and SNS.
    Aws,
}

impl Backend {
    /// The cargo feature that builds this backend.
    pub fn feature(self) -> &'static str {
        match self {
            Self::Embedded => "embedded",
            Self::Aws => "aws",
        }
    }
}

/// A fixed fee added to every invoice (such as a stamp duty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fee {
    /// Label printed on the invoice.
    pub label: String,
    /// Amount in the currency.
    pub amount: Decimal,
}

/// A secret from the environment: its `Debug` never shows it, so a logged
/// configuration leaks nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Everything ECAR reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// Adapter set (`ECAR_BACKEND`; inside Lambda always AWS).
    pub backend: Backend,
    /// DynamoDB table (`TABLE_NAME`).
    pub table_name: String,
    /// S3 bucket for invoice PDFs (`BUCKET_NAME`).
    pub bucket_name: String,
    /// The secrets CloudFront's requests carry (`ECAR_ORIGIN_SECRETS`,
    /// `current[,previous]`); empty: no CloudFront in front (locally).
    pub origin_secrets: OriginSecrets,
    /// How old a pending outbox item must be before the sweep dispatches it
    /// (`ECAR_OUTBOX_SWEEP_AFTER_SECONDS`): the stream's own delivery and
    /// retries come first.
    pub outbox_sweep_after: Duration,
    /// SNS topic for announcements (`TOPIC_ARN`).
    pub topic_arn: Option<String>,
    /// SNS platform application for FCM (`FCM_PLATFORM_APPLICATION_ARN`).
    pub fcm_platform_app_arn: Option<String>,
    /// SNS platform application for APNs (`APNS_PLATFORM_APPLICATION_ARN`).
    pub apns_platform_app_arn: Option<String>,
    /// Endpoint of an AWS emulator (`AWS_ENDPOINT_URL`).
    pub aws_endpoint_url: Option<String>,
    /// Secrets Manager ARN of the JWT key set (`JWT_SECRET_ARN`).
    pub jwt_secret_arn: Option<String>,
    /// The JWT key set itself, for local use (`ECAR_JWT_KEYS`, JSON).
    pub jwt_keys_json: Option<Secret>,
    /// The public keys of the JWT key set, for the functions that only verify
    /// tokens (`JWT_PUBLIC_KEYS`, a JSON Web Key Set; `ecar keys public`).
    pub jwt_public_keys: Option<String>,
    /// The key that signs pagination cursors (`ECAR_CURSOR_SECRET`, at least
    /// 32 characters); without it, derived from the JWT signing key.
    pub cursor_secret: Option<Secret>,
    /// Token issuer (`ECAR_JWT_ISSUER`).
    pub jwt_issuer: String,
    /// Token audience (`ECAR_JWT_AUDIENCE`).
    pub jwt_audience: String,
    /// Access token lifetime (`ECAR_ACCESS_TOKEN_MINUTES`, 5 to 15).
    pub access_token_ttl: Duration,
    /// Refresh token lifetime (`ECAR_REFRESH_TOKEN_DAYS`).
    pub refresh_token_ttl: Duration,
    /// Absolute session limit (`ECAR_SESSION_MAX_DAYS`).
    pub session_max_age: Duration,
    /// How long a staff or admin session may go without a token refresh
    /// before it ends (`ECAR_STAFF_IDLE_MINUTES`, default 30, longer than an
    /// access token lives; 0: never). Customers' sessions have no idle limit.
    pub staff_idle_timeout: Option<Duration>,
    /// How long audit records are kept (`ECAR_AUDIT_RETENTION_DAYS`, default
    /// 730; 0: for ever), through the table's TTL.
    pub audit_retention: Option<Duration>,
    /// How long a warm container may trust a session check (`ECAR_AUTH_CACHE_SECONDS`).
    pub auth_cache_ttl: Duration,
    /// Failed logins allowed per account in a window, and registrations per
    /// client IP (`ECAR_LOGIN_MAX_ATTEMPTS`).
    pub login_max_attempts: u32,
    /// Failed logins allowed per client IP in a window, across accounts
    /// (`ECAR_LOGIN_IP_MAX_ATTEMPTS`): well above the per-account limit, since
    /// a garage's Wi-Fi or a carrier's NAT puts many people behind one address.
    pub login_ip_max_attempts: u32,
    /// Login throttling window (`ECAR_LOGIN_WINDOW_SECONDS`).
    pub login_window: Duration,
    /// Whether customers may register themselves (`ECAR_REGISTRATION_ENABLED`).
    pub registration_enabled: bool,
    /// Whether text messages may be sent (`ECAR_SMS_ENABLED`).
    pub sms_enabled: bool,
    /// Days ahead a car's service falls due for its reminder (`ECAR_REMINDER_DAYS`, default 14).
    pub reminder_days: u32,
    /// Local data directory (`ECAR_DATA_DIR`, default `./.ecar`).
    pub data_dir: PathBuf,
    /// Base URL the local runner is reached at, for local blob URLs (`ECAR_PUBLIC_URL`).
    pub public_url: String,
    /// ISO 4217 currency code (`ECAR_CURRENCY`, default TND).
    pub currency: String,
    /// Minor units of the currency (`ECAR_CURRENCY_DECIMALS`, default 3).
    pub currency_decimals: u32,
    /// Tax rate in percent (`ECAR_TAX_RATE`, default 19).
    pub tax_rate: Decimal,
    /// Price of an hour of labour when recorded time is billed
    /// (`ECAR_LABOUR_RATE`; unset: the biller names it each time).
    pub labour_rate: Option<Decimal>,
    /// Fixed fees per invoice (`ECAR_INVOICE_FEES`, `label=amount;...`, default a 1.000 stamp duty).
    pub invoice_fees: Vec<Fee>,
    /// The garage's time zone (`ECAR_TIME_ZONE`, default Africa/Tunis).
    pub time_zone: Tz,
    /// Country code for phone numbers written without one (`ECAR_DEFAULT_COUNTRY_CODE`, default 216).
    pub default_country_code: String,
    /// Service intervals by make and model (`ECAR_SERVICE_INTERVALS`,
    /// `default=10000km/12m; Peugeot=15000km/12m; Peugeot/208=20000km/24m`).
    pub service_intervals: ServiceIntervals,
    /// Garage name printed on invoices (`ECAR_GARAGE_NAME`).
    pub garage_name: String,
    /// Garage address printed on invoices (`ECAR_GARAGE_ADDRESS`).
    pub garage_address: String,
    /// Browser origins besides the API's own allowed to call it, with
    /// credentials (`ECAR_CORS_ORIGINS`, comma-separated); none by default.
    pub cors_origins: CorsOrigins,
}

/// Browser origins (`https://admin.example.com`, `http://localhost:5173`)
/// allowed to call the API across origins: exact matches only, never a
/// wildcard, since the answers may carry credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorsOrigins(Vec<String>);

impl CorsOrigins {
    /// `origin[,origin...]`: each a scheme (`http` or `https`), a host and
    /// an optional port, without a path; empty parts are ignored.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut origins = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let origin = part.to_ascii_lowercase();
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .ok_or_else(|| format!("{part}: an origin starts with http:// or https://"))?;
            let valid_host = !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
            if !valid_host {
                return Err(format!(
                    "{part}: an origin is a scheme, a host and an optional port, without a path or a wildcard"
                ));
            }
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        Ok(Self(origins))
    }

    /// Whether `origin` (a request's `Origin` header) is one of them.
    pub fn allows(&self, origin: &str) -> bool {
        self.0
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(origin))
    }

    /// Whether none is configured (the default: the SPA calls its own origin).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The origins, lower-case.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// The origin secrets accepted: the current one and, while CloudFront
/// rolls a new one out, the previous one. Never printed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct OriginSecrets(Vec<String>);

impl OriginSecrets {
    /// `current[,previous]`; empty parts are ignored, so no text means none.
    pub fn parse(text: &str) -> Self {
        Self(
            text.split(',')
                .map(str::trim)
                .filter(|secret| !secret.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }

    /// Whether no secret is configured (the local runner, tests).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `presented` is one of the secrets, compared in constant time.
    pub fn accepts(&self, presented: &[u8]) -> bool {
        self.0.iter().fold(false, |found, secret| {
            found | bool::from(secret.as_bytes().ct_eq(presented))
        })
    }
}

impl std::fmt::Debug for OriginSecrets {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "OriginSecrets({} redacted)", self.0.len())
    }
}

/// A configuration value that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration {name}={value:?}: {reason}")]
pub struct ConfigError {
    name: String,
    value: String,
    reason: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            backend: Backend::Embedded,
            table_name: "ecar".into(),
            bucket_name: "ecar-pdfs".into(),
            origin_secrets: OriginSecrets::default(),
            outbox_sweep_after: Duration::from_secs(300),
            topic_arn: None,
            fcm_platform_app_arn: None,
            apns_platform_app_arn: None,
            aws_endpoint_url: None,
            jwt_secret_arn: None,
            jwt_keys_json: None,
            jwt_public_keys: None,
            cursor_secret: None,
            jwt_issuer: "ecar".into(),
            jwt_audience: "ecar-api".into(),
            access_token_ttl: Duration::from_secs(10 * 60),
            refresh_token_ttl: Duration::from_secs(7 * 24 * 3600),
            session_max_age: Duration::from_secs(30 * 24 * 3600),
            staff_idle_timeout: Some(Duration::from_secs(30 * 60)),
            audit_retention: Some(days(730)),
            auth_cache_ttl: Duration::from_secs(5),
            login_max_attempts: 5,
            login_ip_max_attempts: 50,
            login_window: Duration::from_secs(15 * 60),
            registration_enabled: true,
            sms_enabled: true,
            reminder_days: 14,
            data_dir: PathBuf::from(".ecar"),
            public_url: "http://127.0.0.1:3000".into(),
            currency: "TND".into(),
            currency_decimals: 3,
            tax_rate: Decimal::new(19, 0),
            labour_rate: None,
            invoice_fees: vec![Fee {
                label: "Droit de timbre".into(),
                amount: Decimal::new(1000, 3),
            }],
            time_zone: chrono_tz::Africa::Tunis,
            default_country_code: "216".into(),
            service_intervals: ServiceIntervals::default(),
            garage_name: "ECAR Garage".into(),
            garage_address: String::new(),
            cors_origins: CorsOrigins::default(),
        }
    }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let text = |name: &str, default: String| lookup(name).unwrap_or(default);
        let optional = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());

        let in_lambda = lookup("AWS_LAMBDA_RUNTIME_API").is_some();
        let backend = match optional("ECAR_BACKEND").as_deref() {
            _ if in_lambda => Backend::Aws,
            None | Some("embedded") => Backend::Embedded,
            Some("aws") => Backend::Aws,
            Some(other) => return Err(invalid("ECAR_BACKEND", other, "expected embedded or aws")),
        };
        let access_minutes: u64 = number(&lookup, "ECAR_ACCESS_TOKEN_MINUTES", 10)?;
        if !(5..=15).contains(&access_minutes) {
            return Err(invalid(
                "ECAR_ACCESS_TOKEN_MINUTES",
                &access_minutes.to_string(),
                "must be between 5 and 15",
            ));
        }
        // An active client refreshes once per access token: the idle limit
        // must outlast one, or it would end sessions in use.
        let idle_minutes: u64 = number(&lookup, "ECAR_STAFF_IDLE_MINUTES", 30)?;
        if idle_minutes != 0 && idle_minutes <= access_minutes {
            return Err(invalid(
                "ECAR_STAFF_IDLE_MINUTES",
                &idle_minutes.to_string(),
                "must be 0 (no limit) or longer than ECAR_ACCESS_TOKEN_MINUTES",
            ));
        }
        let time_zone = match optional("ECAR_TIME_ZONE") {
            None => defaults.time_zone,
            Some(name) => Tz::from_str(&name)
                .map_err(|_| invalid("ECAR_TIME_ZONE", &name, "unknown IANA time zone"))?,
        };
        let invoice_fees = match lookup("ECAR_INVOICE_FEES") {
            None => defaults.invoice_fees,
            Some(spec) => parse_fees(&spec)?,
        };
        let service_intervals = match optional("ECAR_SERVICE_INTERVALS") {
            None => defaults.service_intervals,
            Some(spec) => ServiceIntervals::parse(&spec)
                .map_err(|reason| invalid("ECAR_SERVICE_INTERVALS", &spec, &reason))?,
        };
        let cors_text = text("ECAR_CORS_ORIGINS", String::new());
        let cors_origins = CorsOrigins::parse(&cors_text)
            .map_err(|reason| invalid("ECAR_CORS_ORIGINS", &cors_text, &reason))?;
        let currency = text("ECAR_CURRENCY", defaults.currency);
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(invalid(
                "ECAR_CURRENCY",
                &currency,
                "expected an ISO 4217 code such as TND",
            ));
        }
        Ok(Self {
            backend,
            table_name: text("TABLE_NAME", defaults.table_name),
            bucket_name: text("BUCKET_NAME", defaults.bucket_name),
            origin_secrets: OriginSecrets::parse(&text("ECAR_ORIGIN_SECRETS", String::new())),
            outbox_sweep_after: Duration::from_secs(number(
                &lookup,
                "ECAR_OUTBOX_SWEEP_AFTER_SECONDS",
                300,
            )?),
            topic_arn: optional("TOPIC_ARN"),
            fcm_platform_app_arn: optional("FCM_PLATFORM_APPLICATION_ARN"),
            apns_platform_app_arn: optional("APNS_PLATFORM_APPLICATION_ARN"),
            aws_endpoint_url: optional("AWS_ENDPOINT_URL"),
            jwt_secret_arn: optional("JWT_SECRET_ARN"),
            jwt_keys_json: optional("ECAR_JWT_KEYS").map(Secret::new),
            jwt_public_keys: optional("JWT_PUBLIC_KEYS"),
            cursor_secret: optional("ECAR_CURSOR_SECRET").map(Secret::new),
            jwt_issuer: text("ECAR_JWT_ISSUER", defaults.jwt_issuer),
            jwt_audience: text("ECAR_JWT_AUDIENCE", defaults.jwt_audience),
            access_token_ttl: Duration::from_secs(access_minutes * 60),
            refresh_token_ttl: days(number(&lookup, "ECAR_REFRESH_TOKEN_DAYS", 7)?),
            session_max_age: days(number(&lookup, "ECAR_SESSION_MAX_DAYS", 30)?),
            staff_idle_timeout: (idle_minutes != 0).then(|| Duration::from_secs(idle_minutes * 60)),
            audit_retention: match number(&lookup, "ECAR_AUDIT_RETENTION_DAYS", 730)? {
                0 => None,
                count => Some(days(count)),
            },
            auth_cache_ttl: Duration::from_secs(number(&lookup, "ECAR_AUTH_CACHE_SECONDS", 5)?),
            login_max_attempts: number(&lookup, "ECAR_LOGIN_MAX_ATTEMPTS", 5)?,
            login_ip_max_attempts: number(
                &lookup,
                "ECAR_LOGIN_IP_MAX_ATTEMPTS",
                defaults.login_ip_max_attempts,
            )?,
            login_window: Duration::from_secs(number(&lookup, "ECAR_LOGIN_WINDOW_SECONDS", 900)?),
            registration_enabled: flag(&lookup, "ECAR_REGISTRATION_ENABLED", true)?,
            sms_enabled: flag(&lookup, "ECAR_SMS_ENABLED", true)?,
            reminder_days: number(&lookup, "ECAR_REMINDER_DAYS", defaults.reminder_days)?,
            data_dir: optional("ECAR_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or(defaults.data_dir),
            public_url: text("ECAR_PUBLIC_URL", defaults.public_url),
            currency_decimals: number(&lookup, "ECAR_CURRENCY_DECIMALS", minor_units(&currency))?,
            currency,
            tax_rate: decimal(&lookup, "ECAR_TAX_RATE", defaults.tax_rate)?,
            labour_rate: labour_rate(optional("ECAR_LABOUR_RATE"))?,
            invoice_fees,
            time_zone,
            default_country_code: text("ECAR_DEFAULT_COUNTRY_CODE", defaults.default_country_code),
            service_intervals,
            garage_name: text("ECAR_GARAGE_NAME", defaults.garage_name),
            garage_address: text("ECAR_GARAGE_ADDRESS", defaults.garage_address),
            cors_origins,
        })
    }
}

/// The configured price of an hour of labour: a decimal, not negative.
fn labour_rate(text: Option<String>) -> Result<Option<Decimal>, ConfigError> {
    let Some(text) = text else {
        return Ok(None);
    };
    match text.trim().parse::<Decimal>() {
        Ok(rate) if !rate.is_sign_negative() => Ok(Some(rate)),
        _ => Err(invalid(
            "ECAR_LABOUR_RATE",
            &text,
            "expected a price of an hour, e.g. 45.000",
        )),
    }
}

impl Config {
    /// What the statistics counters are kept in: the currency and the time zone.
    pub fn counter_settings(&self) -> Settings {
        Settings {
            decimals: self.currency_decimals,
            time_zone: self.time_zone,
        }
    }

    /// The name of every variable the configuration reads, in the order it
    /// reads them (a test checks the template sets each or leaves it to its
    /// default on purpose).
    pub fn variables() -> Vec<String> {
        let read = std::cell::RefCell::new(Vec::<String>::new());
        let _ = Self::from_lookup(|name| {
            let mut read = read.borrow_mut();
            if !read.iter().any(|known| known == name) {
                read.push(name.to_string());
            }
            None
        });
        read.into_inner()
    }
}

/// The minor units of an ISO 4217 currency: 3 for the dinars of Tunisia,
/// Libya, Iraq, Jordan, Kuwait and Bahrain and Oman's rial, 0 for the yen,
/// the CFA francs and the others without, 2 for the rest.
pub fn minor_units(currency: &str) -> u32 {
    const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    const NONE: &[&str] = &[
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
        "VUV", "XAF", "XOF", "XPF",
    ];
    const FOUR: &[&str] = &["CLF", "UYW"];
    if THREE.contains(&currency) {
        3
    } else if NONE.contains(&currency) {
        0
    } else if FOUR.contains(&currency) {
        4
    } else {
        2
    }
}

fn invalid(name: &str, value: &str, reason: &str) -> ConfigError {
    ConfigError {
        name: name.into(),
        value: value.into(),
        reason: reason.into(),
    }
}

fn days(count: u64) -> Duration {
    Duration::from_secs(count * 24 * 3600)
}

fn number<T: FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> Result<T, ConfigError> {
    match lookup(name) {
        None => Ok(default),
        Some(value) => value
            .trim()
            .parse()
            .map_err(|_| invalid(name, &value, "expected a whole number")),
    }
}

fn decimal(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: Decimal,
) -> Result<Decimal, ConfigError> {
    match lookup(name) {
        None => Ok(default),
        Some(value) => Decimal::from_str(value.trim())
            .map_err(|_| invalid(name, &value, "expected a decimal number")),
    }
}

fn flag(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: bool,
) -> Result<bool, ConfigError> {
    match lookup(name).as_deref().map(str::trim) {
        None => Ok(default),
        Some("true" | "1" | "yes") => Ok(true),
        Some("false" | "0" | "no") => Ok(false),
        Some(other) => Err(invalid(name, other, "expected true or false")),
    }
}

/// `label=amount;label=amount` (an empty string means no fees).
fn parse_fees(spec: &str) -> Result<Vec<Fee>, ConfigError> {
    spec.split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (label, amount) = part
                .split_once('=')
                .ok_or_else(|| invalid("ECAR_INVOICE_FEES", part, "expected label=amount"))?;
            let amount = Decimal::from_str(amount.trim())
                .map_err(|_| invalid("ECAR_INVOICE_FEES", part, "amount is not a decimal"))?;
            Ok(Fee {
                label: label.trim().to_string(),
                amount,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_logged_configuration_shows_no_secret() {
        let config = Config::from_lookup(|name| match name {
            "ECAR_JWT_KEYS" => Some("private-key-set".into()),
            "ECAR_CURSOR_SECRET" => Some("cursor-secret-cursor-secret-cursor".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            config.cursor_secret.as_ref().map(Secret::expose),
            Some("cursor-secret-cursor-secret-cursor")
        );
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("private-key-set") && !shown.contains("cursor-secret"),
            "{shown}"
        );
    }

    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_fit_a_tunisian_garage() {
        let config = from(&[]).unwrap();
        assert_eq!(config.backend, Backend::Embedded);
        assert_eq!(config.currency, "TND");
        assert_eq!(config.currency_decimals, 3);
        assert_eq!(config.tax_rate, Decimal::new(19, 0));
        assert_eq!(config.invoice_fees[0].amount, Decimal::new(1000, 3));
        assert_eq!(config.time_zone, chrono_tz::Africa::Tunis);
        assert_eq!(config.reminder_days, 14);
        let config = from(&[("ECAR_REMINDER_DAYS", "7")]).unwrap();
        assert_eq!(config.reminder_days, 7);
        assert!(from(&[("ECAR_REMINDER_DAYS", "soon")]).is_err());
    }

    #[test]
    fn lambda_always_uses_aws() {
        let config = from(&[("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")]).unwrap();
        assert_eq!(config.backend, Backend::Aws);
    }

    #[test]
    fn bad_values_are_refused_with_their_name() {
        let error = from(&[("ECAR_ACCESS_TOKEN_MINUTES", "60")]).unwrap_err();
        assert!(error.to_string().contains("ECAR_ACCESS_TOKEN_MINUTES"));
        assert!(from(&[("ECAR_TIME_ZONE", "Mars/Olympus")]).is_err());
        assert!(from(&[("ECAR_BACKEND", "postgres")]).is_err());
        assert!(from(&[("ECAR_INVOICE_FEES", "stamp")]).is_err());
        assert!(from(&[("ECAR_SERVICE_INTERVALS", "Peugeot=soon")]).is_err());
    }

    #[test]
    fn a_labour_rate_is_a_price_or_unset() {
        assert_eq!(from(&[]).unwrap().labour_rate, None);
        assert_eq!(
            from(&[("ECAR_LABOUR_RATE", "45.5")]).unwrap().labour_rate,
            Some(Decimal::new(455, 1))
        );
        assert!(from(&[("ECAR_LABOUR_RATE", "-1")]).is_err());
        assert!(from(&[("ECAR_LABOUR_RATE", "cheap")]).is_err());
    }

    #[test]
    fn the_staff_idle_limit_outlasts_an_access_token_or_is_off() {
        assert_eq!(
            from(&[]).unwrap().staff_idle_timeout,
            Some(Duration::from_secs(30 * 60))
        );
        assert_eq!(
            from(&[("ECAR_STAFF_IDLE_MINUTES", "0")])
                .unwrap()
                .staff_idle_timeout,
            None
        );
        let error = from(&[("ECAR_STAFF_IDLE_MINUTES", "10")]).unwrap_err();
        assert!(error.to_string().contains("ECAR_STAFF_IDLE_MINUTES"));
        let longer = from(&[
            ("ECAR_ACCESS_TOKEN_MINUTES", "5"),
            ("ECAR_STAFF_IDLE_MINUTES", "6"),
        ])
        .unwrap();
        assert_eq!(longer.staff_idle_timeout, Some(Duration::from_secs(360)));
    }

    #[test]
    fn audit_records_are_kept_two_years_unless_told() {
        assert_eq!(from(&[]).unwrap().audit_retention, Some(days(730)));
        let kept = from(&[("ECAR_AUDIT_RETENTION_DAYS", "3650")]).unwrap();
        assert_eq!(kept.audit_retention, Some(days(3650)));
        let for_ever = from(&[("ECAR_AUDIT_RETENTION_DAYS", "0")]).unwrap();
        assert_eq!(for_ever.audit_retention, None);
        assert!(from(&[("ECAR_AUDIT_RETENTION_DAYS", "two years")]).is_err());
    }

    #[test]
    fn fees_parse() {
        let config = from(&[("ECAR_INVOICE_FEES", "Timbre=1.000; Eco=0.500")]).unwrap();
        assert_eq!(config.invoice_fees.len(), 2);
        assert_eq!(config.invoice_fees[1].label, "Eco");
        assert!(
            from(&[("ECAR_INVOICE_FEES", "")])
                .unwrap()
                .invoice_fees
                .is_empty()
        );
    }

    #[test]
    fn the_currency_sets_its_minor_units() {
        assert_eq!(from(&[]).unwrap().currency_decimals, 3, "TND has millimes");
        assert_eq!(
            from(&[("ECAR_CURRENCY", "EUR")]).unwrap().currency_decimals,
            2
        );
        assert_eq!(
            from(&[("ECAR_CURRENCY", "JPY")]).unwrap().currency_decimals,
            0
        );
        assert_eq!(
            from(&[("ECAR_CURRENCY", "LYD")]).unwrap().currency_decimals,
            3
        );
        let overridden = from(&[("ECAR_CURRENCY", "EUR"), ("ECAR_CURRENCY_DECIMALS", "3")]);
        assert_eq!(overridden.unwrap().currency_decimals, 3);
        assert!(from(&[("ECAR_CURRENCY", "dinar")]).is_err());
    }

    #[test]
    fn cors_origins_are_exact_origins() {
        assert!(from(&[]).unwrap().cors_origins.is_empty());
        let config = from(&[(
            "ECAR_CORS_ORIGINS",
            " https://Admin.Garage.tn, http://localhost:5173 ,,http://localhost:5173",
        )])
        .unwrap();
        assert_eq!(
            config.cors_origins.as_slice(),
            ["https://admin.garage.tn", "http://localhost:5173"]
        );
        assert!(config.cors_origins.allows("https://admin.garage.tn"));
        assert!(config.cors_origins.allows("HTTPS://ADMIN.GARAGE.TN"));
        assert!(
            !config
                .cors_origins
                .allows("https://admin.garage.tn.evil.example")
        );
        assert!(!config.cors_origins.allows("http://admin.garage.tn"));
        assert!(!config.cors_origins.allows("null"));
        for bad in [
            "*",
            "https://*",
            "admin.garage.tn",
            "https://a.tn/app",
            "ftp://a.tn",
        ] {
            let error = from(&[("ECAR_CORS_ORIGINS", bad)]).unwrap_err();
            assert!(
                error.to_string().contains("ECAR_CORS_ORIGINS"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn every_variable_read_is_listed() {
        let variables = Config::variables();
        for name in [
            "ECAR_BACKEND",
            "TABLE_NAME",
            "ECAR_CURRENCY_DECIMALS",
            "ECAR_GARAGE_ADDRESS",
        ] {
            assert!(
                variables.iter().any(|v| v == name),
                "{name} in {variables:?}"
            );
        }
        let mut unique = variables.clone();
        unique.dedup();
        assert_eq!(unique.len(), variables.len());
    }
}
