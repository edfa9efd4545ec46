//! How fast a group robot may be sent to. WeCom documents that each group
//! robot takes at most 20 messages a minute (企业微信 群机器人配置说明:
//! "每个机器人发送的消息不能超过20条/分钟"); past that it answers errcode
//! 45009 and the messages are lost until the minute has passed. The desk
//! waits instead, and keeps each robot's messages in the order they were
//! queued.

use chrono::{DateTime, Duration, Utc};

use super::subscription::ChatPlatform;

/// The span a robot's limit counts over.
pub fn window() -> Duration {
    Duration::seconds(60)
}

/// Messages a minute per robot, by platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacing {
    pub wecom_per_minute: u32,
    pub welink_per_minute: u32,
}

impl Default for Pacing {
    /// WeCom's documented limit; WeLink's robots are held to the same
    /// unless the config says otherwise.
    fn default() -> Self {
        Pacing {
            wecom_per_minute: 20,
            welink_per_minute: 20,
        }
    }
}

impl Pacing {
    pub fn limit(&self, platform: ChatPlatform) -> u32 {
        match platform {
            ChatPlatform::WeCom => self.wecom_per_minute,
            ChatPlatform::WeLink => self.welink_per_minute,
        }
    }
}

/// When the next message to a robot may go, given when its recent ones
/// went (attempts and claims still in flight); `None`: now. Only those
/// within the window before `now` count.
pub fn next_slot(
    recent: &[DateTime<Utc>],
    limit: u32,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let mut inside: Vec<DateTime<Utc>> = recent
        .iter()
        .copied()
        .filter(|t| *t > now - window())
        .collect();
    let limit = usize::try_from(limit.max(1)).unwrap_or(usize::MAX);
    if inside.len() < limit {
        return None;
    }
    inside.sort();
    // The slot frees when enough of the oldest have left the window.
    let oldest_to_leave = inside[inside.len() - limit];
    Some(oldest_to_leave + window())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap()
    }

    #[test]
    fn the_twenty_first_message_in_a_minute_waits_for_the_first_to_age() {
        let sent: Vec<_> = (0..20).map(t).collect();
        assert_eq!(next_slot(&sent[..19], 20, t(30)), None);
        assert_eq!(next_slot(&sent, 20, t(30)), Some(t(60)));
        // A minute after the first, one slot is free again.
        assert_eq!(next_slot(&sent, 20, t(60)), None);
        assert_eq!(next_slot(&[], 20, t(0)), None);
    }
}
