//! `sredesk contact ...`: where a customer's notices go, by email, SMS or
//! a chat group's robot.

use std::io::Write;

use anyhow::{anyhow, bail};
use clap::{Args, Subcommand};

use super::print::json_line;
use crate::desk::Desk;
use crate::domain::contact::Contact;
use crate::domain::masking::masked_url;
use crate::domain::notice::{Channel, ChatPlatform};
use crate::store::Actor;
use crate::text::inert;

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ContactAddress {
    #[arg(long)]
    pub email: Option<String>,
    /// Phone number in international form, e.g. +86 138 0000 0000
    #[arg(long)]
    pub sms: Option<String>,
    /// WeCom group robot webhook URL
    #[arg(long)]
    pub wecom: Option<String>,
    /// WeLink group robot webhook URL
    #[arg(long)]
    pub welink: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add one contact
    Add {
        customer: String,
        #[command(flatten)]
        address: ContactAddress,
        /// Print the contact and what was done as JSON (a robot's key
        /// masked)
        #[arg(long)]
        json: bool,
    },
    /// Remove one contact
    Remove {
        customer: String,
        #[command(flatten)]
        address: ContactAddress,
        /// Print the contact and what was done as JSON (a robot's key
        /// masked)
        #[arg(long)]
        json: bool,
    },
    /// A customer's contacts
    List {
        customer: String,
        #[arg(long)]
        json: bool,
    },
}

fn contact_of(a: &ContactAddress) -> anyhow::Result<Contact> {
    let (channel, address, platform) = match a {
        ContactAddress { email: Some(e), .. } => (Channel::Email, e, None),
        ContactAddress { sms: Some(s), .. } => (Channel::Sms, s, None),
        ContactAddress { wecom: Some(u), .. } => (Channel::Chat, u, Some(ChatPlatform::WeCom)),
        ContactAddress {
            welink: Some(u), ..
        } => (Channel::Chat, u, Some(ChatPlatform::WeLink)),
        _ => bail!("give one of --email, --sms, --wecom, --welink"),
    };
    Contact::new(channel, address, platform).map_err(|e| anyhow!(e))
}

/// A robot's key is never printed whole.
fn shown(c: &Contact) -> String {
    match c.channel {
        Channel::Chat => masked_url(&c.address),
        _ => c.address.clone(),
    }
}

/// What an add or remove did: `{"customer", "contact", "added": true}`,
/// or "email ops@x: added".
fn answer(
    out: &mut dyn Write,
    json: bool,
    customer: &str,
    contact: &Contact,
    (key, done): (&str, bool),
    what: &str,
) -> std::io::Result<()> {
    if json {
        json_line(
            out,
            &serde_json::json!({ "customer": customer, "contact": contact, key: done }),
        )
    } else {
        writeln!(
            out,
            "{} {}: {what}",
            contact.channel,
            inert(&shown(contact))
        )
    }
}

pub fn run(desk: &Desk, c: &ContactCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    match c {
        ContactCommand::Add {
            customer,
            address,
            json,
        } => {
            let contact = contact_of(address)?;
            let engineer = desk.engineer()?;
            let added =
                desk.open_store()?
                    .add_contact(customer, &contact, Actor { engineer, now })?;
            let what = match (contact.channel, added) {
                (Channel::Chat, true) => "now the chat group's robot",
                (_, true) => "added",
                (_, false) => "already there",
            };
            answer(out, *json, customer, &contact, ("added", added), what)?;
        }
        ContactCommand::Remove {
            customer,
            address,
            json,
        } => {
            let contact = contact_of(address)?;
            let engineer = desk.engineer()?;
            let removed = desk.open_store()?.remove_contact(
                customer,
                contact.channel,
                &contact.address,
                Actor { engineer, now },
            )?;
            if !removed {
                bail!(
                    "{} has no {} contact {}",
                    customer,
                    contact.channel,
                    shown(&contact)
                );
            }
            answer(out, *json, customer, &contact, ("removed", true), "removed")?;
        }
        ContactCommand::List { customer, json } => {
            let list = desk.open_store()?.contacts(customer, now)?;
            if *json {
                json_line(out, &list)?;
                return Ok(());
            }
            writeln!(out, "{}:", inert(&list.customer))?;
            if list.contacts.is_empty() {
                writeln!(out, "  no email or sms contacts")?;
            }
            for x in &list.contacts {
                writeln!(out, "  {:<6} {}", x.channel, inert(&x.address))?;
            }
            match &list.chat {
                Ok(robot) => writeln!(
                    out,
                    "  chat   {} (the chat group's {} robot)",
                    inert(&masked_url(&robot.address)),
                    robot.platform.map_or("", |p| p.label())
                )?,
                Err(reason) => writeln!(out, "  chat   unreachable: {}", inert(reason))?,
            }
            for x in &list.unused_chat {
                writeln!(
                    out,
                    "  not used: {} (a chat robot recorded as a contact; notices go to the \
                     group's robot)",
                    inert(&masked_url(&x.address))
                )?;
            }
        }
    }
    Ok(())
}
