//! The `sredesk` binary driven as a script would drive it: every test runs
//! the real executable against a store in its own temporary directory, with
//! a controlled clock (`SREDESK_NOW`) and no access to the user's files.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::common::*;

mod clocks;
mod config;
mod conventions;
mod customers;
mod dashboard;
mod demo;
mod errors;
mod handover;
mod handover_send;
mod hostile;
mod import;
mod logging;
mod mutations;
mod pause;
mod pipe;
mod read_only;
mod report;
mod search;
mod status;
mod subscriptions;
mod tickets;
mod triage;
mod unreadable;
mod working;

impl Desk {
    /// A customer subscribed from 3 November 2026 for three months: faster
    /// and expert escalations have quota in the test clock's month.
    fn subscribed_customer(&self, name: &str) {
        self.customer(name);
        self.subscribe(name, "2026-11-02", "2026-11-03", 3);
    }

    /// Adds an escalation for `customer` and returns its id.
    fn add_ticket(&self, customer: &str, ticket_no: &str, severity: &str, reported: &str) -> i64 {
        let v = self.json(&[
            "ticket",
            "add",
            "--customer",
            customer,
            "--severity",
            severity,
            "--kind",
            "general",
            "--ticket-no",
            ticket_no,
            "--title",
            &format!("problem {ticket_no}"),
            "--reported-at",
            reported,
            "--json",
        ]);
        v["id"].as_i64().expect("id")
    }

    fn show_ticket(&self, id: i64) -> Value {
        self.json(&format!("ticket show {id} --json"))
    }

    /// Everything the CLI can say about the store, plus the raw row counts
    /// of every table: two equal snapshots mean nothing was written.
    fn snapshot(&self) -> Snapshot {
        let mut cli = vec![
            self.ok("customer list --json"),
            self.ok("ticket list --json"),
        ];
        let tickets: Value = serde_json::from_str(&cli[1]).unwrap();
        for t in tickets.as_array().unwrap() {
            let id = t["id"].as_i64().unwrap().to_string();
            cli.push(self.ok(&format!("ticket show {id} --json")));
        }
        let counts = ["customers", "escalations", "audit_log"]
            .iter()
            .map(|t| self.count(t))
            .collect();
        Snapshot { cli, counts }
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    cli: Vec<String>,
    counts: Vec<i64>,
}

fn time(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s:?} is not RFC 3339: {e}"))
        .to_utc()
}

/// A store with one customer and two tickets, one of them acknowledged.
fn desk_with_tickets() -> Desk {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.add_ticket("Acme", "T-1", "S2", "2026-11-22T09:50:00Z");
    let id = desk.add_ticket("Acme", "T-2", "S3", "2026-11-22T09:00:00Z");
    desk.ok(&format!("ticket ack {id}"));
    desk
}

fn add_args<'a>(customer: &'a str, ticket_no: &'a str, title: &'a str) -> Vec<&'a str> {
    vec![
        "ticket",
        "add",
        "--customer",
        customer,
        "--severity",
        "S2",
        "--kind",
        "faster",
        "--ticket-no",
        ticket_no,
        "--title",
        title,
    ]
}
