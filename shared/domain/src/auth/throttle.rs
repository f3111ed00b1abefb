//! Login throttling per account and per client IP, with atomic counters in
//! the table, so that every container of every function sees the same counts.
//!
//! Items (one per key and fixed window, gone when the window ends):
//! `pk = THROTTLE#<scope>#<subject>`, `sk = WINDOW#<window start, epoch seconds>`,
//! `attempts` (a counter) and `expires_at` (the window's end). The account
//! subject is a SHA-256 of the login name folded to lowercase, so the table
//! holds no raw login names and keys stay short whatever a client sends.
//!
//! An attempt takes a slot *before* the password is checked, with one
//! conditional increment (`attempts < limit`); a refused increment is a 429
//! and the password is never hashed. A successful login gives its slots back,
//! so only failures count.
//!
//! Accounts are counted by the account a login name resolves to (its user
//! id), so an account's username, email and their letter cases share one
//! count; a name no account has is counted as typed. The per-IP limit is far
//! above the per-account one: it stops guessing spread over many accounts,
//! while people behind one shared address (a garage's Wi-Fi, a carrier's
//! NAT) are not locked out by a few mistyped passwords. Lowering it to the
//! account limit would let five failures lock out a whole office.

use std::{net::IpAddr, time::Duration};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{
    error::AuthError,
    events::{self, SecurityEvent},
};
use crate::store::{Change, CmpOp, Condition, EXPIRES_AT, Key, StoreError, Table, Value, WriteOp};

/// The counter attribute.
const ATTEMPTS: &str = "attempts";

/// What a throttle counts attempts of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Logins (and password changes) to one account.
    Account,
    /// Logins from one client address.
    Ip,
    /// Self-registrations from one client address.
    RegisterIp,
}

impl Scope {
    fn name(self) -> &'static str {
        match self {
            Scope::Account => "ACCOUNT",
            Scope::Ip => "IP",
            Scope::RegisterIp => "REGISTER#IP",
        }
    }
}

/// Slots taken by an attempt, to give back if it succeeds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slots(Vec<Key>);

/// The throttle subject of a login name: a digest of its folded form.
pub fn account_subject(login: &str) -> String {
    let digest = Sha256::digest(login.trim().to_lowercase().as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The throttle subject of a client address (`unknown` when the host gave none).
pub fn ip_subject(ip: Option<IpAddr>) -> String {
    ip.map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
}

/// Throttles attempts: `limit` per account (and registrations per IP),
/// `ip_limit` logins per IP, per `window`.
#[derive(Clone, Copy, Debug)]
pub struct Throttle {
    /// Attempts allowed in a window for one account, or registrations for one IP.
    pub limit: u32,
    /// Login attempts allowed in a window from one IP, across accounts.
    pub ip_limit: u32,
    /// The window length.
    pub window: Duration,
}

impl Throttle {
    fn limit_of(&self, scope: Scope) -> u32 {
        match scope {
            Scope::Account | Scope::RegisterIp => self.limit,
            Scope::Ip => self.ip_limit,
        }
    }

    /// Takes one slot for each `(scope, subject)`, in order; the first one
    /// full refuses the attempt with the time left in its window.
    pub async fn take(
        &self,
        table: &dyn Table,
        now: DateTime<Utc>,
        subjects: &[(Scope, &str)],
        user_id: Option<&str>,
        source_ip: Option<IpAddr>,
    ) -> Result<Slots, AuthError> {
        let window = i64::try_from(self.window.as_secs().max(1)).unwrap_or(i64::MAX);
        let now_s = now.timestamp();
        let start = now_s - now_s.rem_euclid(window);
        let end = start.saturating_add(window);
        let mut taken = Slots::default();
        for (scope, subject) in subjects {
            let key = Key::new(
                format!("THROTTLE#{}#{subject}", scope.name()),
                format!("WINDOW#{start}"),
            );
            let increment = WriteOp::Update {
                key: key.clone(),
                changes: vec![
                    Change::Add(ATTEMPTS.into(), 1),
                    Change::Set(EXPIRES_AT.into(), Value::n(end)),
                ],
                condition: Some(Condition::Or(vec![
                    Condition::AttributeNotExists(ATTEMPTS.into()),
                    Condition::Compare(ATTEMPTS.into(), CmpOp::Lt, Value::n(self.limit_of(*scope))),
                ])),
            };
            match table.write(increment).await {
                Ok(()) => taken.0.push(key),
                Err(StoreError::ConditionFailed { .. }) => {
                    events::record(
                        SecurityEvent::RateLimitExceeded,
                        user_id,
                        source_ip,
                        scope.name(),
                    );
                    let retry_after = u64::try_from(end - now_s).unwrap_or(1).max(1);
                    return Err(AuthError::Throttled(Duration::from_secs(retry_after)));
                }
                Err(error) => return Err(error.into()),
            }
        }
        Ok(taken)
    }

    /// Gives slots back after a success; a failure here is only logged, since
    /// the attempt itself succeeded.
    pub async fn give_back(&self, table: &dyn Table, slots: Slots) {
        for key in slots.0 {
            let decrement = WriteOp::Update {
                key,
                changes: vec![Change::Add(ATTEMPTS.into(), -1)],
                // The window may have ended meanwhile: never recreate it.
                condition: Some(Condition::Compare(ATTEMPTS.into(), CmpOp::Gt, Value::n(0))),
            };
            match table.write(decrement).await {
                Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
                Err(error) => tracing::warn!(error = %error, "could not give a throttle slot back"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_subjects_ignore_case_and_hide_the_name() {
        let subject = account_subject(" Sami@Example.TN ");
        assert_eq!(subject, account_subject("sami@example.tn"));
        assert_eq!(subject.len(), 32);
        assert!(!subject.contains("sami"));
        assert_ne!(subject, account_subject("sami2@example.tn"));
    }

    #[test]
    fn ip_subjects_are_the_address() {
        assert_eq!(
            ip_subject(Some("203.0.113.5".parse().unwrap())),
            "203.0.113.5"
        );
        assert_eq!(ip_subject(None), "unknown");
    }
}
