//! Self-registration: a customer creates their login and their customer
//! profile together, in one transaction with both uniqueness guards.

use std::net::IpAddr;

use super::login::login_throttle;
use crate::auth::{
    error::AuthError,
    password::check_policy,
    role::Role,
    throttle::{self, Scope},
    users::{self, NewUser, User, Username, parse_email},
};
use crate::{
    customers::{Customer, Profile},
    ports::Ports,
    values::{Address, CustomerId, Notes, PersonName, PhoneNumber},
};

/// What a registering customer sends.
#[derive(Clone, Debug)]
pub struct Registration {
    /// Email (also the default username).
    pub email: String,
    /// Password, checked against the policy.
    pub password: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Phone number, national or international.
    pub phone: String,
    /// Login name; the email when absent.
    pub username: Option<String>,
    /// Postal address of the customer profile; empty when absent.
    pub address: Option<String>,
}

/// Creates a customer's account and profile.
pub async fn register(
    ports: &Ports,
    registration: Registration,
    source_ip: Option<IpAddr>,
) -> Result<User, AuthError> {
    if !ports.config.registration_enabled {
        return Err(AuthError::RegistrationClosed);
    }
    let email = parse_email("email", &registration.email)?;
    let username = Username::parse(registration.username.as_deref().unwrap_or(email.as_str()))?;
    let first_name = person_name("first_name", &registration.first_name)?;
    let last_name = person_name("last_name", &registration.last_name)?;
    let phone = PhoneNumber::parse(&registration.phone, &ports.config.default_country_code)
        .map_err(|e| AuthError::invalid("phone", e))?;
    let address = Address::parse(registration.address.as_deref().unwrap_or_default())
        .map_err(|e| AuthError::invalid("address", e))?;
    check_policy(&registration.password, &[username.as_str(), email.as_str()])
        .map_err(|e| AuthError::invalid("password", e))?;

    // Registrations hash a password and say whether an email is taken:
    // both are worth throttling per client.
    let ip = throttle::ip_subject(source_ip);
    login_throttle(ports)
        .take(
            ports.table.as_ref(),
            ports.clock.now(),
            &[(Scope::RegisterIp, &ip)],
            None,
            source_ip,
        )
        .await?;

    let password_hash = ports.passwords.hash(registration.password).await?;
    let now = ports.clock.now();
    let customer_id = CustomerId::generate(now);
    let user = NewUser {
        username,
        email: email.clone(),
        first_name: first_name.to_string(),
        last_name: last_name.to_string(),
        role: Role::Customer,
        customer_id: Some(customer_id.to_string()),
        password_hash: Some(password_hash),
    }
    .into_user(now);
    let profile = Profile {
        first_name,
        last_name,
        email,
        phone,
        address,
        notes: Notes::default(),
    };
    let customer = Customer::new(customer_id, user.id.clone(), profile, now);
    let mut ops = users::create_ops(&user)?;
    ops.extend(customer.create_ops()?);
    let taken = users::TakenFields::of(&ops);
    ports
        .table
        .transact(ops)
        .await
        .map_err(|error| match taken.field(&error) {
            Some(field) => AuthError::Taken(field),
            None => AuthError::Store(error),
        })?;
    tracing::info!(user_id = %user.id, customer_id = ?user.customer_id, "customer registered");
    Ok(user)
}

fn person_name(field: &'static str, text: &str) -> Result<PersonName, AuthError> {
    PersonName::parse(text).map_err(|e| AuthError::invalid(field, e))
}
