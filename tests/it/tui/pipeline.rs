//! The requirement pipeline: advancing a card moves it to the next lane.

use super::*;

/// The count in the head of the lane named `lane`, as drawn.
fn lane_count(screen: &str, lane: &str) -> Option<u32> {
    let line = screen.lines().find(|l| l.contains(lane))?;
    let head = line.split('│').find(|part| part.contains(lane))?;
    head.split_whitespace().last()?.parse().ok()
}

/// Which column (lane) `text` is drawn in, counting from the left.
fn column_of(screen: &str, text: &str) -> Option<usize> {
    let line = screen.lines().find(|l| l.contains(text))?;
    line.split('│').position(|part| part.contains(text))
}

#[test]
fn pipeline_advance_moves_a_card_to_the_next_lane() {
    use sredesk::domain::requirement::{NewRequirement, RequirementOp, RequirementState};
    use sredesk::domain::subscription::NewSubscription;
    use sredesk::domain::{CustomerKind, NewCustomer};
    use sredesk::store::{Actor, Store};

    if !have_tmux() {
        return;
    }
    let t = Tmux::new("pipeline");
    let db = t.dir.path().join("desk.db");
    // Seeded through the store: a customer in its sixth month (requirements
    // need more than three), on the real clock as the dashboard runs.
    let now = chrono::Utc::now();
    let script = |now| Actor {
        engineer: "script",
        now,
    };
    {
        let mut s = Store::open(&db).unwrap();
        s.add_customer(
            &NewCustomer {
                name: "Cape Health".into(),
                kind: CustomerKind::Local,
                owner: None,
            },
            script(now),
        )
        .unwrap();
        let today = now.with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
        let start = today - chrono::Days::new(160);
        s.add_subscription(
            "Cape Health",
            &NewSubscription {
                applied_on: start - chrono::Days::new(7),
                start_on: start,
                months: 12,
            },
            None,
            script(now),
        )
        .unwrap();
        for title in ["HL7 export of ward alerts", "Audit log kept 400 days"] {
            s.add_requirement(
                &NewRequirement {
                    customer: "Cape Health".into(),
                    title: title.into(),
                    description: String::new(),
                },
                script(now),
            )
            .unwrap();
        }
    }
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains("No open escalations"));
    t.keys(&["p"]);
    // The cards too, not only the lanes' heads: a frame caught half drawn
    // has the one without the other.
    let screen = t.wait_for("the pipeline", |s| {
        s.contains("Requirement pipeline")
            && lane_count(s, "Submitted") == Some(2)
            && column_of(s, "HL7 export").is_some()
    });
    assert_eq!(lane_count(&screen, "Analysing"), Some(0), "{screen}");
    assert_eq!(column_of(&screen, "HL7 export"), Some(0), "{screen}");

    // A step the rules do not allow is refused before any dialog.
    t.keys(&["x"]);
    t.wait_for("the refusal", |s| {
        s.contains("cannot reject requirement #1")
    });

    // Advance: the question names the next state; y moves the card.
    t.keys(&["a"]);
    t.wait_for("the question", |s| {
        s.contains("Move #1 from Submitted to Analysing?")
    });
    t.keys(&["y"]);
    let screen = t.wait_for("the card in Analysing", |s| {
        s.contains("#1 is now Analysing") && lane_count(s, "Analysing") == Some(1)
    });
    assert_eq!(lane_count(&screen, "Submitted"), Some(1), "{screen}");
    assert_eq!(column_of(&screen, "HL7 export"), Some(1), "{screen}");
    let s = Store::open(&db).unwrap();
    assert_eq!(s.requirement(1).unwrap().state, RequirementState::Analysing);
    assert_eq!(s.requirement_history(1).unwrap()[1].engineer, "tess");

    // Another process moves the other one: the pane follows without a key.
    let mut other = Store::open(&db).unwrap();
    other
        .step_requirement(2, &RequirementOp::Advance, script(chrono::Utc::now()))
        .unwrap();
    let screen = t.wait_for("the other card moved", |s| {
        lane_count(s, "Analysing") == Some(2) && lane_count(s, "Submitted") == Some(0)
    });
    assert_eq!(column_of(&screen, "Audit log kept"), Some(1), "{screen}");

    // The requirement's detail, then back out and quit.
    t.keys(&["l", "Enter"]);
    t.wait_for("the detail", |s| {
        s.contains("Requirement #1") && s.contains("History")
    });
    t.keys(&["Escape"]);
    t.wait_for("the pipeline again", |s| s.contains("Requirement pipeline"));
    t.keys(&["Escape"]);
    t.wait_for("the board again", |s| s.contains("No open escalations"));
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(!t.alternate_screen_on());
}
