//! What each channel carries of an event, fitted to the channel's limits.
//!
//! A push carries the title, the message and the related object's kind and
//! id: nothing more personal. A text message carries the title and message.

use crate::{
    events::{Event, RelatedKind},
    notify::{MAX_PUSH_TEXT_LEN, MAX_SMS_LEN, MAX_SUBJECT_LEN, PushMessage},
    search::fold,
};

/// The subject used when a title has nothing SNS accepts in a subject.
const DEFAULT_SUBJECT: &str = "Announcement";

/// The push of an event.
pub fn push_message(event: &Event) -> PushMessage {
    let title = cut(&event.title, MAX_PUSH_TEXT_LEN / 4);
    let message = cut(&event.message, MAX_PUSH_TEXT_LEN - title.len());
    PushMessage {
        title,
        message,
        related_kind: event.related_kind.map(|kind| kind_name(kind).to_owned()),
        related_id: event.related_id.clone(),
    }
}

/// The name of a related object's kind, as the API writes it.
fn kind_name(kind: RelatedKind) -> &'static str {
    match kind {
        RelatedKind::Service => "service",
        RelatedKind::Invoice => "invoice",
        RelatedKind::Car => "car",
        RelatedKind::Appointment => "appointment",
        RelatedKind::Request => "request",
    }
}

/// The text message of an event.
pub fn sms_text(event: &Event) -> String {
    cut(&format!("{}: {}", event.title, event.message), MAX_SMS_LEN)
}

/// A topic subject from a title: SNS takes printable ASCII only, so accents
/// are dropped and other characters left out.
pub fn topic_subject(title: &str) -> String {
    let mut subject = String::new();
    for c in title.chars() {
        if c.is_ascii_graphic() || c == ' ' {
            subject.push(c);
        } else {
            let folded = fold(&c.to_string());
            if folded.chars().all(|f| f.is_ascii_graphic()) {
                subject.push_str(&folded);
            }
        }
    }
    // All ASCII by now: bytes are characters.
    let subject: String = subject.trim().chars().take(MAX_SUBJECT_LEN).collect();
    if subject.trim().is_empty() {
        DEFAULT_SUBJECT.into()
    } else {
        subject.trim_end().to_owned()
    }
}

/// `text` cut to at most `max` bytes, on a character boundary, marked with
/// an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    const ELLIPSIS: char = '…';
    let room = max.saturating_sub(ELLIPSIS.len_utf8());
    let end = text
        .char_indices()
        .map(|(at, c)| at + c.len_utf8())
        .take_while(|end| *end <= room)
        .last()
        .unwrap_or(0);
    format!("{}{ELLIPSIS}", &text[..end])
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::{events::EventType, notify::validate_push, values::CustomerId};

    fn event(title: &str, message: &str) -> Event {
        let now: DateTime<Utc> = "2026-03-16T15:04:11Z".parse().unwrap();
        Event::new(
            EventType::ServiceCompleted,
            CustomerId::generate(now),
            title,
            message,
            now,
        )
        .about(RelatedKind::Service, "01JP3N5P8Q1R3S6T9V2W4X7Y9Z")
    }

    #[test]
    fn a_push_carries_the_title_message_and_related_object_only() {
        let push = push_message(&event("Service completed", "Your car is ready."));
        assert_eq!(
            push,
            PushMessage {
                title: "Service completed".into(),
                message: "Your car is ready.".into(),
                related_kind: Some("service".into()),
                related_id: Some("01JP3N5P8Q1R3S6T9V2W4X7Y9Z".into()),
            }
        );
    }

    #[test]
    fn long_texts_are_cut_to_what_the_channel_takes() {
        let push = push_message(&event("Révision", &"é".repeat(4000)));
        assert_eq!(validate_push(&push), Ok(()));
        assert!(push.message.ends_with('…'));
        let sms = sms_text(&event("Révision", &"x".repeat(2000)));
        assert!(sms.len() <= MAX_SMS_LEN && sms.starts_with("Révision: xx"));
    }

    #[test]
    fn subjects_are_printable_ascii() {
        assert_eq!(
            topic_subject("Fête de l'Aïd: fermé"),
            "Fete de l'Aid: ferme"
        );
        assert_eq!(topic_subject("عطلة"), "Announcement");
        assert!(topic_subject(&"a".repeat(300)).len() <= MAX_SUBJECT_LEN);
    }
}
