//! JSON Lines: one object per line, keyed by the same names as the CSV
//! columns; blank lines are passed over but counted.

use std::io::{self, BufRead};

use serde_json::{Map, Value};

use super::check::Rows;
use super::fields::{Field, unknown_names};

impl Rows {
    pub(super) fn json_lines(&mut self, mut input: Box<dyn BufRead>) -> io::Result<()> {
        let mut buf = Vec::new();
        let mut line = 0;
        loop {
            buf.clear();
            if input.read_until(b'\n', &mut buf)? == 0 {
                return Ok(());
            }
            line += 1;
            let text = match std::str::from_utf8(&buf) {
                Ok(t) => t.trim_start_matches('\u{feff}').trim(),
                Err(_) => {
                    self.total += 1;
                    self.bad(line, "row", "is not UTF-8 text".into());
                    continue;
                }
            };
            if !text.is_empty() {
                self.total += 1;
                self.json_row(line, text);
            }
        }
    }

    fn json_row(&mut self, line: usize, text: &str) {
        let before = self.bad.len();
        let object: Map<String, Value> = match serde_json::from_str(text) {
            Ok(o) => o,
            Err(e) => {
                self.bad(line, "row", format!("is not a JSON object: {e}"));
                return;
            }
        };
        let unknown: Vec<&str> = object
            .keys()
            .filter(|k| Field::named(k).is_none())
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            self.bad(line, "row", unknown_names("key", &unknown));
        }
        let mut values: [Option<String>; Field::ALL.len()] = Default::default();
        for (key, value) in &object {
            let Some(field) = Field::named(key) else {
                continue;
            };
            if values[field as usize].is_some() {
                self.bad(line, field.name(), format!("is given twice (as '{key}')"));
                continue;
            }
            match value {
                Value::Null => {}
                Value::String(s) => values[field as usize] = Some(s.clone()),
                // A severity written as a number (2) is S2.
                Value::Number(n) if field == Field::Severity => {
                    values[field as usize] = Some(n.to_string());
                }
                other => self.bad(
                    line,
                    field.name(),
                    format!("is {}, not a string", json_type(other)),
                ),
            }
        }
        let missing = Field::missing(|f| object.keys().any(|k| Field::named(k) == Some(f)));
        if !missing.is_empty() {
            self.bad(line, "row", format!("has no {}", missing.join(", ")));
        }
        if self.bad.len() == before {
            self.check(line, &values.each_ref().map(|v| v.as_deref()));
        }
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
