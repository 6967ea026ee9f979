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
#[derive(Clone)]
pub enum Mailer {
    /// A directory of `.eml` files.
    Mailbox(PathBuf),
    /// An SMTP server (lettre; TLS with rustls).
    Smtp(lettre::AsyncSmtpTransport<lettre::Tokio1Executor>),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Mailbox(dir) => f.debug_tuple("Mailbox").field(dir).finish(),
            // The transport holds credentials.
            Mailer::Smtp(_) => f.write_str("Smtp([redacted])"),
        }
    }
}

impl Mailer {
    /// SMTP from a URL (`smtps://user:pass@host:465`, `smtp://host:587?tls=required`), else the
    /// mailbox directory.
    pub fn new(smtp_url: Option<&str>, mailbox: PathBuf) -> anyhow::Result<Self> {
        match smtp_url {
            Some(url) => Ok(Mailer::Smtp(
                lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("smtp_url is not usable: {e}"))?
                    .build(),
            )),
            None => Ok(Mailer::Mailbox(mailbox)),
        }
    }
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
            Mailer::Smtp(transport) => {
                use lettre::AsyncTransport;
                let message = lettre::Message::builder()
                    .from(from.parse().map_err(|e| anyhow::anyhow!("mail_from: {e}"))?)
                    .to(email.to.as_str().parse().map_err(|e| anyhow::anyhow!("recipient: {e}"))?)
                    .subject(header_safe(&email.subject))
                    .header(lettre::message::header::ContentType::TEXT_PLAIN)
                    .body(email.body.clone())?;
                transport.send(message).await?;
                Ok(())
            }
        }
    }
}
