//! A count that may stop short: exact, or a floor said as "N+". Counting
//! every breached escalation of 100,000 open ones costs as much as the
//! rest of a refresh; "✖ 500+ breached" says all the desk needs.

use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// The count, or a floor of it when `more`.
    pub n: usize,
    /// The count stopped: there may be (or are) more than `n`.
    pub more: bool,
}

impl Tally {
    pub fn exact(n: usize) -> Tally {
        Tally { n, more: false }
    }

    /// From a count taken with a limit of `cap + 1`: one past the cap
    /// says only that there are more than `cap`.
    pub fn upto(counted: usize, cap: usize) -> Tally {
        if counted > cap {
            Tally { n: cap, more: true }
        } else {
            Tally::exact(counted)
        }
    }

    pub fn is_zero(self) -> bool {
        self.n == 0 && !self.more
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.more {
            write!(f, "{}+", self.n)
        } else {
            write!(f, "{}", self.n)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_up_to_the_cap_and_n_plus_past_it() {
        assert_eq!(Tally::upto(0, 500).to_string(), "0");
        assert!(Tally::upto(0, 500).is_zero());
        assert_eq!(Tally::upto(500, 500), Tally::exact(500));
        assert_eq!(Tally::upto(500, 500).to_string(), "500");
        let past = Tally::upto(501, 500);
        assert_eq!(past.to_string(), "500+");
        assert!(!past.is_zero());
    }
}
