//! Technicians: the users who do the work in the workshop. Staff assign
//! services to them (see [`crate::services::assignment`]); a technician
//! sees their day's jobs ([`jobs`]) and clocks on and off them ([`clock`]);
//! staff see everyone's load ([`workload`]), bill recorded time as labour
//! ([`labour`]) and report hours ([`hours`]).

pub mod clock;
pub mod hours;
pub mod jobs;
pub mod labour;
pub mod workload;

use serde::{Serialize, de::DeserializeOwned};

use crate::{
    auth::{
        role::Role,
        users::{User, role_query},
    },
    search::index::target_of,
    services::{Service, ServiceError},
    store::{Key, Query, Table, from_item, table::MAX_BATCH_GET},
};

/// Most technicians a garage lists (a page of users of the role).
const MAX_TECHNICIANS: usize = 200;

/// A technician as staff pick them for a job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Technician {
    /// Their user id (what `technician_id` names).
    pub id: String,
    /// Their full name.
    pub name: String,
    /// Their login name.
    pub username: String,
}

impl Technician {
    fn of(user: &User) -> Self {
        Self {
            id: user.id.clone(),
            name: format!("{} {}", user.first_name, user.last_name)
                .trim()
                .to_string(),
            username: user.username.clone(),
        }
    }
}

/// The active technicians, oldest account first.
pub async fn list(table: &dyn Table) -> Result<Vec<Technician>, ServiceError> {
    let mut query = role_query(Role::Technician);
    let mut found = Vec::new();
    loop {
        let page = table.query(&query).await?;
        for item in page.items {
            let user: User = from_item(item)?;
            if user.role == Role::Technician && user.is_active {
                found.push(Technician::of(&user));
            }
        }
        match page.last_key {
            Some(last) if found.len() < MAX_TECHNICIANS => query.start_after = Some(last),
            _ => return Ok(found),
        }
    }
}

/// The services the assignment entries `query` reads point at, reading at
/// most `max` entries (in the query's order; a service gone since is left
/// out).
pub(crate) async fn services_of(
    table: &dyn Table,
    mut query: Query,
    max: usize,
) -> Result<Vec<Service>, ServiceError> {
    let mut keys: Vec<Key> = Vec::new();
    loop {
        query.limit = (max - keys.len()).clamp(1, 100);
        let page = table.query(&query).await?;
        keys.extend(page.items.iter().filter_map(target_of));
        match page.last_key {
            Some(last) if keys.len() < max => query.start_after = Some(last),
            _ => break,
        }
    }
    read_keys(table, keys.into_iter()).await
}

/// The items `query` reads (the entities themselves), as `T`s, at most `max`.
pub(crate) async fn read_items<T: DeserializeOwned>(
    table: &dyn Table,
    mut query: Query,
    max: usize,
) -> Result<Vec<T>, ServiceError> {
    let mut found = Vec::new();
    loop {
        query.limit = (max - found.len()).clamp(1, 100);
        let page = table.query(&query).await?;
        for item in page.items {
            found.push(from_item(item)?);
        }
        match page.last_key {
            Some(last) if found.len() < max => query.start_after = Some(last),
            _ => return Ok(found),
        }
    }
}

/// Reads the items of `keys` that exist, as `T`s (batch reads).
pub(crate) async fn read_keys<T: DeserializeOwned>(
    table: &dyn Table,
    keys: impl Iterator<Item = Key>,
) -> Result<Vec<T>, ServiceError> {
    let keys: Vec<Key> = keys.collect();
    let mut found = Vec::with_capacity(keys.len());
    for batch in keys.chunks(MAX_BATCH_GET) {
        for item in table.get_many(batch).await?.into_iter().flatten() {
            found.push(from_item(item)?);
        }
    }
    Ok(found)
}
