//! Each SMTP phase has its own deadline: a relay slow to answer after the
//! message (it checks the message first, as RFC 5321 §4.5.3.2.6 allows for
//! 10 minutes) is waited for, while one that says nothing at the greeting
//! is given up on after the short command timeout.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sredesk::notify::config::{EmailConfig, NotifyConfig};
use sredesk::notify::transport::Transports;

use super::{email, live, no_env, transports};

/// A scripted relay: answers every command at once, and the message's
/// final dot only after `after_data`. Counts the messages it took.
fn slow_after_data(after_data: Duration) -> (u16, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let taken = Arc::new(Mutex::new(0));
    let count = taken.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut out) = stream else { continue };
            let count = count.clone();
            std::thread::spawn(move || {
                let mut lines = BufReader::new(out.try_clone().unwrap());
                let _ = out.write_all(b"220 slow.test ESMTP\r\n");
                let mut in_data = false;
                let mut line = String::new();
                while lines.read_line(&mut line).unwrap_or(0) > 0 {
                    let reply: &[u8] = if in_data {
                        if line == ".\r\n" {
                            in_data = false;
                            std::thread::sleep(after_data);
                            *count.lock().unwrap() += 1;
                            b"250 2.0.0 queued after checking\r\n"
                        } else {
                            b""
                        }
                    } else {
                        let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                        match verb.as_str() {
                            "EHLO" => b"250-slow.test\r\n250 8BITMIME\r\n",
                            "DATA" => {
                                in_data = true;
                                b"354 go ahead\r\n"
                            }
                            "QUIT" => b"221 bye\r\n",
                            _ => b"250 ok\r\n",
                        }
                    };
                    if out.write_all(reply).is_err() {
                        break;
                    }
                    line.clear();
                }
            });
        }
    });
    (port, taken)
}

/// Live delivery to 127.0.0.1:`port`, each command given `command`
/// seconds and the reply after the message `data`.
fn with_timeouts(port: u16, command: u32, data: u32) -> Transports {
    let cfg = NotifyConfig {
        email: EmailConfig {
            timeout_seconds: command,
            data_timeout_seconds: data,
            ..live(port).email
        },
        ..live(port)
    };
    transports(&cfg, &no_env)
}

#[tokio::test]
async fn a_relay_slow_after_the_message_is_waited_for_not_sent_again() {
    // Commands get 1 s; the reply after the message takes 2 s.
    let (port, taken) = slow_after_data(Duration::from_secs(2));
    let t = with_timeouts(port, 1, 30);
    let sent = t
        .send(&email("n7-d9", "ops@northwind.example"))
        .await
        .expect("the relay took it, slowly");
    assert_eq!(sent.reply, "250 2.0.0 queued after checking");
    assert_eq!(*taken.lock().unwrap(), 1);
}

#[tokio::test]
async fn the_reply_after_the_message_has_its_own_limit() {
    let (port, _) = slow_after_data(Duration::from_secs(3));
    let t = with_timeouts(port, 5, 1);
    let e = t
        .send(&email("n7-d10", "ops@northwind.example"))
        .await
        .expect_err("no reply within the data timeout");
    assert!(!e.permanent, "{e:?}");
    assert!(e.reason.contains("the reply after its final dot"), "{e}");
    assert!(e.reason.contains("within 1s"), "{e}");
}
