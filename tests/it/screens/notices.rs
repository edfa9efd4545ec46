//! The notices screen and its help, on a desk with incidents, a change
//! and a notice whose deliveries went every way. Its desk is shared with
//! the countdown, ledger and composer screens.

use chrono::Duration;
use crossterm::event::KeyCode;

use sredesk::domain::{CustomerKind, NewCustomer};
use sredesk::store::Store;

use super::{Screen, actor, assert_screen, at, desk, plain_render, tabs};

/// The escalation desk, plus inventories and contacts, two open incidents
/// (one update due in 12 minutes, one overdue), a planned change, and a
/// notice whose deliveries went every way: sent, failed, dead, queued.
pub(super) fn notices_desk() -> Store {
    use sredesk::domain::change::NewChange;
    use sredesk::domain::contact::Contact;
    use sredesk::domain::incident::{IncidentEdit, IncidentKind, IncidentLevel, NewIncident};
    use sredesk::domain::inventory::Holding;
    use sredesk::domain::notice::{Channel, ChatPlatform, RetryPolicy, Stage, SubjectKind};
    use sredesk::notify::compose::{self, Request};

    let mut s = desk();
    let a = actor(at(8, 0));
    s.add_customer(
        &NewCustomer {
            name: "Cape Health".into(),
            kind: CustomerKind::Local,
            owner: None,
        },
        a,
    )
    .unwrap();
    let h = |x: &str| {
        let (service, region) = x.split_once('@').unwrap();
        Holding {
            service: service.into(),
            region: region.into(),
        }
    };
    for (who, holdings) in [
        (
            "Northwind Logistics",
            vec!["ECS@cn-north-4", "RDS@cn-north-4"],
        ),
        (
            "Jade River Bank",
            vec!["ECS@cn-north-4", "ECS@ap-southeast-1"],
        ),
        ("Cape Health", vec!["RDS@cn-east-3"]),
    ] {
        let list: Vec<Holding> = holdings.into_iter().map(h).collect();
        s.add_holdings(who, &list, a).unwrap();
    }
    for (who, channel, address, platform) in [
        (
            "Northwind Logistics",
            Channel::Email,
            "ops@northwind.example",
            None,
        ),
        (
            "Northwind Logistics",
            Channel::Chat,
            "https://open.welink.example/hook/nw",
            Some(ChatPlatform::WeLink),
        ),
        (
            "Jade River Bank",
            Channel::Email,
            "noc@jaderiver.example",
            None,
        ),
        (
            "Jade River Bank",
            Channel::Chat,
            "https://qyapi.example/send?key=jr",
            Some(ChatPlatform::WeCom),
        ),
        ("Jade River Bank", Channel::Sms, "+85291234567", None),
        ("Cape Health", Channel::Sms, "+27820000000", None),
    ] {
        let c = Contact::new(channel, address, platform).unwrap();
        s.add_contact(who, &c, a).unwrap();
    }
    let openssh = s
        .add_incident(
            &NewIncident {
                title: "OpenSSH regreSSHion (CVE-2024-6387)".into(),
                kind: IncidentKind::OsVulnerability,
                level: Some(IncidentLevel::new(1).unwrap()),
                services: vec!["ECS".into()],
                regions: vec!["cn-north-4".into()],
                guidance: "Upgrade openssh-server to 9.8p1 and restart sshd.".into(),
                next_update_due: None,
            },
            actor(at(8, 30)),
        )
        .unwrap();
    for _ in 0..2 {
        s.advance_incident(openssh.id, &IncidentEdit::default(), None, actor(at(9, 0)))
            .unwrap();
    }
    s.add_incident(
        &NewIncident {
            title: "Backbone fault between cn-east-3 and cn-south-1".into(),
            kind: IncidentKind::BackboneFault,
            level: None,
            services: vec![],
            regions: vec!["cn-east-3".into()],
            guidance: String::new(),
            next_update_due: Some(at(9, 55)),
        },
        actor(at(9, 25)),
    )
    .unwrap();
    s.add_change(
        &NewChange {
            title: "RDS minor version upgrade".into(),
            kind: sredesk::domain::change::ChangeKind::Upgrade,
            window_start: at(18, 0),
            window_end: at(20, 0),
            services: vec!["RDS".into()],
            regions: vec!["cn-north-4".into(), "cn-east-3".into()],
            impact: None,
            guidance: String::new(),
        },
        actor(at(9, 30)),
    )
    .unwrap();
    // The first notice about the OpenSSH incident, on every channel.
    let record = s.record(SubjectKind::Incident, openssh.id).unwrap();
    let audience = s
        .audience(record.services(), record.regions(), at(9, 30))
        .unwrap();
    let req = Request {
        stage: Stage::Initial,
        channels: vec![Channel::Email, Channel::Chat, Channel::Sms],
        message: "Patch tonight; we will confirm each host.".into(),
        next_update_due: Some(at(10, 12)),
    };
    let render = plain_render();
    let plan = compose::plan(
        &record,
        &req,
        &audience,
        "alice",
        at(9, 5),
        chrono_tz::Asia::Shanghai,
        &*render,
    )
    .unwrap();
    s.queue_notice(&plan.notice, actor(at(9, 5))).unwrap();
    // Deliveries in audience order (Jade River: email, chat, sms; then
    // Northwind: email, chat); the last is still waiting.
    let t = at(9, 59) + Duration::seconds(50);
    let claimed = s.claim_due(t, 4, Duration::minutes(5)).unwrap();
    let policy = RetryPolicy::default();
    s.delivery_failed(&claimed[0], "421 4.7.0 Try again later", false, &policy, t)
        .unwrap();
    s.delivery_failed(
        &claimed[1],
        "HTTP 404: robot key revoked (errcode 93000)",
        true,
        &policy,
        t,
    )
    .unwrap();
    s.delivery_sent(&claimed[2], "gateway accepted: id 88213", t)
        .unwrap();
    s.delivery_sent(&claimed[3], "250 2.0.0 OK: queued as 7F3A21", t)
        .unwrap();
    s
}

pub(super) fn open_notices(width: u16, height: u16) -> Screen {
    let mut s = Screen::new(notices_desk(), width, height);
    s.keys("n");
    s
}

#[test]
fn notices_screen() {
    for (w, h) in [(160, 40), (80, 24)] {
        let s = open_notices(w, h);
        let text = s.render();
        assert!(
            text.contains("Notices · 2 open incidents · 1 change"),
            "{text}"
        );
        assert_screen!(format!("notices_{w}x{h}"), text);
    }
}

#[test]
fn notices_help_lists_their_keys_and_the_delivery_states() {
    let mut s = open_notices(100, 40);
    s.keys("?");
    let text = s.render();
    for k in ["N ", "C ", "c ", "a ", "r ", "dead"] {
        assert!(text.contains(k), "{k} missing:\n{text}");
    }
    assert_screen!(text);
    let mut s = open_notices(100, 40);
    s.keys("N");
    s.key(KeyCode::F(1));
    let text = s.render();
    assert!(text.contains("Ctrl-S"), "{text}");
    assert_screen!("composer_help", text);
}

#[test]
fn notice_screens_at_any_size_do_not_panic() {
    for (w, h) in [(0, 0), (1, 1), (50, 8), (60, 12), (119, 27), (200, 60)] {
        let mut s = open_notices(w, h);
        s.render();
        s.keys("G").key(KeyCode::Enter);
        s.render();
        s.key(KeyCode::Esc);
        s.keys("N");
        s.render();
        tabs(&mut s, 12);
        s.render();
    }
}
