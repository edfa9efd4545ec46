//! Which cloud services each customer runs in which regions, and from it
//! the customers an incident or change affects.

use std::collections::BTreeSet;

use serde::Serialize;

/// Cloud services a customer's inventory may list.
pub const SERVICES: &[&str] = &[
    "ECS", "EVS", "OBS", "RDS", "DCS", "DMS", "CCE", "ELB", "VPC", "NAT", "CDN", "WAF", "DNS",
    "IAM",
];

/// Regions the platform runs.
pub const REGIONS: &[&str] = &[
    "cn-north-4",
    "cn-east-3",
    "cn-south-1",
    "ap-southeast-1",
    "ap-southeast-3",
    "af-south-1",
    "la-south-2",
    "tr-west-1",
];

/// One line of a customer's inventory.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Holding {
    pub service: String,
    pub region: String,
}

/// Checks and normalises a service name ("nat gateway" → "NAT").
pub fn service(s: &str) -> Result<String, String> {
    let t = s.trim().to_ascii_uppercase();
    let t = t.strip_suffix(" GATEWAY").unwrap_or(&t);
    SERVICES
        .iter()
        .find(|known| **known == t)
        .map(|k| k.to_string())
        .ok_or_else(|| {
            format!(
                "unknown service '{}': expected one of {}",
                s.trim(),
                SERVICES.join(", ")
            )
        })
}

pub fn region(s: &str) -> Result<String, String> {
    let t = s.trim().to_ascii_lowercase();
    REGIONS
        .iter()
        .find(|known| **known == t)
        .map(|k| k.to_string())
        .ok_or_else(|| {
            format!(
                "unknown region '{}': expected one of {}",
                s.trim(),
                REGIONS.join(", ")
            )
        })
}

/// A comma-separated list of services or regions, checked and de-duplicated.
pub fn parse_list(
    s: &str,
    each: impl Fn(&str) -> Result<String, String>,
) -> Result<Vec<String>, String> {
    let set: BTreeSet<String> = s
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(each)
        .collect::<Result<_, _>>()?;
    Ok(set.into_iter().collect())
}

/// The customer's holdings an event touches: the service is among the
/// affected ones and so is the region. An empty list means "all".
pub fn affected<'a>(
    holdings: &'a [Holding],
    services: &[String],
    regions: &[String],
) -> Vec<&'a Holding> {
    let hit = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
    holdings
        .iter()
        .filter(|h| hit(services, &h.service) && hit(regions, &h.region))
        .collect()
}

/// The audience rule: the customers a notice reaches are those its services
/// and regions touch (or those named instead), then those added by name
/// that are not among them; each once, in that order. Who is taken out is
/// the caller's to mark or drop.
pub fn audience<T>(base: Vec<T>, added: Vec<T>, customer: impl Fn(&T) -> i64) -> Vec<T> {
    let mut seen = BTreeSet::new();
    base.into_iter()
        .chain(added)
        .filter(|m| seen.insert(customer(m)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(service: &str, region: &str) -> Holding {
        Holding {
            service: service.into(),
            region: region.into(),
        }
    }

    #[test]
    fn names_are_normalised_and_checked() {
        assert_eq!(service(" rds ").unwrap(), "RDS");
        assert_eq!(service("NAT Gateway").unwrap(), "NAT");
        assert!(
            service("Mainframe")
                .unwrap_err()
                .contains("unknown service")
        );
        assert_eq!(region("CN-North-4").unwrap(), "cn-north-4");
        assert!(region("mars-1").is_err());
        assert_eq!(
            parse_list("ECS, rds,ECS,", service).unwrap(),
            ["ECS", "RDS"]
        );
        assert!(parse_list("ECS, what", service).is_err());
    }

    #[test]
    fn affected_needs_both_service_and_region() {
        let inv = [
            h("ECS", "cn-north-4"),
            h("RDS", "cn-north-4"),
            h("ECS", "ap-southeast-1"),
        ];
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(affected(&inv, &s(&["ECS"]), &s(&["cn-north-4"])), [&inv[0]]);
        assert_eq!(affected(&inv, &s(&["ECS"]), &[]).len(), 2);
        assert_eq!(affected(&inv, &[], &s(&["cn-north-4"])).len(), 2);
        assert!(affected(&inv, &s(&["OBS"]), &[]).is_empty());
    }

    #[test]
    fn the_audience_is_the_reached_then_the_added_each_once() {
        let got = audience(
            vec![(1, "a"), (2, "b"), (1, "a again")],
            vec![(3, "c"), (2, "b")],
            |m| m.0,
        );
        assert_eq!(got, [(1, "a"), (2, "b"), (3, "c")]);
    }
}
