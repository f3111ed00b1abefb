//! The notifier contract over both adapters: the embedded recorder, and SNS
//! on the moto emulator.

use async_trait::async_trait;
use ecar_domain::{
    Clock,
    notify::{Notifier, NotifyError, Platform},
};
use ecar_store::{
    aws::{sdk_config, sns_client},
    notifier_contract_tests,
    notify::{EmbeddedNotifier, SnsNotifier},
    testing::{
        moto,
        notifier_contract::{NotifierFixture, apns_token},
    },
};

struct Embedded(EmbeddedNotifier);

#[async_trait]
impl NotifierFixture for Embedded {
    fn notifier(&self) -> &dyn Notifier {
        &self.0
    }

    async fn disable(&self, endpoint: &str) {
        self.0.disable(endpoint);
    }
}

fn embedded_fixture() -> Embedded {
    Embedded(EmbeddedNotifier::in_memory(Clock::system()))
}

struct Sns {
    notifier: SnsNotifier,
    client: aws_sdk_sns::Client,
}

#[async_trait]
impl NotifierFixture for Sns {
    fn notifier(&self) -> &dyn Notifier {
        &self.notifier
    }

    async fn disable(&self, endpoint: &str) {
        // What SNS does itself when FCM or APNs reports the token dead.
        self.client
            .set_endpoint_attributes()
            .endpoint_arn(endpoint)
            .attributes("Enabled", "false")
            .send()
            .await
            .unwrap();
    }
}

/// An SNS client on the emulator, and a name no other test uses.
async fn sns_client_and_name() -> (aws_sdk_sns::Client, String) {
    let endpoint = moto::endpoint();
    let client = sns_client(&sdk_config(Some(&endpoint)).await);
    (client, format!("ecar-test-{}", ulid::Ulid::new()))
}

async fn platform_application(client: &aws_sdk_sns::Client, name: &str, platform: &str) -> String {
    client
        .create_platform_application()
        .name(format!("{name}-{platform}"))
        .platform(platform)
        .attributes("PlatformCredential", "test-credential")
        .attributes("PlatformPrincipal", "test-principal")
        .send()
        .await
        .unwrap()
        .platform_application_arn()
        .unwrap()
        .to_owned()
}

/// A topic and both platform applications of their own, on the emulator.
async fn sns_fixture() -> Sns {
    let (client, name) = sns_client_and_name().await;
    let topic = client.create_topic().name(&name).send().await.unwrap();
    let notifier = SnsNotifier::new(client.clone(), topic.topic_arn().unwrap())
        .with_platform_application(
            Platform::Fcm,
            platform_application(&client, &name, "GCM").await,
        )
        .with_platform_application(
            Platform::Apns,
            platform_application(&client, &name, "APNS").await,
        );
    Sns { notifier, client }
}

notifier_contract_tests!(embedded, embedded_fixture());
notifier_contract_tests!(sns, sns_fixture().await);

/// What only the SNS adapter has: platforms that may be left unconfigured.
mod sns_only {
    use super::*;

    #[tokio::test]
    async fn a_platform_without_an_application_cannot_register() {
        let (client, name) = sns_client_and_name().await;
        let topic = client.create_topic().name(&name).send().await.unwrap();
        let fcm = platform_application(&client, &name, "GCM").await;
        let notifier = SnsNotifier::new(client, topic.topic_arn().unwrap())
            .with_platform_application(Platform::Fcm, fcm);
        assert!(matches!(
            notifier
                .register_device(Platform::Apns, &apns_token(), "c")
                .await,
            Err(NotifyError::Invalid(_))
        ));
    }
}
