//! Time recorded on a job becomes a labour line: its unbilled entries, in
//! hours to the hundredth, at a rate (the request's or the garage's
//! configured one). The line and the entries' "billed" marks are written in
//! one transaction, so time is billed once.

use super::clock::{TimeEntry, entries_of_service, entry_key, hours_of};
use crate::{
    audit::AuditActor,
    entity::OnFailure,
    ports::Ports,
    services::{
        ItemType, Service, ServiceError,
        commit::{Outcome, Plan, Writer},
        items::{ItemEdit, ItemFields, audited, edit},
        status::{self, Action},
    },
    store::{Change, Condition, Value, WriteOp},
    values::{ItemDescription, ItemName, Money, Quantity, ServiceId, ServiceItemId},
};

/// Most entries billed in one line (each adds a write to the transaction).
const MAX_ENTRIES_PER_LINE: usize = 40;

/// What the line says.
#[derive(Clone, Debug)]
pub struct LabourLine {
    /// The line's name.
    pub name: ItemName,
    /// Price of an hour.
    pub rate: Money,
}

/// The entries of `entries` not billed yet, oldest first.
fn unbilled(entries: Vec<TimeEntry>) -> Vec<TimeEntry> {
    entries
        .into_iter()
        .filter(|entry| entry.billed_item_id.is_none() && entry.seconds > 0)
        .take(MAX_ENTRIES_PER_LINE)
        .collect()
}

/// What the line describes: who worked how long.
fn description(entries: &[TimeEntry]) -> String {
    let mut by_name: Vec<(String, u64)> = Vec::new();
    for entry in entries {
        match by_name
            .iter_mut()
            .find(|(name, _)| name == &entry.technician_name)
        {
            Some((_, seconds)) => *seconds += entry.seconds,
            None => by_name.push((entry.technician_name.clone(), entry.seconds)),
        }
    }
    by_name
        .iter()
        .map(|(name, seconds)| format!("{name}: {} h", hours_of(*seconds)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds a labour line for the unbilled time of service `id` (audited as
/// an item change once the service is completed).
pub async fn bill_time(
    ports: &Ports,
    actor: &AuditActor,
    id: &ServiceId,
    line: &LabourLine,
    expected_version: Option<u64>,
) -> Result<Service, ServiceError> {
    let decimals = ports.config.currency_decimals;
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::EditItems)?;
        let entries = unbilled(entries_of_service(ports.table.as_ref(), id).await?);
        let seconds: u64 = entries.iter().map(|entry| entry.seconds).sum();
        let hours = Quantity::new(hours_of(seconds))
            .map_err(|_| ServiceError::Refused("There is no unbilled time on this job.".into()))?;
        let item_id = ServiceItemId::generate(ports.clock.now());
        let item = ItemFields {
            item_type: ItemType::Labor,
            name: line.name.clone(),
            description: ItemDescription::parse(&description(&entries)).unwrap_or_default(),
            quantity: hours,
            unit_price: line.rate,
        }
        .priced(item_id.clone(), decimals)?;
        let after = edit(&before, &ItemEdit::Add(item), decimals)?;
        let mut plan = Plan::to(after);
        for entry in &entries {
            let mark = WriteOp::Update {
                key: entry_key(&entry.id),
                changes: vec![Change::Set(
                    "billed_item_id".into(),
                    Value::s(item_id.as_str()),
                )],
                condition: Some(Condition::And(vec![
                    Condition::Exists,
                    Condition::AttributeNotExists("billed_item_id".into()),
                ])),
            };
            // Billed by someone else meanwhile: read the entries again.
            plan = plan.with(mark, OnFailure::Retry);
        }
        let plan = audited(ports, actor, &before, plan)?;
        if let Outcome::Done(Some(after)) = writer.commit(&before, plan).await? {
            tracing::info!(service_id = %id, entries = entries.len(), "time billed as labour");
            return Ok(*after);
        }
    }
}
