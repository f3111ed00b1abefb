//! Request bodies of the customer routes, and their conversion into the
//! domain's inputs (phone numbers need the garage's default country code).

use ecar_http::{
    customers::{Profile, create::NewCustomer, update::ProfileChanges},
    domain::{Address, Email, Notes, PersonName, PhoneNumber, PhoneText},
    http::{ApiError, non_null, nullable},
};
use serde::Deserialize;
use utoipa::ToSchema;

/// Puts a phone number in E.164 form with the garage's default country code.
pub fn phone(text: &PhoneText, default_country_code: &str) -> Result<PhoneNumber, ApiError> {
    PhoneNumber::parse(text.as_str(), default_country_code)
        .map_err(|error| ApiError::invalid_field("phone", error))
}

/// The Django ECAR's form of a customer nests the login's fields in `user`;
/// each may be given there or at the top, not both.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = CustomerUserFields)]
#[serde(deny_unknown_fields)]
pub struct CustomerUser {
    /// Login name: set on creation; afterwards only restated (it never changes).
    #[serde(default)]
    pub username: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<Email>,
    /// Given name.
    #[serde(default)]
    pub first_name: Option<PersonName>,
    /// Family name.
    #[serde(default)]
    pub last_name: Option<PersonName>,
}

/// One field given at the top or in `user`: both is a 400.
fn either<T>(
    field: &'static str,
    top: Option<T>,
    nested: Option<T>,
) -> Result<Option<T>, ApiError> {
    match (top, nested) {
        (Some(_), Some(_)) => Err(ApiError::invalid_field(
            field,
            "is given twice, at the top and in `user`",
        )),
        (top, nested) => Ok(top.or(nested)),
    }
}

/// A field that must be given, at the top or in `user`.
fn required<T>(field: &'static str, value: Option<T>) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError::invalid_field(field, "is required"))
}

/// The profile fields of a body, with those of its `user`.
struct Names {
    first_name: Option<PersonName>,
    last_name: Option<PersonName>,
    email: Option<Email>,
    username: Option<String>,
}

impl Names {
    fn merge(
        first_name: Option<PersonName>,
        last_name: Option<PersonName>,
        email: Option<Email>,
        username: Option<String>,
        user: Option<CustomerUser>,
    ) -> Result<Self, ApiError> {
        let user = user.unwrap_or_default();
        Ok(Self {
            first_name: either("first_name", first_name, user.first_name)?,
            last_name: either("last_name", last_name, user.last_name)?,
            email: either("email", email, user.email)?,
            username: either("username", username, user.username)?,
        })
    }
}

/// A customer to create, with their login.
// No `Debug`: the body may hold a password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomerRequest {
    /// Given name (required, here or in `user`).
    #[serde(default)]
    pub first_name: Option<PersonName>,
    /// Family name (required, here or in `user`).
    #[serde(default)]
    pub last_name: Option<PersonName>,
    /// Email: also the login's, unique (required, here or in `user`).
    #[serde(default)]
    pub email: Option<Email>,
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
    /// The login's fields as the Django ECAR's form nests them.
    #[serde(default)]
    pub user: Option<CustomerUser>,
}

impl CreateCustomerRequest {
    /// The domain's input.
    pub fn into_new(self, default_country_code: &str) -> Result<NewCustomer, ApiError> {
        let names = Names::merge(
            self.first_name,
            self.last_name,
            self.email,
            self.username,
            self.user,
        )?;
        Ok(NewCustomer {
            profile: Profile {
                first_name: required("first_name", names.first_name)?,
                last_name: required("last_name", names.last_name)?,
                email: required("email", names.email)?,
                phone: phone(&self.phone, default_country_code)?,
                address: self.address.unwrap_or_default(),
                notes: self.notes.unwrap_or_default(),
            },
            username: names.username,
            password: self.password,
        })
    }
}

/// A whole profile (`PUT`): absent optional fields become empty.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceCustomerRequest {
    /// Given name (required, here or in `user`).
    #[serde(default)]
    pub first_name: Option<PersonName>,
    /// Family name (required, here or in `user`).
    #[serde(default)]
    pub last_name: Option<PersonName>,
    /// Email, the login's too (required, here or in `user`).
    #[serde(default)]
    pub email: Option<Email>,
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
    /// The login's fields as the Django ECAR's form nests them (its
    /// username restated, never changed).
    #[serde(default)]
    pub user: Option<CustomerUser>,
}

impl ReplaceCustomerRequest {
    /// The changes: every field; and the username the body restates.
    pub fn changes(
        self,
        default_country_code: &str,
    ) -> Result<(ProfileChanges, Option<String>), ApiError> {
        let names = Names::merge(self.first_name, self.last_name, self.email, None, self.user)?;
        let changes = ProfileChanges {
            phone: Some(phone(&self.phone, default_country_code)?),
            first_name: Some(required("first_name", names.first_name)?),
            last_name: Some(required("last_name", names.last_name)?),
            email: Some(required("email", names.email)?),
            address: Some(self.address.unwrap_or_default()),
            notes: Some(self.notes.unwrap_or_default()),
        };
        Ok((changes, names.username))
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
    /// Postal address (an empty string or `null` clears it).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Address>)]
    pub address: Option<Option<Address>>,
    /// Notes (an empty string clears them).
    #[serde(default, deserialize_with = "non_null")]
    pub notes: Option<Notes>,
    /// The version this changes (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
    /// The login's fields as the Django ECAR's form nests them (its
    /// username restated, never changed).
    #[serde(default, deserialize_with = "non_null")]
    pub user: Option<CustomerUser>,
}

impl PatchCustomerRequest {
    /// The changes named; and the username the body restates.
    pub fn changes(
        self,
        default_country_code: &str,
    ) -> Result<(ProfileChanges, Option<String>), ApiError> {
        let names = Names::merge(self.first_name, self.last_name, self.email, None, self.user)?;
        let changes = ProfileChanges {
            phone: self
                .phone
                .map(|text| phone(&text, default_country_code))
                .transpose()?,
            first_name: names.first_name,
            last_name: names.last_name,
            email: names.email,
            address: self.address.map(Option::unwrap_or_default),
            notes: self.notes,
        };
        Ok((changes, names.username))
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
