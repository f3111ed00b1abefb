//! The workflow routes: confirm, decline, cancel, reschedule, check in,
//! no-show. Each is checked with [`super::status::apply`] before anything is
//! written, moves the slot places the change moves (see [`super::commit`]),
//! and tells the customer through the outbox in the same transaction.
//! A customer changes their own appointments only, and only until the
//! schedule's cut-off before the slot.

use chrono::{DateTime, Duration, Utc};

use super::{
    Appointment, AppointmentError, Status,
    book::{Actor, check_no_overlap, phone_of},
    commit::{Outcome, Plan, SlotCapacity, Writer},
    notify, schedule, slots,
    status::{self, Action},
};
use crate::{
    entity::OnFailure,
    events::event_op,
    ports::Ports,
    services::{self, Service, commit::create_ops},
    values::{AppointmentId, CancelReason, Money, Notes, ServiceId, ServiceTitle, ServiceType},
};

/// What opening the service of a checked-in car needs; what is left out
/// comes from the appointment (see [`ServiceDraft::title_for`]) or is
/// `maintenance`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceDraft {
    /// What the service is, in a line.
    pub title: Option<ServiceTitle>,
    /// The kind of service.
    pub service_type: Option<ServiceType>,
}

impl ServiceDraft {
    /// The title: the one given, else the first line of the appointment's
    /// description, else "Appointment".
    pub fn title_for(&self, appointment: &Appointment) -> ServiceTitle {
        self.title.clone().unwrap_or_else(|| {
            let first_line: String = appointment
                .description
                .as_str()
                .lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(ServiceTitle::MAX)
                .collect();
            ServiceTitle::parse(&first_line)
                .unwrap_or_else(|_| ServiceTitle::parse("Appointment").expect("a valid title"))
        })
    }

    /// The kind: the one given, else `maintenance`.
    pub fn service_type(&self) -> ServiceType {
        self.service_type
            .clone()
            .unwrap_or_else(|| ServiceType::parse("maintenance").expect("a valid type"))
    }
}

/// One change of an appointment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The garage accepts a request.
    Confirm,
    /// The garage refuses a request, saying why.
    Decline(CancelReason),
    /// Either side calls it off.
    Cancel(Option<CancelReason>),
    /// Either side moves it to the slot starting then.
    Reschedule(DateTime<Utc>),
    /// The car arrived: its service opens (title and type; the description
    /// is the appointment's).
    CheckIn(ServiceDraft),
    /// The car did not come.
    NoShow,
    /// Staff give the work to a technician (an active one, checked by the
    /// caller), or to nobody.
    Assign(Option<String>),
}

impl Change {
    fn action(&self) -> Action {
        match self {
            Change::Confirm => Action::Confirm,
            Change::Decline(_) => Action::Decline,
            Change::Cancel(_) => Action::Cancel,
            Change::Reschedule(_) => Action::Reschedule,
            Change::CheckIn(_) => Action::CheckIn,
            Change::NoShow => Action::NoShow,
            Change::Assign(_) => Action::Assign,
        }
    }
}

/// Refuses a customer's change after the cut-off before the slot.
fn check_cutoff(
    actor: &Actor,
    appointment: &Appointment,
    cutoff_hours: u32,
    now: DateTime<Utc>,
) -> Result<(), AppointmentError> {
    if *actor == Actor::Staff
        || now + Duration::hours(i64::from(cutoff_hours)) <= appointment.starts_at
    {
        return Ok(());
    }
    Err(AppointmentError::Refused(format!(
        "Appointments can be changed online up to {cutoff_hours} hours before; please call the garage."
    )))
}

/// The service a check-in opens, linked to its appointment.
fn opened_service(
    appointment: &Appointment,
    draft: &ServiceDraft,
    ports: &Ports,
    now: DateTime<Utc>,
) -> Service {
    let day = appointment
        .starts_at
        .with_timezone(&ports.config.time_zone)
        .date_naive();
    Service {
        id: ServiceId::generate(now),
        car_id: appointment.car_id.clone(),
        customer_id: appointment.customer_id.clone(),
        title: draft.title_for(appointment),
        description: appointment.description.clone(),
        service_type: draft.service_type(),
        status: services::Status::Scheduled,
        scheduled_date: day,
        started_at: None,
        completed_date: None,
        completed_at: None,
        service_mileage: None,
        technician_notes: Notes::default(),
        cancel_reason: None,
        items: Vec::new(),
        subtotal: Money::zero(ports.config.currency_decimals),
        invoice_id: None,
        invoice_status: None,
        legacy_id: None,
        appointment_id: Some(appointment.id.clone()),
        technician_id: appointment.technician_id.clone(),
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// Makes `change` to appointment `id` for `actor`, at the version the
/// client read when it names one.
pub async fn change(
    ports: &Ports,
    actor: &Actor,
    id: &AppointmentId,
    change: Change,
    expected_version: Option<u64>,
) -> Result<Appointment, AppointmentError> {
    let table = ports.table.as_ref();
    let time_zone = ports.config.time_zone;
    let schedule = schedule::get(table, time_zone.name()).await?;
    let settings = &schedule.settings;
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        if !actor.reaches(&before.customer_id) {
            return Err(AppointmentError::NotFound);
        }
        let next = status::apply(before.status, change.action())?;
        let now = ports.clock.now();
        let mut after = before.clone();
        after.status = next;
        let mut plan_extra = Vec::new();
        match &change {
            Change::Confirm | Change::Cancel(None) => {}
            Change::Decline(reason) => after.decline_reason = Some(reason.clone()),
            Change::Cancel(Some(reason)) => after.cancel_reason = Some(reason.clone()),
            Change::Reschedule(starts_at) => {
                let (start, end) = slots::check(settings, time_zone, "starts_at", *starts_at, now)?;
                if start == before.starts_at {
                    return Err(AppointmentError::invalid(
                        "starts_at",
                        "is the appointment's current time",
                    ));
                }
                check_no_overlap(table, &before.car_id, start, end, Some(&before.id)).await?;
                after.starts_at = start;
                after.ends_at = end;
                // A customer's new time is a new request for the garage to confirm.
                if matches!(actor, Actor::Customer(_)) {
                    after.status = Status::Requested;
                }
            }
            Change::NoShow => {
                if now < before.starts_at {
                    return Err(AppointmentError::Refused(
                        "The appointment has not started yet.".into(),
                    ));
                }
            }
            Change::Assign(technician) => after.technician_id.clone_from(technician),
            Change::CheckIn(draft) => {
                let service = opened_service(&before, draft, ports, now);
                let settings = ports.config.counter_settings();
                plan_extra = create_ops(Vec::new(), &service, &settings)?.into_extra();
                after.service_id = Some(service.id);
            }
        }
        if matches!(change, Change::Cancel(_) | Change::Reschedule(_)) {
            check_cutoff(actor, &before, settings.cutoff_hours, now)?;
        }
        let mut plan = Plan::to(after.clone());
        plan.extra = plan_extra;
        plan.note = SlotCapacity(settings.capacity);
        // Check-in, no-show and assignment are the garage's own business: no message.
        if !matches!(
            change,
            Change::CheckIn(_) | Change::NoShow | Change::Assign(_)
        ) {
            let phone = phone_of(table, &before.customer_id).await?;
            let event = notify::event(Some(&before), &after, phone, time_zone, now);
            plan = plan.with(event_op(&event)?, OnFailure::Retry);
        }
        if let Outcome::Done(Some(after)) = writer.commit(&before, plan).await? {
            tracing::info!(appointment_id = %id, status = %after.status, action = ?change.action(), "appointment changed");
            return Ok(*after);
        }
    }
}
