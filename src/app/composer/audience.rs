//! Who a notice reaches, and how: the customers the services and regions
//! touch, those added by name, minus those taken out; deliveries per
//! channel and who cannot be reached on which.

use crate::domain::inventory;
use crate::domain::notice::Channel;
use crate::store::AudienceMember;

/// Channels in the order the form shows them.
pub const CHANNELS: [Channel; 3] = [Channel::Email, Channel::Chat, Channel::Sms];

/// Who a notice reaches: the customers whose inventory the services and
/// regions touch, those the engineer added by name, minus those taken out.
#[derive(Clone, Debug, Default)]
pub struct AudienceState {
    pub computed: Vec<AudienceMember>,
    pub added: Vec<AudienceMember>,
    /// Added by name in a draft, not looked up yet.
    pub pending: Vec<String>,
    /// Customers (by stored name) taken out of the audience.
    pub excluded: Vec<String>,
    pub selected: usize,
    /// Numbers audience reads; only the newest answer counts.
    pub seq: u64,
    pub loaded: bool,
    pub error: Option<String>,
}

/// How many a notice reaches, on which channel, and who it misses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    pub customers: usize,
    /// Deliveries per channel, in `CHANNELS` order.
    pub deliveries: [usize; 3],
    pub unreachable: Vec<(String, Channel)>,
}

impl Reach {
    pub fn total(&self) -> usize {
        self.deliveries.iter().sum()
    }
}

/// "Cape Health (email, chat), Borealis (sms)": each customer once, with
/// the channels it cannot be reached on.
pub fn unreachable_text(missed: &[(String, Channel)]) -> String {
    let mut by: Vec<(&str, Vec<&str>)> = Vec::new();
    for (who, ch) in missed {
        match by.iter_mut().find(|(w, _)| w == who) {
            Some((_, chs)) => chs.push(ch.as_str()),
            None => by.push((who, vec![ch.as_str()])),
        }
    }
    by.iter()
        .map(|(who, chs)| format!("{who} ({})", chs.join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

impl AudienceState {
    /// Everyone listed, in order: the computed ones, then those added by
    /// hand; with whether each is in.
    pub fn members(&self) -> Vec<(&AudienceMember, bool)> {
        let listed = inventory::audience(
            self.computed.iter().collect(),
            self.added.iter().collect(),
            |m| m.customer_id,
        );
        listed
            .into_iter()
            .map(|m| (m, !self.excluded.contains(&m.customer)))
            .collect()
    }

    pub fn included(&self) -> Vec<&AudienceMember> {
        self.members()
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(m, _)| m)
            .collect()
    }

    pub fn selected_member(&self) -> Option<&AudienceMember> {
        self.members().get(self.selected).map(|(m, _)| *m)
    }

    pub fn is_added(&self, m: &AudienceMember) -> bool {
        !self.computed.iter().any(|c| c.customer_id == m.customer_id)
    }

    /// Takes the selected customer out, or puts it back.
    pub fn toggle_selected(&mut self) -> bool {
        let Some(name) = self.selected_member().map(|m| m.customer.clone()) else {
            return false;
        };
        match self.excluded.iter().position(|n| *n == name) {
            Some(i) => {
                self.excluded.remove(i);
            }
            None => self.excluded.push(name),
        }
        true
    }

    pub fn reach(&self, channels: &[Channel]) -> Reach {
        let mut r = Reach::default();
        for m in self.included() {
            r.customers += 1;
            for (i, ch) in CHANNELS.iter().enumerate() {
                if !channels.contains(ch) {
                    continue;
                }
                let n = m.contacts.iter().filter(|c| c.channel == *ch).count();
                r.deliveries[i] += n;
                if n == 0 {
                    r.unreachable.push((m.customer.clone(), *ch));
                }
            }
        }
        r
    }

    /// Names to keep in a draft for those added by hand.
    pub fn added_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.added.iter().map(|m| m.customer.clone()).collect();
        names.extend(self.pending.iter().cloned());
        names
    }
}
