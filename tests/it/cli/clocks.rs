//! The desk's own clocks from config: a severity on business hours walks
//! business time to its deadlines; resolution targets and an update
//! cadence count down beside the response clock, stand still while
//! paused, and the Ticket List judges the resolution.

use super::*;

const CONFIG: &str = r#"
[sla]
business_days = ["mon-fri"]
business_hours = "09:00-18:00"

[sla.S3]
clock = "business"
resolve_within = "18h"
update_every = "2h"
"#;

/// The desk's default config file (the XDG one) holds `text`.
fn write_config(desk: &Desk, text: &str) {
    let dir = desk.path("config/sredesk");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

fn desk_with_clocks() -> Desk {
    let desk = Desk::new();
    write_config(&desk, CONFIG);
    desk.subscribed_customer("Acme");
    desk
}

/// Friday 2026-11-27 17:30 in Shanghai.
const FRIDAY_1730: &str = "2026-11-27T09:30:00Z";

#[test]
fn a_business_hours_severity_walks_business_time_to_every_deadline() {
    let desk = desk_with_clocks();
    let t = desk.json_at(
        FRIDAY_1730,
        "ticket add --customer Acme --severity S3 --kind general --ticket-no T-9 \
         --title 'CCE node NotReady' --json",
    );
    let id = t["id"].as_i64().unwrap();
    // Three hours of business time: 30 min on Friday, 2 h 30 on Monday.
    assert_eq!(t["deadline"], "2026-11-30T03:30:00Z", "Monday 11:30 CST");
    // 18 h: 30 min Friday, 9 h Monday, 8 h 30 Tuesday.
    assert_eq!(t["resolve_by"], "2026-12-01T09:30:00Z", "Tuesday 17:30 CST");
    assert_eq!(t["clock"], "business");
    assert_eq!(t["next_update_due"], Value::Null, "not answered yet");

    let show = desk.ok_at("2026-11-27T09:40:00Z", &format!("ticket show {id}"));
    assert!(
        show.contains("  respond by   2026-11-30 11:30 CST\n"),
        "{show}"
    );
    assert!(
        show.contains("  counts       business hours Mon–Fri 09:00–18:00 Asia/Shanghai\n"),
        "{show}"
    );
    assert!(
        show.contains("  resolve by   2026-12-01 17:30 CST, 3d23h left\n"),
        "{show}"
    );

    // Answered Monday 09:10: within the SLA, and the cadence starts.
    desk.ok_at("2026-11-30T01:10:00Z", &format!("ticket ack {id}"));
    let ack = desk.json_at("2026-11-30T01:10:00Z", &format!("ticket show {id} --json"));
    assert_eq!(ack["response_met"], true);
    assert_eq!(ack["next_update_due"], "2026-11-30T03:10:00Z");

    // Paused 10:00 to 14:00 Monday: four business hours given back to the
    // resolution clock, which stood still meanwhile; the cadence restarts.
    desk.ok_at(
        "2026-11-30T02:00:00Z",
        &format!("ticket pause {id} --reason 'the customer sends kubelet logs'"),
    );
    let paused = desk.json_at("2026-11-30T05:00:00Z", &format!("ticket show {id} --json"));
    assert_eq!(
        paused["next_update_due"],
        Value::Null,
        "waiting on the customer"
    );
    let before = paused["resolution_seconds_left"].as_i64().unwrap();
    let later = desk.json_at("2026-11-30T05:59:00Z", &format!("ticket show {id} --json"));
    assert_eq!(later["resolution_seconds_left"].as_i64(), Some(before));
    let r = desk.json_at(
        "2026-11-30T06:00:00Z",
        &format!("ticket resume {id} --json"),
    );
    assert_eq!(
        r["resolve_by"], "2026-12-02T04:30:00Z",
        "Wednesday 12:30 CST"
    );
    assert_eq!(r["next_update_due"], "2026-11-30T08:00:00Z", "16:00 CST");
    assert_eq!(
        r["deadline"], "2026-11-30T03:30:00Z",
        "the response was judged"
    );

    // Resolved Wednesday 12:00: within the target, said in the history and
    // judged on the Ticket List.
    desk.ok_at("2026-12-02T03:00:00Z", &format!("ticket start {id}"));
    desk.ok_at(
        "2026-12-02T04:00:00Z",
        &format!("ticket resolve {id} --note 'drained and replaced the node'"),
    );
    let done = desk.json_at("2026-12-02T04:00:00Z", &format!("ticket show {id} --json"));
    assert_eq!(done["resolution_met"], true);
    let show = desk.ok_at("2026-12-02T04:05:00Z", &format!("ticket show {id}"));
    assert!(
        show.contains("resolved: drained and replaced the node; within the resolution target"),
        "{show}"
    );
    assert!(
        show.contains("  resolve by   2026-12-02 12:30 CST, ✓ resolved within\n"),
        "{show}"
    );
    let md = desk.ok_at(
        "2026-12-02T05:00:00Z",
        "export tickets --customer Acme --period 2026-11 --format md",
    );
    assert!(md.contains("| Resolve by | Resolution SLA |"), "{md}");
    assert!(md.contains("| 2026-12-02 12:30 | met |"), "{md}");
}

#[test]
fn around_the_clock_severities_keep_the_seeds_targets_and_lines() {
    let desk = desk_with_clocks();
    let t = desk.json_at(
        FRIDAY_1730,
        "ticket add --customer Acme --severity S2 --kind general --ticket-no T-2 \
         --title 'ELB 502s' --json",
    );
    assert_eq!(t["deadline"], "2026-11-27T10:00:00Z");
    assert_eq!(
        (t["clock"].as_str(), t["resolve_by"].as_str()),
        (Some("24x7"), None)
    );
    let show = desk.ok_at(FRIDAY_1730, "ticket show 1");
    assert!(!show.contains("counts"), "{show}");
    assert!(!show.contains("resolve by"), "{show}");
}

#[test]
fn a_bad_clock_in_config_names_its_key_and_nothing_runs() {
    let desk = Desk::new();
    for (text, key) in [
        (
            "[sla.S3]\nclock = \"office\"\n",
            "key `sla.S3.clock`: 'office' is not a clock",
        ),
        (
            "[sla.S1]\nresolve_within = \"soon\"\n",
            "key `sla.S1.resolve_within`: 'soon' is not a span",
        ),
        (
            "[sla]\nbusiness_hours = \"18:00-09:00\"\n",
            "key `sla.business_hours`: '18:00-09:00' closes before it opens",
        ),
        (
            "[sla]\nbusiness_days = [\"weekdays\"]\n",
            "key `sla.business_days`: 'weekdays' is not a day",
        ),
        ("[sla.S6]\nclock = \"24x7\"\n", "unknown field `S6`"),
        (
            "[sla.S1]\nalarm_before = \"20m\"\n",
            "key `sla.S1.alarm_before`: must be less than the S1 response target (15m00s)",
        ),
        (
            "[alarms]\nnotify = \"loud\"\n",
            "key `alarms.notify`: 'loud' is not one of auto, osc9, osc777, off",
        ),
    ] {
        write_config(&desk, text);
        let err = desk.fails("customer add --name Acme --kind local");
        assert!(err.contains(key), "{text}: {err}");
    }
    assert!(!desk.db().exists(), "nothing was created");
}
