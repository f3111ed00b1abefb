//! Parts and labour: exact quantities and prices, line totals and the
//! service's subtotal, all in decimal (never floating point).
//!
//! A line's total is `quantity × unit price` rounded half away from zero to
//! the currency's minor units; the subtotal is the sum of the line totals,
//! so the invoice shows lines that add up to its subtotal.

use serde::{Deserialize, Serialize};

use super::{
    Action, MAX_ITEMS, Service, ServiceError, Status,
    commit::{OnFailure, Outcome, Plan, Writer},
    status,
};
use crate::{
    audit::{AuditAction, AuditActor, AuditRecord, Changes},
    ports::Ports,
    values::{
        ItemDescription, ItemName, Money, Quantity, ServiceId, ServiceItemId, money::MAX_UNIT_PRICE,
    },
};

/// A part or a labour line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    /// A part (oil, filter, pads...).
    Part,
    /// Work, usually in hours.
    Labor,
}

/// One item of a service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceItem {
    /// Opaque id, unique within the service.
    pub id: ServiceItemId,
    /// Part or labour.
    pub item_type: ItemType,
    /// What it is.
    pub name: ItemName,
    /// Details (may be empty).
    pub description: ItemDescription,
    /// How many (hours for labour), above 0.
    pub quantity: Quantity,
    /// Price of one, in the currency.
    pub unit_price: Money,
    /// `quantity × unit_price`, rounded to the currency's minor units.
    pub total_price: Money,
}

/// The fields of an item a client sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemFields {
    /// Part or labour.
    pub item_type: ItemType,
    /// What it is.
    pub name: ItemName,
    /// Details.
    pub description: ItemDescription,
    /// How many.
    pub quantity: Quantity,
    /// Price of one, as sent (put in the currency by [`ItemFields::priced`]).
    pub unit_price: Money,
}

/// Changes to an item; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemChanges {
    /// Part or labour.
    pub item_type: Option<ItemType>,
    /// What it is.
    pub name: Option<ItemName>,
    /// Details.
    pub description: Option<ItemDescription>,
    /// How many.
    pub quantity: Option<Quantity>,
    /// Price of one.
    pub unit_price: Option<Money>,
}

/// A unit price in the currency: not negative, not absurd, no more decimals
/// than the currency has.
fn unit_price(price: Money, decimals: u32) -> Result<Money, ServiceError> {
    let invalid = |message: String| ServiceError::invalid("unit_price", message);
    let price = price
        .in_currency(decimals)
        .map_err(|e| invalid(e.to_string()))?;
    if price.is_negative() {
        return Err(invalid("must not be negative".into()));
    }
    if price.value() > MAX_UNIT_PRICE.into() {
        return Err(invalid(format!("must be at most {MAX_UNIT_PRICE}")));
    }
    Ok(price)
}

impl ItemFields {
    /// The item these fields make, with its total.
    pub fn priced(self, id: ServiceItemId, decimals: u32) -> Result<ServiceItem, ServiceError> {
        let unit_price = unit_price(self.unit_price, decimals)?;
        Ok(ServiceItem {
            id,
            item_type: self.item_type,
            name: self.name,
            description: self.description,
            quantity: self.quantity,
            unit_price,
            total_price: line_total(self.quantity, unit_price, decimals),
        })
    }
}

impl ItemChanges {
    /// `item` with these changes, its total recomputed.
    pub fn apply(&self, item: &ServiceItem, decimals: u32) -> Result<ServiceItem, ServiceError> {
        ItemFields {
            item_type: self.item_type.unwrap_or(item.item_type),
            name: self.name.clone().unwrap_or_else(|| item.name.clone()),
            description: self
                .description
                .clone()
                .unwrap_or_else(|| item.description.clone()),
            quantity: self.quantity.unwrap_or(item.quantity),
            unit_price: self.unit_price.unwrap_or(item.unit_price),
        }
        .priced(item.id.clone(), decimals)
    }
}

/// `quantity × unit_price`, rounded to the currency's minor units (the
/// bounds on both keep the product far from overflowing).
pub fn line_total(quantity: Quantity, unit_price: Money, decimals: u32) -> Money {
    Money::rounded(quantity.value() * unit_price.value(), decimals)
}

/// The sum of the line totals.
pub fn subtotal(items: &[ServiceItem], decimals: u32) -> Money {
    items.iter().fold(Money::zero(decimals), |sum, item| {
        // At most MAX_ITEMS lines of bounded totals: the sum cannot overflow.
        sum.checked_add(item.total_price).unwrap_or(sum)
    })
}

/// What an item change does to a service's items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemEdit {
    /// Adds an item.
    Add(ServiceItem),
    /// Changes the item with that id.
    Change(ServiceItemId, ItemChanges),
    /// Removes the item with that id.
    Remove(ServiceItemId),
}

/// `service` with `edit` applied to its items and its subtotal recomputed;
/// refused when an issued invoice froze the items, when the item is absent,
/// or when the service would hold too many items.
pub fn edit(service: &Service, edit: &ItemEdit, decimals: u32) -> Result<Service, ServiceError> {
    if service.items_frozen() {
        return Err(ServiceError::Refused(
            "The service's invoice is issued: its items can no longer change.".into(),
        ));
    }
    let mut changed = service.clone();
    let position = |id: &ServiceItemId| {
        service
            .items
            .iter()
            .position(|item| &item.id == id)
            .ok_or(ServiceError::NotFound)
    };
    match edit {
        ItemEdit::Add(item) => {
            if service.items.len() >= MAX_ITEMS {
                return Err(ServiceError::Refused(format!(
                    "A service holds at most {MAX_ITEMS} items."
                )));
            }
            changed.items.push(item.clone());
        }
        ItemEdit::Change(id, changes) => {
            let at = position(id)?;
            changed.items[at] = changes.apply(&service.items[at], decimals)?;
        }
        ItemEdit::Remove(id) => {
            changed.items.remove(position(id)?);
        }
    }
    changed.subtotal = subtotal(&changed.items, decimals);
    Ok(changed)
}

/// `plan` with, when it changes a completed service's items (what the
/// customer was told it cost), the audit record of the change.
pub fn audited(
    ports: &Ports,
    actor: &AuditActor,
    before: &Service,
    plan: Plan,
) -> Result<Plan, ServiceError> {
    let Some(after) = plan
        .after
        .as_ref()
        .filter(|_| before.status == Status::Completed)
    else {
        return Ok(plan);
    };
    let changes = Changes::between(before, after, &[])?;
    let record = AuditRecord::new(
        actor.clone(),
        AuditAction::ServiceItemsChanged,
        before.id.as_str(),
        changes,
        ports.clock.now(),
    )
    .labelled(before.title.to_string());
    Ok(plan.with(record.op(&ports.config)?, OnFailure::Retry))
}

/// Applies `item_edit` to the items of service `id`, if its status allows it
/// and `expected_version` (when given) is current. A change to a completed
/// service's items (what the customer was told it cost) is audited.
pub async fn edit_items(
    ports: &Ports,
    actor: &AuditActor,
    id: &ServiceId,
    item_edit: &ItemEdit,
    expected_version: Option<u64>,
) -> Result<Service, ServiceError> {
    let decimals = ports.config.currency_decimals;
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::EditItems)?;
        let after = edit(&before, item_edit, decimals)?;
        let plan = audited(ports, actor, &before, Plan::to(after))?;
        if let Outcome::Done(Some(after)) = writer.commit(&before, plan).await? {
            tracing::info!(service_id = %id, version = after.version, "service items changed");
            return Ok(*after);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{services::sample, values::InvoiceStatus};

    fn money(text: &str) -> Money {
        serde_json::from_value(serde_json::Value::String(text.into())).unwrap()
    }

    fn fields(quantity: &str, price: &str) -> ItemFields {
        ItemFields {
            item_type: ItemType::Part,
            name: ItemName::parse("Filtre").unwrap(),
            description: ItemDescription::default(),
            quantity: Quantity::parse(quantity).unwrap(),
            unit_price: money(price),
        }
    }

    fn new_id() -> ServiceItemId {
        ServiceItemId::generate(chrono::Utc::now())
    }

    #[test]
    fn totals_are_exact_and_rounded_to_minor_units() {
        let item = fields("4.5", "38.5").priced(new_id(), 3).unwrap();
        assert_eq!(item.unit_price.to_string(), "38.500");
        assert_eq!(item.total_price.to_string(), "173.250");
        // 0.1 + 0.2 is exactly 0.3 here.
        let a = fields("1", "0.1").priced(new_id(), 3).unwrap();
        let b = fields("1", "0.2").priced(new_id(), 3).unwrap();
        assert_eq!(subtotal(&[a, b], 3).to_string(), "0.300");
        // 3 × 0.3335 would need rounding, but prices have at most 3 decimals;
        // a fractional quantity rounds the line: 0.333 × 1.001 = 0.333333.
        let c = fields("0.333", "1.001").priced(new_id(), 3).unwrap();
        assert_eq!(c.total_price.to_string(), "0.333");
        assert_eq!(subtotal(&[], 3).to_string(), "0.000");
    }

    #[test]
    fn bad_prices_are_refused() {
        assert!(fields("1", "-1").priced(new_id(), 3).is_err());
        assert!(fields("1", "1.0001").priced(new_id(), 3).is_err());
        assert!(fields("1", "10000000.001").priced(new_id(), 3).is_err());
        assert!(fields("1", "10000000").priced(new_id(), 3).is_ok());
    }

    #[test]
    fn edits_recompute_the_subtotal_and_stop_at_an_issued_invoice() {
        let mut service = sample(chrono::Utc::now());
        let item = fields("2", "10").priced(new_id(), 3).unwrap();
        let id = item.id.clone();
        service = edit(&service, &ItemEdit::Add(item), 3).unwrap();
        assert_eq!(service.subtotal.to_string(), "20.000");
        let changes = ItemChanges {
            quantity: Some(Quantity::parse("3").unwrap()),
            ..ItemChanges::default()
        };
        service = edit(&service, &ItemEdit::Change(id.clone(), changes), 3).unwrap();
        assert_eq!(service.items[0].total_price.to_string(), "30.000");
        assert_eq!(service.subtotal.to_string(), "30.000");
        assert!(matches!(
            edit(&service, &ItemEdit::Remove(new_id()), 3),
            Err(ServiceError::NotFound)
        ));

        let mut invoiced = service.clone();
        invoiced.invoice_status = Some(InvoiceStatus::Draft);
        assert!(edit(&invoiced, &ItemEdit::Remove(id.clone()), 3).is_ok());
        invoiced.invoice_status = Some(InvoiceStatus::Pending);
        assert!(matches!(
            edit(&invoiced, &ItemEdit::Remove(id.clone()), 3),
            Err(ServiceError::Refused(_))
        ));

        service = edit(&service, &ItemEdit::Remove(id), 3).unwrap();
        assert_eq!(service.subtotal.to_string(), "0.000");
    }
}
