//! The outbox's robot pacing, with the clock held.

use super::test_support::*;
use crate::domain::notice::Channel;
use crate::domain::notice::{ChatPlatform, NoticeSubject, Stage};
use crate::domain::pacing::window;
use crate::store::{NewDelivery, NewNotice};
use chrono::Duration;

/// WeCom documents 20 messages a minute per group robot: with the clock
/// held, the 21st message to one robot waits until the first one is a
/// minute old, and the robot's messages go in the order queued.
#[test]
fn the_twenty_first_message_to_a_robot_in_a_minute_waits_its_turn() {
    let mut s = store_with_customer();
    let id = ready_incident(&mut s);
    let robot = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=acme";
    let other = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=other";
    let chat = |address: &str, n: usize| NewDelivery {
        customer_id: Some(1),
        channel: Channel::Chat,
        platform: Some(ChatPlatform::WeCom),
        address: address.into(),
        subject: String::new(),
        body: format!("{{\"n\":{n}}}"),
        params: None,
    };
    let mut deliveries: Vec<_> = (0..22).map(|n| chat(robot, n)).collect();
    deliveries.push(chat(other, 99));
    let n = NewNotice {
        subject: NoticeSubject::Incident,
        subject_id: id,
        stage: Stage::Initial,
        seen_state: "guidance_ready".into(),
        channels: vec![Channel::Chat],
        message: String::new(),
        next_update_due: Some(t0() + Duration::hours(1)),
        deliveries,
    };
    s.queue_notice(&n, actor(t0())).unwrap();
    let lease = Duration::minutes(2);
    let mut sent = Vec::new();
    // Twenty go to the first robot within a few seconds, the other
    // robot is not held up by it.
    for k in 0..25 {
        let now = t0() + Duration::seconds(k);
        for d in s.claim_due(now, 1, lease).unwrap() {
            assert!(s.delivery_sent(&d, "ok", now).unwrap());
            sent.push((d.address.clone(), d.body.clone()));
        }
    }
    let to_robot: Vec<_> = sent.iter().filter(|(a, _)| a == robot).collect();
    assert_eq!(to_robot.len(), 20, "{sent:?}");
    assert!(sent.iter().any(|(a, _)| a == other));
    // The 21st waits for the first to leave the minute.
    let first = t0();
    assert_eq!(s.next_delivery_due().unwrap(), Some(first + window()));
    assert!(
        s.claim_due(first + window() - Duration::seconds(1), 1, lease)
            .unwrap()
            .is_empty()
    );
    let d = s.claim_due(first + window(), 1, lease).unwrap().remove(0);
    assert_eq!(d.body, "{\"n\":20}", "order kept");
    s.delivery_sent(&d, "ok", first + window()).unwrap();
    let d = s
        .claim_due(first + window() + Duration::seconds(1), 1, lease)
        .unwrap()
        .remove(0);
    assert_eq!(d.body, "{\"n\":21}");
    // Putting one off is not an attempt.
    assert_eq!(d.attempts, 0);
}
