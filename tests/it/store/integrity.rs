//! What the schema itself enforces: refusals leave rows and audit log as
//! they were, and the open rank follows the state.

use super::*;

#[test]
fn refused_triage_and_refused_add_leave_rows_and_audit_log_as_they_were() {
    let (_dir, path, mut store) = store_with_customer();
    let e = store
        .add_escalation(&escalation("Acme", "T-1", Severity::S2), actor("alice"))
        .unwrap();
    store
        .triage(e.id, &TriageOp::Acknowledge, actor("alice"))
        .unwrap();
    let closed = store
        .add_escalation(&escalation("Acme", "T-2", Severity::S4), actor("alice"))
        .unwrap();
    store
        .triage(
            closed.id,
            &TriageOp::Withdraw { reason: None },
            actor("alice"),
        )
        .unwrap();

    let before = (
        store.escalation(e.id).unwrap(),
        store.escalation_history(e.id).unwrap(),
        dump(&path, "escalations"),
        dump(&path, "audit_log"),
        dump(&path, "customers"),
    );
    let later = Actor {
        engineer: "bob",
        now: t0() + Duration::hours(2),
    };
    let refusals = [
        (
            e.id,
            TriageOp::Resolve {
                resolution: Some("done".into()),
            },
        ),
        (e.id, TriageOp::Close),
        (e.id, TriageOp::Acknowledge),
        (e.id, TriageOp::SetSeverity(Severity::S2)),
        (
            e.id,
            TriageOp::Assign {
                to: "alice".into(),
                note: None,
            },
        ),
        (
            e.id,
            TriageOp::Assign {
                to: "   ".into(),
                note: None,
            },
        ),
        (closed.id, TriageOp::Withdraw { reason: None }),
        (closed.id, TriageOp::Start),
        (
            closed.id,
            TriageOp::OutOfScope(OutOfScopeReason::IdcHardware),
        ),
    ];
    for (id, op) in &refusals {
        let err = store.triage(*id, op, later).unwrap_err();
        assert!(matches!(err, StoreError::Triage(_)), "{op:?}: {err:?}");
    }
    let err = store.triage(999, &TriageOp::Close, later).unwrap_err();
    assert!(matches!(err, StoreError::NoEscalation(999)), "{err:?}");
    let err = store
        .triage(e.id, &TriageOp::Resolve { resolution: None }, later)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot resolve T-1 (#{}): it is acknowledged (start work on it first)",
            e.id
        )
    );

    let err = store
        .add_escalation(&escalation("ACME", " T-1 ", Severity::S1), later)
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::DuplicateTicket { id, .. } if *id == e.id),
        "{err:?}"
    );
    let err = store
        .add_escalation(&escalation("Nobody", "T-9", Severity::S1), later)
        .unwrap_err();
    assert!(matches!(err, StoreError::NoCustomer(_)), "{err:?}");
    let mut untitled = escalation("Acme", "T-9", Severity::S1);
    untitled.title = " ".into();
    let err = store.add_escalation(&untitled, later).unwrap_err();
    assert!(matches!(err, StoreError::InvalidEscalation(_)), "{err:?}");
    let err = store.add_customer(&customer("acme"), later).unwrap_err();
    assert!(matches!(err, StoreError::DuplicateCustomer(_)), "{err:?}");

    let after = (
        store.escalation(e.id).unwrap(),
        store.escalation_history(e.id).unwrap(),
        dump(&path, "escalations"),
        dump(&path, "audit_log"),
        dump(&path, "customers"),
    );
    assert_eq!(after, before);
}

#[test]
fn open_rank_is_held_to_the_state_by_the_schema() {
    let (_dir, path, mut store) = store_with_customer();
    let e = store
        .add_escalation(&escalation("Acme", "T-1", Severity::S3), actor("alice"))
        .unwrap();
    let before = dump(&path, "escalations");

    let conn = crate::common::raw_connection(&path).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    for sql in [
        "UPDATE escalations SET state = 'closed' WHERE id = ?1",
        "UPDATE escalations SET state = 'acknowledged' WHERE id = ?1",
        "UPDATE escalations SET open_rank = NULL WHERE id = ?1",
        "UPDATE escalations SET open_rank = 1 WHERE id = ?1",
        "UPDATE escalations SET state = 'resolved', open_rank = 1 WHERE id = ?1",
    ] {
        let err = conn.execute(sql, [e.id]).unwrap_err();
        assert!(
            err.to_string().contains("CHECK constraint failed"),
            "{sql}: {err}"
        );
    }
    assert_eq!(dump(&path, "escalations"), before);
    assert_eq!(store.escalation(e.id).unwrap(), e);

    // The consistent pairs are accepted.
    conn.execute(
        "UPDATE escalations SET state = 'acknowledged', open_rank = 1 WHERE id = ?1",
        [e.id],
    )
    .unwrap();
    conn.execute(
        "UPDATE escalations SET state = 'closed', open_rank = NULL WHERE id = ?1",
        [e.id],
    )
    .unwrap();
    assert_eq!(
        store.escalation(e.id).unwrap().state,
        EscalationState::Closed
    );
    // Other vocabularies are closed too.
    let err = conn
        .execute("UPDATE escalations SET severity = 6 WHERE id = ?1", [e.id])
        .unwrap_err();
    assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
}
