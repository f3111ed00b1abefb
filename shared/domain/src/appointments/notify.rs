//! What the customer hears about their appointment: one outbox event per
//! change, pushed to their phones and texted to their number (the
//! dispatcher leaves the text out where text messages are switched off).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Appointment, BookedBy, Status};
use crate::{
    events::{Event, EventType, RelatedKind},
    values::PhoneNumber,
};

/// How a message names the slot: `Tue 8 Dec 2026 at 09:00`, on the garage's clock.
pub fn when(at: DateTime<Utc>, time_zone: Tz) -> String {
    at.with_timezone(&time_zone)
        .format("%a %-d %b %Y at %H:%M")
        .to_string()
}

/// The event telling the customer about `after`, the appointment as a change
/// left it (`before`: as it was; `None` when just booked).
pub fn event(
    before: Option<&Appointment>,
    after: &Appointment,
    phone: Option<PhoneNumber>,
    time_zone: Tz,
    now: DateTime<Utc>,
) -> Event {
    let car = after.car.label();
    let at = when(after.starts_at, time_zone);
    let (event_type, title, message) = match (before.map(|b| b.status), after.status) {
        (None, _) if after.booked_by == BookedBy::Customer => (
            EventType::AppointmentBooked,
            "Appointment request received",
            format!("We received your request for your {car} on {at}. We will confirm it shortly."),
        ),
        (None, _) => (
            EventType::AppointmentBooked,
            "Appointment booked",
            format!("Your {car} is booked in on {at}."),
        ),
        (Some(Status::Requested), Status::Confirmed) => (
            EventType::AppointmentConfirmed,
            "Appointment confirmed",
            format!("Your appointment for your {car} on {at} is confirmed."),
        ),
        (Some(_), Status::Declined) => (
            EventType::AppointmentDeclined,
            "Appointment declined",
            format!(
                "We cannot take your {car} on {at}: {}",
                after
                    .decline_reason
                    .as_ref()
                    .map_or("please choose another time.", |r| r.as_str())
            ),
        ),
        (Some(_), Status::Cancelled) => (
            EventType::AppointmentChanged,
            "Appointment cancelled",
            format!("Your appointment for your {car} on {at} is cancelled."),
        ),
        (Some(_), _) => (
            EventType::AppointmentChanged,
            "Appointment moved",
            format!(
                "Your appointment for your {car} is now on {at}{}.",
                if after.status == Status::Requested {
                    ", to be confirmed"
                } else {
                    ""
                }
            ),
        ),
    };
    with_phone(
        Event::new(event_type, after.customer_id.clone(), title, message, now)
            .about(RelatedKind::Appointment, after.id.as_str()),
        phone,
    )
}

/// The reminder of a confirmed appointment.
pub fn reminder(
    appointment: &Appointment,
    phone: Option<PhoneNumber>,
    time_zone: Tz,
    now: DateTime<Utc>,
) -> Event {
    let message = format!(
        "Reminder: your {} is expected at the garage on {}.",
        appointment.car.label(),
        when(appointment.starts_at, time_zone)
    );
    with_phone(
        Event::new(
            EventType::AppointmentReminder,
            appointment.customer_id.clone(),
            "Appointment reminder",
            message,
            now,
        )
        .about(RelatedKind::Appointment, appointment.id.as_str()),
        phone,
    )
}

fn with_phone(event: Event, phone: Option<PhoneNumber>) -> Event {
    match phone {
        Some(phone) => event.with_sms(phone),
        None => event,
    }
}
