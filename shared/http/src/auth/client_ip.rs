//! The client's IP address as the platform saw it: the viewer's address
//! CloudFront reported on a request proven to come through it
//! ([`crate::http::origin`]), else API Gateway's request context in Lambda,
//! else the socket peer locally. Never a header a client can set itself,
//! such as `X-Forwarded-For` or a `CloudFront-Viewer-Address` of its own.

use std::{convert::Infallible, net::IpAddr, net::SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};
use lambda_http::request::RequestContext;

use crate::http::origin::ViewerIp;

/// The client IP, when the host knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    /// Reads the address from the request's extensions.
    pub fn of(parts: &Parts) -> Self {
        if let Some(ViewerIp(ip)) = parts.extensions.get::<ViewerIp>() {
            return Self(Some(*ip));
        }
        if let Some(RequestContext::ApiGatewayV2(context)) =
            parts.extensions.get::<RequestContext>()
        {
            return Self(
                context
                    .http
                    .source_ip
                    .as_deref()
                    .and_then(|ip| ip.parse().ok()),
            );
        }
        Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip()),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::Request;
    use lambda_http::aws_lambda_events::apigw::ApiGatewayV2httpRequestContext;

    use super::*;

    fn parts(request: Request<()>) -> Parts {
        request.into_parts().0
    }

    #[test]
    fn lambda_takes_the_api_gateway_source_ip_not_forwarded_headers() {
        let mut context = ApiGatewayV2httpRequestContext::default();
        context.http.source_ip = Some("198.51.100.7".into());
        let request = Request::builder()
            .header("x-forwarded-for", "10.0.0.1")
            .extension(RequestContext::ApiGatewayV2(context))
            .body(())
            .unwrap();
        assert_eq!(
            ClientIp::of(&parts(request)).0,
            Some("198.51.100.7".parse().unwrap())
        );
    }

    #[test]
    fn the_viewer_address_counts_once_cloudfront_is_proven() {
        let mut context = ApiGatewayV2httpRequestContext::default();
        context.http.source_ip = Some("130.176.0.10".into());
        let viewer: IpAddr = "198.51.100.7".parse().unwrap();
        let request = Request::builder()
            .extension(RequestContext::ApiGatewayV2(context.clone()))
            .extension(ViewerIp(viewer))
            .body(())
            .unwrap();
        assert_eq!(ClientIp::of(&parts(request)).0, Some(viewer));
        // The header alone, without the proof, is the client's word.
        let spoofed = Request::builder()
            .header("cloudfront-viewer-address", "203.0.113.9:443")
            .extension(RequestContext::ApiGatewayV2(context))
            .body(())
            .unwrap();
        assert_eq!(ClientIp::of(&parts(spoofed)).0, "130.176.0.10".parse().ok());
    }

    #[test]
    fn locally_the_peer_address_counts_not_forwarded_headers() {
        let peer: SocketAddr = "192.0.2.4:51000".parse().unwrap();
        let request = Request::builder()
            .header("x-forwarded-for", "10.0.0.1")
            .extension(ConnectInfo(peer))
            .body(())
            .unwrap();
        assert_eq!(ClientIp::of(&parts(request)).0, Some(peer.ip()));
        let bare = Request::builder()
            .header("x-forwarded-for", "10.0.0.1")
            .body(())
            .unwrap();
        assert_eq!(ClientIp::of(&parts(bare)).0, None);
    }
}
