//! A requirement's detail view, opened from the pipeline.

use crossterm::event::KeyCode;

use super::assert_screen;
use super::pipeline::pipeline;

#[test]
fn requirement_detail_rejected() {
    let mut s = pipeline(120, 30);
    s.keys("lllll").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("Requirement #12"), "{text}");
    assert!(text.contains("rejected    No GPU capacity is planned for af-south-1 before 2028."));
    assert_screen!(text);
}

#[test]
fn requirement_detail_waiting_too_long_at_rnd() {
    let mut s = pipeline(120, 30);
    s.keys("lll").key(KeyCode::Enter);
    let text = s.render();
    assert!(
        text.contains("Reported to R&D for 43d01h, since 2026-10-10 17:00  ⚑ waiting too long (flagged after 30d)"),
        "{text}"
    );
    assert_screen!(text);
}

#[test]
fn requirement_detail_notified_with_its_rollout_plan() {
    let mut s = pipeline(120, 30);
    s.keys("llllll").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("rollout     2027-02-15  In the February release, all regions."));
    assert!(text.contains("rollout plan for 2027-02-15: In the February release, all regions."));
    assert_screen!(text);
}
