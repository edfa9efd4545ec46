//! Several connections at once: writers, change detection, and two
//! processes opening (and migrating) one file together.

use super::*;

#[test]
fn two_connections_write_at_once_without_failing() {
    const EACH: usize = 200;
    let (_dir, path, store) = store_with_customer();
    drop(store);
    let barrier = Barrier::new(2);
    let results: Vec<Result<(), String>> = std::thread::scope(|s| {
        let workers: Vec<_> = ["A", "B"]
            .into_iter()
            .map(|prefix| {
                let (path, barrier) = (&path, &barrier);
                s.spawn(move || -> Result<(), String> {
                    let mut store = Store::open(path).map_err(|e| format!("open: {e}"))?;
                    let engineer = format!("engineer-{prefix}");
                    barrier.wait();
                    for i in 0..EACH {
                        let sev = Severity::ALL[i % 5];
                        let new = escalation("Acme", &format!("{prefix}-{i}"), sev);
                        let e = store
                            .add_escalation(&new, actor(&engineer))
                            .map_err(|e| format!("{prefix} add {i}: {e}"))?;
                        if i % 4 == 0 {
                            store
                                .triage(e.id, &TriageOp::Acknowledge, actor(&engineer))
                                .map_err(|err| format!("{prefix} ack {i}: {err}"))?;
                        }
                        if i % 8 == 0 {
                            store
                                .triage(e.id, &TriageOp::Start, actor(&engineer))
                                .map_err(|err| format!("{prefix} start {i}: {err}"))?;
                        }
                        if i % 10 == 3 {
                            let op = TriageOp::OutOfScope(OutOfScopeReason::BeyondService);
                            store
                                .triage(e.id, &op, actor(&engineer))
                                .map_err(|err| format!("{prefix} oos {i}: {err}"))?;
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    for r in results {
        r.unwrap();
    }

    let store = Store::open(&path).unwrap();
    assert_eq!(store.escalation_count().unwrap(), 2 * EACH);
    let mut seen = std::collections::BTreeSet::new();
    let mut states = std::collections::BTreeMap::<&str, usize>::new();
    store
        .for_each_escalation(&ListFilter::default(), |e| {
            assert!(seen.insert(e.ticket_no.clone()), "twice: {}", e.ticket_no);
            *states.entry(e.state.as_str()).or_default() += 1;
            Ok(())
        })
        .unwrap();
    for prefix in ["A", "B"] {
        for i in 0..EACH {
            assert!(seen.contains(&format!("{prefix}-{i}")), "{prefix}-{i} lost");
        }
    }
    // Per writer: 200 added; i%8==0 started (25), other i%4==0 only
    // acknowledged (25), i%10==3 out of scope (20), the rest new (130).
    assert_eq!(states.get("in_progress"), Some(&50));
    assert_eq!(states.get("acknowledged"), Some(&50));
    assert_eq!(states.get("out_of_scope"), Some(&40));
    assert_eq!(states.get("new"), Some(&260));
    // Every change has its audit line, by the engineer who made it.
    let per_writer = EACH + 50 + 25 + 20;
    // And two lines before them: the customer and its subscription.
    assert_eq!(count(&path, "audit_log"), 2 + 2 * per_writer as i64);
    let by_a: i64 = crate::common::raw_connection(&path)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE engineer = 'engineer-A'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by_a, per_writer as i64);
}

#[test]
fn data_version_moves_for_other_connections_commits_only() {
    let (_dir, path, mut a) = store_with_customer();
    let mut b = Store::open(&path).unwrap();

    let v0 = a.data_version().unwrap();
    assert_eq!(
        a.data_version().unwrap(),
        v0,
        "stable while nothing happens"
    );
    b.add_escalation(&escalation("Acme", "B-1", Severity::S3), actor("bob"))
        .unwrap();
    let v1 = a.data_version().unwrap();
    assert_ne!(v1, v0, "B's commit is visible to A");
    // And A reads B's row.
    assert_eq!(a.escalation_count().unwrap(), 1);

    a.add_escalation(&escalation("Acme", "A-1", Severity::S3), actor("alice"))
        .unwrap();
    a.triage(1, &TriageOp::Acknowledge, actor("alice")).unwrap();
    assert_eq!(
        a.data_version().unwrap(),
        v1,
        "A's own commits do not count"
    );

    // ...but they do for B.
    let w0 = b.data_version().unwrap();
    a.triage(2, &TriageOp::Withdraw { reason: None }, actor("alice"))
        .unwrap();
    assert_ne!(b.data_version().unwrap(), w0);

    // A refused write commits nothing, so nobody sees a change.
    let w1 = b.data_version().unwrap();
    let refused = a.triage(2, &TriageOp::Withdraw { reason: None }, actor("alice"));
    assert!(refused.is_err());
    assert_eq!(b.data_version().unwrap(), w1);
}

/// Opens `path` from two threads released at the same instant, `rounds`
/// times over (each round on a file made by `prepare`); returns the errors.
fn open_twice_at_once(rounds: usize, prepare: impl Fn(&Path)) -> Vec<String> {
    let mut failures = Vec::new();
    for round in 0..rounds {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        prepare(&path);
        let barrier = Barrier::new(2);
        let errors: Vec<Option<String>> = std::thread::scope(|s| {
            let openers: Vec<_> = (0..2)
                .map(|_| {
                    let (path, barrier) = (&path, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        Store::open(path).err().map(|e| e.to_string())
                    })
                })
                .collect();
            openers.into_iter().map(|o| o.join().unwrap()).collect()
        });
        failures.extend(
            errors
                .into_iter()
                .flatten()
                .map(|e| format!("round {round}: {e}")),
        );
    }
    failures
}

#[test]
fn two_connections_opening_a_new_or_old_file_at_once_both_succeed() {
    let new_file = open_twice_at_once(50, |_| {});
    let old_file = open_twice_at_once(50, |path| {
        let mut conn = crate::common::raw_connection(path).unwrap();
        schema::migrate_to(&mut conn, 1).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    });
    assert!(
        new_file.is_empty() && old_file.is_empty(),
        "new file: {} failures, e.g. {:?}\nold file: {} failures, e.g. {:?}",
        new_file.len(),
        new_file.first(),
        old_file.len(),
        old_file.first()
    );
}
