//! The desk's named views (`v`): a list of filters by name; the one
//! chosen replaces the board's filter, as if typed on `/`.

use crossterm::event::KeyEvent;

use super::load::jump;
use crate::app::dialog::{Overlay, Picked, pick};
use crate::app::model::{Model, Status};
use crate::app::msg::Effect;
use crate::store::Anchor;

pub(crate) fn open(m: &mut Model) -> Vec<Effect> {
    if m.views.is_empty() {
        m.status = Some(Status::error(
            "no views: name some under [views] in the config, e.g. mine = \"@me\"",
        ));
        return Vec::new();
    }
    // The view now applied, if it is one, under the cursor.
    let now = m.filter.input.value().trim().to_string();
    let cursor = m.views.iter().position(|(_, t)| *t == now).unwrap_or(0);
    m.overlay = Some(Overlay::PickView { cursor });
    Vec::new()
}

pub(crate) fn on_key(m: &mut Model, cursor: usize, key: KeyEvent) -> Vec<Effect> {
    match pick(cursor, m.views.len(), &key) {
        Picked::Cancelled => Vec::new(),
        Picked::Chosen(i) => {
            let (name, text) = m.views[i].clone();
            let changed = m.filter.set(&text, &m.engineer);
            match &m.filter.error {
                // Checked when the config was read; said all the same.
                Some(e) => {
                    m.status = Some(Status::error(format!("view {name}: {e}")));
                    Vec::new()
                }
                None => {
                    m.status = Some(Status::info(format!("view {name}: {text}")));
                    if changed {
                        jump(m, Anchor::Top)
                    } else {
                        Vec::new()
                    }
                }
            }
        }
        moved => {
            m.overlay = Some(Overlay::PickView {
                cursor: moved.cursor_or(cursor),
            });
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::app::dialog::Overlay;
    use crate::app::test_harness::Harness;
    use crossterm::event::KeyCode;

    #[test]
    fn v_lists_the_views_and_a_number_applies_one() {
        let mut h = Harness::new(3);
        h.m.views = vec![
            ("mine".into(), "@me".into()),
            ("hot".into(), "sev:S1 !state:ack".into()),
        ];
        h.keys("v");
        assert!(matches!(h.m.overlay, Some(Overlay::PickView { cursor: 0 })));
        h.keys("2");
        assert!(h.m.overlay.is_none());
        assert_eq!(h.m.filter.input.value(), "sev:S1 !state:ack");
        assert_eq!(
            h.m.filter
                .applied
                .as_ref()
                .map(|f| f.to_string())
                .as_deref(),
            Some("sev:S1 !state:ack")
        );
        assert!(
            h.status().contains("view hot: sev:S1 !state:ack"),
            "{}",
            h.status()
        );
        // Opened again, the cursor is on the view applied; Esc leaves it.
        h.keys("v");
        assert!(matches!(h.m.overlay, Some(Overlay::PickView { cursor: 1 })));
        h.key(KeyCode::Esc);
        assert!(h.m.overlay.is_none());
        assert!(h.m.filter.applied.is_some());
        // Esc on the board clears it.
        h.key(KeyCode::Esc);
        assert!(h.m.filter.applied.is_none());
    }

    #[test]
    fn with_no_views_it_says_how_to_name_some() {
        let mut h = Harness::new(3);
        h.m.views.clear();
        h.keys("v");
        assert!(h.m.overlay.is_none());
        assert!(h.status().contains("[views]"), "{}", h.status());
    }
}
