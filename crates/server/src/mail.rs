//! Outgoing email. Emails carry a link into ReachIn, never case details. The mailbox transport
//! writes each message as an `.eml` file (demo, tests, and installations without SMTP yet).

use std::path::PathBuf;

use reachin_domain::directory::WorkEmail;

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// Recipient.
    pub to: WorkEmail,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Where mail goes.
#[derive(Debug, Clone)]
pub enum Mailer {
    /// A directory of `.eml` files.
    Mailbox(PathBuf),
}

fn header_safe(s: &str) -> String {
    // Headers are one line: a line break in a subject would inject headers.
    s.chars().filter(|c| !c.is_control()).collect()
}

impl Mailer {
    /// Sends a message (for the mailbox: writes it).
    pub async fn send(&self, from: &str, email: &Email, now: jiff::Timestamp) -> anyhow::Result<()> {
        match self {
            Mailer::Mailbox(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let id = uuid::Uuid::now_v7();
                let text = format!(
                    "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: <{id}@reachin>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
                    header_safe(from),
                    email.to,
                    header_safe(&email.subject),
                    jiff::fmt::rfc2822::to_string(&now.to_zoned_datetime(jiff::tz::TimeZone::UTC)).unwrap_or_default(),
                    email.body.replace('\n', "\r\n"),
                );
                let path = dir.join(format!("{id}.eml"));
                tokio::fs::write(&path, text).await?;
                Ok(())
            }
        }
    }
}
