//! Where a customer's notices go: email addresses, phone numbers for SMS and
//! the webhook of the customer's chat group.

use serde::Serialize;

use super::notice::{Channel, ChatPlatform};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub channel: Channel,
    /// Email address, phone number, or a chat group robot's webhook.
    pub address: String,
    /// Set for chat contacts only.
    pub platform: Option<ChatPlatform>,
}

/// In JSON a robot's webhook is masked, like everywhere it is shown.
impl Serialize for Contact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Contact", 3)?;
        st.serialize_field("channel", &self.channel)?;
        match self.channel {
            Channel::Chat => {
                st.serialize_field("address", &super::masking::masked_url(&self.address))?
            }
            _ => st.serialize_field("address", &self.address)?,
        }
        st.serialize_field("platform", &self.platform)?;
        st.end()
    }
}

impl Contact {
    /// Checks and normalises an address for its channel. The error says
    /// what a good one looks like.
    pub fn new(
        channel: Channel,
        address: &str,
        platform: Option<ChatPlatform>,
    ) -> Result<Contact, String> {
        let a = address.trim();
        if a.chars().any(char::is_control) {
            return Err(format!("the {channel} address contains control characters"));
        }
        if channel != Channel::Chat && platform.is_some() {
            return Err(format!("only chat contacts have a platform, not {channel}"));
        }
        let (address, platform) = match channel {
            Channel::Email => {
                a.parse::<lettre::Address>().map_err(|_| {
                    format!("'{a}' is not an email address such as ops@example.com")
                })?;
                (a.to_string(), None)
            }
            Channel::Sms => (phone(a)?, None),
            Channel::Chat => {
                let url = reqwest::Url::parse(a).map_err(|e| {
                    format!(
                        "'{a}' is not a webhook URL ({e}); give the group robot's https:// address"
                    )
                })?;
                super::endpoint::check_webhook(&url)?;
                let platform = platform.ok_or_else(|| {
                    "a chat group needs its platform: wecom or welink".to_string()
                })?;
                (url.to_string(), Some(platform))
            }
        };
        Ok(Contact {
            channel,
            address,
            platform,
        })
    }
}

/// A phone number in international form: '+', then 6 to 15 digits. Spaces,
/// dashes and brackets people type are dropped.
fn phone(s: &str) -> Result<String, String> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let rest = digits.strip_prefix('+').unwrap_or("");
    if !(6..=15).contains(&rest.len()) || !rest.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "'{s}' is not a phone number in international form such as +86 138 0000 0000"
        ));
    }
    Ok(format!("+{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_per_channel() {
        let c = Contact::new(Channel::Email, " ops@acme.example ", None).unwrap();
        assert_eq!(c.address, "ops@acme.example");
        assert!(Contact::new(Channel::Email, "ops at acme", None).is_err());
        let c = Contact::new(Channel::Sms, "+86 (138) 0000-0000", None).unwrap();
        assert_eq!(c.address, "+8613800000000");
        assert!(
            Contact::new(Channel::Sms, "13800000000", None)
                .unwrap_err()
                .contains("international")
        );
        let c = Contact::new(
            Channel::Chat,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
            Some(ChatPlatform::WeCom),
        )
        .unwrap();
        assert_eq!(c.platform, Some(ChatPlatform::WeCom));
        assert!(Contact::new(Channel::Chat, "https://x.example/hook", None).is_err());
        assert!(
            Contact::new(
                Channel::Chat,
                "ftp://x.example/hook",
                Some(ChatPlatform::WeLink)
            )
            .is_err()
        );
        assert!(Contact::new(Channel::Sms, "+8613800000000", Some(ChatPlatform::WeLink)).is_err());
        assert!(Contact::new(Channel::Email, "a@b.example\u{1b}", None).is_err());
    }
}
