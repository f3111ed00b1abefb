//! Authorization in one place: the role × route × ownership matrix, as data.
//!
//! Every route of every function has one row: its method, its path template
//! (as the router and the OpenAPI document write it), and who may call it.
//! The [`super::Caller`] extractor looks the matched route up here on every
//! request; a route without a row is refused, and the matrix tests fail.
//! Adding a route's rule is one line.

use axum::http::Method;

use super::role::Role;

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anybody, without a token.
    Anyone,
    /// Authenticated callers with one of these roles. When `owned`, a customer
    /// reaches only objects of their own customer profile, and a technician
    /// only services assigned to them (anything else is a 404, which the
    /// handler decides with [`super::Caller::require_owner`] or the
    /// assignment).
    Roles {
        /// The roles allowed.
        roles: &'static [Role],
        /// Whether a customer must own the object.
        owned: bool,
    },
}

/// One row of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// HTTP method, uppercase.
    pub method: &'static str,
    /// Path template without trailing slash, e.g. `/api/users/{id}`.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
}

impl Rule {
    /// Whether a caller of this role passes the role check (ownership aside).
    pub fn allows(&self, role: Role) -> bool {
        match self.access {
            Access::Anyone => true,
            Access::Roles { roles, .. } => roles.contains(&role),
        }
    }

    /// Whether the route needs no token.
    pub fn is_public(&self) -> bool {
        self.access == Access::Anyone
    }

    /// Whether a customer must own (a technician be assigned to) the object
    /// the route reaches.
    pub fn is_owned(&self) -> bool {
        matches!(self.access, Access::Roles { owned: true, .. })
    }
}

/// Admins only.
pub const ADMIN: &[Role] = &[Role::Admin];
/// Admins and staff.
pub const STAFF: &[Role] = &[Role::Admin, Role::Staff];
/// Admins, staff and customers: not technicians, who see only their jobs.
pub const ALL: &[Role] = &[Role::Admin, Role::Staff, Role::Customer];
/// Every role: a user's own account and session.
pub const EVERYONE: &[Role] = &[Role::Admin, Role::Staff, Role::Technician, Role::Customer];
/// Admins, staff and customers, and technicians for the services assigned to them.
pub const ALL_AND_ASSIGNED: &[Role] = EVERYONE;
/// Admins and staff, and technicians for the services assigned to them.
pub const WORKSHOP: &[Role] = &[Role::Admin, Role::Staff, Role::Technician];
/// Customers only (acting on their own data).
pub const CUSTOMER: &[Role] = &[Role::Customer];
/// Technicians only (their own jobs and clock).
pub const TECHNICIAN: &[Role] = &[Role::Technician];

/// A route anybody may call.
pub const fn anyone(method: &'static str, path: &'static str) -> Rule {
    Rule {
        method,
        path,
        access: Access::Anyone,
    }
}

/// A route for these roles.
pub const fn allow(method: &'static str, path: &'static str, roles: &'static [Role]) -> Rule {
    Rule {
        method,
        path,
        access: Access::Roles {
            roles,
            owned: false,
        },
    }
}

/// A route for these roles where a customer must own the object.
pub const fn owned(method: &'static str, path: &'static str, roles: &'static [Role]) -> Rule {
    Rule {
        method,
        path,
        access: Access::Roles { roles, owned: true },
    }
}

/// The matrix: one row per route of every function.
pub static MATRIX: &[Rule] = &[
    // Shared
    anyone("GET", "/api/health"),
    anyone("GET", "/api/openapi.json"),
    // auth function
    anyone("POST", "/api/token"),
    anyone("POST", "/api/token/refresh"),
    allow("POST", "/api/token/blacklist", EVERYONE),
    allow("GET", "/api/token/verify", EVERYONE),
    anyone("POST", "/api/auth/register"),
    allow("POST", "/api/auth/change-password", EVERYONE),
    allow("GET", "/api/users/me", EVERYONE),
    allow("PATCH", "/api/users/me", EVERYONE),
    allow("GET", "/api/users", ADMIN),
    allow("POST", "/api/users", ADMIN),
    allow("GET", "/api/users/{id}", ADMIN),
    allow("PATCH", "/api/users/{id}", ADMIN),
    allow("PUT", "/api/users/{id}", ADMIN),
    allow("DELETE", "/api/users/{id}", ADMIN),
    allow("POST", "/api/users/{id}/set_password", ADMIN),
    allow("GET", "/api/audit", ADMIN),
    allow("GET", "/api/audit/export", ADMIN),
    // auth function, under the Django ECAR's paths (its admin login is for
    // staff accounts; its user helper answered anyone, this one admins)
    anyone("POST", "/api/auth/token"),
    anyone("POST", "/api/auth/token/refresh"),
    allow("PUT", "/api/auth/change-password", EVERYONE),
    allow("PATCH", "/api/auth/change-password", EVERYONE),
    anyone("POST", "/api/admin-login"),
    allow("GET", "/api/get-user-data", ADMIN),
    // customers function
    allow("GET", "/api/customers", STAFF),
    allow("POST", "/api/customers", STAFF),
    // Staff and admins have no profile: theirs is not found.
    allow("GET", "/api/customers/me", ALL),
    owned("GET", "/api/customers/{id}", ALL),
    allow("PUT", "/api/customers/{id}", STAFF),
    allow("PATCH", "/api/customers/{id}", STAFF),
    allow("DELETE", "/api/customers/{id}", STAFF),
    owned("GET", "/api/customers/{id}/statistics", ALL),
    owned("PATCH", "/api/customers/{id}/update_address", ALL),
    allow("POST", "/api/customers/bulk_create", ADMIN),
    allow("GET", "/api/customers/export", ADMIN),
    owned("GET", "/api/customers/{id}/cars", ALL),
    owned("GET", "/api/customers/{id}/service_history", ALL),
    allow("GET", "/api/customers/{id}/history", STAFF),
    // cars function (a customer lists only their own cars)
    allow("GET", "/api/cars", ALL),
    allow("POST", "/api/cars", STAFF),
    owned("GET", "/api/cars/{id}", ALL),
    allow("PUT", "/api/cars/{id}", STAFF),
    allow("PATCH", "/api/cars/{id}", STAFF),
    allow("DELETE", "/api/cars/{id}", STAFF),
    owned("GET", "/api/cars/{id}/statistics", ALL),
    owned("POST", "/api/cars/{id}/report_mileage", ALL),
    owned("GET", "/api/cars/{id}/mileage_history", ALL),
    owned("GET", "/api/cars/{id}/next_service_prediction", ALL),
    owned("GET", "/api/cars/{id}/services", ALL),
    allow("POST", "/api/cars/bulk_create", ADMIN),
    allow("GET", "/api/cars/export", ADMIN),
    // cars customers add, waiting for approval (a customer lists their own)
    allow("GET", "/api/cars/pending", ALL),
    allow("POST", "/api/cars/pending", CUSTOMER),
    owned("GET", "/api/cars/pending/{id}", ALL),
    owned("DELETE", "/api/cars/pending/{id}", CUSTOMER),
    allow("POST", "/api/cars/pending/{id}/approve", STAFF),
    allow("POST", "/api/cars/pending/{id}/reject", STAFF),
    // services function (a technician lists and reaches only the services
    // assigned to them, and changes no more than their work on them)
    allow("GET", "/api/services", ALL_AND_ASSIGNED),
    allow("POST", "/api/services", STAFF),
    allow("GET", "/api/services/upcoming", ALL_AND_ASSIGNED),
    allow("GET", "/api/services/in_progress", ALL_AND_ASSIGNED),
    allow("GET", "/api/services/completed", ALL_AND_ASSIGNED),
    allow("GET", "/api/services/statistics", STAFF),
    allow("POST", "/api/services/bulk_update", ADMIN),
    owned("GET", "/api/services/{id}", ALL_AND_ASSIGNED),
    allow("PUT", "/api/services/{id}", STAFF),
    allow("PATCH", "/api/services/{id}", STAFF),
    allow("DELETE", "/api/services/{id}", STAFF),
    owned("GET", "/api/services/{id}/items", ALL_AND_ASSIGNED),
    owned("POST", "/api/services/{id}/items", WORKSHOP),
    owned("PATCH", "/api/services/{id}/items/{item_id}", WORKSHOP),
    owned("DELETE", "/api/services/{id}/items/{item_id}", WORKSHOP),
    owned("GET", "/api/services/{id}/invoice", ALL),
    owned("POST", "/api/services/{id}/start", WORKSHOP),
    owned("POST", "/api/services/{id}/complete", WORKSHOP),
    owned("POST", "/api/services/{id}/notes", WORKSHOP),
    owned("GET", "/api/services/{id}/time", WORKSHOP),
    allow("POST", "/api/services/{id}/bill_time", STAFF),
    allow("POST", "/api/services/{id}/assign", STAFF),
    allow("POST", "/api/services/{id}/cancel", STAFF),
    allow("POST", "/api/services/{id}/reschedule", STAFF),
    allow("POST", "/api/services/{id}/send_notification", STAFF),
    allow("POST", "/api/services/{id}/send_sms_notification", STAFF),
    // services function: the technicians, their workload and their own jobs
    allow("GET", "/api/technicians", STAFF),
    allow("GET", "/api/technicians/workload", STAFF),
    allow("GET", "/api/technicians/me/jobs", TECHNICIAN),
    allow("GET", "/api/technicians/me/clock", TECHNICIAN),
    allow("POST", "/api/technicians/me/clock_on", TECHNICIAN),
    allow("POST", "/api/technicians/me/clock_off", TECHNICIAN),
    allow("POST", "/api/technicians/{id}/clock_off", STAFF),
    allow("GET", "/api/technicians/hours", STAFF),
    allow("GET", "/api/technicians/hours/export", ADMIN),
    // services function: items under the Django ECAR's paths (an id names
    // the service too, so a customer reaches only their own services' items)
    allow("GET", "/api/service-items", ALL),
    allow("POST", "/api/service-items", STAFF),
    owned("GET", "/api/service-items/{id}", ALL),
    allow("PUT", "/api/service-items/{id}", STAFF),
    allow("PATCH", "/api/service-items/{id}", STAFF),
    allow("DELETE", "/api/service-items/{id}", STAFF),
    // invoices function (lists: customers see their own, never drafts)
    allow("GET", "/api/invoices", ALL),
    allow("POST", "/api/invoices", STAFF),
    allow("GET", "/api/invoices/paid", ALL),
    allow("GET", "/api/invoices/unpaid", ALL),
    allow("GET", "/api/invoices/refunded", ALL),
    allow("GET", "/api/invoices/statistics", STAFF),
    allow("POST", "/api/invoices/bulk_upload", ADMIN),
    owned("GET", "/api/invoices/{id}", ALL),
    allow("PUT", "/api/invoices/{id}", STAFF),
    allow("PATCH", "/api/invoices/{id}", STAFF),
    allow("DELETE", "/api/invoices/{id}", STAFF),
    allow("POST", "/api/invoices/{id}/issue", STAFF),
    allow("POST", "/api/invoices/{id}/mark_as_paid", STAFF),
    allow("POST", "/api/invoices/{id}/cancel", STAFF),
    allow("POST", "/api/invoices/{id}/refund", STAFF),
    allow("POST", "/api/invoices/{id}/upload_pdf", STAFF),
    allow("POST", "/api/invoices/{id}/upload_url", STAFF),
    allow("POST", "/api/invoices/{id}/generate_pdf", STAFF),
    owned("GET", "/api/invoices/{id}/download", ALL),
    allow("POST", "/api/invoices/{id}/send_notification", STAFF),
    allow("POST", "/api/invoices/{id}/send_sms_notification", STAFF),
    // notifications function
    allow("GET", "/api/notifications", ALL),
    allow("POST", "/api/notifications", STAFF),
    owned("GET", "/api/notifications/{id}", ALL),
    // Read marks and devices belong to the customer: staff have neither.
    owned("PATCH", "/api/notifications/{id}/mark_read", CUSTOMER),
    allow("PATCH", "/api/notifications/mark_all_read", CUSTOMER),
    allow("GET", "/api/notifications/unread_count", CUSTOMER),
    allow("GET", "/api/notifications/devices", CUSTOMER),
    allow("POST", "/api/notifications/devices", CUSTOMER),
    owned("DELETE", "/api/notifications/devices/{id}", CUSTOMER),
    // appointments function (a customer lists and books for their own cars;
    // the garage's schedule is everyone's to read, admins' to change)
    allow("GET", "/api/appointments/schedule", ALL),
    allow("PUT", "/api/appointments/schedule", ADMIN),
    allow("GET", "/api/appointments/slots", ALL),
    allow("GET", "/api/appointments", ALL),
    allow("POST", "/api/appointments", ALL),
    owned("GET", "/api/appointments/{id}", ALL),
    allow("POST", "/api/appointments/{id}/confirm", STAFF),
    allow("POST", "/api/appointments/{id}/decline", STAFF),
    owned("POST", "/api/appointments/{id}/cancel", ALL),
    owned("POST", "/api/appointments/{id}/reschedule", ALL),
    allow("POST", "/api/appointments/{id}/check_in", STAFF),
    allow("POST", "/api/appointments/{id}/no_show", STAFF),
    allow("POST", "/api/appointments/{id}/assign", STAFF),
    allow("GET", "/api/appointments/requests", ALL),
    allow("POST", "/api/appointments/requests", CUSTOMER),
    owned("GET", "/api/appointments/requests/{id}", ALL),
    allow("POST", "/api/appointments/requests/{id}/book", STAFF),
    allow(
        "POST",
        "/api/appointments/requests/{id}/open_service",
        STAFF,
    ),
    allow("POST", "/api/appointments/requests/{id}/close", STAFF),
    owned("POST", "/api/appointments/requests/{id}/withdraw", CUSTOMER),
];

/// The rule of a route, if the matrix has one.
pub fn rule(method: &Method, path: &str) -> Option<&'static Rule> {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    MATRIX
        .iter()
        .find(|rule| rule.method == method.as_str() && rule.path == path)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_route_has_exactly_one_row() {
        let mut seen = HashSet::new();
        for rule in MATRIX {
            assert!(
                seen.insert((rule.method, rule.path)),
                "{} {} appears twice",
                rule.method,
                rule.path
            );
            assert!(rule.path.starts_with("/api/"), "{}", rule.path);
            assert!(!rule.path.ends_with('/'), "{}", rule.path);
            assert!(
                Method::from_bytes(rule.method.as_bytes()).is_ok()
                    && rule.method == rule.method.to_uppercase(),
                "{}",
                rule.method
            );
            if let Access::Roles { roles, owned } = rule.access {
                assert!(
                    !roles.is_empty(),
                    "{} {} allows nobody",
                    rule.method,
                    rule.path
                );
                assert!(
                    !owned || roles.contains(&Role::Customer) || roles.contains(&Role::Technician),
                    "{} {}: ownership only matters to customers and technicians",
                    rule.method,
                    rule.path
                );
            }
        }
    }

    #[test]
    fn admins_may_call_every_authenticated_route_but_a_customers_or_technicians_own() {
        for rule in MATRIX {
            let own = |roles| {
                rule.access
                    == Access::Roles {
                        roles,
                        owned: rule.is_owned(),
                    }
            };
            assert!(
                rule.allows(Role::Admin) || own(CUSTOMER) || own(TECHNICIAN),
                "{} {}",
                rule.method,
                rule.path
            );
        }
    }

    #[test]
    fn lookups_match_method_and_template() {
        let users = rule(&Method::GET, "/api/users").unwrap();
        assert!(users.allows(Role::Admin));
        assert!(!users.allows(Role::Staff));
        assert!(!users.allows(Role::Customer));
        assert!(rule(&Method::GET, "/api/users/").is_some());
        assert!(rule(&Method::PUT, "/api/users").is_none());
        assert!(rule(&Method::POST, "/api/token").unwrap().is_public());
        assert!(rule(&Method::GET, "/api/nowhere").is_none());
    }

    #[test]
    fn technicians_reach_their_account_and_their_assigned_jobs_only() {
        let own_account = ["/api/token/", "/api/users/me", "/api/auth/change-password"];
        for rule in MATRIX
            .iter()
            .filter(|rule| !rule.is_public() && rule.allows(Role::Technician))
        {
            let account = own_account.iter().any(|p| rule.path.starts_with(p));
            let jobs = rule.path.starts_with("/api/services")
                || rule.path.starts_with("/api/technicians/me/");
            assert!(account || jobs, "{} {}", rule.method, rule.path);
            if jobs && rule.path.contains("{id}") {
                assert!(
                    rule.is_owned(),
                    "{} {} must check the assignment",
                    rule.method,
                    rule.path
                );
            }
        }
    }
}
