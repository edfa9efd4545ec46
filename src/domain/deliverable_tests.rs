use super::*;

#[test]
fn the_digest_ignores_the_clock_but_not_the_tickets() {
    use crate::domain::{EscalationKind, EscalationState, Severity};
    let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    let line = TicketLine {
        id: 1,
        ticket_no: "T-1".into(),
        title: "db down".into(),
        kind: EscalationKind::General,
        severity: Severity::S5,
        reported_at: t,
        responded_at: None,
        response_secs: None,
        target_secs: 16 * 3600,
        sla: SlaOutcome::Pending,
        state: EscalationState::New,
        resolution: None,
        ended_at: None,
        resolve_by: None,
        resolution_sla: None,
        customer_notes: Vec::new(),
    };
    let period = Period::parse("2027-01").unwrap();
    let list = |l: TicketLine| TicketList::new("Acme".into(), period, "UTC".into(), vec![l]);
    let pending = list(line.clone());
    // The deadline passed: the same ticket, later.
    let breached = list(TicketLine {
        sla: SlaOutcome::Breached,
        ..line.clone()
    });
    assert_eq!(pending.digest(), breached.digest());
    // The resolution verdict turning by the clock alone changes nothing.
    let with_target = |o| {
        list(TicketLine {
            resolve_by: Some(t),
            resolution_sla: Some(o),
            ..line.clone()
        })
    };
    assert_eq!(
        with_target(SlaOutcome::Pending).digest(),
        with_target(SlaOutcome::Breached).digest()
    );
    let answered = list(TicketLine {
        responded_at: Some(t),
        ..line.clone()
    });
    assert_ne!(pending.digest(), answered.digest());
    // A note for the customer changes what they accept; none leaves
    // the digest as it was before notes existed.
    let json = serde_json::to_string(&line).unwrap();
    assert!(!json.contains("customer_notes"), "{json}");
    let noted = list(TicketLine {
        customer_notes: vec!["logs received".into()],
        ..line
    });
    assert_ne!(pending.digest(), noted.digest());
}

#[test]
fn a_paused_escalation_is_pending_on_the_ticket_list_past_its_old_deadline() {
    use super::super::escalation::{Pause, test_support::esc};
    use crate::domain::EscalationState;
    let mut e = esc(EscalationState::New);
    let later = e.deadline + chrono::Duration::hours(1);
    assert_eq!(SlaOutcome::of(&e, later), SlaOutcome::Breached);
    e.pause = Some(Pause {
        since: e.reported_at,
        reason: "logs".into(),
    });
    assert_eq!(SlaOutcome::of(&e, later), SlaOutcome::Pending);
}

#[test]
fn attainment_rounds_half_up_in_tenths() {
    assert_eq!(attainment(0, 0), None);
    assert_eq!(attainment(2, 1), Some(667));
    assert_eq!(attainment(1, 7), Some(125));
    assert_eq!(format_permille(Some(667)), "66.7%");
    assert_eq!(format_permille(Some(1000)), "100.0%");
    assert_eq!(format_permille(None), "n/a");
}

#[test]
fn durations_read_like_a_report() {
    assert_eq!(format_duration(45), "45s");
    assert_eq!(format_duration(600), "10m");
    assert_eq!(format_duration(750), "12m 30s");
    assert_eq!(format_duration(3 * 3600), "3h");
    assert_eq!(format_duration(3 * 3600 + 125), "3h 2m");
}
