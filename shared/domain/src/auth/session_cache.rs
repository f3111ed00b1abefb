//! A warm container's short memory of session checks, so a burst of requests
//! from one client costs one read. Its time to live bounds how late another
//! container's revocation or role change is seen here (0 turns it off); this
//! container's own revocations forget their entries at once.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::{DateTime, Utc};

use super::sessions::Session;

/// Most sessions remembered; past that the cache starts over.
const MAX_ENTRIES: usize = 10_000;

/// A remembered session and the instant it stops being trusted, by user and session id.
type Entries = HashMap<(String, String), (DateTime<Utc>, Session)>;

/// Live sessions recently read.
#[derive(Clone, Debug, Default)]
pub struct SessionCache {
    ttl: Duration,
    entries: Arc<Mutex<Entries>>,
}

impl SessionCache {
    /// A cache keeping entries for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Arc::default(),
        }
    }

    /// The remembered live session, if still fresh at `now`.
    pub fn get(&self, user_id: &str, session_id: &str, now: DateTime<Utc>) -> Option<Session> {
        if self.ttl.is_zero() {
            return None;
        }
        let entries = self.entries.lock().ok()?;
        let (valid_until, session) = entries.get(&(user_id.to_string(), session_id.to_string()))?;
        (now < *valid_until).then(|| session.clone())
    }

    /// Remembers a live session read at `now`.
    pub fn put(&self, session: &Session, now: DateTime<Utc>) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(ttl) = chrono::Duration::from_std(self.ttl) else {
            return;
        };
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(
                (session.user_id.clone(), session.session_id.clone()),
                (now + ttl, session.clone()),
            );
        }
    }

    /// Forgets every session of a user (after revoking or changing them).
    pub fn forget_user(&self, user_id: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|(user, _), _| user != user_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::role::Role;

    fn session(user: &str, id: &str) -> Session {
        Session {
            session_id: id.into(),
            user_id: user.into(),
            role: Role::Staff,
            name: "Staff".into(),
            customer_id: None,
            revoked: false,
            refresh_jti: "j".into(),
            generation: 0,
            created_at: Utc::now(),
            last_active_at: None,
            expires_at: 0,
        }
    }

    #[test]
    fn entries_live_for_the_ttl_and_can_be_forgotten() {
        let cache = SessionCache::new(Duration::from_secs(5));
        let now = Utc::now();
        cache.put(&session("u1", "s1"), now);
        cache.put(&session("u2", "s2"), now);
        assert!(
            cache
                .get("u1", "s1", now + chrono::Duration::seconds(4))
                .is_some()
        );
        assert!(
            cache
                .get("u1", "s1", now + chrono::Duration::seconds(5))
                .is_none()
        );
        cache.forget_user("u1");
        assert!(cache.get("u1", "s1", now).is_none());
        assert!(cache.get("u2", "s2", now).is_some());
    }

    #[test]
    fn a_zero_ttl_remembers_nothing() {
        let cache = SessionCache::new(Duration::ZERO);
        let now = Utc::now();
        cache.put(&session("u1", "s1"), now);
        assert!(cache.get("u1", "s1", now).is_none());
    }
}
