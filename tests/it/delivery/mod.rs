//! Transports against real servers on 127.0.0.1: an SMTP receiver (mailin's
//! protocol over a TCP accept loop) and an HTTP receiver (tiny_http) that
//! stand in for the mail relay, the group robots and the SMS gateway; and
//! demo mode writing into a temporary folder. Secrets come from an
//! injected lookup, never from the real environment.

use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};

use sredesk::domain::notice::{Channel, ChatPlatform, Stage};
use sredesk::domain::notice::{Delivery, SendError, Sent};
use sredesk::notify::config::{DeliveryMode, EmailConfig, NotifyConfig, SmsConfig, SmtpSecurity};
use sredesk::notify::templates::Templates;
use sredesk::notify::transport::Transports;
use sredesk::notify::{NoticeContext, RecordView};

use crate::common::http::HttpReceiver;
use crate::common::smtp::SmtpReceiver;

mod chat;
mod demo;
mod email;
mod security;
mod sms;
mod smtp_phases;
mod tls;

fn templates() -> Arc<Templates> {
    Arc::new(Templates::load(None).unwrap())
}

/// Live delivery to an SMTP server on 127.0.0.1:`port` without TLS.
fn live(port: u16) -> NotifyConfig {
    NotifyConfig {
        mode: DeliveryMode::Live,
        email: EmailConfig {
            host: Some("127.0.0.1".into()),
            port: Some(port),
            security: SmtpSecurity::Plain,
            from: "Cloud Support Desk <desk@sredesk.test>".into(),
            ..EmailConfig::default()
        },
        ..NotifyConfig::default()
    }
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn transports(cfg: &NotifyConfig, env: &dyn Fn(&str) -> Option<String>) -> Transports {
    let scratch = std::env::temp_dir();
    Transports::from_config(cfg, templates(), &scratch, env).unwrap()
}

fn email(key: &str, to: &str) -> Delivery {
    Delivery {
        id: 1,
        notice_id: 7,
        key: key.into(),
        channel: Channel::Email,
        platform: None,
        address: to.into(),
        subject: "[INC-12] Incident notice: ECS instances unreachable".into(),
        body: "Dear Northwind Logistics,\n\nWe are investigating.\n.\n..leading dots survive\n"
            .into(),
        attempts: 0,
        params: None,
        lease_until: chrono::Utc::now(),
    }
}

fn context() -> NoticeContext {
    NoticeContext {
        language: sredesk::domain::Language::En,
        subject: Stage::Initial.subject().into(),
        stage: Stage::Initial,
        stage_label: Stage::Initial.label().into(),
        customer: "Northwind Logistics".into(),
        record: RecordView {
            reference: "INC-12".into(),
            title: "ECS \"unreachable\" <b>in</b> cn-north-4".into(),
            services: vec!["ECS".into()],
            regions: vec!["cn-north-4".into()],
            guidance: "Fail over to cn-east-3.".into(),
            level: Some(2),
            ..RecordView::default()
        },
        message: "Working on it.".into(),
        engineer: "Li Wei".into(),
        composed_at: "2026-11-23 09:30 UTC+08:00".into(),
        owner: None,
        requirement: None,
        escalation: None,
    }
}

fn chat(key: &str, platform: ChatPlatform, url: &str) -> Delivery {
    let r = templates().render(&context()).unwrap();
    Delivery {
        id: 2,
        notice_id: 7,
        key: key.into(),
        channel: Channel::Chat,
        platform: Some(platform),
        address: url.into(),
        subject: String::new(),
        body: match platform {
            ChatPlatform::WeCom => r.wecom_body,
            ChatPlatform::WeLink => r.welink_body,
        },
        attempts: 0,
        params: None,
        lease_until: chrono::Utc::now(),
    }
}

fn sms(key: &str) -> Delivery {
    Delivery {
        id: 3,
        notice_id: 7,
        key: key.into(),
        channel: Channel::Sms,
        platform: None,
        address: "+8613800000000".into(),
        subject: String::new(),
        body: templates().render(&context()).unwrap().sms_text,
        attempts: 0,
        params: None,
        lease_until: chrono::Utc::now(),
    }
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn failed(r: Result<Sent, SendError>) -> SendError {
    r.expect_err("the send should fail")
}

fn with_gateway(url: Option<String>, token_env: Option<&str>) -> NotifyConfig {
    NotifyConfig {
        sms: SmsConfig {
            url,
            token_env: token_env.map(String::from),
            sender: "CloudDesk".into(),
            ..SmsConfig::default()
        },
        ..live(25)
    }
}
