//! `POST /api/services/{id}/send_notification`: a message to the car's owner
//! about the service.
//!
//! - `sms`: texted now through the notifier to the customer's phone number;
//! - `push`: a `general_message` event in the outbox, which the dispatcher
//!   turns into a notification in the app and a push to every phone the
//!   customer registered (the device registry is the notifications
//!   function's).
//!
//! The SMS goes first: when it fails, nothing is queued either.

use serde::Serialize;

use super::{Service, ServiceError, Status};
use crate::{
    cars::{self, Car},
    customers,
    events::{Channel, Event, EventType, RelatedKind, event_op},
    ports::Ports,
    values::{MessageText, ServiceId},
};

/// What was sent or queued.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationReport {
    /// The outbox event that carries the push (null without `push`).
    pub push_event_id: Option<String>,
    /// The id of the text message sent (null without `sms`).
    pub sms_message_id: Option<String>,
}

/// The message sent when staff write none: where the service stands.
pub fn default_message(service: &Service, car: Option<&Car>) -> String {
    let car = car.map_or_else(|| "car".to_string(), Car::label);
    let title = &service.title;
    match service.status {
        Status::Scheduled => format!(
            "Your {car} is booked for {title} on {}.",
            service.scheduled_date
        ),
        Status::InProgress => format!("Work on your {car} ({title}) is in progress."),
        Status::Completed => format!("{title} on your {car} is done."),
        Status::Cancelled => format!("{title} on your {car} was cancelled."),
    }
}

/// Sends a message about service `id` to its customer on `channels`.
pub async fn send(
    ports: &Ports,
    id: &ServiceId,
    message: Option<&MessageText>,
    channels: &[Channel],
) -> Result<NotificationReport, ServiceError> {
    if channels.is_empty() {
        return Err(ServiceError::invalid(
            "channels",
            "must name at least one channel",
        ));
    }
    let table = ports.table.as_ref();
    let service = super::get(table, id).await?.ok_or(ServiceError::NotFound)?;
    let text = match message {
        Some(message) => message.to_string(),
        None => default_message(&service, cars::get(table, &service.car_id).await?.as_ref()),
    };
    let title = format!("About your service: {}", service.title);
    let mut report = NotificationReport::default();
    if channels.contains(&Channel::Sms) {
        let customer = customers::get(table, &service.customer_id)
            .await?
            .ok_or_else(|| {
                ServiceError::Refused("The service's customer no longer exists.".into())
            })?;
        let message_id = ports
            .notifier
            .send_sms(customer.phone.as_str(), &text)
            .await?;
        tracing::info!(service_id = %id, %message_id, "service message texted");
        report.sms_message_id = Some(message_id);
    }
    if channels.contains(&Channel::Push) {
        let event = Event::new(
            EventType::GeneralMessage,
            service.customer_id.clone(),
            title,
            text,
            ports.clock.now(),
        )
        .about(RelatedKind::Service, id.as_str());
        table.write(event_op(&event)?).await?;
        tracing::info!(service_id = %id, event_id = %event.event_id, "service message queued for push");
        report.push_event_id = Some(event.event_id);
    }
    Ok(report)
}
