//! Time as the program sees it. Tests hold a [`ManualClock`] and move it.
//! Every rule, every record and every time shown reads a [`Clock`]; only
//! what the outside world stamps with its own time reads the system clock
//! directly: a WeLink robot's `timeStamp` and an email's `Date` (the far
//! end judges them against real time), and lining the dashboard's ticks up
//! with the wall clock's seconds.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, SubsecRound, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// Wall-clock time, truncated to whole seconds: the store keeps seconds and
/// a countdown that disagreed with it by a fraction would flicker.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(0)
    }
}

/// A clock that moves only when told to.
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let c = ManualClock::new(t);
        assert_eq!(c.now(), t);
        c.advance(Duration::seconds(90));
        assert_eq!(c.now(), t + Duration::seconds(90));
        let shared = c.clone();
        shared.set(t);
        assert_eq!(c.now(), t);
    }

    #[test]
    fn system_clock_has_whole_seconds() {
        assert_eq!(SystemClock.now().timestamp_subsec_nanos(), 0);
    }
}
