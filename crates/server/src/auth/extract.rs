//! Extractors that prove who is calling. A handler's signature says who may call it:
//! `OrgCaller<Coordinator>` can only be built for a coordinator of the organisation named in the
//! path. Deny by default: there is no way to reach organisation data without one of these.
//!
//! Answers: no session or token → 401 (pages: to the sign-in page); an organisation the caller is
//! not a member of, or that does not exist → 404 (the two look alike); a member without the role
//! → 403, logged as a refused authorisation.

use reachin_domain::audit::AuditAction;
use reachin_store::audit::Entry;
use std::marker::PhantomData;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use reachin_domain::org::{OrgSlug, Organisation};
use reachin_domain::role::Access;
use reachin_domain::{Role, RoleSet};
use reachin_store::tokens::TokenGrant;
use reachin_store::users::User;
use reachin_store::{orgs, tokens, users};

use crate::auth::secrets;
use crate::auth::session::CurrentSession;
use crate::error::AppError;
use crate::state::AppState;

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A browser session (forms carry its CSRF token).
    Session(CurrentSession),
    /// A personal API token, valid in one organisation.
    Token(TokenGrant),
}

/// A signed-in caller, any role.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Their account.
    pub user: User,
    /// Their credential.
    pub credential: Credential,
}

impl Caller {
    /// The CSRF token their forms must carry (none for API tokens).
    #[must_use]
    pub fn csrf_token(&self) -> &str {
        match &self.credential {
            Credential::Session(s) => &s.csrf_token,
            Credential::Token(_) => "",
        }
    }
}

/// The prefix of every ReachIn API token, so a leaked one is easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "rin_";

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(cached) = parts.extensions.get::<Caller>() {
            return Ok(cached.clone());
        }
        let caller = if let Some(header) = parts.headers.get(AUTHORIZATION) {
            // A request that presents a token is judged by the token alone, never by a cookie.
            let token = header
                .to_str()
                .ok()
                .and_then(|h| h.strip_prefix("Bearer "))
                .filter(|t| t.starts_with(TOKEN_PREFIX))
                .ok_or(AppError::NotSignedIn)?;
            let grant = tokens::find(&state.db, &secrets::hash(token)).await?.ok_or(AppError::NotSignedIn)?;
            let user = users::by_id(&state.db, grant.user_id).await?.ok_or(AppError::NotSignedIn)?;
            Caller { user, credential: Credential::Token(grant) }
        } else {
            let session =
                parts.extensions.get::<Option<CurrentSession>>().cloned().flatten().ok_or(AppError::NotSignedIn)?;
            let user = users::by_id(&state.db, session.user_id).await?.ok_or(AppError::NotSignedIn)?;
            Caller { user, credential: Credential::Session(session) }
        };
        if caller.user.disabled {
            return Err(AppError::NotSignedIn);
        }
        parts.extensions.insert(caller.clone());
        crate::audit_trail::note_caller(caller.user.id);
        Ok(caller)
    }
}

/// A role requirement, named in the programme's words.
pub trait Requirement: Send + Sync + 'static {
    /// Who passes.
    const ACCESS: Access;
}

macro_rules! requirement {
    ($(#[$doc:meta])* $name:ident, $access:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;
        impl Requirement for $name {
            const ACCESS: Access = $access;
        }
    };
}

requirement!(
    /// Any member of the organisation.
    Member,
    Access::OrgMember
);
requirement!(
    /// A programme coordinator.
    Coordinator,
    Access::Org(&[Role::Coordinator])
);
requirement!(
    /// A peer supporter.
    Supporter,
    Access::Org(&[Role::Supporter])
);
requirement!(
    /// An organisation leader or analyst.
    Leader,
    Access::Org(&[Role::Leader])
);
requirement!(
    /// An organisation admin.
    OrgAdmin,
    Access::Org(&[Role::OrgAdmin])
);
requirement!(
    /// Those who work on cases: coordinators, and supporters on the cases they hold.
    CaseWorker,
    Access::Org(&[Role::Coordinator, Role::Supporter])
);
requirement!(
    /// Those who report safety events: coordinators and integrations (incident systems).
    EventReporter,
    Access::Org(&[Role::Coordinator, Role::Integration])
);
requirement!(
    /// Those who keep the staff directory: admins and integrations (HR feeds).
    RosterKeeper,
    Access::Org(&[Role::OrgAdmin, Role::Integration])
);
requirement!(
    /// Those who run pulse surveys: coordinators and leaders.
    SurveyKeeper,
    Access::Org(&[Role::Coordinator, Role::Leader])
);
requirement!(
    /// Those who read the aggregate reports: coordinators, leaders, and integrations.
    ReportReader,
    Access::Org(&[Role::Coordinator, Role::Leader, Role::Integration])
);
requirement!(
    /// Those who keep or use the staff directory: admins and coordinators.
    DirectoryReader,
    Access::Org(&[Role::OrgAdmin, Role::Coordinator])
);

/// A caller proven to hold `R` in the organisation named by the path's `{org}`.
#[derive(Debug)]
pub struct OrgCaller<R> {
    /// Who.
    pub caller: Caller,
    /// Where.
    pub org: Organisation,
    /// Every role they hold there (for navigation).
    pub roles: RoleSet,
    _requirement: PhantomData<R>,
}

/// The organisation named by the path, if the path names one that exists.
pub async fn path_org(parts: &mut Parts, state: &AppState) -> Result<Organisation, AppError> {
    let params = RawPathParams::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
    let slug = params.iter().find(|(k, _)| *k == "org").map(|(_, v)| v).ok_or(AppError::NotFound)?;
    let slug: OrgSlug = slug.parse().map_err(|_| AppError::NotFound)?;
    orgs::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)
}

impl<R: Requirement> FromRequestParts<AppState> for OrgCaller<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // Who first: an anonymous caller learns nothing about which organisations exist.
        let caller = Caller::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        if let Credential::Token(grant) = &caller.credential
            && grant.org_id != org.id
        {
            return Err(AppError::NotFound);
        }
        let roles = users::roles_in(&state.db, org.id, caller.user.id).await?;
        if roles.is_empty() {
            return Err(AppError::NotFound);
        }
        if !R::ACCESS.admits(roles) {
            state.metrics.refused();
            tracing::warn!(target: "audit", event = "authorisation_refused", path = %parts.uri.path());
            state
                .audit(
                    Entry::new(AuditAction::AuthorisationRefused)
                        .org(org.id)
                        .by(caller.user.id)
                        .detail(needed(R::ACCESS)),
                )
                .await?;
            return Err(AppError::Forbidden);
        }
        crate::audit_trail::note_org(org.id);
        Ok(OrgCaller { caller, org, roles, _requirement: PhantomData })
    }
}

/// The roles a refused route needed, for the audit entry ("coordinator|supporter").
fn needed(access: reachin_domain::role::Access) -> String {
    match access {
        reachin_domain::role::Access::Org(roles) => roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("|"),
        _ => "member".to_owned(),
    }
}

/// The installation's network operator (signed in with a session: tokens act in one organisation).
#[derive(Debug)]
pub struct NetworkOperator {
    /// Who.
    pub caller: Caller,
}

impl FromRequestParts<AppState> for NetworkOperator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let by_session = matches!(caller.credential, Credential::Session(_));
        if !(caller.user.network_operator && by_session) {
            state.metrics.refused();
            tracing::warn!(target: "audit", event = "authorisation_refused", path = %parts.uri.path());
            state
                .audit(Entry::new(AuditAction::AuthorisationRefused).by(caller.user.id).detail("network_operator"))
                .await?;
            return Err(AppError::Forbidden);
        }
        Ok(NetworkOperator { caller })
    }
}
