//! WeCom and WeLink group robots through a real HTTP receiver.

use super::*;

#[tokio::test]
async fn the_wecom_robot_gets_the_rendered_json_and_the_key() {
    let robot = HttpReceiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    let t = transports(&live(25), &no_env);
    let d = chat(
        "n7-d7",
        ChatPlatform::WeCom,
        &robot.url("/cgi-bin/webhook/send?key=abc"),
    );

    let sent = t.send(&d).await.unwrap();
    assert_eq!(sent.reply, r#"HTTP 200 OK: {"errcode":0,"errmsg":"ok"}"#);

    let got = robot.requests();
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/cgi-bin/webhook/send?key=abc");
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(r.header("Idempotency-Key"), Some("n7-d7"));
    assert_eq!(r.body, d.body);
    let body = json_of(&r.body);
    assert_eq!(body["msgtype"], "markdown");
    let content = body["markdown"]["content"].as_str().unwrap();
    assert!(
        content.contains("ECS \"unreachable\" ＜b＞in＜/b＞ cn-north-4"),
        "{content}"
    );
}

#[tokio::test]
async fn a_wecom_refusal_inside_a_200_is_a_failure() {
    let robot = HttpReceiver::start(
        200,
        r#"{"errcode":93000,"errmsg":"invalid webhook url, hint: [1700000000]"}"#,
    );
    let t = transports(&live(25), &no_env);
    let e = failed(
        t.send(&chat("n7-d8", ChatPlatform::WeCom, &robot.url("/hook")))
            .await,
    );
    assert!(e.permanent, "{e:?}");
    assert!(e.reason.contains("refused"), "{e}");
    assert!(
        e.reason.contains("93000") && e.reason.contains("invalid webhook url"),
        "{e}"
    );
}

#[tokio::test]
async fn server_errors_are_retried_and_client_errors_are_not() {
    let t = transports(&live(25), &no_env);
    for (status, permanent) in [
        (500, false),
        (503, false),
        (429, false),
        (400, true),
        (404, true),
    ] {
        let robot = HttpReceiver::start(status, r#"{"error":"no"}"#);
        let e = failed(
            t.send(&chat("n7-d9", ChatPlatform::WeCom, &robot.url("/hook")))
                .await,
        );
        assert_eq!(e.permanent, permanent, "{status}: {e}");
        assert!(e.reason.starts_with(&format!("HTTP {status}")), "{e}");
        assert_eq!(robot.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_welink_body_carries_a_fresh_uuid_on_every_call() {
    let robot = HttpReceiver::start(200, r#"{"code":"0","data":null,"message":"ok"}"#);
    let t = transports(&live(25), &no_env);
    let d = chat(
        "n7-d10",
        ChatPlatform::WeLink,
        &robot.url("/api/welinkim/v1/im-service/chat/group-chat"),
    );
    t.send(&d).await.unwrap();
    t.send(&d).await.unwrap();

    // WeLink asks for a new uuid on every call: a retry is a new call, and
    // the Idempotency-Key header is what stays the same.
    let requests = robot.requests();
    let got = json_of(&requests[0].body);
    let again = json_of(&requests[1].body);
    let rendered = json_of(&d.body);
    let uuid = got["uuid"].as_str().unwrap();
    assert_eq!(uuid.len(), 36, "{uuid}");
    assert_eq!(uuid.chars().filter(|c| *c == '-').count(), 4, "{uuid}");
    assert_ne!(got["uuid"], again["uuid"]);
    assert_ne!(got["uuid"], "n7-d10");
    assert_eq!(requests[1].header("Idempotency-Key"), Some("n7-d10"));
    assert!(got["timeStamp"].as_i64().unwrap() > 0, "{got}");
    assert_eq!(got["content"], rendered["content"]);
    assert_eq!(got["messageType"], "text");

    let refusing = HttpReceiver::start(200, r#"{"code":"58404","message":"robot not found"}"#);
    let e = failed(
        t.send(&chat("n7-d11", ChatPlatform::WeLink, &refusing.url("/x")))
            .await,
    );
    assert!(e.reason.contains("robot not found"), "{e}");
}

#[tokio::test]
async fn a_webhook_address_that_is_not_http_is_permanent() {
    let t = transports(&live(25), &no_env);
    for address in ["ftp://chat.example.net/hook", "not a url", ""] {
        let e = failed(t.send(&chat("n7-d12", ChatPlatform::WeCom, address)).await);
        assert!(e.permanent, "{address}: {e:?}");
        assert!(e.reason.contains("webhook address"), "{e}");
    }
}

#[tokio::test]
async fn an_unreachable_robot_is_worth_another_try() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = transports(&live(25), &no_env);
    let url = format!("http://127.0.0.1:{port}/hook");
    let e = failed(t.send(&chat("n7-d13", ChatPlatform::WeCom, &url)).await);
    assert!(!e.permanent, "{e:?}");
}

#[tokio::test]
async fn a_robot_that_cannot_be_reached_is_reported_without_its_key() {
    // A port nothing listens on: the connection is refused at once.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let t = transports(&live(25), &no_env);
    let url = format!("http://127.0.0.1:{port}/cgi-bin/webhook/send?key=SECRET-ROBOT-KEY");
    let e = failed(t.send(&chat("n7-d9", ChatPlatform::WeCom, &url)).await);
    assert!(!e.permanent, "{e:?}");
    // The reason is stored, shown in the ledger and logged: it names the
    // host and what went wrong, never the robot's key.
    assert!(e.reason.starts_with("127.0.0.1: "), "{e}");
    assert!(!e.reason.contains("SECRET-ROBOT-KEY"), "{e}");
    assert!(!e.reason.contains("key="), "{e}");
}

/// WeLink's robot answers HTTP 200 with a code: 58500 says its own service
/// failed (the message may go on another try), 58601 that the message was
/// refused (it will be refused again).
#[tokio::test]
async fn welink_58500_is_tried_again_and_58601_is_given_up() {
    let t = transports(&live(25), &no_env);
    let busy = HttpReceiver::start(200, r#"{"code":"58500","message":"service error"}"#);
    let e = failed(
        t.send(&chat("n7-d20", ChatPlatform::WeLink, &busy.url("/hook")))
            .await,
    );
    assert!(!e.permanent, "{e:?}");
    assert!(e.reason.contains("58500"), "{e}");
    let refused = HttpReceiver::start(200, r#"{"code":"58601","message":"param invalid"}"#);
    let e = failed(
        t.send(&chat("n7-d21", ChatPlatform::WeLink, &refused.url("/hook")))
            .await,
    );
    assert!(e.permanent, "{e:?}");
    assert!(e.reason.contains("58601"), "{e}");
}
