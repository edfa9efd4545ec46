//! Chat notices go to the customer's own dedicated chat group, through
//! that group's robot, on the platform the customer's kind requires (WeCom
//! for international Chinese enterprises, WeLink for local ones). A group
//! that is dismissed, not open yet or without a robot receives nothing,
//! and the customer is unreachable on chat, with the reason.

use chrono::NaiveDate;

use super::CustomerKind;
use super::subscription::{ChatGroup, ChatPlatform};

/// The robot a chat notice goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Robot {
    pub group_id: i64,
    pub platform: ChatPlatform,
    pub webhook: String,
}

/// The customer's current group's robot (`groups` oldest first), or why
/// there is none today.
pub fn reach(
    customer: &str,
    kind: CustomerKind,
    groups: &[ChatGroup],
    today: NaiveDate,
) -> Result<Robot, String> {
    let Some(g) = groups.last() else {
        return Err(format!(
            "{customer} has no chat group: it opens with the first subscription"
        ));
    };
    if let Some(on) = g.dismissed_on {
        return Err(format!(
            "{customer}'s {} group was dismissed on {on} when its subscription ended",
            g.platform.label()
        ));
    }
    if g.created_on > today {
        return Err(format!(
            "{customer}'s {} group opens on {}",
            g.platform.label(),
            g.created_on
        ));
    }
    let wanted = ChatPlatform::for_customer(kind);
    if g.platform != wanted {
        return Err(format!(
            "{customer}'s group is on {}, but a {} enterprise's group is on {}",
            g.platform.label(),
            kind,
            wanted.label()
        ));
    }
    match g
        .webhook
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        Some(w) => Ok(Robot {
            group_id: g.id,
            platform: g.platform,
            webhook: w.to_string(),
        }),
        None => Err(format!(
            "{customer}'s {} group has no robot yet (`sredesk contact add \"{customer}\" --{} URL`)",
            g.platform.label(),
            g.platform
        )),
    }
}

/// The platform a robot's address belongs to, when its host says so.
pub fn platform_of(url: &str) -> Option<ChatPlatform> {
    let host = reqwest::Url::parse(url.trim())
        .ok()?
        .host_str()?
        .to_ascii_lowercase();
    if host == "qyapi.weixin.qq.com" {
        Some(ChatPlatform::WeCom)
    } else if host.ends_with("welink.huaweicloud.com") {
        Some(ChatPlatform::WeLink)
    } else {
        None
    }
}

/// A robot given for a customer's group must be on the group's platform:
/// a WeCom robot for a local enterprise would post where the customer is
/// not. `given` is the platform the engineer named, if any.
pub fn check_robot(
    customer: &str,
    kind: CustomerKind,
    given: Option<ChatPlatform>,
    url: &str,
) -> Result<(), String> {
    let wanted = ChatPlatform::for_customer(kind);
    let named = given.or_else(|| platform_of(url));
    match named {
        Some(p) if p != wanted => Err(format!(
            "{customer} is a {kind} enterprise: its chat group is on {}, not {}; give its \
             {} group robot (--{})",
            wanted.label(),
            p.label(),
            wanted.label(),
            wanted
        )),
        _ => match (given, platform_of(url)) {
            (Some(g), Some(host)) if g != host => Err(format!(
                "that address is a {} robot's, not {}'s",
                host.label(),
                g.label()
            )),
            _ => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn group(webhook: Option<&str>, dismissed: Option<&str>) -> ChatGroup {
        ChatGroup {
            id: 3,
            customer_id: 1,
            platform: ChatPlatform::WeLink,
            webhook: webhook.map(String::from),
            created_on: d("2026-06-01"),
            dismissed_on: dismissed.map(d),
        }
    }

    #[test]
    fn the_current_groups_robot_or_the_reason_there_is_none() {
        let k = CustomerKind::Local;
        let today = d("2026-11-22");
        let hook = "https://open.welink.huaweicloud.com/api/werobot/v1/webhook/send?token=t";
        let r = reach("Andes", k, &[group(Some(hook), None)], today).unwrap();
        assert_eq!(
            (r.platform, r.webhook.as_str()),
            (ChatPlatform::WeLink, hook)
        );
        let e = reach("Andes", k, &[group(Some(hook), Some("2026-11-01"))], today).unwrap_err();
        assert!(e.contains("dismissed on 2026-11-01"), "{e}");
        let e = reach("Andes", k, &[group(None, None)], today).unwrap_err();
        assert!(e.contains("no robot") && e.contains("--welink"), "{e}");
        let e = reach("Andes", k, &[], today).unwrap_err();
        assert!(e.contains("no chat group"), "{e}");
        let e = reach("Andes", k, &[group(Some(hook), None)], d("2026-05-31")).unwrap_err();
        assert!(e.contains("opens on 2026-06-01"), "{e}");
    }

    #[test]
    fn a_robot_of_the_wrong_platform_is_refused() {
        let wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k";
        let e = check_robot(
            "Andes",
            CustomerKind::Local,
            Some(ChatPlatform::WeCom),
            wecom,
        )
        .unwrap_err();
        assert!(e.contains("on WeLink, not WeCom"), "{e}");
        // An address on WeCom's host is WeCom's whatever flag it came with.
        let e = check_robot(
            "Andes",
            CustomerKind::Local,
            Some(ChatPlatform::WeLink),
            wecom,
        )
        .unwrap_err();
        assert!(e.contains("not WeLink"), "{e}");
        assert!(check_robot("Jade", CustomerKind::InternationalChinese, None, wecom).is_ok());
        assert!(check_robot("Jade", CustomerKind::Local, None, wecom).is_err());
        assert!(check_robot("Jade", CustomerKind::Local, None, "https://robot.example/x").is_ok());
    }
}
