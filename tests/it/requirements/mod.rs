//! The requirement pipeline through the `sredesk` binary: who may submit
//! (more than three consecutive months of subscription), every legal and
//! illegal step, the rollout plan, and the timestamped history. Each test
//! runs the real executable on a store in its own temporary directory with
//! the clock set per command (`SREDESK_NOW`); the desk's zone is the
//! default, Asia/Shanghai (UTC+8, no daylight saving).

use serde_json::{Value, json};

use crate::common::*;

mod eligibility;
mod listing;
mod transitions;

impl Desk {
    fn add_at(&self, now: &str, customer: &str, title: &str) -> i64 {
        let v = self.json_at(
            now,
            &[
                "requirement",
                "add",
                "--customer",
                customer,
                "--title",
                title,
                "--json",
            ],
        );
        v["id"].as_i64().expect("id")
    }

    fn show_requirement(&self, id: i64) -> Value {
        self.json(&format!("requirement show {id} --json"))
    }

    fn requirement_state(&self, id: i64) -> String {
        self.show_requirement(id)["state"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Raw row counts of the requirement tables, to prove a refusal wrote
    /// nothing.
    fn requirement_counts(&self) -> (i64, i64) {
        (self.count("requirements"), self.count("requirement_events"))
    }

    /// Everything the store says about a requirement, and the table sizes.
    fn requirement_snapshot(&self, id: i64) -> (Value, (i64, i64)) {
        (self.show_requirement(id), self.requirement_counts())
    }
}

fn add_args<'a>(customer: &'a str, title: &'a str) -> Vec<&'a str> {
    vec![
        "requirement",
        "add",
        "--customer",
        customer,
        "--title",
        title,
    ]
}
