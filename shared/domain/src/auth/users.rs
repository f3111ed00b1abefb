//! User accounts and the guard items that keep usernames and emails unique.
//!
//! Items:
//! - user: `pk = USER#<id>`, `sk = USER`, `gsi1pk = USERS`, `gsi1sk = USER#<id>`
//!   (the admin list, in creation order), `gsi2pk = USERS#ROLE#<role>`,
//!   `gsi2sk = USER#<id>` (the users of a role: the technicians staff assign
//!   work to); attributes are the fields of [`User`].
//! - username guard: `pk = GUARD#USERNAME#<username, lowercase>`, `sk = GUARD`,
//!   `user_id`.
//! - email guard: `pk = GUARD#EMAIL#<email, lowercase>`, `sk = GUARD`, `user_id`,
//!   `customer_id` (null for staff and admins). One email, one account: the
//!   customer profile of a customer user shares its user's guard.
//!
//! A user's sessions live in the user's partition (see [`super::sessions`]).
//! Guards are written in the same transaction as the user, so two accounts
//! can never hold the same username or email, whatever the letter case.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{error::AuthError, role::Role};
use crate::{
    store::{
        Condition, Index, Item, Key, Query, StoreError, Table, Value, WriteOp, from_item, to_item,
    },
    values::Email,
};

/// Sort key of a user item.
pub const USER_SK: &str = "USER";
/// Sort key of a guard item.
pub const GUARD_SK: &str = "GUARD";
/// GSI1 partition listing every user.
pub const USERS_PARTITION: &str = "USERS";

/// Fewest characters of a username.
const USERNAME_MIN: usize = 3;
/// Most characters of a username.
const USERNAME_MAX: usize = 150;
/// Most characters of a first or last name.
const NAME_MAX: usize = 100;

/// A stored user account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Opaque, time-sortable id.
    pub id: String,
    /// Login name, unique without regard to case.
    pub username: String,
    /// Email, unique without regard to case; also a login name.
    pub email: Email,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// What the user may do.
    pub role: Role,
    /// Disabled users cannot log in, and their sessions are revoked.
    pub is_active: bool,
    /// The user's customer profile, for customers.
    pub customer_id: Option<String>,
    /// Argon2id PHC string; `None` for an account that cannot log in yet.
    pub password_hash: Option<String>,
    /// Incremented by every change.
    pub version: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change time.
    pub updated_at: DateTime<Utc>,
}

/// A user as the API shows it (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    /// User id.
    pub id: String,
    /// Login name.
    pub username: String,
    /// Email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Role.
    pub role: Role,
    /// Whether the account may log in.
    pub is_active: bool,
    /// The customer profile id (customers only).
    pub customer_id: Option<String>,
    /// Entity version, for `If-Match`.
    pub version: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change time.
    pub updated_at: DateTime<Utc>,
}

impl From<&User> for UserView {
    fn from(user: &User) -> Self {
        Self {
            id: user.id.clone(),
            username: user.username.clone(),
            email: user.email.to_string(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            role: user.role,
            is_active: user.is_active,
            customer_id: user.customer_id.clone(),
            version: user.version,
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

impl User {
    /// The name shown in tokens and logs: the full name, or the username.
    pub fn display_name(&self) -> String {
        let full = format!("{} {}", self.first_name, self.last_name);
        let full = full.trim();
        if full.is_empty() {
            self.username.clone()
        } else {
            full.to_string()
        }
    }
}

/// A login name: 3 to 150 letters, digits and `@ . + - _`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Parses a username (spaces around it are dropped).
    pub fn parse(text: &str) -> Result<Self, AuthError> {
        let text = text.trim();
        let length = text.chars().count();
        if !(USERNAME_MIN..=USERNAME_MAX).contains(&length) {
            return Err(AuthError::invalid(
                "username",
                "must be between 3 and 150 characters long",
            ));
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@.+-_".contains(c))
        {
            return Err(AuthError::invalid(
                "username",
                "may contain only letters, digits and @ . + - _",
            ));
        }
        Ok(Self(text.to_string()))
    }

    /// The username as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a first or last name: at most 100 characters, no control characters.
pub fn parse_name(field: &'static str, text: &str) -> Result<String, AuthError> {
    let text = text.trim();
    if text.chars().count() > NAME_MAX {
        return Err(AuthError::invalid(
            field,
            "must be at most 100 characters long",
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(AuthError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(text.to_string())
}

/// Parses an email field into an [`Email`].
pub fn parse_email(field: &'static str, text: &str) -> Result<Email, AuthError> {
    Email::parse(text).map_err(|e| AuthError::invalid(field, e))
}

/// Everything needed to create an account (the password already hashed).
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Login name.
    pub username: Username,
    /// Email.
    pub email: Email,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Role.
    pub role: Role,
    /// The customer profile, for customers.
    pub customer_id: Option<String>,
    /// PHC string, or `None` for an account without a password yet.
    pub password_hash: Option<String>,
}

impl NewUser {
    /// The user this creates, with a fresh id, at `now`.
    pub fn into_user(self, now: DateTime<Utc>) -> User {
        User {
            id: ulid::Ulid::new().to_string(),
            username: self.username.0,
            email: self.email,
            first_name: self.first_name,
            last_name: self.last_name,
            role: self.role,
            is_active: true,
            customer_id: self.customer_id,
            password_hash: self.password_hash,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }
}

/// The key of a user item.
pub fn user_key(user_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), USER_SK)
}

/// The key of a username guard.
pub fn username_guard_key(username: &str) -> Key {
    Key::new(
        format!("GUARD#USERNAME#{}", username.to_lowercase()),
        GUARD_SK,
    )
}

/// The key of an email guard.
pub fn email_guard_key(email: &Email) -> Key {
    Key::new(format!("GUARD#EMAIL#{}", email.as_str()), GUARD_SK)
}

/// The stored form of a user.
pub fn user_item(user: &User) -> Result<Item, AuthError> {
    let mut item = to_item(user)?;
    item.extend(user_key(&user.id).to_item());
    item.insert("gsi1pk".into(), Value::s(USERS_PARTITION));
    item.insert("gsi1sk".into(), Value::s(format!("USER#{}", user.id)));
    item.insert("gsi2pk".into(), Value::s(by_role(user.role)));
    item.insert("gsi2sk".into(), Value::s(format!("USER#{}", user.id)));
    Ok(item)
}

/// The email guard of a user (naming their customer profile, if any).
pub fn email_guard_item(user: &User) -> Item {
    let mut item = email_guard_key(&user.email).to_item();
    item.insert("user_id".into(), Value::s(&user.id));
    item.insert(
        "customer_id".into(),
        user.customer_id.as_deref().map_or(Value::Null, Value::s),
    );
    item
}

/// The username guard of a user.
pub fn username_guard_item(user: &User) -> Item {
    let mut item = username_guard_key(&user.username).to_item();
    item.insert("user_id".into(), Value::s(&user.id));
    item
}

/// The writes creating a user: the user, its username and email guards (all
/// conditional on absence), then the checks that keep login names
/// unambiguous ([`login_name_checks`]). Callers may add actions after them,
/// such as the customer profile, and map a failed condition with
/// [`TakenFields`].
pub fn create_ops(user: &User) -> Result<Vec<WriteOp>, AuthError> {
    let mut ops = vec![
        WriteOp::create(user_item(user)?),
        WriteOp::create(username_guard_item(user)),
        WriteOp::create(email_guard_item(user)),
    ];
    ops.extend(login_name_checks(user));
    Ok(ops)
}

/// Checks that no other account holds, as its email, a username of `user`
/// that reads as an email, nor, as its username, the email of `user`.
/// Login resolves an email-shaped name by email first, and these keep the
/// two namespaces apart in both directions (a squatted username would
/// otherwise catch logins meant for another account's email).
///
/// A guard that this user's own writes create is not checked again: one
/// transaction may touch an item once.
pub fn login_name_checks(user: &User) -> Vec<WriteOp> {
    let mut checks = Vec::new();
    if let Ok(as_email) = Email::parse(&user.username)
        && as_email != user.email
    {
        checks.push(not_another_users(email_guard_key(&as_email), &user.id));
    }
    checks.extend(email_not_a_username_check(user));
    checks
}

/// The check that the email of `user` is no other account's username (for
/// transactions that give a user a new email); none when the user's own
/// username is that email.
pub fn email_not_a_username_check(user: &User) -> Option<WriteOp> {
    let key = username_guard_key(user.email.as_str());
    (key != username_guard_key(&user.username)).then(|| not_another_users(key, &user.id))
}

fn not_another_users(key: Key, user_id: &str) -> WriteOp {
    WriteOp::Check {
        key,
        condition: Condition::Or(vec![
            Condition::AttributeNotExists("user_id".into()),
            Condition::Equals("user_id".into(), Value::s(user_id)),
        ]),
    }
}

/// The login field a failed condition on `op` stands for: a guard it
/// creates is that field taken; a check on another namespace's guard means
/// the value is taken there (an email that is someone's username).
fn guard_field(op: &WriteOp) -> Option<&'static str> {
    let (key, created) = match op {
        WriteOp::Put {
            item,
            condition: Some(Condition::NotExists),
        } => (Key::of(item)?, true),
        WriteOp::Check { key, .. } => (key.clone(), false),
        _ => return None,
    };
    if key.sk != GUARD_SK {
        return None;
    }
    let username_guard = key.pk.starts_with("GUARD#USERNAME#");
    let email_guard = key.pk.starts_with("GUARD#EMAIL#");
    match (username_guard, email_guard, created) {
        (true, _, true) | (_, true, false) => Some("username"),
        (_, true, true) | (true, _, false) => Some("email"),
        _ => None,
    }
}

/// For a transaction: which unique login field each action's failed
/// condition stands for (`username` or `email`), if any.
#[derive(Clone, Debug, Default)]
pub struct TakenFields(Vec<Option<&'static str>>);

impl TakenFields {
    /// The login fields of a transaction's actions, read before it runs.
    pub fn of(ops: &[WriteOp]) -> Self {
        Self(ops.iter().map(guard_field).collect())
    }

    /// The field a failed transaction found taken.
    pub fn field(&self, error: &StoreError) -> Option<&'static str> {
        match error {
            StoreError::ConditionFailed { index } => self.0.get(*index).copied().flatten(),
            _ => None,
        }
    }
}

/// Stores a new user and its guards in one transaction.
pub async fn insert_user(table: &dyn Table, user: &User) -> Result<(), AuthError> {
    insert_user_with(table, user, Vec::new()).await
}

/// Creates a user with `extra` writes in the same transaction (its audit record).
pub async fn insert_user_with(
    table: &dyn Table,
    user: &User,
    extra: Vec<WriteOp>,
) -> Result<(), AuthError> {
    let mut ops = create_ops(user)?;
    ops.extend(extra);
    let taken = TakenFields::of(&ops);
    table
        .transact(ops)
        .await
        .map_err(|error| match taken.field(&error) {
            Some(field) => AuthError::Taken(field),
            None => AuthError::Store(error),
        })
}

/// Reads a user by id.
pub async fn get_user(table: &dyn Table, user_id: &str) -> Result<Option<User>, AuthError> {
    match table.get(&user_key(user_id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// Finds the account a login name designates, with the same reads whether
/// or not it exists: an email-shaped name is an email first, then a
/// username; any other name is a username.
pub async fn find_for_login(table: &dyn Table, login: &str) -> Result<Option<User>, AuthError> {
    let login = login.trim();
    let mut keys = Vec::with_capacity(2);
    if let Ok(email) = Email::parse(login) {
        keys.push(email_guard_key(&email));
    }
    keys.push(username_guard_key(login));
    let guards = table.get_many(&keys).await?;
    let user_id = guards.into_iter().flatten().find_map(|guard| {
        guard
            .get("user_id")
            .and_then(Value::as_s)
            .map(str::to_string)
    });
    // An unknown login still makes the second read (of a key no user has),
    // so that the store round trips do not tell whether the account exists.
    let user_id = user_id.unwrap_or_else(|| NO_USER.to_string());
    get_user(table, &user_id).await
}

/// A user id no user has (ids are ULIDs), read for unknown logins.
const NO_USER: &str = "-";

/// GSI2 partition of the users of a role.
pub fn by_role(role: Role) -> String {
    format!("USERS#ROLE#{role}")
}

/// The query listing the users of a role, oldest first (GSI2; users
/// written since the index exists, which every technician is).
pub fn role_query(role: Role) -> Query {
    Query::partition(Index::Gsi2, by_role(role))
}

/// The query listing every user, oldest first (GSI1).
pub fn list_query() -> Query {
    Query::partition(Index::Gsi1, USERS_PARTITION)
}

/// The write replacing a user item, conditional on the version it replaces.
pub fn replace_op(user: &User, previous_version: u64) -> Result<WriteOp, AuthError> {
    Ok(WriteOp::Put {
        item: user_item(user)?,
        condition: Some(Condition::Equals(
            "version".into(),
            Value::n(previous_version),
        )),
    })
}

/// The writes moving a user's email guard from `old` to the user's current email.
pub fn move_email_guard_ops(user: &User, old: &Email) -> Vec<WriteOp> {
    vec![
        WriteOp::Delete {
            key: email_guard_key(old),
            condition: Some(Condition::Equals("user_id".into(), Value::s(&user.id))),
        },
        WriteOp::create(email_guard_item(user)),
    ]
}

/// The writes deleting a user and its guards.
pub fn delete_ops(user: &User) -> Vec<WriteOp> {
    let owned = |key: Key| WriteOp::Delete {
        key,
        condition: Some(Condition::Equals("user_id".into(), Value::s(&user.id))),
    };
    vec![
        WriteOp::Delete {
            key: user_key(&user.id),
            condition: Some(Condition::Equals("version".into(), Value::n(user.version))),
        },
        owned(username_guard_key(&user.username)),
        owned(email_guard_key(&user.email)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> User {
        NewUser {
            username: Username::parse("Amira.T").unwrap(),
            email: Email::parse("Amira@Garage.tn").unwrap(),
            first_name: "Amira".into(),
            last_name: "Trabelsi".into(),
            role: Role::Staff,
            customer_id: None,
            password_hash: None,
        }
        .into_user(Utc::now())
    }

    #[test]
    fn a_user_round_trips_through_its_item_with_index_attributes() {
        let user = user();
        let item = user_item(&user).unwrap();
        assert_eq!(item["pk"], Value::s(format!("USER#{}", user.id)));
        assert_eq!(item["sk"], Value::s("USER"));
        assert_eq!(item["gsi1pk"], Value::s("USERS"));
        assert_eq!(item["gsi2pk"], Value::s("USERS#ROLE#staff"));
        assert_eq!(from_item::<User>(item).unwrap(), user);
    }

    #[test]
    fn guards_fold_case() {
        let user = user();
        assert_eq!(
            username_guard_key(&user.username).pk,
            "GUARD#USERNAME#amira.t"
        );
        assert_eq!(
            email_guard_key(&user.email).pk,
            "GUARD#EMAIL#amira@garage.tn"
        );
        assert_eq!(
            email_guard_item(&user)["customer_id"],
            Value::Null,
            "staff have no customer profile"
        );
    }

    #[test]
    fn usernames_are_bounded_and_plain() {
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse(&"a".repeat(151)).is_err());
        assert!(Username::parse("sami ben").is_err());
        assert!(Username::parse("sami<script>").is_err());
        assert_eq!(
            Username::parse(" sami.ben+1@x.tn ").unwrap().as_str(),
            "sami.ben+1@x.tn"
        );
    }

    #[test]
    fn the_display_name_falls_back_to_the_username() {
        let mut user = user();
        assert_eq!(user.display_name(), "Amira Trabelsi");
        user.first_name.clear();
        user.last_name.clear();
        assert_eq!(user.display_name(), "Amira.T");
    }

    #[test]
    fn failed_guards_name_the_taken_field() {
        let mut squatter = user();
        squatter.username = "Boss@Garage.tn".into();
        let ops = create_ops(&squatter).unwrap();
        assert_eq!(ops.len(), 5, "user, two guards, two checks");
        let taken = TakenFields::of(&ops);
        let failed = |index| StoreError::ConditionFailed { index };
        assert_eq!(taken.field(&failed(0)), None);
        assert_eq!(taken.field(&failed(1)), Some("username"));
        assert_eq!(taken.field(&failed(2)), Some("email"));
        // The username is another account's email.
        assert_eq!(
            ops[3].key(),
            Some(email_guard_key(&Email::parse("boss@garage.tn").unwrap()))
        );
        assert_eq!(taken.field(&failed(3)), Some("username"));
        // The email is another account's username.
        assert_eq!(ops[4].key(), Some(username_guard_key("amira@garage.tn")));
        assert_eq!(taken.field(&failed(4)), Some("email"));
        assert_eq!(taken.field(&StoreError::Throttled), None);
    }

    #[test]
    fn a_username_that_is_the_email_checks_nothing_twice() {
        let mut own = user();
        own.username = "AMIRA@garage.tn".into();
        let ops = create_ops(&own).unwrap();
        assert_eq!(
            ops.len(),
            3,
            "the user's own guards are the only ones touched"
        );
        let plain = create_ops(&user()).unwrap();
        assert_eq!(plain.len(), 4, "a plain username only checks the email");
    }
}
