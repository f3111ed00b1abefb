//! The four roles of ECAR (see API.md, Roles).

use serde::{Deserialize, Serialize};

/// What a user may do, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including user management and bulk operations.
    Admin,
    /// Customers, cars, services, invoices and notifications; no user management.
    Staff,
    /// The workshop: only the services assigned to them (and, read-only, the
    /// car and the customer's name and phone of those), their own clock.
    Technician,
    /// Only their own customer profile and what hangs off it.
    Customer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Staff, Role::Technician, Role::Customer];

    /// The role's name as it appears in JSON and tokens.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::Technician => "technician",
            Role::Customer => "customer",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_and_write_as_lowercase_names() {
        for role in Role::ALL {
            assert_eq!(serde_json::to_string(&role).unwrap(), format!("\"{role}\""));
        }
        assert!(serde_json::from_str::<Role>("\"Admin\"").is_err());
    }
}
