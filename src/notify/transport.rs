//! How a delivery leaves the desk: SMTP for email, a POST to the group
//! robot's webhook for chat, a POST to the SMS gateway for SMS, or, in demo
//! mode, a file per delivery in a folder.
//!
//! A failure says whether trying again could help (`SendError::permanent`):
//! a refused address will be refused again, a server that is down may not be.

mod demo;
mod email;
mod implicit_tls;
mod sms;
mod webhook;
mod wire;

use std::path::Path;
use std::sync::Arc;

use lettre::message::Mailbox;

use super::config::{DeliveryMode, NotifyConfig};
use super::templates::{GatewayRequest, SMS_GATEWAY, Templates};
use crate::domain::notice::{Channel, Delivery, SendError, Sent};
use wire::seconds;

/// Every channel's way out, built once from the config and shared by the
/// dispatcher: the SMTP pool and the HTTP client keep their connections.
pub struct Transports {
    templates: Arc<Templates>,
    from: Mailbox,
    sms_sender: String,
    sms_template_id: Option<String>,
    route: Route,
}

/// The gateway body renders, and as a form it is an object of fields:
/// checked at start-up, so a broken template stops the desk, not every
/// SMS at send time.
pub fn check_gateway_body(cfg: &NotifyConfig, templates: &Templates) -> Result<String, String> {
    let body = GatewayRequest::sample(cfg.sms.template_id.as_deref(), &cfg.sms.sender, |g| {
        templates.sms_gateway_body(g)
    })
    .map_err(|e| e.to_string())?;
    if cfg.sms.format == super::config::SmsFormat::Form {
        sms::form_fields(&body).map_err(|e| {
            format!("template {SMS_GATEWAY} with notify.sms.format = \"form\": {e}")
        })?;
    }
    Ok(body)
}

enum Route {
    Demo(demo::Folder),
    Live(Box<Live>),
}

struct Live {
    smtp: email::Smtp,
    /// For the group robots; the SMS gateway has its own (its own CA file).
    http: webhook::Http,
    chat_timeout: std::time::Duration,
    gateway: sms::Gateway,
}

impl Transports {
    /// Checks what sending will need (the SMTP host, the secrets named in
    /// the config) so a mistake shows at start-up, not on the first notice.
    /// `env` looks up environment variables; demo mode needs none.
    pub fn from_config(
        cfg: &NotifyConfig,
        templates: Arc<Templates>,
        demo_dir: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Transports, String> {
        let from: Mailbox = cfg.email.from.parse().map_err(|_| {
            format!(
                "key `notify.email.from`: '{}' is not an address such as `Desk <desk@example.com>`",
                cfg.email.from
            )
        })?;
        check_gateway_body(cfg, &templates)?;
        if cfg.mode == DeliveryMode::Live {
            cfg.check_transport_security()?;
        }
        let route = match cfg.mode {
            DeliveryMode::Demo => Route::Demo(demo::Folder::new(demo_dir)),
            DeliveryMode::Live => Route::Live(Box::new(Live {
                smtp: email::Smtp::from_config(&cfg.email, env)?,
                http: webhook::Http::new(
                    cfg.chat
                        .ca_file
                        .as_deref()
                        .map(|p| (p, "notify.chat.ca_file")),
                )?,
                chat_timeout: seconds(cfg.chat.timeout_seconds),
                gateway: sms::Gateway::from_config(&cfg.sms, env)?,
            })),
        };
        Ok(Transports {
            templates,
            from,
            sms_sender: cfg.sms.sender.clone(),
            sms_template_id: cfg.sms.template_id.clone(),
            route,
        })
    }

    pub fn mode(&self) -> DeliveryMode {
        match self.route {
            Route::Demo(_) => DeliveryMode::Demo,
            Route::Live(_) => DeliveryMode::Live,
        }
    }

    /// One attempt at one delivery.
    pub async fn send(&self, d: &Delivery) -> Result<Sent, SendError> {
        match &self.route {
            Route::Live(live) => self.send_live(live, d).await,
            Route::Demo(folder) => self.write_demo(folder, d).await,
        }
    }

    async fn send_live(&self, live: &Live, d: &Delivery) -> Result<Sent, SendError> {
        match d.channel {
            Channel::Email => live.smtp.send(email::message(&self.from, d)?).await,
            Channel::Chat => {
                let url = webhook::http_url(&d.address, "webhook address")?;
                // A contact kept from before the rule was checked when added.
                crate::domain::endpoint::check_webhook(&url).map_err(SendError::permanent)?;
                let body = webhook::chat_body(d)?;
                // What the robot says is kept and shown: never with its key.
                let secrets = crate::domain::masking::url_secrets(&d.address);
                let scrub = |t: &str| crate::domain::masking::scrub(t, &secrets);
                let reply = live.http.post(url, body, &d.key, live.chat_timeout).await;
                match reply.and_then(webhook::judge_robot) {
                    Ok(sent) => Ok(Sent {
                        reply: scrub(&sent.reply),
                    }),
                    Err(e) => Err(SendError {
                        reason: scrub(&e.reason),
                        ..e
                    }),
                }
            }
            Channel::Sms => {
                let body = self.sms_body(d)?;
                live.gateway.send(body, &d.key).await
            }
        }
    }

    /// The same checks as live delivery, so demo mode shows the same
    /// refusals; what would have been sent goes into a file instead.
    async fn write_demo(&self, folder: &demo::Folder, d: &Delivery) -> Result<Sent, SendError> {
        match d.channel {
            Channel::Email => {
                let message = email::message(&self.from, d)?;
                folder
                    .write("email", &d.key, "eml", message.formatted())
                    .await
            }
            Channel::Chat => {
                webhook::http_url(&d.address, "webhook address")?;
                let body = webhook::chat_body(d)?;
                folder
                    .write("chat", &d.key, "json", body.into_bytes())
                    .await
            }
            Channel::Sms => {
                let body = self.sms_body(d)?;
                folder.write("sms", &d.key, "json", body.into_bytes()).await
            }
        }
    }

    fn sms_body(&self, d: &Delivery) -> Result<String, SendError> {
        if d.address.trim().is_empty() {
            return Err(SendError::permanent("no phone number to send the SMS to"));
        }
        let params = d
            .params
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_else(|| serde_json::json!({}));
        self.templates
            .sms_gateway_body(&GatewayRequest {
                to: &d.address,
                text: &d.body,
                sender: &self.sms_sender,
                key: &d.key,
                template_id: self.sms_template_id.as_deref(),
                params: &params,
            })
            .map_err(|e| SendError::permanent(format!("the SMS gateway body: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dispatcher runs sends in spawned tasks.
    #[test]
    fn transports_can_be_shared_between_tasks() {
        fn shared<T: Send + Sync>() {}
        fn spawnable<F: std::future::Future + Send>(_: F) {}
        shared::<Transports>();
        let _compiles = |t: &'static Transports, d: &'static Delivery| spawnable(t.send(d));
    }
}
