//! Passwords: Argon2id at OWASP's parameters, stored as PHC strings, and the
//! password policy (length and a list of the most common passwords).
//!
//! Accounts moved from the Django ECAR keep their passwords: a stored hash in
//! Django's `pbkdf2_sha256$<rounds>$<salt>$<key>` form is verified as Django
//! does, and the first successful login replaces it with an Argon2id hash.
//!
//! Hashing is deliberately slow, so it runs on the blocking pool; every
//! computation is counted, so tests can prove that throttled attempts never
//! reach it.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::SaltString,
};
use rand::RngCore;

/// Fewest characters a password may have.
pub const MIN_LENGTH: usize = 10;
/// Most characters a password may have (bounds the hashing cost of one request).
pub const MAX_LENGTH: usize = 128;

/// OWASP's Argon2id memory cost in KiB (19 MiB).
const M_COST: u32 = 19_456;
/// OWASP's Argon2id iteration count.
const T_COST: u32 = 2;
/// OWASP's Argon2id parallelism.
const P_COST: u32 = 1;

/// Verified against when the account does not exist or has no password, so that
/// an unknown user costs the same time as a wrong password. No password hashes to it.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$ZWNhci1kdW1teS1zYWx0IQ$18jU2+JNLmbGyR/iZeTB6+VVFOxqOHmn2AWogVIqid8";

/// The most common passwords of allowed length, one a line, lowercase.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Why a new password was refused (the message is safe to show).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Shorter than [`MIN_LENGTH`].
    #[error("must be at least 10 characters long")]
    TooShort,
    /// Longer than [`MAX_LENGTH`].
    #[error("must be at most 128 characters long")]
    TooLong,
    /// On the list of common passwords.
    #[error("is too common")]
    TooCommon,
    /// Equal to the account's username or email.
    #[error("must not be the username or the email")]
    SameAsIdentity,
}

/// Checks a new password against the policy; `identities` are the account's
/// username and email, which the password may not repeat.
pub fn check_policy(password: &str, identities: &[&str]) -> Result<(), PolicyError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(PolicyError::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(PolicyError::TooLong);
    }
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.lines().any(|common| common == lower) {
        return Err(PolicyError::TooCommon);
    }
    if identities.iter().any(|id| id.to_lowercase() == lower) {
        return Err(PolicyError::SameAsIdentity);
    }
    Ok(())
}

/// A failure of the hashing machinery itself (never a wrong password).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashingError(String);

/// The outcome of checking a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Wrong password, unknown account, or an account without a password.
    Rejected,
    /// The password matches; `rehashed` is a new PHC string when the stored one
    /// used other parameters, to be saved in place of the old one.
    Accepted {
        /// The replacement hash, if the parameters changed.
        rehashed: Option<String>,
    },
}

/// The password hasher shared by all requests of a container.
#[derive(Clone, Debug, Default)]
pub struct Passwords {
    computations: Arc<AtomicU64>,
}

impl Passwords {
    /// A hasher with its computation counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many Argon2 computations (hashes and verifications) this hasher ran.
    pub fn computations(&self) -> u64 {
        self.computations.load(Ordering::SeqCst)
    }

    /// Hashes a new password into a PHC string with the current parameters.
    pub async fn hash(&self, password: String) -> Result<String, HashingError> {
        let counter = self.computations.clone();
        tokio::task::spawn_blocking(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            hash_now(&password)
        })
        .await
        .map_err(|e| HashingError(e.to_string()))?
    }

    /// Checks a password against a stored PHC string, or against the dummy hash
    /// when there is none, so both cases take the same time.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<Verification, HashingError> {
        let counter = self.computations.clone();
        tokio::task::spawn_blocking(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            let Some(stored) = stored else {
                // The result is irrelevant: only the time it takes matters.
                let _ = verify_now(&password, DUMMY_HASH);
                return Ok(Verification::Rejected);
            };
            match verify_now(&password, &stored) {
                Ok(true) if needs_rehash(&stored) => {
                    counter.fetch_add(1, Ordering::SeqCst);
                    Ok(Verification::Accepted {
                        rehashed: Some(hash_now(&password)?),
                    })
                }
                Ok(true) => Ok(Verification::Accepted { rehashed: None }),
                Ok(false) => Ok(Verification::Rejected),
                Err(e) => {
                    tracing::error!(error = %e, "stored password hash is unreadable");
                    Ok(Verification::Rejected)
                }
            }
        })
        .await
        .map_err(|e| HashingError(e.to_string()))?
    }
}

fn current_params() -> Result<Params, HashingError> {
    Params::new(M_COST, T_COST, P_COST, None).map_err(|e| HashingError(e.to_string()))
}

fn hash_now(password: &str) -> Result<String, HashingError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| HashingError(e.to_string()))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, current_params()?);
    argon
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashingError(e.to_string()))
}

/// Whether the password matches; an unreadable stored hash is an error.
fn verify_now(password: &str, stored: &str) -> Result<bool, argon2::password_hash::Error> {
    if let Some(django) = stored.strip_prefix(DJANGO_PBKDF2_SHA256) {
        return verify_django(password, django);
    }
    let parsed = PasswordHash::new(stored)?;
    // Argon2's verifier takes algorithm and cost from the PHC string itself.
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::Password) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The algorithm prefix of Django's default hasher.
const DJANGO_PBKDF2_SHA256: &str = "pbkdf2_sha256$";
/// Most PBKDF2 rounds a stored Django hash may ask for (Django 5 uses
/// 870,000-1,000,000): a larger number is refused, not computed.
const DJANGO_MAX_ROUNDS: u32 = 5_000_000;

/// Checks `password` against the rest of a Django hash, `<rounds>$<salt>$<key>`:
/// the key is base64 of PBKDF2-HMAC-SHA256 over the salt's text, 32 bytes.
fn verify_django(password: &str, rest: &str) -> Result<bool, argon2::password_hash::Error> {
    use base64::Engine;
    use subtle::ConstantTimeEq;
    let unreadable = argon2::password_hash::Error::PhcStringField;
    let mut fields = rest.splitn(3, '$');
    let (Some(rounds), Some(salt), Some(key)) = (fields.next(), fields.next(), fields.next())
    else {
        return Err(unreadable);
    };
    let rounds: u32 = rounds.parse().map_err(|_| unreadable)?;
    if rounds == 0 || rounds > DJANGO_MAX_ROUNDS || salt.is_empty() {
        return Err(unreadable);
    }
    let expected = base64::engine::general_purpose::STANDARD
        .decode(key)
        .map_err(|_| unreadable)?;
    if expected.len() != 32 {
        return Err(unreadable);
    }
    let mut derived = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), salt.as_bytes(), rounds, &mut derived);
    Ok(bool::from(derived.ct_eq(&expected)))
}

/// Whether a stored hash was made with another algorithm, version or cost.
fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    let same_algorithm = parsed.algorithm == Algorithm::Argon2id.ident();
    let same_version = parsed.version == Some(Version::V0x13.into());
    let same_params = Params::try_from(&parsed)
        .map(|p| p.m_cost() == M_COST && p.t_cost() == T_COST && p.p_cost() == P_COST)
        .unwrap_or(false);
    !(same_algorithm && same_version && same_params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let passwords = Passwords::new();
        let stored = passwords
            .hash("correct horse battery".into())
            .await
            .unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            passwords
                .verify("correct horse battery".into(), Some(stored.clone()))
                .await
                .unwrap(),
            Verification::Accepted { rehashed: None }
        );
        assert_eq!(
            passwords
                .verify("wrong horse battery".into(), Some(stored))
                .await
                .unwrap(),
            Verification::Rejected
        );
        assert_eq!(passwords.computations(), 3);
    }

    /// `h.gharbi`'s hash in the Django ECAR's export, and his password.
    const DJANGO_HASH: &str =
        "pbkdf2_sha256$870000$WJXkNunHVKbQSbIlcgFTpQ$FMIEPhFQwPfD0SlhroDgzzUkBnRnFkDn+fVbNSfdqnE=";
    const DJANGO_PASSWORD: &str = "Atelier-Gharbi-2024";

    #[tokio::test]
    async fn a_django_hash_verifies_its_password_and_is_replaced_by_argon2id() {
        let passwords = Passwords::new();
        let Verification::Accepted {
            rehashed: Some(new),
        } = passwords
            .verify(DJANGO_PASSWORD.into(), Some(DJANGO_HASH.into()))
            .await
            .unwrap()
        else {
            panic!("the Django password is accepted and rehashed");
        };
        assert!(new.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{new}");
        assert_eq!(
            passwords
                .verify(DJANGO_PASSWORD.into(), Some(new))
                .await
                .unwrap(),
            Verification::Accepted { rehashed: None }
        );
        assert_eq!(
            passwords
                .verify("Atelier-Gharbi-2025".into(), Some(DJANGO_HASH.into()))
                .await
                .unwrap(),
            Verification::Rejected
        );
    }

    #[test]
    fn a_malformed_or_costly_django_hash_is_unreadable_not_computed() {
        for stored in [
            "pbkdf2_sha256$870000$salt",
            "pbkdf2_sha256$many$salt$AAAA",
            "pbkdf2_sha256$0$salt$FMIEPhFQwPfD0SlhroDgzzUkBnRnFkDn+fVbNSfdqnE=",
            "pbkdf2_sha256$999999999$salt$FMIEPhFQwPfD0SlhroDgzzUkBnRnFkDn+fVbNSfdqnE=",
            "pbkdf2_sha256$870000$salt$c2hvcnQ=",
            "pbkdf2_sha256$870000$$FMIEPhFQwPfD0SlhroDgzzUkBnRnFkDn+fVbNSfdqnE=",
        ] {
            assert!(verify_now(DJANGO_PASSWORD, stored).is_err(), "{stored}");
        }
    }

    #[tokio::test]
    async fn a_hash_with_old_parameters_is_replaced_on_login() {
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(b"correct horse battery", &salt)
        .unwrap()
        .to_string();
        let passwords = Passwords::new();
        let Verification::Accepted {
            rehashed: Some(new),
        } = passwords
            .verify("correct horse battery".into(), Some(weak))
            .await
            .unwrap()
        else {
            panic!("a weak hash must be accepted and replaced");
        };
        assert!(new.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_now("correct horse battery", &new).unwrap());
    }

    #[tokio::test]
    async fn an_unknown_account_costs_one_computation_and_is_rejected() {
        let passwords = Passwords::new();
        assert_eq!(
            passwords
                .verify("anything at all".into(), None)
                .await
                .unwrap(),
            Verification::Rejected
        );
        assert_eq!(passwords.computations(), 1);
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_costs() {
        assert!(!needs_rehash(DUMMY_HASH));
    }

    #[test]
    fn an_unreadable_hash_is_rejected_not_accepted() {
        assert!(verify_now("whatever password", "not a phc string").is_err());
    }

    #[test]
    fn the_policy_bounds_length_and_refuses_common_and_identical_passwords() {
        assert_eq!(check_policy("short", &[]), Err(PolicyError::TooShort));
        assert_eq!(check_policy("ninechars", &[]), Err(PolicyError::TooShort));
        assert_eq!(check_policy("tenchars!!", &[]), Ok(()));
        assert_eq!(check_policy(&"x".repeat(128), &[]), Ok(()));
        assert_eq!(
            check_policy(&"x".repeat(129), &[]),
            Err(PolicyError::TooLong)
        );
        // Characters, not bytes: ten accented letters are ten characters.
        assert_eq!(check_policy("éééééééééé", &[]), Ok(()));
        assert_eq!(
            check_policy("Password123", &[]),
            Err(PolicyError::TooCommon)
        );
        assert_eq!(check_policy("QWERTYUIOP", &[]), Err(PolicyError::TooCommon));
        assert_eq!(
            check_policy("Sami.Ben@Example.tn", &["sami", "sami.ben@example.tn"]),
            Err(PolicyError::SameAsIdentity)
        );
    }

    #[test]
    fn the_common_list_holds_only_passwords_the_length_rule_lets_through() {
        for common in COMMON_PASSWORDS.lines() {
            assert!(common.chars().count() >= MIN_LENGTH, "{common}");
            assert_eq!(common, common.to_lowercase());
        }
    }
}
