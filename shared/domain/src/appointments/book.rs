//! Booking a car into a slot: the appointment, its list entry, the place in
//! its slot (refused when the slot is full) and the customer's notification
//! in one transaction, with the idempotency record when the request has a key.

use chrono::{DateTime, Duration, Utc};

use super::{
    Appointment, AppointmentError, BookedBy, CarSummary, Status, by_car,
    commit::{Plan, SlotCapacity},
    instant_key, notify, schedule, slots,
};
use crate::{
    cars::{self, Car, pending::PendingStatus},
    customers,
    entity::{Layout, OnFailure},
    events::event_op,
    idempotency::{Answer, Created, Idempotent},
    ports::Ports,
    store::{Index, ItemError, Query, SortKey, StoreError, Table, WriteOp, from_item},
    values::{AppointmentId, CarId, CustomerId, Notes, PhoneNumber},
};

/// How many times a booking is decided again after a transaction conflict.
const MAX_ATTEMPTS: u32 = 5;
/// The longest slot, so that a search for overlapping appointments starts early enough.
const LONGEST_SLOT_MINUTES: i64 = 480;

/// Who is acting on appointments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Staff or an admin: any car, any appointment.
    Staff,
    /// A customer: their own cars and appointments only.
    Customer(CustomerId),
}

impl Actor {
    /// Whether the actor may see what belongs to `customer_id`.
    pub fn reaches(&self, customer_id: &CustomerId) -> bool {
        match self {
            Actor::Staff => true,
            Actor::Customer(own) => own == customer_id,
        }
    }
}

/// An appointment to book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAppointment {
    /// The car.
    pub car_id: CarId,
    /// The start of the slot.
    pub starts_at: DateTime<Utc>,
    /// What the customer wants done.
    pub description: Notes,
}

/// The car `id` if `actor` may book it; another customer's car is as
/// absent, and a car a customer added is not bookable until it is approved.
pub async fn bookable_car(
    table: &dyn Table,
    actor: &Actor,
    id: &CarId,
) -> Result<Car, AppointmentError> {
    if let Some(car) = cars::get(table, id).await? {
        if actor.reaches(&car.customer_id) {
            return Ok(car);
        }
        return Err(AppointmentError::invalid("car_id", "no such car"));
    }
    let waiting = cars::pending::get(table, id)
        .await?
        .filter(|car| actor.reaches(&car.customer_id));
    Err(match waiting.map(|car| car.status) {
        Some(PendingStatus::Pending) => {
            AppointmentError::invalid("car_id", "is waiting for the garage's approval")
        }
        Some(PendingStatus::Rejected) => {
            AppointmentError::invalid("car_id", "was not registered by the garage")
        }
        _ => AppointmentError::invalid("car_id", "no such car"),
    })
}

/// Refuses a time at which the car already has another appointment ahead.
pub async fn check_no_overlap(
    table: &dyn Table,
    car_id: &CarId,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    other_than: Option<&AppointmentId>,
) -> Result<(), AppointmentError> {
    let from = instant_key(start - Duration::minutes(LONGEST_SLOT_MINUTES));
    let to = format!("{}~", instant_key(end));
    let query = Query::partition(Index::Gsi3, by_car(car_id))
        .sort(SortKey::Between(from, to))
        .limit(100);
    let page = table.query(&query).await?;
    for item in page.items {
        let other: Appointment = from_item(item)?;
        if Some(&other.id) != other_than && other.status.is_open() && other.overlaps(start, end) {
            return Err(AppointmentError::invalid(
                "starts_at",
                format!(
                    "the car already has an appointment at {}",
                    instant_key(other.starts_at)
                ),
            ));
        }
    }
    Ok(())
}

/// The phone number the customer is texted at, if they still exist.
pub async fn phone_of(
    table: &dyn Table,
    customer_id: &CustomerId,
) -> Result<Option<PhoneNumber>, AppointmentError> {
    Ok(customers::get(table, customer_id)
        .await?
        .map(|customer| customer.phone))
}

/// A booking decided and checked, not yet written.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The appointment to create.
    pub appointment: Appointment,
    /// Its plan: the place in its slot and the customer's notification.
    pub plan: Plan,
}

impl Prepared {
    /// The writes creating it after `first` (an idempotency record).
    pub fn layout(
        &self,
        first: Vec<WriteOp>,
        settings: &crate::entity::Settings,
    ) -> Result<Layout, AppointmentError> {
        Layout::new(first, None, &self.plan, settings)
    }
}

/// Checks a booking of `new` by `actor` against the schedule, the car and
/// its other appointments, and decides it: a customer's booking waits for
/// the garage to confirm it, staff's is confirmed.
pub async fn prepare(
    ports: &Ports,
    actor: &Actor,
    new: &NewAppointment,
) -> Result<Prepared, AppointmentError> {
    let table = ports.table.as_ref();
    let time_zone = ports.config.time_zone;
    let schedule = schedule::get(table, time_zone.name()).await?;
    let now = ports.clock.now();
    let (starts_at, ends_at) = slots::check(
        &schedule.settings,
        time_zone,
        "starts_at",
        new.starts_at,
        now,
    )?;
    let car = bookable_car(table, actor, &new.car_id).await?;
    check_no_overlap(table, &car.id, starts_at, ends_at, None).await?;
    let customer = customers::get(table, &car.customer_id)
        .await?
        .ok_or_else(|| AppointmentError::invalid("car_id", "the car has no owner"))?;
    let booked_by = match actor {
        Actor::Staff => BookedBy::Staff,
        Actor::Customer(_) => BookedBy::Customer,
    };
    let appointment = Appointment {
        id: AppointmentId::generate(now),
        car_id: car.id.clone(),
        customer_id: car.customer_id.clone(),
        car: CarSummary::of(&car),
        customer_name: format!("{} {}", customer.first_name, customer.last_name),
        starts_at,
        ends_at,
        status: match booked_by {
            BookedBy::Staff => Status::Confirmed,
            BookedBy::Customer => Status::Requested,
        },
        booked_by,
        description: new.description.clone(),
        decline_reason: None,
        cancel_reason: None,
        service_id: None,
        reminded_for: None,
        technician_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let event = notify::event(None, &appointment, Some(customer.phone), time_zone, now);
    let mut plan = Plan::to(appointment.clone()).with(event_op(&event)?, OnFailure::Retry);
    plan.note = SlotCapacity(schedule.settings.capacity);
    Ok(Prepared { appointment, plan })
}

/// Books `new` for `actor` (see [`prepare`]). Under an idempotency key, a
/// repeated request gets the first answer back.
pub async fn book(
    ports: &Ports,
    actor: &Actor,
    new: NewAppointment,
    idempotent: Option<&Idempotent>,
) -> Result<Created<Box<Appointment>>, AppointmentError> {
    let table = ports.table.as_ref();
    if let Some(idempotent) = idempotent
        && let Some(recorded) = idempotent.recorded(table).await?
    {
        return Ok(Created::Replayed(recorded));
    }
    let mut attempts = 0;
    loop {
        attempts += 1;
        let prepared = prepare(ports, actor, &new).await?;
        let appointment = &prepared.appointment;
        let mut first = Vec::new();
        if let Some(idempotent) = idempotent {
            let body = serde_json::to_value(appointment).map_err(ItemError::from)?;
            first.push(idempotent.record_op(Answer::Created, &body, appointment.created_at));
        }
        let layout = prepared.layout(first, &ports.config.counter_settings())?;
        let error = match table.transact(layout.ops).await {
            Ok(()) => {
                tracing::info!(appointment_id = %appointment.id, car_id = %appointment.car_id, starts_at = %appointment.starts_at, "appointment booked");
                return Ok(Created::New(Box::new(prepared.appointment)));
            }
            Err(error) => error,
        };
        match (error, idempotent) {
            // The record comes first: losing on it means a concurrent retry won.
            (StoreError::ConditionFailed { index: 0 }, Some(idempotent)) => {
                return Ok(Created::Replayed(idempotent.after_race(table).await?));
            }
            (StoreError::ConditionFailed { index }, _) => match layout.failures.at(index) {
                Some(OnFailure::Refuse(reason)) => {
                    return Err(AppointmentError::Refused(reason.clone()));
                }
                _ if attempts < MAX_ATTEMPTS => {}
                _ => return Err(AppointmentError::Contention),
            },
            (StoreError::Conflict, _) if attempts < MAX_ATTEMPTS => {
                tokio::time::sleep(std::time::Duration::from_millis(
                    5 * u64::from(attempts) + rand::random::<u64>() % 20,
                ))
                .await;
            }
            (StoreError::Conflict, _) => return Err(AppointmentError::Contention),
            (other, _) => return Err(other.into()),
        }
    }
}
