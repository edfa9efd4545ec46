//! Demo incidents, changes, inventories and contacts, with notices queued
//! so that an open dashboard delivers them (to files, in demo mode) and a
//! newcomer sees the outbox work.

use chrono::{DateTime, Duration, Utc};

use crate::domain::change::{ChangeEdit, ChangeKind, ChangeState, Impact, NewChange};
use crate::domain::contact::Contact;
use crate::domain::customer::Customer;
use crate::domain::incident::{IncidentEdit, IncidentKind, IncidentLevel, NewIncident};
use crate::domain::inventory::{Holding, REGIONS, SERVICES};
use crate::domain::notice::{Channel, Stage};
use crate::domain::record::Record;
use crate::notify::compose::Request;
use crate::notify::queue;
use crate::notify::templates::Templates;
use crate::store::{Actor, Result, Store, StoreError};

fn slug(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Each customer holds a few services in a few regions; the first ones
/// all run ECS in cn-north-4, so the demo incident reaches several. Email
/// and SMS contacts here; chat robots belong to the chat groups.
fn inventories_and_contacts(
    store: &mut Store,
    customers: &[Customer],
    actor: Actor<'_>,
) -> Result<()> {
    for (i, c) in customers.iter().enumerate() {
        let mut holdings = vec![Holding {
            service: "ECS".into(),
            region: REGIONS[i % 3].into(),
        }];
        for k in 0..(2 + i % 4) {
            holdings.push(Holding {
                service: SERVICES[(i * 3 + k * 5) % SERVICES.len()].into(),
                region: REGIONS[(i + k) % REGIONS.len()].into(),
            });
        }
        // The demo changes' services, so each reaches someone.
        let (service, region) = [
            ("ELB", "cn-east-3"),
            ("RDS", "ap-southeast-1"),
            ("CCE", "cn-south-1"),
        ][i % 3];
        holdings.push(Holding {
            service: service.into(),
            region: region.into(),
        });
        // The first customer runs what every demo incident and change
        // touches, so a demo of one to three customers has an audience
        // for each (it once refused to be made: "touches no customer").
        if i == 0 {
            for (service, region) in [
                ("ECS", "cn-north-4"),
                ("CCE", "cn-south-1"),
                ("ELB", "cn-east-3"),
                ("RDS", "ap-southeast-1"),
                ("DNS", "cn-north-4"),
            ] {
                holdings.push(Holding {
                    service: service.into(),
                    region: region.into(),
                });
            }
        }
        store.add_holdings(&c.name, &holdings, actor)?;
        let s = slug(&c.name);
        let mut contacts = vec![Contact::new(
            Channel::Email,
            &format!("ops@{s}.example"),
            None,
        )];
        // One customer in four has no phone on record: the composer shows
        // it as unreachable by SMS.
        if i % 4 != 3 {
            contacts.push(Contact::new(
                Channel::Sms,
                &format!("+86 138 0000 {:04}", 1000 + i),
                None,
            ));
        }
        // Chat goes to each customer's own group robot, set with its
        // subscription (see `subscribe`), on the platform its kind needs.
        for contact in contacts {
            let contact = contact.map_err(StoreError::Invalid)?;
            store.add_contact(&c.name, &contact, actor)?;
        }
    }
    Ok(())
}

/// The templates the demo's notices are rendered with, and whether they
/// are queued at all.
struct Outbox {
    templates: Templates,
    /// False for a desk that starts with an empty outbox (`demo
    /// --no-notices`): its records then wait at guidance_ready.
    queue: bool,
}

fn queue(
    store: &mut Store,
    outbox: &Outbox,
    record: Record,
    stage: Stage,
    next_update_due: Option<DateTime<Utc>>,
    actor: Actor<'_>,
) -> Result<()> {
    if !outbox.queue {
        return Ok(());
    }
    let templates = &outbox.templates;
    let audience = queue::audience(store, &record, queue::Choice::default(), actor.now)?;
    let req = Request {
        stage,
        channels: Channel::ALL.to_vec(),
        message: String::new(),
        next_update_due,
    };
    let render = |c: &crate::notify::NoticeContext| templates.render(c).map_err(|e| e.to_string());
    queue::queue(store, &record, &req, &audience, actor, &render)
        .map(|_| ())
        .map_err(StoreError::Invalid)
}

/// One step on; at guidance_ready the step is the first notice, which is
/// what makes a record notified.
fn advance_incident(
    store: &mut Store,
    templates: &Outbox,
    id: i64,
    edit: IncidentEdit,
    actor: Actor<'_>,
) -> Result<()> {
    let i = store.incident(id)?;
    if i.state == crate::domain::incident::IncidentState::GuidanceReady {
        queue(
            store,
            templates,
            Record::Incident(i),
            Stage::Initial,
            None,
            actor,
        )?;
    } else {
        store.advance_incident(id, &edit, None, actor)?;
    }
    Ok(())
}

fn advance_change(
    store: &mut Store,
    templates: &Outbox,
    id: i64,
    edit: ChangeEdit,
    actor: Actor<'_>,
) -> Result<()> {
    let c = store.change(id)?;
    if c.state == ChangeState::GuidanceReady {
        queue(
            store,
            templates,
            Record::Change(c),
            Stage::Notice,
            None,
            actor,
        )?;
    } else {
        store.advance_change(id, &edit, None, actor)?;
    }
    Ok(())
}

/// Incidents and changes across their lifecycles, and notices for two of
/// them waiting in the outbox.
pub fn fill(
    store: &mut Store,
    customers: &[Customer],
    now: DateTime<Utc>,
    queue_notices: bool,
) -> Result<()> {
    let actor = Actor {
        engineer: "demo",
        now,
    };
    inventories_and_contacts(store, customers, actor)?;
    let templates = Outbox {
        templates: Templates::load(None).map_err(|e| StoreError::Invalid(e.to_string()))?,
        queue: queue_notices,
    };
    let level = |n| IncidentLevel::new(n).ok();

    // An OpenSSH hole on every ECS host in cn-north-4: notified, the next
    // update due in 40 minutes, its first notice in the outbox.
    let ssh = store.add_incident(
        &NewIncident {
            title: "OpenSSH remote code execution (regreSSHion, CVE-2024-6387)".into(),
            kind: IncidentKind::OsVulnerability,
            level: level(1),
            services: vec!["ECS".into()],
            regions: vec!["cn-north-4".into()],
            guidance: "Upgrade openssh-server to 9.8p1 or later and restart sshd.\n\
                       Until then, restrict port 22 to bastion hosts in the security group."
                .into(),
            next_update_due: None,
        },
        Actor {
            now: now - Duration::hours(3),
            ..actor
        },
    )?;
    for _ in 0..2 {
        store.advance_incident(
            ssh.id,
            &IncidentEdit::default(),
            None,
            Actor {
                now: now - Duration::hours(2),
                ..actor
            },
        )?;
    }
    let ssh = store.incident(ssh.id)?;
    queue(
        store,
        &templates,
        Record::Incident(ssh),
        Stage::Initial,
        Some(now + Duration::minutes(40)),
        actor,
    )?;

    // A backbone fault in cn-south-1, being coordinated, its update overdue.
    let fault = store.add_incident(
        &NewIncident {
            title: "Packet loss on the cn-south-1 backbone".into(),
            kind: IncidentKind::BackboneFault,
            level: level(2),
            services: vec![],
            regions: vec!["cn-south-1".into()],
            guidance: "Move latency-sensitive traffic to cn-east-3 through the ELB; \
                       the carrier is replacing a line card."
                .into(),
            next_update_due: Some(now - Duration::minutes(10)),
        },
        Actor {
            now: now - Duration::hours(5),
            ..actor
        },
    )?;
    let at = Actor {
        now: now - Duration::hours(4),
        ..actor
    };
    for _ in 0..4 {
        advance_incident(store, &templates, fault.id, IncidentEdit::default(), at)?;
    }

    // Just seen, not yet evaluated.
    store.add_incident(
        &NewIncident {
            title: "Mining malware reported on a customer's CCE nodes".into(),
            kind: IncidentKind::VirusOutbreak,
            level: None,
            services: vec!["CCE".into()],
            regions: vec![],
            guidance: String::new(),
            next_update_due: None,
        },
        Actor {
            now: now - Duration::minutes(25),
            ..actor
        },
    )?;

    // Last week's, resolved and reviewed.
    let old = store.add_incident(
        &NewIncident {
            title: "Log4Shell probe wave against public ELB listeners".into(),
            kind: IncidentKind::ThirdPartyVulnerability,
            level: level(2),
            services: vec!["ELB".into(), "WAF".into()],
            regions: vec![],
            guidance: "WAF rule set 2026-11 blocks the probes; patch log4j to 2.17.1.".into(),
            next_update_due: None,
        },
        Actor {
            now: now - Duration::days(7),
            ..actor
        },
    )?;
    for k in 0..6 {
        let edit = if k == 5 {
            IncidentEdit {
                lessons: Some("Probes started 40 minutes before the WAF rule shipped.".into()),
                improvements: Some("Pre-approve emergency WAF rules for Level-2 incidents.".into()),
                ..IncidentEdit::default()
            }
        } else {
            IncidentEdit::default()
        };
        advance_incident(
            store,
            &templates,
            old.id,
            edit,
            Actor {
                now: now - Duration::days(6 - k.min(5)),
                ..actor
            },
        )?;
    }

    // Changes: one ready to announce, one announced, one done.
    let day = Duration::days(1);
    let impact = Impact {
        availability: true,
        within_sla: true,
        ..Impact::default()
    };
    let rds = store.add_change(
        &NewChange {
            title: "RDS for MySQL minor version upgrade to 8.0.40".into(),
            kind: ChangeKind::Upgrade,
            window_start: now + day + Duration::hours(10),
            window_end: now + day + Duration::hours(12),
            services: vec!["RDS".into()],
            regions: vec!["ap-southeast-1".into(), "ap-southeast-3".into()],
            impact: Some(impact),
            guidance: "Expect one failover of about 30 seconds; let clients reconnect.".into(),
        },
        Actor {
            now: now - day,
            ..actor
        },
    )?;
    for _ in 0..2 {
        store.advance_change(
            rds.id,
            &ChangeEdit::default(),
            None,
            Actor {
                now: now - Duration::hours(20),
                ..actor
            },
        )?;
    }
    let elb = store.add_change(
        &NewChange {
            title: "ELB control plane maintenance".into(),
            kind: ChangeKind::Maintenance,
            window_start: now + Duration::days(3),
            window_end: now + Duration::days(3) + Duration::hours(4),
            services: vec!["ELB".into()],
            regions: vec!["cn-east-3".into()],
            impact: Some(Impact {
                performance: true,
                within_sla: true,
                ..Impact::default()
            }),
            guidance: "Listener changes are frozen during the window; traffic is not affected."
                .into(),
        },
        Actor {
            now: now - Duration::days(2),
            ..actor
        },
    )?;
    for _ in 0..2 {
        store.advance_change(
            elb.id,
            &ChangeEdit::default(),
            None,
            Actor {
                now: now - day,
                ..actor
            },
        )?;
    }
    let elb = store.change(elb.id)?;
    queue(
        store,
        &templates,
        Record::Change(elb),
        Stage::Notice,
        None,
        actor,
    )?;
    let dns = store.add_change(
        &NewChange {
            title: "DNS resolver architecture adjustment".into(),
            kind: ChangeKind::ArchitectureAdjustment,
            window_start: now - Duration::days(10),
            window_end: now - Duration::days(10) + Duration::hours(3),
            services: vec!["DNS".into()],
            regions: vec![],
            impact: Some(impact),
            guidance: "No action needed.".into(),
        },
        Actor {
            now: now - Duration::days(14),
            ..actor
        },
    )?;
    let at = Actor {
        now: now - Duration::days(8),
        ..actor
    };
    while store.change(dns.id)?.state != ChangeState::FollowedUp {
        // Without its notice a change stays where the notice would be
        // sent from.
        if !templates.queue && store.change(dns.id)?.state == ChangeState::GuidanceReady {
            break;
        }
        // Followed up once each affected customer has confirmed.
        if store.change(dns.id)?.state == ChangeState::Completed {
            for ci in store.customer_impacts(dns.id)? {
                store.confirm_change(dns.id, &ci.customer, "Operations lead", "", at)?;
            }
        }
        let edit = ChangeEdit {
            follow_up: Some(
                "Confirmed by every customer's contact; impact report delivered.".into(),
            ),
            ..ChangeEdit::default()
        };
        advance_change(store, &templates, dns.id, edit, at)?;
    }
    Ok(())
}

/// What the service promises to tell: `next_owner` taking over the second
/// customer, announced today for the earliest day the three-working-day
/// rule allows, and R&D's decisions on the `decided` requirements. Both
/// wait in the outbox; the requirements become customer_notified as the
/// dashboard sends them.
pub(super) fn promised(
    store: &mut Store,
    customers: &[Customer],
    next_owner: &str,
    decided: &[i64],
    now: DateTime<Utc>,
) -> Result<()> {
    let actor = Actor {
        engineer: "demo",
        now,
    };
    let templates = Templates::load(None).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let render = |c: &crate::notify::NoticeContext| templates.render(c).map_err(|e| e.to_string());
    if let Some(c) = customers.get(1) {
        let cal = store.rules().calendar.clone();
        let effective = crate::domain::owner::earliest_change(&cal, cal.date(now));
        crate::notify::announce::owner_change(
            store, &c.name, next_owner, effective, None, actor, &render,
        )
        .map_err(StoreError::Invalid)?;
    }
    for &id in decided {
        let r = store.requirement(id)?;
        if !matches!(
            r.state,
            crate::domain::requirement::RequirementState::Accepted
                | crate::domain::requirement::RequirementState::Rejected
        ) {
            continue;
        }
        crate::notify::announce::requirement_result(
            store,
            id,
            Some(r.state),
            &crate::notify::announce::ResultRequest::default(),
            actor,
            &render,
        )
        .map_err(StoreError::Invalid)?;
    }
    Ok(())
}
