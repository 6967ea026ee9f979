//! Every change is audited, by construction: a layer around each route notes who called (set by
//! the `Caller` extractor) and whether the handler wrote its own audit entry; a successful
//! state-changing request that did not gets a `changed` entry naming the route and the record in
//! its path. Anonymous requests (the public forms) are not attributed to anyone, so they are left
//! to their handlers (a request for support is audited as `case_intake`; feedback and opt-outs,
//! which must stay unlinkable, are not).

use std::cell::RefCell;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::{OrgId, UserId};
use reachin_store::audit::Entry;

use crate::state::AppState;

#[derive(Debug, Default)]
struct Scope {
    user: Option<UserId>,
    org: Option<OrgId>,
    audited: bool,
}

tokio::task_local! {
    static SCOPE: RefCell<Scope>;
}

fn with(f: impl FnOnce(&mut Scope)) {
    let _ = SCOPE.try_with(|s| f(&mut s.borrow_mut()));
}

/// The request's caller is this user (from the `Caller` extractor).
pub(crate) fn note_caller(user: UserId) {
    with(|s| s.user = Some(user));
}

/// The request acts in this organisation (from `OrgCaller`).
pub(crate) fn note_org(org: OrgId) {
    with(|s| s.org = Some(org));
}

/// The handler wrote its own audit entry.
pub(crate) fn note_audited() {
    with(|s| s.audited = true);
}

/// The record a route's path names: the last id whose segment says what it is.
fn record_in(pattern: &str, path: &str) -> Option<(RecordKind, String)> {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    let mut found = None;
    for (i, (p, v)) in pattern.iter().zip(&path).enumerate() {
        if !(p.starts_with('{') && p.ends_with('}')) || *p == "{org}" {
            continue;
        }
        let before = if i > 0 { pattern[i - 1] } else { "" };
        let kind = match (*p, before) {
            ("{person}", _) => Some(RecordKind::Person),
            (_, "cases") => Some(RecordKind::Case),
            (_, "people" | "supporters") => Some(RecordKind::Person),
            (_, "safety-events" | "events") => Some(RecordKind::Event),
            _ => None,
        };
        if let Some(kind) = kind {
            found = Some((kind, (*v).to_owned()));
        }
    }
    found
}

/// The layer: runs the request in a scope, then audits a successful change nobody audited.
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let changes = !(req.method().is_safe());
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let pattern = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let (response, scope) = SCOPE
        .scope(RefCell::new(Scope::default()), async move {
            let response = next.run(req).await;
            let scope = SCOPE.with(|s| std::mem::take(&mut *s.borrow_mut()));
            (response, scope)
        })
        .await;
    let succeeded = response.status().is_success() || response.status().is_redirection();
    if let (true, true, false, Some(user), Some(pattern)) = (changes, succeeded, scope.audited, scope.user, pattern) {
        let mut entry = Entry::new(AuditAction::Changed).by(user).detail(format!("{method} {pattern}"));
        if let Some(org) = scope.org {
            entry = entry.org(org);
        }
        if let Some((kind, id)) = record_in(&pattern, &path) {
            entry = entry.record(kind, id);
        }
        // The change is committed: failing the response now would invite a second submit.
        if let Err(e) = state.audit(entry).await {
            tracing::error!(error = %e, route = %pattern, "a change could not be audited");
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_is_the_id_its_segment_names() {
        let r = record_in("/o/{org}/cases/{id}/actions", "/o/alpha/cases/c1/actions");
        assert_eq!(r, Some((RecordKind::Case, "c1".into())));
        let r = record_in("/o/{org}/coordinator/supporters/{person}", "/o/alpha/coordinator/supporters/p1");
        assert_eq!(r, Some((RecordKind::Person, "p1".into())));
        assert_eq!(
            record_in("/o/{org}/coordinator/resources/{id}/remove", "/o/alpha/coordinator/resources/r1/remove"),
            None
        );
        assert_eq!(record_in("/sign-out", "/sign-out"), None);
    }
}
