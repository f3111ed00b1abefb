//! The stateful resources of `template.yaml` made on the emulator from their
//! own definitions: the DynamoDB table (indexes, TTL, stream), the buckets,
//! the SNS topics and the Secrets Manager secret holding the JWT key set.
//! Whatever the template changes there is what the local stack runs on.

use ecar_http::auth::TokenKeys;
use serde_json::json;

use super::{
    Error,
    emulator::Emulator,
    template::{ACCOUNT_ID, REGION, STACK_NAME, Template},
};

/// What the event sources need of what was made (the rest reaches the
/// functions through the template's evaluation).
#[derive(Debug, Clone, Default)]
pub struct Made {
    /// Queue ARN → URL (the `OnFailure` destinations).
    pub queues: Vec<(String, String)>,
}

/// The secret holding the JWT key set.
const JWT_SECRET: &str = "JwtSigningKey";

/// A value as `GenerateSecretString` makes it: random letters and digits of
/// the asked length (32 by default).
fn generated_secret(properties: &serde_json::Value) -> String {
    use rand::{Rng, distributions::Alphanumeric};
    let length = properties["GenerateSecretString"]["PasswordLength"]
        .as_u64()
        .unwrap_or(32) as usize;
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(length)
        .map(char::from)
        .collect()
}

/// Makes every table, bucket, topic and secret of the template on the
/// emulator, and records their names and ARNs in `template` for the
/// evaluation of the functions' properties.
pub async fn make(
    template: &mut Template,
    emulator: &Emulator,
    sdk: &aws_config::SdkConfig,
    keys: &TokenKeys,
) -> Result<Made, Error> {
    let mut made = Made::default();
    for table in template.resources_of("AWS::DynamoDB::Table") {
        if !applies(template, &table)? {
            continue;
        }
        let (name, arn, stream) = make_table(template, emulator, &table).await?;
        template.set_physical_id(&table, &name);
        template.set_attribute(&table, "Arn", &arn);
        if let Some(stream) = &stream {
            template.set_attribute(&table, "StreamArn", stream);
        }
    }
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(true)
            .build(),
    );
    for bucket in template.resources_of("AWS::S3::Bucket") {
        let properties = template.properties(&bucket)?;
        let name = properties["BucketName"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| format!("{STACK_NAME}-{bucket}").to_lowercase());
        s3.create_bucket()
            .bucket(&name)
            .send()
            .await
            .map_err(sdk_error)?;
        if properties["VersioningConfiguration"]["Status"] == "Enabled" {
            s3.put_bucket_versioning()
                .bucket(&name)
                .versioning_configuration(
                    aws_sdk_s3::types::VersioningConfiguration::builder()
                        .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                        .build(),
                )
                .send()
                .await
                .map_err(sdk_error)?;
        }
        template.set_physical_id(&bucket, &name);
        template.set_attribute(&bucket, "Arn", &format!("arn:aws:s3:::{name}"));
    }
    for queue in template.resources_of("AWS::SQS::Queue") {
        let name = format!("{STACK_NAME}-{queue}");
        let created = emulator
            .json("sqs", "AmazonSQS.CreateQueue", &json!({"QueueName": name}))
            .await?;
        let url = created["QueueUrl"].as_str().unwrap_or_default().to_string();
        let arn = format!("arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{name}");
        template.set_physical_id(&queue, &url);
        template.set_attribute(&queue, "Arn", &arn);
        template.set_attribute(&queue, "QueueName", &name);
        made.queues.push((arn, url));
    }
    let sns = aws_sdk_sns::Client::new(sdk);
    for topic in template.resources_of("AWS::SNS::Topic") {
        let created = sns
            .create_topic()
            .name(format!("{STACK_NAME}-{topic}"))
            .send()
            .await
            .map_err(sdk_error)?;
        let arn = created.topic_arn().unwrap_or_default().to_string();
        template.set_physical_id(&topic, &arn);
    }
    // An operator replaces the JWT secret's generated placeholder with `ecar
    // keys generate`'s key set (infra/DEPLOY.md); the local stack does the
    // same. Other secrets keep a value generated as their template asks.
    let secrets = aws_sdk_secretsmanager::Client::new(sdk);
    for secret in template.resources_of("AWS::SecretsManager::Secret") {
        let value = if secret == JWT_SECRET {
            keys.to_json()
        } else {
            generated_secret(&template.properties(&secret)?)
        };
        let created = secrets
            .create_secret()
            .name(format!("{STACK_NAME}-{secret}"))
            .secret_string(&value)
            .send()
            .await
            .map_err(sdk_error)?;
        let arn = created.arn().unwrap_or_default();
        template.set_physical_id(&secret, arn);
        template.set_secret_value(arn, &value);
    }
    Ok(made)
}

/// SNS platform applications for Android and Apple push, made on the
/// emulator and named in the template's parameters, as an operator who set
/// up push passes them; parameters given explicitly are left alone.
pub async fn push_applications(
    template: &mut Template,
    sdk: &aws_config::SdkConfig,
) -> Result<(), Error> {
    let sns = aws_sdk_sns::Client::new(sdk);
    for (parameter, platform) in [
        ("FcmPlatformApplicationArn", "GCM"),
        ("ApnsPlatformApplicationArn", "APNS_SANDBOX"),
    ] {
        if !template.parameter(parameter).unwrap_or_default().is_empty() {
            continue;
        }
        let created = sns
            .create_platform_application()
            .name(format!("{STACK_NAME}-{}", platform.to_lowercase()))
            .platform(platform)
            .attributes("PlatformCredential", "local-credential")
            .attributes("PlatformPrincipal", "local-principal")
            .send()
            .await
            .map_err(sdk_error)?;
        template.set_parameter(
            parameter,
            created.platform_application_arn().unwrap_or_default(),
        )?;
    }
    Ok(())
}

/// Whether a resource's `Condition` (if any) holds.
fn applies(template: &Template, resource: &str) -> Result<bool, Error> {
    match template.resource(resource)?["Condition"].as_str() {
        Some(condition) => Ok(template.condition(condition)?),
        None => Ok(true),
    }
}

/// CreateTable with the resource's properties as they are (the API and
/// CloudFormation share their names), then its TTL; returns the name, ARN
/// and stream ARN.
async fn make_table(
    template: &Template,
    emulator: &Emulator,
    table: &str,
) -> Result<(String, String, Option<String>), Error> {
    let properties = template.properties(table)?;
    let name = properties["TableName"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("{STACK_NAME}-{table}"));
    let mut request = json!({"TableName": name});
    for key in [
        "AttributeDefinitions",
        "KeySchema",
        "GlobalSecondaryIndexes",
        "LocalSecondaryIndexes",
        "BillingMode",
        "ProvisionedThroughput",
    ] {
        if let Some(value) = properties.get(key) {
            request[key] = value.clone();
        }
    }
    if let Some(view) = properties["StreamSpecification"]["StreamViewType"].as_str() {
        request["StreamSpecification"] = json!({"StreamEnabled": true, "StreamViewType": view});
    }
    let created = emulator
        .json("dynamodb", "DynamoDB_20120810.CreateTable", &request)
        .await?;
    let description = &created["TableDescription"];
    if let Some(ttl) = properties.get("TimeToLiveSpecification") {
        emulator
            .json(
                "dynamodb",
                "DynamoDB_20120810.UpdateTimeToLive",
                &json!({"TableName": name, "TimeToLiveSpecification": ttl}),
            )
            .await?;
    }
    let arn = description["TableArn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let stream = description["LatestStreamArn"].as_str().map(str::to_string);
    Ok((name, arn, stream))
}

fn sdk_error<E: std::error::Error + 'static>(error: E) -> Error {
    aws_sdk_s3::error::DisplayErrorContext(error)
        .to_string()
        .into()
}
