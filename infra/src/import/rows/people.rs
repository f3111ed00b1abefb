//! Staff accounts, customers with their logins, and their notifications.

use std::collections::{HashMap, HashSet};

use ecar_http::{domain::CustomerId, import, legacy::LegacyModel};

use super::{Committed, Error, Importer};
use crate::import::{django, entities};

impl Importer<'_> {
    /// Staff and admin accounts (customers' logins come with their profiles).
    pub(super) async fn accounts(&mut self) -> Result<(), Error> {
        let export = self.export;
        let customer_logins: HashSet<&str> = export
            .customers
            .values()
            .filter_map(|customer| customer.user.first().map(String::as_str))
            .collect();
        for (&pk, user) in &export.users {
            if customer_logins.contains(user.username.as_str()) {
                continue;
            }
            let owner = format!("auth.user {pk}");
            let login =
                entities::staff_role(user).and_then(|role| entities::login(user, role, None));
            let (login, warning) = match login {
                Ok(login) => login,
                Err(reason) => {
                    self.refuse("auth.user", pk, reason);
                    continue;
                }
            };
            if let Err(reason) = self.claim_login(&login, &owner) {
                self.refuse("auth.user", pk, reason);
                continue;
            }
            let state = self.state;
            let committed = self
                .commit(
                    LegacyModel::User,
                    pk,
                    &login.id,
                    import::account(state.table.as_ref(), pk, &login),
                )
                .await?;
            if let (Some(_), Some(warning)) = (committed.id(), warning) {
                self.report
                    .warn("auth.user", pk, format!("{}: {warning}", user.username));
            }
        }
        Ok(())
    }

    /// Customers, each with their login (the `auth.user` row it names).
    pub(super) async fn customers(&mut self) -> Result<(), Error> {
        let export = self.export;
        let users: HashMap<&str, (u64, &django::User)> = export
            .users
            .iter()
            .map(|(pk, user)| (user.username.as_str(), (*pk, user)))
            .collect();
        let config = self.state.config.clone();
        for (&pk, row) in &export.customers {
            let Some(&(user_pk, user)) = row.user.first().and_then(|name| users.get(name.as_str()))
            else {
                self.refuse(
                    "core.customer",
                    pk,
                    format!("user: {:?} is not in the export", row.user),
                );
                continue;
            };
            let built = entities::customer(pk, row, user, &config).and_then(|built| {
                self.claim_login(&built.0, &format!("core.customer {pk}"))
                    .map(|()| built)
            });
            let (login, customer, warning) = match built {
                Ok(built) => built,
                Err(reason) => {
                    self.refuse("core.customer", pk, reason);
                    self.refuse(
                        "auth.user",
                        user_pk,
                        format!("with its customer core.customer {pk}"),
                    );
                    continue;
                }
            };
            let state = self.state;
            let id = customer.id.to_string();
            let committed = self
                .commit(
                    LegacyModel::Customer,
                    pk,
                    &id,
                    import::customer(state.table.as_ref(), pk, &login, &customer),
                )
                .await?;
            // The login is written with its profile, or not at all.
            match &committed {
                Committed::Written(_) => self.report.imported("auth.user"),
                Committed::AlreadyThere(_) => self.report.skipped("auth.user", 1),
                Committed::Refused => self.report.refuse(
                    "auth.user",
                    user_pk,
                    format!("with its customer core.customer {pk}"),
                ),
            }
            let Some(id) = committed.id() else { continue };
            let id = CustomerId::parse(id).map_err(|e| format!("stored customer id: {e}"))?;
            if let Some(warning) = warning {
                self.report.warn(
                    "auth.user",
                    user_pk,
                    format!("{}: {warning}", user.username),
                );
            }
            let name = format!("{} {}", customer.first_name, customer.last_name);
            self.names.insert(id.clone(), name);
            self.customers.insert(pk, id);
        }
        Ok(())
    }

    /// The customer row `customer` became, or why a row naming it is refused.
    pub(super) fn customer_of(&self, customer: u64) -> Result<CustomerId, String> {
        match self.customers.get(&customer) {
            Some(id) => Ok(id.clone()),
            None if self.export.customers.contains_key(&customer) => Err(format!(
                "customer: core.customer {customer} was not imported"
            )),
            None => Err(format!(
                "customer: core.customer {customer} is not in the export"
            )),
        }
    }

    /// Notifications, read or unread as they were.
    pub(super) async fn notifications(&mut self) -> Result<(), Error> {
        let export = self.export;
        for (&pk, row) in &export.notifications {
            let built = self
                .customer_of(row.customer)
                .and_then(|customer_id| entities::notification(row, &customer_id));
            let notification = match built {
                Ok(notification) => notification,
                Err(reason) => {
                    self.refuse("core.notification", pk, reason);
                    continue;
                }
            };
            let state = self.state;
            let id = notification.id.to_string();
            self.commit(
                LegacyModel::Notification,
                pk,
                &id,
                import::notification(state.table.as_ref(), pk, &notification),
            )
            .await?;
        }
        Ok(())
    }
}
