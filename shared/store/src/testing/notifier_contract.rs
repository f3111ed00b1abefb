//! The notifier port's contract, written once and run against every adapter.
//!
//! ```text
//! ecar_store::notifier_contract_tests!(sns, sns_fixture().await);
//! ```
//! expands to a module `sns` with one `#[tokio::test]` per case.

use async_trait::async_trait;
use ulid::Ulid;

use ecar_domain::notify::{Notifier, NotifyError, Platform, PushMessage, PushOutcome};

/// An adapter under test, with the one thing only the platform can do.
#[async_trait]
pub trait NotifierFixture: Send + Sync {
    /// The adapter.
    fn notifier(&self) -> &dyn Notifier;
    /// Disables an endpoint the way a push service does when the app is gone.
    async fn disable(&self, endpoint: &str);
}

/// A fresh FCM-like token (tokens are unique across a whole emulator).
pub fn fcm_token() -> String {
    format!("fcm-token:{}", Ulid::new())
}

/// A fresh APNs token: 64 hexadecimal digits.
pub fn apns_token() -> String {
    format!("{:064x}", Ulid::new().0)
}

fn car_ready() -> PushMessage {
    PushMessage {
        title: "Car ready".into(),
        message: "Your car is ready for pick-up".into(),
        related_kind: Some("service".into()),
        related_id: Some(Ulid::new().to_string()),
    }
}

fn sent(outcome: Result<PushOutcome, NotifyError>) -> String {
    match outcome {
        Ok(PushOutcome::Sent(id)) => id,
        other => panic!("expected a sent push, got {other:?}"),
    }
}

/// Announcements get distinct message ids.
pub async fn topic_publish_returns_message_ids(fixture: &impl NotifierFixture) {
    let notifier = fixture.notifier();
    let first = notifier
        .publish_to_topic("Closed on Friday", "The garage is closed this Friday.")
        .await
        .unwrap();
    let second = notifier
        .publish_to_topic("Open again", "We are open again.")
        .await
        .unwrap();
    assert!(!first.is_empty());
    assert_ne!(first, second);
}

/// Announcements SNS would refuse are refused by every adapter.
pub async fn invalid_announcements_are_refused(fixture: &impl NotifierFixture) {
    let notifier = fixture.notifier();
    for (subject, message) in [("", "body"), (&*"s".repeat(101), "body"), ("subject", "")] {
        assert!(
            matches!(
                notifier.publish_to_topic(subject, message).await,
                Err(NotifyError::Invalid(_))
            ),
            "{subject:?} / {message:?}"
        );
    }
}

/// The same token registers to the same endpoint, even with new user data.
pub async fn registering_a_token_twice_gives_the_same_endpoint(fixture: &impl NotifierFixture) {
    let notifier = fixture.notifier();
    let token = fcm_token();
    let first = notifier
        .register_device(Platform::Fcm, &token, "customer-1")
        .await
        .unwrap();
    let again = notifier
        .register_device(Platform::Fcm, &token, "customer-1")
        .await
        .unwrap();
    let new_data = notifier
        .register_device(Platform::Fcm, &token, "customer-1 phone-2")
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(new_data, first);
}

/// Different phones get different endpoints, on either platform.
pub async fn different_tokens_get_different_endpoints(fixture: &impl NotifierFixture) {
    let notifier = fixture.notifier();
    let android = notifier
        .register_device(Platform::Fcm, &fcm_token(), "c")
        .await
        .unwrap();
    let other_android = notifier
        .register_device(Platform::Fcm, &fcm_token(), "c")
        .await
        .unwrap();
    let iphone = notifier
        .register_device(Platform::Apns, &apns_token(), "c")
        .await
        .unwrap();
    assert_ne!(android, other_android);
    assert_ne!(android, iphone);
    assert!(notifier.push(&iphone, &car_ready()).await.is_ok());
}

/// Malformed tokens are refused before reaching the platform.
pub async fn malformed_tokens_are_refused(fixture: &impl NotifierFixture) {
    let notifier = fixture.notifier();
    for (platform, token) in [
        (Platform::Apns, "not hexadecimal"),
        (Platform::Fcm, ""),
        (Platform::Fcm, "has space"),
    ] {
        assert!(
            matches!(
                notifier.register_device(platform, token, "c").await,
                Err(NotifyError::Invalid(_))
            ),
            "{platform:?} {token:?}"
        );
    }
}

/// A push to a registered phone is sent, with a message id.
pub async fn push_to_a_registered_device_is_sent(fixture: &impl NotifierFixture) {
    let notifier = fixture.notifier();
    let endpoint = notifier
        .register_device(Platform::Fcm, &fcm_token(), "c")
        .await
        .unwrap();
    let first = sent(notifier.push(&endpoint, &car_ready()).await);
    let second = sent(notifier.push(&endpoint, &car_ready()).await);
    assert!(!first.is_empty());
    assert_ne!(first, second);
}

/// A push to a disabled endpoint says so, so that the caller forgets the phone;
/// the phone registering its token again brings it back.
pub async fn disabled_endpoints_are_reported_until_registered_again(
    fixture: &impl NotifierFixture,
) {
    let notifier = fixture.notifier();
    let token = fcm_token();
    let endpoint = notifier
        .register_device(Platform::Fcm, &token, "c")
        .await
        .unwrap();
    fixture.disable(&endpoint).await;
    assert_eq!(
        notifier.push(&endpoint, &car_ready()).await,
        Ok(PushOutcome::EndpointDisabled)
    );
    let again = notifier
        .register_device(Platform::Fcm, &token, "c")
        .await
        .unwrap();
    assert_eq!(again, endpoint);
    sent(notifier.push(&endpoint, &car_ready()).await);
}

/// A removed endpoint is gone: pushes to it are NotFound, removing it again succeeds.
pub async fn removed_devices_are_gone(fixture: &impl NotifierFixture) {
    let notifier = fixture.notifier();
    let endpoint = notifier
        .register_device(Platform::Apns, &apns_token(), "c")
        .await
        .unwrap();
    notifier.remove_device(&endpoint).await.unwrap();
    assert_eq!(
        notifier.push(&endpoint, &car_ready()).await,
        Err(NotifyError::NotFound)
    );
    notifier.remove_device(&endpoint).await.unwrap();
}

/// Pushes without a title are refused.
pub async fn invalid_pushes_are_refused(fixture: &impl NotifierFixture) {
    let notifier = fixture.notifier();
    let endpoint = notifier
        .register_device(Platform::Fcm, &fcm_token(), "c")
        .await
        .unwrap();
    let untitled = PushMessage {
        title: String::new(),
        ..car_ready()
    };
    assert!(matches!(
        notifier.push(&endpoint, &untitled).await,
        Err(NotifyError::Invalid(_))
    ));
}

/// Text messages go to E.164 numbers and get message ids; other numbers are refused.
pub async fn sms_goes_to_e164_numbers_only(fixture: &impl NotifierFixture) {
    let notifier = fixture.notifier();
    let id = notifier
        .send_sms("+21698765432", "Your car is ready for pick-up.")
        .await
        .unwrap();
    assert!(!id.is_empty());
    for phone in ["98765432", "+216 98 765 432", "+0021698765432"] {
        assert!(
            matches!(
                notifier.send_sms(phone, "hello").await,
                Err(NotifyError::Invalid(_))
            ),
            "{phone:?}"
        );
    }
}

/// Expands to a module named after the adapter with one test per contract case.
///
/// `$setup` is an expression evaluated inside each (async) test that yields a
/// [`NotifierFixture`].
#[macro_export]
macro_rules! notifier_contract_tests {
    (@cases $setup:expr; $($case:ident),*) => {
        $(
            #[tokio::test]
            async fn $case() {
                let fixture = $setup;
                $crate::testing::notifier_contract::$case(&fixture).await;
            }
        )*
    };
    ($adapter:ident, $setup:expr $(,)?) => {
        mod $adapter {
            #[allow(unused_imports)]
            use super::*;

            $crate::notifier_contract_tests!(@cases $setup;
                topic_publish_returns_message_ids,
                invalid_announcements_are_refused,
                registering_a_token_twice_gives_the_same_endpoint,
                different_tokens_get_different_endpoints,
                malformed_tokens_are_refused,
                push_to_a_registered_device_is_sent,
                disabled_endpoints_are_reported_until_registered_again,
                removed_devices_are_gone,
                invalid_pushes_are_refused,
                sms_goes_to_e164_numbers_only
            );
        }
    };
}
