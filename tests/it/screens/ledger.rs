//! A notice's delivery ledger.

use crossterm::event::KeyCode;

use super::assert_screen;
use super::notices::open_notices;

#[test]
fn delivery_ledger() {
    for (w, h) in [(160, 40), (80, 24)] {
        let mut s = open_notices(w, h);
        s.keys("G").key(KeyCode::Enter);
        let text = s.render();
        assert!(text.contains("Notice #1"), "{text}");
        assert!(text.contains("2/5 sent"), "{text}");
        assert_screen!(format!("ledger_{w}x{h}"), text);
    }
}
