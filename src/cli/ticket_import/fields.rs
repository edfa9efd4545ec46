//! The columns of an import file (the fields of `ticket add`) and the
//! header row that names them.

use anyhow::bail;

use crate::text::inert;

/// The fields of `ticket add`, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Customer,
    Severity,
    Kind,
    TicketNo,
    Title,
    Description,
    ReportedAt,
}

/// One row's values, indexed by `Field as usize`; None for a column the
/// file does not have (or a JSON null).
pub(super) type Values<'a> = [Option<&'a str>; Field::ALL.len()];

impl Field {
    pub(super) const ALL: [Field; 7] = [
        Field::Customer,
        Field::Severity,
        Field::Kind,
        Field::TicketNo,
        Field::Title,
        Field::Description,
        Field::ReportedAt,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Field::Customer => "customer",
            Field::Severity => "severity",
            Field::Kind => "kind",
            Field::TicketNo => "ticket_no",
            Field::Title => "title",
            Field::Description => "description",
            Field::ReportedAt => "reported_at",
        }
    }

    pub(super) fn required(self) -> bool {
        !matches!(self, Field::Description | Field::ReportedAt)
    }

    /// Header names as people write them: any case, `-` for `_`, as the
    /// command line's `--ticket-no` spells it.
    pub(super) fn named(s: &str) -> Option<Field> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Field::ALL.into_iter().find(|f| f.name() == s)
    }

    /// The column a validation message names in words ("ticket number").
    pub(super) fn in_words(words: &str) -> Option<Field> {
        match words {
            "customer" => Some(Field::Customer),
            "ticket number" => Some(Field::TicketNo),
            "title" => Some(Field::Title),
            "description" => Some(Field::Description),
            _ => None,
        }
    }

    /// The required fields `present` leaves out, by name.
    pub(super) fn missing(present: impl Fn(Field) -> bool) -> Vec<&'static str> {
        Field::ALL
            .into_iter()
            .filter(|f| f.required() && !present(*f))
            .map(Field::name)
            .collect()
    }
}

/// The header's columns in order; unknown, repeated or missing ones are
/// refused before any row is read.
pub(super) fn columns<'a>(
    header: impl IntoIterator<Item = &'a [u8]>,
) -> anyhow::Result<Vec<Field>> {
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for raw in header {
        let name = String::from_utf8_lossy(raw);
        let name = name.trim_start_matches('\u{feff}');
        match Field::named(name) {
            Some(f) if columns.contains(&f) => bail!("line 1: column {} is given twice", f.name()),
            Some(f) => columns.push(f),
            None => unknown.push(name.to_string()),
        }
    }
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(String::as_str).collect();
        bail!("line 1: {}", unknown_names("column", &names));
    }
    let missing = Field::missing(|f| columns.contains(&f));
    if !missing.is_empty() {
        bail!(
            "line 1: the header has no {} (columns: customer, severity, kind, ticket_no, \
             title, and optionally description, reported_at)",
            missing.join(", ")
        );
    }
    Ok(columns)
}

/// "unknown columns 'priority', 'owner' (known: ...)"; the names came
/// from the file, so they are quoted inert.
pub(super) fn unknown_names(what: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{}'", inert(n))).collect();
    format!(
        "unknown {what}{} {} (known: {})",
        if names.len() == 1 { "" } else { "s" },
        quoted.join(", "),
        Field::ALL.map(Field::name).join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_read_as_the_command_line_spells_them() {
        assert_eq!(Field::named(" Ticket-No "), Some(Field::TicketNo));
        assert_eq!(Field::named("reported_at"), Some(Field::ReportedAt));
        assert_eq!(Field::named("priority"), None);
    }

    #[test]
    fn a_header_with_a_byte_order_mark_and_any_column_order_is_read() {
        let header: [&[u8]; 5] = [
            b"\xef\xbb\xbfTitle",
            b"kind",
            b"severity",
            b"customer",
            b"ticket-no",
        ];
        assert_eq!(
            columns(header).unwrap(),
            [
                Field::Title,
                Field::Kind,
                Field::Severity,
                Field::Customer,
                Field::TicketNo
            ]
        );
    }
}
