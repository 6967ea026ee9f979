//! Email over SMTP (lettre), against a minimal SMTP server run by the test on loopback.

use std::sync::{Arc, Mutex};

use reachin_domain::Role;
use reachin_server::config::{Config, Secret};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::support::{TestApp, test_config};

/// Accepts SMTP sessions and records each message's DATA.
async fn fake_smtp() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let messages = Arc::new(Mutex::new(Vec::new()));
    let store = messages.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test ESMTP\r\n").await.unwrap();
                let mut in_data = false;
                let mut data = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            store.lock().unwrap().push(std::mem::take(&mut data));
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 test\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.unwrap();
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, messages)
}

#[tokio::test]
async fn notifications_go_out_over_smtp_when_configured() {
    let (port, messages) = fake_smtp().await;
    let config = Config { smtp_url: Some(Secret::new(format!("smtp://127.0.0.1:{port}"))), ..test_config() };
    let app = TestApp::with_config(config).await;
    let org = app.org("alpha").await;
    let coordinator = app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let token = app.token(&org, coordinator).await;
    let subject = app.person(&org, "Dana Subject").await;
    let r = app
        .post_json_with_token(
            "/api/v1/orgs/alpha/cases",
            &token,
            &format!(r#"{{"subject_id": "{}", "category": "adverse_event"}}"#, subject.id),
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::CREATED);
    app.run_jobs().await;
    let sent = messages.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("To: cora@alpha.example"), "{}", sent[0]);
    assert!(sent[0].contains("Subject: ReachIn: a new request for peer support"), "{}", sent[0]);
    assert!(!sent[0].contains("Dana"), "emails never name the person");
    assert!(app.mailbox().is_empty(), "nothing went to the mailbox");
}
