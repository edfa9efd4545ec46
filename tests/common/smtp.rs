//! A real SMTP receiver on 127.0.0.1: a TCP accept loop around mailin's
//! protocol state machine, recording each message it takes.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use mailin::{Action, Handler, Response, SessionBuilder};

/// One message as the server took it.
#[derive(Clone, Debug, Default)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// Headers and body, dot-unstuffed, CRLF line ends.
    pub data: String,
}

impl Received {
    /// A header's value (the first one of that name), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = value.as_mut() {
                    v.push_str(line);
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((n, v)) = line.split_once(':')
                && n.eq_ignore_ascii_case(name)
            {
                value = Some(v.trim_start().to_string());
            }
        }
        value
    }

    /// A header as a mail reader shows it: encoded words decoded.
    pub fn decoded_header(&self, name: &str) -> Option<String> {
        use mailparse::MailHeaderMap as _;
        let mail = mailparse::parse_mail(self.data.as_bytes()).expect("a mail message");
        mail.headers.get_first_value(name)
    }

    /// The body as its reader sees it: decoded when it was sent base64 or
    /// quoted-printable (text that is not ASCII), LF line ends.
    pub fn text(&self) -> String {
        use base64::Engine as _;
        let encoding = self.header("Content-Transfer-Encoding");
        if encoding
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case("quoted-printable"))
        {
            let mail = mailparse::parse_mail(self.data.as_bytes()).expect("a mail message");
            return mail
                .get_body()
                .expect("a decodable body")
                .replace("\r\n", "\n");
        }
        let encoded = encoding.is_some_and(|e| e.eq_ignore_ascii_case("base64"));
        if !encoded {
            return self.body();
        }
        let joined: String = self.body().split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .expect("a base64 body");
        String::from_utf8(bytes)
            .expect("a UTF-8 body")
            .replace("\r\n", "\n")
    }

    /// The body with LF line ends and without the line break the client
    /// adds before the terminating dot.
    pub fn body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let body = body.strip_suffix("\r\n").unwrap_or(body);
        body.replace("\r\n", "\n")
    }
}

#[derive(Default)]
struct Shared {
    messages: Mutex<Vec<Received>>,
    connections: AtomicUsize,
    credentials: Mutex<Vec<(String, String)>>,
    stop: AtomicBool,
    /// Closes each connection once it has taken a message, as a relay
    /// with a short idle timeout does to a client that keeps it.
    hang_up: AtomicBool,
    /// TLS from the first byte (port 465) instead of STARTTLS.
    implicit_tls: AtomicBool,
}

pub struct SmtpReceiver {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl SmtpReceiver {
    /// Listening before it returns, so a client may connect at once.
    /// Recipients in `refuse` are answered 550.
    pub fn start(refuse: &[&str]) -> SmtpReceiver {
        SmtpReceiver::spawn(refuse, false)
    }

    /// As `start`, and a client must log in (AUTH PLAIN or LOGIN, any
    /// password) before it may send.
    pub fn with_auth(refuse: &[&str]) -> SmtpReceiver {
        SmtpReceiver::spawn(refuse, true)
    }

    /// A server that offers STARTTLS with `tls` (its certificate chain and
    /// key) and takes mail only after the upgrade, then AUTH, as a
    /// submission relay does.
    pub fn with_starttls(tls: Arc<rustls::ServerConfig>) -> SmtpReceiver {
        SmtpReceiver::spawn_with(0, &[], true, Some(tls))
    }

    /// A server that speaks TLS with `tls` from the first byte, as a
    /// relay on port 465 does, and takes mail after AUTH.
    pub fn with_implicit_tls(tls: Arc<rustls::ServerConfig>) -> SmtpReceiver {
        let r = SmtpReceiver::spawn_with(0, &[], true, Some(tls));
        r.shared.implicit_tls.store(true, Ordering::SeqCst);
        r
    }

    /// As `start`, and each connection is closed by the server once it
    /// has taken one message: a client's kept connection goes stale.
    pub fn hanging_up() -> SmtpReceiver {
        let r = SmtpReceiver::start(&[]);
        r.shared.hang_up.store(true, Ordering::SeqCst);
        r
    }

    /// As `start`, on a given port: a server that comes up where a client
    /// was already failing to connect.
    pub fn start_on(port: u16) -> SmtpReceiver {
        SmtpReceiver::spawn_on(port, &[], false)
    }

    fn spawn(refuse: &[&str], auth: bool) -> SmtpReceiver {
        SmtpReceiver::spawn_on(0, refuse, auth)
    }

    fn spawn_on(port: u16, refuse: &[&str], auth: bool) -> SmtpReceiver {
        SmtpReceiver::spawn_with(port, refuse, auth, None)
    }

    fn spawn_with(
        port: u16,
        refuse: &[&str],
        auth: bool,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> SmtpReceiver {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let refuse: Arc<Vec<String>> = Arc::new(refuse.iter().map(|s| s.to_string()).collect());
        let accept = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if shared.stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(stream) = stream else { continue };
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    let (shared, refuse) = (Arc::clone(&shared), Arc::clone(&refuse));
                    let tls = tls.clone();
                    // A pooled client keeps its connection open between
                    // messages, so each one gets its own thread.
                    std::thread::spawn(move || serve(stream, &shared, &refuse, auth, tls));
                }
            })
        };
        SmtpReceiver {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn messages(&self) -> Vec<Received> {
        self.shared.messages.lock().unwrap().clone()
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// (username, password) of each AUTH PLAIN or LOGIN.
    pub fn credentials(&self) -> Vec<(String, String)> {
        self.shared.credentials.lock().unwrap().clone()
    }
}

impl Drop for SmtpReceiver {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

struct Recorder<'a> {
    shared: &'a Shared,
    refuse: &'a [String],
    current: Received,
}

impl Handler for Recorder<'_> {
    fn rcpt(&mut self, to: &str) -> Response {
        if self.refuse.iter().any(|r| to.contains(r.as_str())) {
            mailin::response::NO_MAILBOX
        } else {
            mailin::response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Received {
            from: from.to_string(),
            to: to.to_vec(),
            data: String::new(),
        };
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.data.push_str(&String::from_utf8_lossy(buf));
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let message = std::mem::take(&mut self.current);
        let mut messages = self.shared.messages.lock().unwrap();
        messages.push(message);
        Response::custom(250, format!("2.0.0 Ok: queued as {}", messages.len()))
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.shared
            .credentials
            .lock()
            .unwrap()
            .push((user.to_string(), password.to_string()));
        mailin::response::AUTH_OK
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.auth_plain("", user, password)
    }
}

fn serve(
    stream: TcpStream,
    shared: &Shared,
    refuse: &[String],
    auth: bool,
    tls: Option<Arc<rustls::ServerConfig>>,
) {
    let ip: IpAddr = stream.peer_addr().map_or([127, 0, 0, 1].into(), |a| a.ip());
    let mut builder = SessionBuilder::new("receiver.test");
    if auth {
        builder
            .enable_auth(mailin::AuthMechanism::Plain)
            .enable_auth(mailin::AuthMechanism::Login);
        if tls.is_none() {
            // The plain test server speaks no TLS; credentials in the
            // clear are fine on 127.0.0.1.
            builder.insecure_enable_plaintext_auth();
        }
    }
    let implicit = shared.implicit_tls.load(Ordering::SeqCst);
    if tls.is_some() && !implicit {
        builder.enable_start_tls();
    }
    let handler = Recorder {
        shared,
        refuse,
        current: Received::default(),
    };
    let mut session = builder.build(ip, handler);
    let taken_before = shared.messages.lock().unwrap().len();
    let hang_up = || {
        shared.hang_up.load(Ordering::SeqCst)
            && shared.messages.lock().unwrap().len() > taken_before
    };
    if implicit {
        // The handshake comes first; the greeting goes inside it.
        let Some(Ok(conn)) = tls.map(rustls::ServerConnection::new) else {
            return;
        };
        let mut reader = BufReader::new(rustls::StreamOwned::new(conn, stream));
        session.tls_active();
        if reply(&session.greeting(), reader.get_mut()).is_ok() {
            talk(&mut session, &mut reader, &hang_up);
        }
        return;
    }
    let mut reader = BufReader::new(stream);
    if reply(&session.greeting(), reader.get_mut()).is_err() {
        return;
    }
    if !talk(&mut session, &mut reader, &hang_up) {
        return;
    }
    // The client asked for STARTTLS and was told to go ahead: the rest of
    // the conversation is inside TLS.
    let Some(config) = tls else { return };
    let Ok(conn) = rustls::ServerConnection::new(config) else {
        return;
    };
    let tcp = reader.into_inner();
    let mut reader = BufReader::new(rustls::StreamOwned::new(conn, tcp));
    session.tls_active();
    talk(&mut session, &mut reader, &hang_up);
}

/// Lines in, replies out, until the client leaves or `hang_up` says the
/// server closes (false) or the session asks for the TLS upgrade (true).
fn talk<S: std::io::Read + Write, H: Handler>(
    session: &mut mailin::Session<H>,
    reader: &mut BufReader<S>,
    hang_up: &dyn Fn() -> bool,
) -> bool {
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        let response = session.process(&line);
        match response.action {
            Action::NoReply => {}
            Action::Reply => {
                if reply(&response, reader.get_mut()).is_err() || hang_up() {
                    return false;
                }
            }
            Action::UpgradeTls => {
                return reply(&response, reader.get_mut()).is_ok()
                    && reader.get_mut().flush().is_ok();
            }
            Action::Close => {
                let _ = reply(&response, reader.get_mut());
                let _ = reader.get_mut().flush();
                return false;
            }
        }
    }
}

/// A reply in one write, as a relay sends it: mailin writes a reply in
/// pieces, and with Nagle's algorithm each piece after the first waited
/// for the client's delayed ACK (~40 ms), which no real relay costs.
fn reply(response: &Response, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(&response.buffer()?)
}
