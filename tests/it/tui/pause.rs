//! `P` in a real terminal: pause with a reason (the header counts it, the
//! row moves to the paused section), then `P` again and `y` resume; a
//! script reads each from the store at once.

use super::*;

fn show(db: &Path) -> serde_json::Value {
    let out = cli(db, &["ticket", "show", "1", "--json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn p_pauses_with_a_reason_and_resumes_after_asking() {
    if !have_tmux() {
        return;
    }
    let (_dir, db, t) = board_with_one("pause", "WAIT-1", "OBS latency in cn-east-3");

    t.keys(&["P"]);
    t.wait_for("the pause dialog", |s| {
        s.contains("Waiting on the customer:")
    });
    t.keys(&["bucket access logs", "C-s"]);
    let screen = t.wait_for("the pause", |s| {
        s.contains("paused, waiting on the customer: bucket access logs")
            && s.contains("‖ 1 paused")
    });
    assert!(screen.contains("0 awaiting response"), "{screen}");
    let v = show(&db);
    assert_eq!(v["pause"]["reason"], "bucket access logs");
    assert_eq!(v["breached"], false);

    t.keys(&["P"]);
    t.wait_for("the question", |s| s.contains("Resume WAIT-1 (#1)"));
    t.keys(&["y"]);
    t.wait_for("the resume", |s| {
        s.contains("resumed after waiting on the customer") && !s.contains("1 paused")
    });
    let v = show(&db);
    assert_eq!(v["pause"], serde_json::Value::Null);
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["action"].as_str(), last["engineer"].as_str()),
        (Some("resume"), Some("tess"))
    );

    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
}
