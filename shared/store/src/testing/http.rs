//! A tiny HTTP/1.1 client for tests: one request per connection, to `http://`
//! URLs on this machine, sending exactly the headers it is given so tests can
//! also send requests a browser would not.

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// A response, read whole.
#[derive(Debug)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// Body, de-chunked.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `method url` with `headers` and `body` as given (chunk it yourself
/// when sending `Transfer-Encoding`), adding `Host`, `Connection: close` and,
/// unless a length or an encoding is given, a `Content-Length` matching `body`.
///
/// Panics on anything unexpected: it is for tests only.
pub async fn send(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    send_from(None, method, url, headers, body).await
}

/// [`send`] from a chosen local address (`127.0.0.2`...): another client
/// on this machine, as a server that counts clients by address sees it.
pub async fn send_from(
    source: Option<std::net::IpAddr>,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> HttpResponse {
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("only http:// URLs are supported: {url}"));
    let (authority, target) = rest.find('/').map_or((rest, "/"), |i| rest.split_at(i));
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    let framed = headers.iter().any(|(name, _)| {
        name.eq_ignore_ascii_case("content-length")
            || name.eq_ignore_ascii_case("transfer-encoding")
    });
    if !framed {
        request.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");

    let mut stream = connect(source, authority).await;
    stream.write_all(request.as_bytes()).await.unwrap();
    // A server may answer and close before reading a refused body; its answer still counts.
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    if let Err(e) = stream.read_to_end(&mut raw).await {
        assert!(!raw.is_empty(), "no response from {authority}: {e}");
    }
    parse(&raw)
}

async fn connect(source: Option<std::net::IpAddr>, authority: &str) -> TcpStream {
    let Some(source) = source else {
        return TcpStream::connect(authority)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {authority}: {e}"));
    };
    let target = tokio::net::lookup_host(authority)
        .await
        .ok()
        .and_then(|mut addresses| addresses.next())
        .unwrap_or_else(|| panic!("cannot resolve {authority}"));
    let socket = match source {
        std::net::IpAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
        std::net::IpAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
    }
    .expect("a socket");
    socket
        .bind(std::net::SocketAddr::new(source, 0))
        .unwrap_or_else(|e| panic!("cannot bind {source}: {e}"));
    socket
        .connect(target)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {authority} from {source}: {e}"))
}

fn parse(raw: &[u8]) -> HttpResponse {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response has no end of headers");
    let head = std::str::from_utf8(&raw[..end]).expect("response head is not UTF-8");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("malformed status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let mut response = HttpResponse {
        status,
        headers,
        body: Vec::new(),
    };
    let rest = &raw[end + 4..];
    response.body = if response.header("transfer-encoding") == Some("chunked") {
        dechunk(rest)
    } else if let Some(length) = response.header("content-length") {
        let length: usize = length.parse().expect("malformed content-length");
        rest[..length.min(rest.len())].to_vec()
    } else {
        rest.to_vec()
    };
    response
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size_text = std::str::from_utf8(&rest[..line_end]).expect("chunk size is not UTF-8");
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).expect("malformed chunk size");
        rest = &rest[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_reassembled() {
        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
        let response = parse(raw);
        assert_eq!(response.status, 200);
        assert_eq!(response.header("x-a"), Some("b"));
        assert_eq!(response.body, b"abcde");
    }

    #[test]
    fn content_length_bounds_the_body() {
        let response = parse(b"HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\nnoextra");
        assert_eq!(response.status, 404);
        assert_eq!(response.body, b"no");
    }
}
