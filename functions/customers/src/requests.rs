//! Request bodies of the customer routes, and their conversion into the
//! domain's inputs (phone numbers need the garage's default country code).

use ecar_shared::{
    customers::{Profile, create::NewCustomer, update::ProfileChanges},
    domain::{Address, Email, Notes, PersonName, PhoneNumber, PhoneText},
    http::{ApiError, non_null},
};
use serde::Deserialize;
use utoipa::ToSchema;

/// Puts a phone number in E.164 form with the garage's default country code.
pub fn phone(text: &PhoneText, default_country_code: &str) -> Result<PhoneNumber, ApiError> {
    PhoneNumber::parse(text.as_str(), default_country_code)
        .map_err(|error| ApiError::invalid_field("phone", error))
}

/// A customer to create, with their login.
// No `Debug`: the body may hold a password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomerRequest {
    /// Given name.
    pub first_name: PersonName,
    /// Family name.
    pub last_name: PersonName,
    /// Email: also the login's, unique.
    pub email: Email,
    /// Phone number.
    pub phone: PhoneText,
    /// Postal address.
    #[serde(default)]
    pub address: Option<Address>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<Notes>,
    /// Login name (3 to 150 letters, digits and `@.+-_`); the email by default.
    #[schema(min_length = 3, max_length = 150)]
    #[serde(default)]
    pub username: Option<String>,
    /// Initial password; without one, the login cannot be used until a
    /// password is set.
    #[schema(format = Password, write_only, min_length = 10, max_length = 128)]
    #[serde(default)]
    pub password: Option<String>,
}

impl CreateCustomerRequest {
    /// The domain's input.
    pub fn into_new(self, default_country_code: &str) -> Result<NewCustomer, ApiError> {
        Ok(NewCustomer {
            profile: Profile {
                phone: phone(&self.phone, default_country_code)?,
                first_name: self.first_name,
                last_name: self.last_name,
                email: self.email,
                address: self.address.unwrap_or_default(),
                notes: self.notes.unwrap_or_default(),
            },
            username: self.username,
            password: self.password,
        })
    }
}

/// A whole profile (`PUT`): absent optional fields become empty.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceCustomerRequest {
    /// Given name.
    pub first_name: PersonName,
    /// Family name.
    pub last_name: PersonName,
    /// Email (the login's too).
    pub email: Email,
    /// Phone number.
    pub phone: PhoneText,
    /// Postal address.
    #[serde(default)]
    pub address: Option<Address>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<Notes>,
    /// The version this replaces (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

impl ReplaceCustomerRequest {
    /// The changes: every field.
    pub fn changes(self, default_country_code: &str) -> Result<ProfileChanges, ApiError> {
        Ok(ProfileChanges {
            phone: Some(phone(&self.phone, default_country_code)?),
            first_name: Some(self.first_name),
            last_name: Some(self.last_name),
            email: Some(self.email),
            address: Some(self.address.unwrap_or_default()),
            notes: Some(self.notes.unwrap_or_default()),
        })
    }
}

/// Some fields of a profile (`PATCH`): absent fields stay as they are,
/// `null` is refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchCustomerRequest {
    /// Given name.
    #[serde(default, deserialize_with = "non_null")]
    pub first_name: Option<PersonName>,
    /// Family name.
    #[serde(default, deserialize_with = "non_null")]
    pub last_name: Option<PersonName>,
    /// Email (the login's too).
    #[serde(default, deserialize_with = "non_null")]
    pub email: Option<Email>,
    /// Phone number.
    #[serde(default, deserialize_with = "non_null")]
    pub phone: Option<PhoneText>,
    /// Postal address (an empty string clears it).
    #[serde(default, deserialize_with = "non_null")]
    pub address: Option<Address>,
    /// Notes (an empty string clears them).
    #[serde(default, deserialize_with = "non_null")]
    pub notes: Option<Notes>,
    /// The version this changes (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

impl PatchCustomerRequest {
    /// The changes named.
    pub fn changes(self, default_country_code: &str) -> Result<ProfileChanges, ApiError> {
        Ok(ProfileChanges {
            phone: self
                .phone
                .map(|text| phone(&text, default_country_code))
                .transpose()?,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            address: self.address,
            notes: self.notes,
        })
    }
}

/// `PATCH /api/customers/{id}/update_address`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressRequest {
    /// The new address (an empty string clears it).
    pub address: Address,
    /// The version this changes (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}
