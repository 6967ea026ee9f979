//! The one list of routes. Every route is declared here with who may call it; the router is built
//! from this list only, so the authorisation-matrix test (which reads the same list) fails when a
//! route has no row.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use reachin_domain::role::Access;

use crate::extract_roles::*;
use crate::state::AppState;
use crate::{api, ops, web};

/// One route and who may call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    /// The HTTP method.
    pub method: Method,
    /// The path pattern, as axum writes it.
    pub path: &'static str,
    /// Who may call it (enforced by the handler's extractor; checked by the matrix test).
    pub access: Access,
}

struct Routes {
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
}

impl Routes {
    fn add<H, T>(mut self, method: Method, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let method_router = match method {
            Method::POST => axum::routing::post(handler),
            Method::PUT => axum::routing::put(handler),
            Method::DELETE => axum::routing::delete(handler),
            _ => axum::routing::get(handler),
        };
        self.specs.push(RouteSpec { method, path, access });
        self.router = self.router.route(path, method_router);
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, h: H) -> Self {
        self.add(Method::GET, path, access, h)
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, h: H) -> Self {
        self.add(Method::POST, path, access, h)
    }

    fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, h: H) -> Self {
        self.add(Method::PUT, path, access, h)
    }

    fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, h: H) -> Self {
        self.add(Method::DELETE, path, access, h)
    }
}

/// Whether `method path` (a route pattern) is a public route.
#[must_use]
pub fn is_public(method: &Method, path: &str) -> bool {
    static PUBLIC: std::sync::OnceLock<Vec<(Method, &'static str)>> = std::sync::OnceLock::new();
    PUBLIC
        .get_or_init(|| {
            table().1.into_iter().filter(|s| s.access == Access::Public).map(|s| (s.method, s.path)).collect()
        })
        .iter()
        .any(|(m, p)| m == method && *p == path)
}

/// Every route of ReachIn with its access rule, and the router that serves them.
pub fn table() -> (Router<AppState>, Vec<RouteSpec>) {
    use Access::*;
    let r = Routes { router: Router::new(), specs: Vec::new() }
        // Public: the way in, health, documentation, assets.
        .get("/", Public, web::root)
        .get("/sign-in", Public, web::sign_in::page)
        .post("/sign-in", Public, web::sign_in::submit)
        .get("/healthz", Public, ops::healthz)
        .get("/readyz", Public, ops::readyz)
        .get("/metrics", Public, ops::metrics)
        .get("/api/openapi.json", Public, api::openapi_json)
        .get("/api/docs", Public, api::docs_page)
        .get("/static/{*path}", Public, crate::assets::serve)
        .get("/o/{org}/support", Public, web::support::form)
        .post("/o/{org}/support", Public, web::support::submit)
        .get("/o/{org}/privacy", Public, web::privacy::page)
        .get("/o/{org}/answer/{token}", Public, web::surveys::answer_form)
        .post("/o/{org}/answer/{token}", Public, web::surveys::answer_submit)
        .get("/o/{org}/self-check", Public, web::self_check::form)
        .post("/o/{org}/self-check", Public, web::self_check::result)
        .get("/o/{org}/feedback/{token}", Public, web::feedback::form)
        .post("/o/{org}/feedback/{token}", Public, web::feedback::submit)
        .get("/o/{org}/opt-out", Public, web::opt_out::form)
        .post("/o/{org}/opt-out", Public, web::opt_out::request)
        .get("/o/{org}/opt-out/{token}", Public, web::opt_out::confirm_form)
        .post("/o/{org}/opt-out/{token}", Public, web::opt_out::confirm)
        // Signed in, any role.
        .post("/sign-out", SignedIn, web::sign_in::sign_out)
        .get("/home", SignedIn, web::home::home)
        .get("/api/v1/me", SignedIn, api::me)
        // Organisation pages.
        .get("/o/{org}", OrgMember, web::home::org_home)
        .get("/o/{org}/coordinator", COORDINATOR, web::home::coordinator)
        .get("/o/{org}/supporter", SUPPORTER, web::home::supporter)
        .get("/o/{org}/leader", LEADER, web::home::leader)
        .get("/o/{org}/admin", ORG_ADMIN, web::home::org_admin)
        .get("/o/{org}/admin/people", ORG_ADMIN, web::directory::list)
        .get("/o/{org}/admin/privacy", ORG_ADMIN, web::privacy::settings)
        .post("/o/{org}/admin/privacy", ORG_ADMIN, web::privacy::save_settings)
        .get("/o/{org}/admin/break-glass", ORG_ADMIN, web::privacy::form)
        .post("/o/{org}/admin/break-glass", ORG_ADMIN, web::privacy::request)
        .get("/o/{org}/admin/break-glass/{id}", ORG_ADMIN, web::privacy::case)
        .get("/api/v1/orgs/{org}/privacy", ORG_ADMIN, api::privacy::settings)
        .put("/api/v1/orgs/{org}/privacy", ORG_ADMIN, api::privacy::set_settings)
        .get("/api/v1/orgs/{org}/people/{id}/export", COORDINATOR, api::privacy::export)
        .delete("/api/v1/orgs/{org}/people/{id}", COORDINATOR, api::privacy::erase)
        .get("/o/{org}/coordinator/cases", COORDINATOR, web::cases::queue)
        .get("/o/{org}/coordinator/cases/new", COORDINATOR, web::intake::new_form)
        .post("/o/{org}/coordinator/cases/new", COORDINATOR, web::intake::new_submit)
        .get("/o/{org}/refer", OrgMember, web::intake::refer_form)
        .post("/o/{org}/refer", OrgMember, web::intake::refer_submit)
        .get("/o/{org}/cases/{id}", CASE_WORKER, web::cases::page)
        .post("/o/{org}/cases/{id}/actions", CASE_WORKER, web::cases::action)
        .post("/o/{org}/cases/{id}/resources", CASE_WORKER, web::resources::offer)
        .post("/o/{org}/cases/{id}/follow-ups", CASE_WORKER, web::follow_ups::schedule)
        .get("/o/{org}/cases/{id}/follow-ups/{follow_up}/calendar.ics", CASE_WORKER, web::follow_ups::calendar)
        .get("/o/{org}/coordinator/resources", COORDINATOR, web::resources::page)
        .post("/o/{org}/coordinator/resources", COORDINATOR, web::resources::add)
        .post("/o/{org}/coordinator/resources/{id}/remove", COORDINATOR, web::resources::remove)
        .get("/o/{org}/coordinator/supporters", COORDINATOR, web::roster::list)
        .post("/o/{org}/coordinator/supporters", COORDINATOR, web::roster::nominate)
        .get("/o/{org}/coordinator/supporters/{person}", COORDINATOR, web::roster::page)
        .post("/o/{org}/coordinator/supporters/{person}", COORDINATOR, web::roster::act)
        .get("/o/{org}/coordinator/supervision", COORDINATOR, web::roster::supervision)
        .post("/o/{org}/coordinator/supervision", COORDINATOR, web::roster::add_meeting)
        .get("/o/{org}/coordinator/events/{event}/batch", COORDINATOR, web::batch::page)
        .post("/o/{org}/coordinator/events/{event}/batch", COORDINATOR, web::batch::confirm)
        .get("/o/{org}/supporter/availability", SUPPORTER, web::availability::page)
        .post("/o/{org}/supporter/availability", SUPPORTER, web::availability::act)
        .get("/api/v1/orgs/{org}/resources", OrgMember, web::resources::api_list)
        .post("/api/v1/orgs/{org}/resources", COORDINATOR, web::resources::api_add)
        .delete("/api/v1/orgs/{org}/resources/{id}", COORDINATOR, web::resources::api_remove)
        // Organisation API.
        .get("/api/v1/orgs/{org}", OrgMember, api::org)
        .get("/api/v1/orgs/{org}/holidays", OrgMember, api::holidays)
        .put("/api/v1/orgs/{org}/holidays", ORG_ADMIN, api::set_holidays)
        .get("/api/v1/orgs/{org}/email-templates", COORDINATOR, api::email_templates::list)
        .put("/api/v1/orgs/{org}/email-templates/{id}", COORDINATOR, api::email_templates::set)
        .delete("/api/v1/orgs/{org}/email-templates/{id}", COORDINATOR, api::email_templates::reset)
        .get("/api/v1/orgs/{org}/people", DIRECTORY_READER, api::people::list)
        .post("/api/v1/orgs/{org}/people", ROSTER_KEEPER, api::people::create)
        .get("/api/v1/orgs/{org}/people/{id}", DIRECTORY_READER, api::people::get)
        .put("/api/v1/orgs/{org}/people/{id}", ROSTER_KEEPER, api::people::put)
        .post("/api/v1/orgs/{org}/people/{id}/outreach-opt-out", COORDINATOR, api::cases::opt_out)
        .post("/api/v1/orgs/{org}/cases", COORDINATOR, api::cases::create)
        .get("/api/v1/orgs/{org}/cases", COORDINATOR, api::cases::queue)
        .get("/api/v1/orgs/{org}/cases/{id}", CASE_WORKER, api::cases::get)
        .get("/api/v1/orgs/{org}/cases/{id}/candidates", COORDINATOR, api::matching::candidates)
        .post("/api/v1/orgs/{org}/cases/{id}/actions", CASE_WORKER, api::cases::action)
        .post("/api/v1/orgs/{org}/cases/{id}/follow-ups", CASE_WORKER, api::cases::follow_up)
        .post("/api/v1/orgs/{org}/cases/{id}/resources", CASE_WORKER, api::cases::offer)
        .post("/api/v1/orgs/{org}/referrals", OrgMember, api::cases::refer)
        .get("/api/v1/orgs/{org}/my-cases", SUPPORTER, api::cases::my_cases)
        .post("/api/v1/orgs/{org}/safety-events", EVENT_REPORTER, api::cases::safety_event)
        .get("/api/v1/orgs/{org}/safety-events/{id}/batch", COORDINATOR, web::batch::api_plan)
        .post("/api/v1/orgs/{org}/safety-events/{id}/batch", COORDINATOR, web::batch::api_confirm)
        .get("/api/v1/orgs/{org}/supporters", COORDINATOR, api::roster::list)
        .put("/api/v1/orgs/{org}/supporters/{id}/status", COORDINATOR, api::roster::step)
        .post("/api/v1/orgs/{org}/supporters/{id}/trainings", COORDINATOR, api::roster::add_training)
        .post("/api/v1/orgs/{org}/my-away-periods", SUPPORTER, api::roster::add_my_away)
        .get("/api/v1/orgs/{org}/matching-policy", DIRECTORY_READER, api::roster::policy)
        .put("/api/v1/orgs/{org}/matching-policy", ORG_ADMIN, api::roster::set_policy)
        // Pulse surveys and reports.
        .get("/o/{org}/surveys", SURVEY_KEEPER, web::surveys::list)
        .post("/o/{org}/surveys", SURVEY_KEEPER, web::surveys::open)
        .get("/o/{org}/surveys/{id}", SURVEY_KEEPER, web::surveys::wave)
        .post("/o/{org}/surveys/{id}/close", SURVEY_KEEPER, web::surveys::close)
        .get("/o/{org}/reports/programme", REPORT_READER, web::reports::programme)
        .get("/o/{org}/reports/programme.csv", REPORT_READER, web::reports::programme_csv)
        .get("/o/{org}/reports/annual", REPORT_READER, web::reports::annual)
        .get("/o/{org}/reports/surveys", REPORT_READER, web::reports::survey)
        .get("/o/{org}/reports/surveys.csv", REPORT_READER, web::reports::survey_csv)
        .get("/api/v1/orgs/{org}/surveys", SURVEY_KEEPER, api::reports::waves)
        .post("/api/v1/orgs/{org}/surveys", SURVEY_KEEPER, api::reports::open_wave)
        .get("/api/v1/orgs/{org}/reports/programme", REPORT_READER, api::reports::programme)
        .get("/api/v1/orgs/{org}/reports/surveys/{id}", REPORT_READER, api::reports::survey)
        // The network operator.
        .get("/network", NetworkOperator, web::home::network)
        .get("/network/reports", NetworkOperator, web::reports::network)
        .get("/api/v1/network/reports", NetworkOperator, api::reports::network)
        .get("/api/v1/network/orgs", NetworkOperator, api::network_orgs);
    (r.router, r.specs)
}
