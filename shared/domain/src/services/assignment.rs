//! Who does the work: a service assigned to a technician, and the index
//! entry that lists a technician's jobs.
//!
//! The service's own item uses the three GSIs for its status, car and
//! customer lists, so the assignment has its own entry, written in the
//! service's transactions (see [`super::commit`]):
//! `pk = SERVICE#<id>`, `sk = TECH`, `gsi1pk = SERVICES#TECH#<user id>`,
//! `gsi1sk = <scheduled date>#<id>` (every job of the technician, by day),
//! and, while the job is open (scheduled or in progress),
//! `gsi2pk = SERVICES#TECH#<user id>#OPEN` with the same sort key (the
//! short list the technician's day starts from).

use super::{
    Service, ServiceError, Status,
    commit::{Outcome, Plan, Writer},
};
use crate::{
    auth::{
        role::Role,
        users::{self, User},
    },
    ports::Ports,
    search::index::with_target,
    store::{Item, Key, Table, Value, WriteOp, from_item},
    values::ServiceId,
};

/// Sort key of a service's assignment entry.
const ASSIGNMENT_SK: &str = "TECH";

/// GSI1 partition of every job assigned to a technician.
pub fn by_technician(user_id: &str) -> String {
    format!("SERVICES#TECH#{user_id}")
}

/// GSI2 partition of a technician's open jobs (scheduled or in progress).
pub fn open_of_technician(user_id: &str) -> String {
    format!("SERVICES#TECH#{user_id}#OPEN")
}

fn entry_key(id: &ServiceId) -> Key {
    Key::new(format!("SERVICE#{id}"), ASSIGNMENT_SK)
}

/// Whether the work on a service is still to be done.
pub fn is_open(status: Status) -> bool {
    matches!(status, Status::Scheduled | Status::InProgress)
}

/// The assignment entry a service should have, if it is assigned.
fn entry(service: &Service) -> Option<Item> {
    let technician = service.technician_id.as_deref()?;
    let mut item = entry_key(&service.id).to_item();
    let sort = Value::s(service.list_sort_key());
    item.insert("gsi1pk".into(), Value::s(by_technician(technician)));
    item.insert("gsi1sk".into(), sort.clone());
    if is_open(service.status) {
        item.insert("gsi2pk".into(), Value::s(open_of_technician(technician)));
        item.insert("gsi2sk".into(), sort);
    }
    with_target(&mut item, &service.key());
    Some(item)
}

/// The write taking the assignment entry from `before` to `after`, if it
/// moves (a new technician, another date, a job closed, the service gone).
pub fn entry_op(before: Option<&Service>, after: Option<&Service>) -> Option<WriteOp> {
    let old = before.and_then(entry);
    let new = after.and_then(entry);
    match (old, new) {
        (old, Some(new)) if old.as_ref() != Some(&new) => Some(WriteOp::put(new)),
        (Some(_), None) => {
            let service = before.or(after)?;
            Some(WriteOp::Delete {
                key: entry_key(&service.id),
                condition: None,
            })
        }
        _ => None,
    }
}

/// Checks that `user_id` names an active technician (400 otherwise).
pub async fn check_technician(table: &dyn Table, user_id: &str) -> Result<(), ServiceError> {
    let user = table.get(&users::user_key(user_id)).await?;
    let user = user.map(from_item::<User>).transpose()?;
    if user.is_some_and(|user| user.role == Role::Technician && user.is_active) {
        return Ok(());
    }
    Err(ServiceError::invalid(
        "technician_id",
        "is not an active technician",
    ))
}

/// A service assigned, and who had it before.
#[derive(Clone, Debug)]
pub struct Assigned {
    /// The service as assigned.
    pub service: Service,
    /// The technician who had it, if another one.
    pub previous: Option<String>,
}

/// Assigns service `id` to technician `technician_id` (`None`: to nobody).
/// The technician must be an active user with the technician role; a
/// completed or cancelled service keeps who did it.
pub async fn assign(
    ports: &Ports,
    id: &ServiceId,
    technician_id: Option<&str>,
    expected_version: Option<u64>,
) -> Result<Assigned, ServiceError> {
    if let Some(user_id) = technician_id {
        check_technician(ports.table.as_ref(), user_id).await?;
    }
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        if !is_open(before.status) {
            return Err(ServiceError::Refused(format!(
                "A {} service is not assigned again.",
                before.status
            )));
        }
        let mut after = before.clone();
        after.technician_id = technician_id.map(str::to_string);
        if after.technician_id == before.technician_id {
            return Ok(Assigned {
                service: before,
                previous: None,
            });
        }
        if let Outcome::Done(Some(after)) = writer.commit(&before, Plan::to(after)).await? {
            tracing::info!(service_id = %id, "service assigned");
            return Ok(Assigned {
                service: *after,
                previous: before.technician_id,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::sample;

    #[test]
    fn the_entry_follows_the_technician_the_date_and_the_status() {
        let mut service = sample(chrono::Utc::now());
        assert_eq!(entry_op(None, Some(&service)), None);
        let before = service.clone();
        service.technician_id = Some("T1".into());
        let Some(WriteOp::Put { item, .. }) = entry_op(Some(&before), Some(&service)) else {
            panic!("an assignment puts the entry");
        };
        assert_eq!(item["gsi1pk"], Value::s("SERVICES#TECH#T1"));
        assert_eq!(item["gsi2pk"], Value::s("SERVICES#TECH#T1#OPEN"));
        assert_eq!(entry_op(Some(&service), Some(&service)), None);

        let mut done = service.clone();
        done.status = Status::Completed;
        let Some(WriteOp::Put { item, .. }) = entry_op(Some(&service), Some(&done)) else {
            panic!("a closed job leaves the open list");
        };
        assert!(!item.contains_key("gsi2pk"));

        let mut unassigned = service.clone();
        unassigned.technician_id = None;
        assert!(matches!(
            entry_op(Some(&service), Some(&unassigned)),
            Some(WriteOp::Delete { .. })
        ));
        assert!(matches!(
            entry_op(Some(&service), None),
            Some(WriteOp::Delete { .. })
        ));
    }
}
