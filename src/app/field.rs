//! A one-line text field of a dialog or form, and what is wrong with what
//! was typed in it.

use tui_input::Input;

/// A one-line text field and what is wrong with its text, shown beside it.
#[derive(Clone, Debug, Default)]
pub struct Field {
    pub input: Input,
    pub error: Option<String>,
}

impl Field {
    pub fn with(text: &str) -> Field {
        Field {
            input: Input::new(text.to_string()),
            error: None,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.input.value() == other.input.value()
            && self.input.cursor() == other.input.cursor()
            && self.error == other.error
    }
}

impl Eq for Field {}
