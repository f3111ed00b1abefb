//! Creating a customer: their profile and their login, in one transaction
//! with the username and email guards and the search index items.

use crate::idempotency::Answer;

use super::{Customer, CustomerError, Profile};
use crate::{
    auth::{
        AuthError, Role,
        password::check_policy,
        users::{self, NewUser, Username},
    },
    idempotency::{Created, Idempotent},
    ports::Ports,
    store::{StoreError, WriteOp},
    values::CustomerId,
};

/// A customer to create.
#[derive(Clone, Debug)]
pub struct NewCustomer {
    /// The profile.
    pub profile: Profile,
    /// Login name; the email when absent.
    pub username: Option<String>,
    /// Initial password; without one the login cannot be used until a
    /// password is set.
    pub password: Option<String>,
}

/// A customer ready to be written: its login, its profile, and the writes.
pub(crate) struct Prepared {
    pub customer: Customer,
    pub ops: Vec<WriteOp>,
    /// Which login field each write's failed condition stands for.
    taken: users::TakenFields,
    /// Whether the username is the email (no username was given).
    username_is_email: bool,
}

impl Prepared {
    /// Builds the writes of `new` (with its password already hashed), after
    /// an idempotency record when given.
    pub(crate) fn new(
        ports: &Ports,
        new: &NewCustomer,
        password_hash: Option<String>,
        record: Option<&Idempotent>,
    ) -> Result<Self, CustomerError> {
        let now = ports.clock.now();
        let username = username_of(new)?;
        let id = CustomerId::generate(now);
        let user = NewUser {
            username,
            email: new.profile.email.clone(),
            first_name: new.profile.first_name.to_string(),
            last_name: new.profile.last_name.to_string(),
            role: Role::Customer,
            customer_id: Some(id.to_string()),
            password_hash,
        }
        .into_user(now);
        let customer = Customer::new(id, user.id.clone(), new.profile.clone(), now);
        let mut ops = Vec::new();
        if let Some(record) = record {
            let body = serde_json::to_value(&customer).map_err(crate::store::ItemError::from)?;
            ops.push(record.record_op(Answer::Created, &body, now));
        }
        ops.extend(users::create_ops(&user)?);
        ops.extend(customer.create_ops()?);
        Ok(Self {
            customer,
            taken: users::TakenFields::of(&ops),
            ops,
            username_is_email: new.username.is_none(),
        })
    }

    /// What a failed transaction of these writes means.
    pub(crate) fn explain(&self, error: StoreError) -> CustomerError {
        match self.taken.field(&error) {
            // A username defaulted to the email is the email, to the client.
            Some("username") if self.username_is_email => CustomerError::Taken("email"),
            Some(field) => CustomerError::Taken(field),
            None => CustomerError::Store(error),
        }
    }
}

/// The login name of a new customer (their email by default).
fn username_of(new: &NewCustomer) -> Result<Username, CustomerError> {
    let text = new
        .username
        .as_deref()
        .unwrap_or(new.profile.email.as_str());
    Ok(Username::parse(text)?)
}

/// Checks and hashes an initial password.
pub(crate) async fn hash_password(
    ports: &Ports,
    new: &NewCustomer,
) -> Result<Option<String>, CustomerError> {
    let Some(password) = &new.password else {
        return Ok(None);
    };
    let username = username_of(new)?;
    check_policy(password, &[username.as_str(), new.profile.email.as_str()])
        .map_err(|e| CustomerError::invalid("password", e))?;
    let hash = ports
        .passwords
        .hash(password.clone())
        .await
        .map_err(AuthError::from)?;
    Ok(Some(hash))
}

/// Creates a customer and their login. Under an idempotency key, a repeated
/// request gets the first answer back.
pub async fn create(
    ports: &Ports,
    new: NewCustomer,
    idempotent: Option<&Idempotent>,
) -> Result<Created<Customer>, CustomerError> {
    let table = ports.table.as_ref();
    if let Some(idempotent) = idempotent
        && let Some(recorded) = idempotent.recorded(table).await?
    {
        return Ok(Created::Replayed(recorded));
    }
    let password_hash = hash_password(ports, &new).await?;
    let prepared = Prepared::new(ports, &new, password_hash, idempotent)?;
    match table.transact(prepared.ops.clone()).await {
        Ok(()) => {
            tracing::info!(customer_id = %prepared.customer.id, "customer created");
            Ok(Created::New(prepared.customer))
        }
        Err(error) => match (idempotent, &error) {
            // The record comes first: losing on it means a concurrent retry won.
            (Some(idempotent), StoreError::ConditionFailed { index: 0 }) => {
                Ok(Created::Replayed(idempotent.after_race(table).await?))
            }
            _ => Err(prepared.explain(error)),
        },
    }
}
