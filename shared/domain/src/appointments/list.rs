//! The appointment lists: the garage's calendar, a customer's, a car's,
//! between two instants, in start order, optionally of one status. Each
//! reads its own index, so its cost follows the page, not the table.

use chrono::{DateTime, Utc};

use super::{Appointment, AppointmentError, CALENDAR, Status, by_car, by_customer, instant_key};
use crate::{
    store::{
        Index, Query, SortKey, Table, Value, from_item,
        page::{ListPage, PageRequest, query_page},
    },
    values::{CarId, CustomerId},
};

/// Whose appointments a list holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every appointment (staff).
    Garage,
    /// A customer's.
    Customer(CustomerId),
    /// A car's.
    Car(CarId),
}

impl Scope {
    fn index(&self) -> (Index, String) {
        match self {
            Scope::Garage => (Index::Gsi1, CALENDAR.to_owned()),
            Scope::Customer(id) => (Index::Gsi2, by_customer(id)),
            Scope::Car(id) => (Index::Gsi3, by_car(id)),
        }
    }

    /// What a cursor of this list is bound to.
    pub fn name(&self) -> String {
        match self {
            Scope::Garage => "garage".into(),
            Scope::Customer(id) => format!("customer:{id}"),
            Scope::Car(id) => format!("car:{id}"),
        }
    }
}

/// What a list selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Whose.
    pub scope: Scope,
    /// Starting at or after.
    pub from: Option<DateTime<Utc>>,
    /// Starting before.
    pub to: Option<DateTime<Utc>>,
    /// Only in this status.
    pub status: Option<Status>,
    /// Only this customer's (a customer's view of a car's list).
    pub owner: Option<CustomerId>,
}

impl Selection {
    /// What a cursor of this selection is bound to.
    pub fn binding(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}",
            self.scope.name(),
            self.from.map(instant_key).unwrap_or_default(),
            self.to.map(instant_key).unwrap_or_default(),
            self.status.map_or("*", Status::as_str),
            self.owner.as_ref().map_or("*", CustomerId::as_str)
        )
    }
}

/// One page of the appointments `selection` holds.
pub async fn page(
    table: &dyn Table,
    selection: &Selection,
    request: PageRequest,
) -> Result<ListPage<Appointment>, AppointmentError> {
    let (index, partition) = selection.scope.index();
    // Sort keys are `<start>#<id>`, and '!' sorts before '#': a bound of
    // `<to>!` leaves out what starts at `to` itself.
    let sort = match (selection.from, selection.to) {
        (None, None) => SortKey::Any,
        (Some(from), None) => SortKey::Ge(instant_key(from)),
        (None, Some(to)) => SortKey::Lt(instant_key(to)),
        (Some(from), Some(to)) => {
            SortKey::Between(instant_key(from), format!("{}!", instant_key(to)))
        }
    };
    let query = Query::partition(index, partition).sort(sort);
    let status = selection.status.map(|status| Value::s(status.as_str()));
    let owner = selection.owner.as_ref().map(|id| Value::s(id.as_str()));
    let page = query_page(table, query, request, |item| {
        status
            .as_ref()
            .is_none_or(|s| item.get("status") == Some(s))
            && owner
                .as_ref()
                .is_none_or(|o| item.get("customer_id") == Some(o))
    })
    .await?;
    Ok(page.try_map(from_item::<Appointment>)?)
}
