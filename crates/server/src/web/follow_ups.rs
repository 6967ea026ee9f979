//! Follow-up check-ins: a supporter schedules one (about two weeks after first contact, by
//! default), gets a reminder, and can add it to their calendar. The calendar entry names no one:
//! calendars are synced to many devices.

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::{Date, Time};
use reachin_domain::CaseId;
use reachin_store::follow_ups;
use serde::Deserialize;

use crate::auth::extract::{CaseWorker, OrgCaller};
use crate::error::{AppError, AppResult, Detail};
use crate::state::AppState;
use crate::web::form::HtmlForm;

/// The schedule form.
#[derive(Debug, Deserialize)]
pub struct ScheduleForm {
    date: String,
    time: String,
}

/// `POST /o/{org}/cases/{id}/follow-ups`
pub async fn schedule(
    State(state): State<AppState>,
    me: OrgCaller<CaseWorker>,
    Path((_, id)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<ScheduleForm>,
) -> AppResult<Response> {
    let case = crate::api::cases::open_case_of(&state, &me, &id).await?;
    let bad = || AppError::Invalid(Detail::Message("follow-up-bad-time".into()));
    let date: Date = f.date.trim().parse().map_err(|_| bad())?;
    let time = Time::strptime("%H:%M", f.time.trim()).map_err(|_| bad())?;
    let due = date.to_datetime(time).to_zoned_datetime(me.org.time_zone.zone()).map_err(|_| bad())?.timestamp();
    crate::cases::schedule_follow_up(&state, &me.org, &case, due).await?;
    let case_id = case.id;
    Ok(Redirect::to(&format!("/o/{}/cases/{}", me.org.slug, case_id)).into_response())
}

fn ics_time(t: jiff::Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// `GET /o/{org}/cases/{id}/follow-ups/{follow_up}/calendar.ics`
pub async fn calendar(
    State(state): State<AppState>,
    me: OrgCaller<CaseWorker>,
    Path((_, id, follow_up)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let acting = crate::api::cases::acting(&state, &me).await?;
    let case_id: CaseId = id.parse().map_err(|_| AppError::NotFound)?;
    crate::cases::visible_case(&state, &me.org, acting, case_id).await?;
    let f = follow_ups::list(&state.db, me.org.id, case_id)
        .await?
        .into_iter()
        .find(|f| f.id == follow_up)
        .ok_or(AppError::NotFound)?;
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let base =
        state.config.public_url.clone().unwrap_or_else(|| format!("http://localhost:{}", state.config.bind.port()));
    let body = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ReachIn//Peer support//EN\r\nBEGIN:VEVENT\r\nUID:{}@reachin\r\nDTSTAMP:{}\r\nDTSTART:{}\r\nDURATION:PT30M\r\nSUMMARY:{}\r\nDESCRIPTION:{base}/o/{}/cases/{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        f.id,
        ics_time(state.now()),
        ics_time(f.due_at),
        tr.t("follow-up-calendar-title"),
        me.org.slug,
        case_id,
    );
    Ok((
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (CONTENT_DISPOSITION, "attachment; filename=\"follow-up.ics\""),
        ],
        body,
    )
        .into_response())
}
