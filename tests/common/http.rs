//! A real HTTP receiver on 127.0.0.1 (tiny_http), recording each request
//! and answering every one with the same status and body.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// One request as the server took it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Path and query.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct HttpReceiver {
    /// "http://127.0.0.1:PORT"
    pub base: String,
    server: Arc<tiny_http::Server>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    thread: Option<JoinHandle<()>>,
}

impl HttpReceiver {
    /// Listening before it returns. Each request is recorded before it is
    /// answered, so once a client has its reply the request is on record.
    pub fn start(status: u16, body: &str) -> HttpReceiver {
        HttpReceiver::start_on(0, status, body)
    }

    /// As `start`, on a given port.
    pub fn start_on(port: u16, status: u16, body: &str) -> HttpReceiver {
        let server = Arc::new(tiny_http::Server::http(("127.0.0.1", port)).unwrap());
        let addr = server.server_addr().to_ip().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (server, requests, body) =
                (Arc::clone(&server), Arc::clone(&requests), body.to_string());
            std::thread::spawn(move || {
                // `recv` fails once `unblock` is called on drop.
                while let Ok(mut request) = server.recv() {
                    let mut text = String::new();
                    let _ = std::io::Read::read_to_string(request.as_reader(), &mut text);
                    requests.lock().unwrap().push(Recorded {
                        method: request.method().to_string(),
                        path: request.url().to_string(),
                        headers: request
                            .headers()
                            .iter()
                            .map(|h| (h.field.to_string(), h.value.to_string()))
                            .collect(),
                        body: text,
                    });
                    let response = tiny_http::Response::from_string(body.clone())
                        .with_status_code(status)
                        .with_header(
                            tiny_http::Header::from_bytes("Content-Type", "application/json")
                                .unwrap(),
                        );
                    let _ = request.respond(response);
                }
            })
        };
        HttpReceiver {
            base: format!("http://{addr}"),
            server,
            requests,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for HttpReceiver {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
