//! `[handover]`: where `sredesk handover --send` queues the shift's
//! handover — the desk's own chat group and email, never a customer's.

use serde::Deserialize;

use crate::domain::contact::Contact;
use crate::domain::notice::{Channel, ChatPlatform};

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct HandoverConfig {
    /// The desk's addresses that get the full handover by email.
    pub email: Vec<String>,
    /// The NAME of the environment variable holding the desk's own chat
    /// group robot: its address carries the robot's key, so it is kept
    /// out of the file.
    pub chat_webhook_env: Option<String>,
    /// The robot's platform, when its host does not say (a proxy).
    pub chat_platform: Option<ChatPlatform>,
}

/// The desk's own recipients, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskRecipients {
    pub email: Vec<String>,
    pub chat: Option<(ChatPlatform, String)>,
}

impl HandoverConfig {
    pub fn check(&self) -> Result<(), String> {
        for (i, a) in self.email.iter().enumerate() {
            Contact::new(Channel::Email, a, None)
                .map_err(|e| format!("key `handover.email`, entry {}: {e}", i + 1))?;
        }
        if let Some(name) = &self.chat_webhook_env {
            let fine =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !fine {
                return Err(format!(
                    "key `handover.chat_webhook_env`: '{}' is not an environment variable's \
                     name (letters, digits and _); name the variable, not the address",
                    crate::text::inert(name)
                ));
            }
        }
        if self.chat_platform.is_some() && self.chat_webhook_env.is_none() {
            return Err("key `handover.chat_platform` is set without \
                        `handover.chat_webhook_env`: name the robot's variable too"
                .into());
        }
        Ok(())
    }

    /// Where the handover goes, reading the robot from `env`. An empty
    /// list, an unset variable or a bad address is an error that says
    /// what to set.
    pub fn recipients(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<DeskRecipients, String> {
        let chat = match &self.chat_webhook_env {
            None => None,
            Some(name) => {
                let url = env(name).filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                    format!(
                        "the environment variable {name} (named by `handover.chat_webhook_env`) \
                             is not set: export the desk group robot's address there"
                    )
                })?;
                let platform = self
                    .chat_platform
                    .or_else(|| crate::domain::chat::platform_of(&url))
                    .ok_or_else(|| {
                        format!(
                            "the robot in {name} is neither on WeCom's nor on WeLink's host: \
                             set `handover.chat_platform` to wecom or welink"
                        )
                    })?;
                let contact = Contact::new(Channel::Chat, &url, Some(platform))
                    .map_err(|e| format!("the robot in {name}: {}", mask_in(&e, &url)))?;
                Some((platform, contact.address))
            }
        };
        if self.email.is_empty() && chat.is_none() {
            return Err("nowhere to send the handover: set `handover.email` and/or \
                        `handover.chat_webhook_env` in the config file"
                .into());
        }
        Ok(DeskRecipients {
            email: self.email.iter().map(|a| a.trim().to_string()).collect(),
            chat,
        })
    }
}

/// An error about the robot's address must not print its key.
fn mask_in(message: &str, url: &str) -> String {
    message.replace(url.trim(), &crate::domain::masking::masked_url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<crate::config::Config, String> {
        crate::config::Config::parse(text)
    }

    #[test]
    fn addresses_and_the_variable_are_checked_with_their_key() {
        let e =
            config("[handover]\nemail = [\"leads@desk.example\", \"not an address\"]").unwrap_err();
        assert!(e.contains("handover.email`, entry 2"), "{e}");
        let e = config("[handover]\nchat_webhook_env = \"https://qyapi.weixin.qq.com/x?key=k\"")
            .unwrap_err();
        assert!(e.contains("name the variable, not the address"), "{e}");
        let e = config("[handover]\nchat_platform = \"wecom\"").unwrap_err();
        assert!(e.contains("handover.chat_webhook_env"), "{e}");
        let e =
            config("[handover]\nchat_platform = \"slack\"\nchat_webhook_env = \"X\"").unwrap_err();
        assert!(e.contains("slack"), "{e}");
        assert!(config("[handover]\nemail = [\"leads@desk.example\"]").is_ok());
    }

    #[test]
    fn the_robot_comes_from_the_environment_and_its_key_is_never_shown() {
        let c = HandoverConfig {
            chat_webhook_env: Some("DESK_ROBOT".into()),
            ..HandoverConfig::default()
        };
        let none = |_: &str| None;
        let e = c.recipients(&none).unwrap_err();
        assert!(e.contains("DESK_ROBOT") && e.contains("not set"), "{e}");

        let wecom =
            |_: &str| Some("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=s3cret".into());
        let r = c.recipients(&wecom).unwrap();
        assert_eq!(r.chat.as_ref().unwrap().0, ChatPlatform::WeCom);
        assert!(r.email.is_empty());

        let unknown = |_: &str| Some("https://robots.desk.example/hook?key=s3cret".into());
        let e = c.recipients(&unknown).unwrap_err();
        assert!(
            e.contains("handover.chat_platform") && !e.contains("s3cret"),
            "{e}"
        );

        let metadata = |_: &str| Some("http://169.254.169.254/latest?key=s3cret".into());
        let c = HandoverConfig {
            chat_platform: Some(ChatPlatform::WeLink),
            ..c
        };
        let e = c.recipients(&metadata).unwrap_err();
        assert!(!e.contains("s3cret"), "{e}");
    }

    #[test]
    fn nowhere_to_send_says_what_to_set() {
        let e = HandoverConfig::default().recipients(&|_| None).unwrap_err();
        assert!(
            e.contains("handover.email") && e.contains("handover.chat_webhook_env"),
            "{e}"
        );
    }
}
