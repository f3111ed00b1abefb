//! Calls to the emulator outside the SDK: the JSON-protocol operations whose
//! request is the template's own properties (DynamoDB's CreateTable takes
//! CloudFormation's `AttributeDefinitions`, `KeySchema`... as they are
//! written), DynamoDB Streams (no SDK crate in this workspace) and SQS
//! (the failure queues).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use serde_json::Value;

use super::template::REGION;

/// An error from the emulator: its status and what it said.
#[derive(Debug, thiserror::Error)]
#[error("{operation}: {message}")]
pub struct EmulatorError {
    pub operation: String,
    pub message: String,
}

/// A plain-HTTP client of the emulator at one endpoint.
#[derive(Clone)]
pub struct Emulator {
    endpoint: String,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Emulator {
    pub fn new(endpoint: &str) -> Self {
        Self {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// A JSON-protocol operation (`DynamoDB_20120810.CreateTable`,
    /// `DynamoDBStreams_20120810.GetRecords`) of the service that signs as
    /// `signing_name`. The emulator routes by the credential scope and does
    /// not check the signature.
    pub async fn json(
        &self,
        signing_name: &str,
        target: &str,
        body: &Value,
    ) -> Result<Value, EmulatorError> {
        let fail = |message: String| EmulatorError {
            operation: target.to_string(),
            message,
        };
        let date = chrono::Utc::now().format("%Y%m%d");
        let request = http::Request::post(format!("{}/", self.endpoint))
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", target)
            .header(
                "authorization",
                format!(
                    "AWS4-HMAC-SHA256 Credential=testing/{date}/{REGION}/{signing_name}/aws4_request, SignedHeaders=host, Signature=0"
                ),
            )
            .body(Full::new(Bytes::from(body.to_string())))
            .map_err(|e| fail(e.to_string()))?;
        let (status, body) = self.send(request).await.map_err(fail)?;
        let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        if status >= 300 {
            return Err(fail(format!("{status} {}", String::from_utf8_lossy(&body))));
        }
        Ok(value)
    }

    async fn send(&self, request: http::Request<Full<Bytes>>) -> Result<(u16, Bytes), String> {
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok((status, body))
    }
}
