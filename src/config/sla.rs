//! `[sla]` and `[alarms]`: the desk's own policy for its clocks and how
//! the dashboard rings.

use serde::Deserialize;

use crate::domain::calendar::DeskCalendar;
use crate::domain::sla_policy::SlaPolicy;

/// The desk's own policy for the SLA clock.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct SlaConfig {
    /// How long a paused escalation may wait on the customer before the
    /// board flags it: "30m", "4h", "2d".
    pub pause_flag_after: Option<String>,
    /// The desk's working days for severities on business hours:
    /// ["mon-fri"] unless given.
    pub business_days: Option<Vec<String>>,
    /// Their window, "09:00-18:00" unless given, in the desk's zone.
    pub business_hours: Option<String>,
    #[serde(rename = "S1")]
    pub s1: SeverityConfig,
    #[serde(rename = "S2")]
    pub s2: SeverityConfig,
    #[serde(rename = "S3")]
    pub s3: SeverityConfig,
    #[serde(rename = "S4")]
    pub s4: SeverityConfig,
    #[serde(rename = "S5")]
    pub s5: SeverityConfig,
}

/// `[sla.S1]` and the like: one severity's clocks.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct SeverityConfig {
    /// "24x7" (the default) or "business".
    pub clock: Option<String>,
    /// A resolution target such as "3d"; none unless given.
    pub resolve_within: Option<String>,
    /// How often the customer is owed an update once answered, "30m".
    pub update_every: Option<String>,
    /// The time left to respond at which the alarm rings, "5m"; a fifth
    /// of the target unless given.
    pub alarm_before: Option<String>,
}

impl SlaConfig {
    pub(super) fn pause_flag_after(&self) -> Result<chrono::Duration, String> {
        match &self.pause_flag_after {
            None => Ok(crate::domain::pause::DEFAULT_FLAG_AFTER),
            Some(s) => crate::domain::pause::parse_span(s)
                .map_err(|e| format!("key `sla.pause_flag_after`: {e}")),
        }
    }

    /// The clocks per severity on `calendar`; errors name the key.
    pub fn policy(&self, calendar: &DeskCalendar) -> Result<SlaPolicy, String> {
        use crate::domain::business_hours::BusinessHours;
        use crate::domain::sla_policy::{Clock, SeverityClocks};
        let days = self
            .business_days
            .clone()
            .unwrap_or_else(|| vec!["mon-fri".into()]);
        let window = self.business_hours.as_deref().unwrap_or("09:00-18:00");
        let hours = BusinessHours::parse(&days, window).map_err(|e| {
            let key = if e.contains("window") || e.contains("opens") {
                "business_hours"
            } else {
                "business_days"
            };
            format!("key `sla.{key}`: {e}")
        })?;
        let mut policy = SlaPolicy {
            calendar: calendar.clone(),
            hours,
            severities: Default::default(),
        };
        let configs = [&self.s1, &self.s2, &self.s3, &self.s4, &self.s5];
        for (sev, c) in crate::domain::Severity::ALL.iter().zip(configs) {
            let key = |k: &str, e: String| format!("key `sla.{sev}.{k}`: {e}");
            let span = |k: &str, v: &Option<String>| {
                v.as_deref()
                    .map(crate::domain::pause::parse_span)
                    .transpose()
                    .map_err(|e| key(k, e))
            };
            policy.severities[*sev as usize] = SeverityClocks {
                clock: match &c.clock {
                    Some(s) => Clock::parse(s).map_err(|e| key("clock", e))?,
                    None => Clock::AllHours,
                },
                resolve_within: span("resolve_within", &c.resolve_within)?,
                update_every: span("update_every", &c.update_every)?,
                alarm_before: span("alarm_before", &c.alarm_before)?,
            };
            if policy.mark(*sev) >= sev.response_target() {
                return Err(key(
                    "alarm_before",
                    format!(
                        "must be less than the {sev} response target ({})",
                        crate::domain::sla::format_span(
                            sev.response_target().num_seconds().max(0) as u64
                        )
                    ),
                ));
            }
        }
        Ok(policy)
    }
}

/// `[alarms]`: how the dashboard rings at a mark.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct AlarmsConfig {
    /// The terminal bell.
    pub bell: bool,
    /// The desktop notification: "auto" (by the terminal's name), "osc9",
    /// "osc777" or "off".
    pub notify: String,
}

impl Default for AlarmsConfig {
    fn default() -> Self {
        AlarmsConfig {
            bell: true,
            notify: "auto".into(),
        }
    }
}

impl AlarmsConfig {
    pub(super) fn check(&self) -> Result<(), String> {
        match self.notify.as_str() {
            "auto" | "osc9" | "osc777" | "off" => Ok(()),
            other => Err(format!(
                "key `alarms.notify`: '{other}' is not one of auto, osc9, osc777, off"
            )),
        }
    }
}
