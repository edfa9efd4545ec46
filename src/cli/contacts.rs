//! `sredesk contact ...`: where a customer's notices go, by email, SMS or
//! a chat group's robot.

use std::io::Write;

use anyhow::{anyhow, bail};
use clap::{Args, Subcommand};

use super::print::json_line;
use crate::desk::Desk;
use crate::domain::contact::Contact;
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
    },
    /// Remove one contact
    Remove {
        customer: String,
        #[command(flatten)]
        address: ContactAddress,
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

pub fn run(desk: &Desk, c: &ContactCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    match c {
        ContactCommand::Add { customer, address } => {
            let contact = contact_of(address)?;
            let engineer = desk.engineer()?;
            let added =
                desk.open_store()?
                    .add_contact(customer, &contact, Actor { engineer, now })?;
            let what = if added { "added" } else { "already there" };
            writeln!(
                out,
                "{} {}: {what}",
                contact.channel,
                inert(&contact.address)
            )?;
        }
        ContactCommand::Remove { customer, address } => {
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
                    contact.address
                );
            }
            writeln!(
                out,
                "{} {}: removed",
                contact.channel,
                inert(&contact.address)
            )?;
        }
        ContactCommand::List { customer, json } => {
            let (name, list) = desk.open_store()?.contacts(customer)?;
            if *json {
                json_line(
                    out,
                    &serde_json::json!({ "customer": name, "contacts": list }),
                )?;
            } else if list.is_empty() {
                writeln!(
                    out,
                    "{}: no contacts; notices cannot reach it",
                    inert(&name)
                )?;
            } else {
                writeln!(out, "{}:", inert(&name))?;
                for x in &list {
                    let platform = x.platform.map(|p| format!(" ({p})")).unwrap_or_default();
                    writeln!(out, "  {:<6} {}{platform}", x.channel, inert(&x.address))?;
                }
            }
        }
    }
    Ok(())
}
