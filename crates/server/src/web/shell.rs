//! The frame around every page: who is signed in, the navigation, the sign-out form.

use reachin_domain::Role;
use reachin_domain::RoleSet;
use reachin_domain::org::Organisation;

use crate::auth::extract::Caller;
use crate::i18n::Tr;

/// A navigation link.
#[derive(Debug, Clone)]
pub struct NavLink {
    /// Where it goes.
    pub href: String,
    /// What it says.
    pub label: String,
    /// Whether it is the page shown.
    pub current: bool,
}

/// The signed-in part of the frame.
#[derive(Debug, Clone)]
pub struct SessionShell {
    /// The name in the header.
    pub user_name: String,
    /// The token every form carries.
    pub csrf_token: String,
}

/// The frame of a page.
#[derive(Debug, Clone, Default)]
pub struct Shell {
    /// Set when signed in.
    pub session: Option<SessionShell>,
    /// The navigation links.
    pub nav: Vec<NavLink>,
}

/// Where a role's home page is (an integration has none: it only uses the API).
#[must_use]
pub fn role_home(org: &Organisation, role: Role) -> Option<String> {
    let page = match role {
        Role::Coordinator => "coordinator",
        Role::Supporter => "supporter",
        Role::Leader => "leader",
        Role::OrgAdmin => "admin",
        Role::Integration => return None,
    };
    Some(format!("/o/{}/{page}", org.slug))
}

/// The catalogue id of a role's name.
#[must_use]
pub fn role_label_id(role: Role) -> &'static str {
    match role {
        Role::Coordinator => "role-coordinator",
        Role::Supporter => "role-supporter",
        Role::Leader => "role-leader",
        Role::OrgAdmin => "role-org-admin",
        Role::Integration => "role-integration",
    }
}

impl Shell {
    /// The frame for someone not signed in.
    #[must_use]
    pub fn anonymous() -> Self {
        Self::default()
    }

    /// The frame for a signed-in caller; `org` adds the links of the roles they hold there.
    #[must_use]
    pub fn for_caller(tr: &Tr<'_>, caller: &Caller, org: Option<(&Organisation, RoleSet)>, current: &str) -> Self {
        let mut nav = Vec::new();
        if let Some((org, roles)) = org {
            for role in roles.iter() {
                if let Some(home) = role_home(org, role) {
                    nav.push((home, tr.t(role_label_id(role))));
                }
                if role == Role::Coordinator {
                    nav.push((format!("/o/{}/coordinator/cases", org.slug), tr.t("nav-queue")));
                    nav.push((format!("/o/{}/coordinator/cases/new", org.slug), tr.t("nav-new-case")));
                    nav.push((format!("/o/{}/coordinator/supporters", org.slug), tr.t("nav-supporters")));
                    nav.push((format!("/o/{}/coordinator/resources", org.slug), tr.t("nav-resources")));
                }
                if role == Role::Supporter {
                    nav.push((format!("/o/{}/supporter/availability", org.slug), tr.t("nav-availability")));
                }
                if role == Role::OrgAdmin {
                    nav.push((format!("/o/{}/admin/people", org.slug), tr.t("nav-directory")));
                }
            }
        }
        if let Some((org, roles)) = org
            && (roles.contains(Role::Coordinator) || roles.contains(Role::Leader))
        {
            nav.push((format!("/o/{}/reports/programme", org.slug), tr.t("nav-reports")));
            nav.push((format!("/o/{}/reports/surveys", org.slug), tr.t("nav-survey-report")));
            nav.push((format!("/o/{}/surveys", org.slug), tr.t("nav-surveys")));
        }
        if let Some((org, roles)) = org
            && !roles.contains(Role::Coordinator)
        {
            nav.push((format!("/o/{}/refer", org.slug), tr.t("nav-refer")));
        }
        if caller.user.network_operator {
            nav.push(("/network".to_owned(), tr.t("nav-network")));
            nav.push(("/network/reports".to_owned(), tr.t("nav-network-reports")));
        }
        let nav = nav.into_iter().map(|(href, label)| NavLink { current: href == current, href, label }).collect();
        Shell {
            session: Some(SessionShell {
                user_name: caller.user.display_name.clone(),
                csrf_token: caller.csrf_token().to_owned(),
            }),
            nav,
        }
    }
}
