//! Incidents, changes, inventories, contacts and notices, driven through
//! the real binary on a scratch store. Demo delivery writes real files.

use serde_json::Value;

use crate::common::{self, Desk, NOW};

mod change_impacts;
mod compose;
mod groups;
mod promised;
mod records;
mod send;
mod updates;

/// Two customers on ECS in cn-north-4 (one reachable on every channel,
/// its chat through its WeLink group's robot, one by email only) and one
/// elsewhere, and a Level-1 incident with its guidance written.
fn desk_with_incident() -> Desk {
    let d = Desk::new();
    for name in ["Acme", "Borealis", "Cirrus"] {
        d.customer(name);
    }
    d.ok("inventory add Acme ECS@cn-north-4 RDS@cn-east-3");
    d.ok("inventory add Borealis ecs@CN-North-4");
    d.ok("inventory add Cirrus OBS@cn-north-4");
    d.ok("contact add Acme --email ops@acme.example");
    d.ok("contact add Acme --sms '+86 138 0000 0001'");
    d.subscribe("Acme", "2026-05-20", "2026-06-01", 12);
    d.ok("contact add Acme --welink \
         'https://open.welink.huaweicloud.com/api/werobot/v1/webhook/send?token=acme-robot-token'");
    d.ok("contact add Borealis --email noc@borealis.example");
    d.ok("contact add Cirrus --email it@cirrus.example");
    d.ok(
        "incident add --title 'OpenSSH regreSSHion' --kind os-vulnerability --service ECS \
         --region cn-north-4",
    );
    d.ok("incident advance 1 --level 1");
    d.ok("incident advance 1 --guidance 'Upgrade openssh-server to 9.8p1.'");
    d
}

fn notice_json(d: &Desk, id: i64) -> Value {
    d.json(&format!("notice show {id} --json"))
}
