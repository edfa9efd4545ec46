//! What an engineer wrote in a text dialog stays theirs until the store
//! has it: the dialog closes when it is sent, and if the store refuses the
//! write or cannot be reached (a lost connection to the server, a locked
//! file) it opens again with every word and says why, to be sent again or
//! copied away.

use crate::app::dialog::{Overlay, TextForm};
use crate::app::model::Model;

/// `form` was sent to the store.
pub(crate) fn keep(m: &mut Model, form: Box<TextForm>) {
    m.unsent = Some(form);
}

/// The store answered a triage step of escalation `id`: written, or
/// refused with `error`. A refusal of the text sent for `id` opens its
/// dialog again, unless another dialog has the keyboard meanwhile (the
/// status bar says the refusal either way).
pub(crate) fn answered(m: &mut Model, id: i64, error: Option<&String>) {
    let Some(mut form) = m.unsent.take() else {
        return;
    };
    if form.target.id != id {
        m.unsent = Some(form);
        return;
    }
    if let Some(e) = error
        && m.overlay.is_none()
    {
        form.text.error = Some(format!("not saved: {e}"));
        m.overlay = Some(Overlay::Text(form));
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use crate::app::dialog::{Overlay, TextPurpose};
    use crate::app::test_harness::{Harness, notice_desk};
    use crate::domain::{Severity, TriageOp};
    use crate::store::test_support::{actor, new_esc, t0};

    fn open_text(h: &Harness) -> Option<(TextPurpose, String, Option<String>)> {
        match &h.m.overlay {
            Some(Overlay::Text(t)) => Some((t.purpose, t.text.text(), t.text.error.clone())),
            _ => None,
        }
    }

    /// The escalation is withdrawn by someone else while the update is
    /// being written: the store refuses it, and the words come back.
    #[test]
    fn a_customer_update_the_store_refuses_opens_again_with_every_word() {
        let mut store = notice_desk();
        store
            .add_escalation(&new_esc("T-9", Severity::S2, t0()), actor(t0()))
            .unwrap();
        let mut h = Harness::wide(store);
        h.key(KeyCode::Enter);
        h.keys("u");
        h.keys("Failover done; watching replication");
        h.store
            .triage(1, &TriageOp::Withdraw { reason: None }, actor(t0()))
            .unwrap();
        h.ctrl('s');
        let (purpose, text, error) = open_text(&h).expect("the dialog opened again");
        assert_eq!(purpose, TextPurpose::CustomerUpdate);
        assert_eq!(text, "Failover done; watching replication");
        let error = error.expect("says why");
        assert!(error.starts_with("not saved: "), "{error}");
        assert!(h.m.unsent.is_none(), "answered");
        assert_eq!(h.store.last_customer_update(1).unwrap(), None);
        // Esc gives it up, as any dialog.
        h.key(KeyCode::Esc);
        assert!(open_text(&h).is_none());
    }

    #[test]
    fn a_note_the_store_writes_is_let_go() {
        let mut h = Harness::new(2);
        h.keys("C");
        h.keys("Customer sent the ELB logs");
        h.ctrl('s');
        assert!(open_text(&h).is_none());
        assert!(h.m.unsent.is_none());
        assert_eq!(h.store.notes(1).unwrap().len(), 1);
    }
}
