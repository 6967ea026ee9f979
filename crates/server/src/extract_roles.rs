//! The access rules of the role requirements, as constants for the route table.

use reachin_domain::role::Access;

use crate::auth::extract::{
    CaseWorker, Coordinator, DirectoryReader, EventReporter, Leader, OrgAdmin, ReportReader, Requirement, RosterKeeper,
    Supporter, SurveyKeeper,
};

/// Coordinators.
pub const COORDINATOR: Access = Coordinator::ACCESS;
/// Supporters.
pub const SUPPORTER: Access = Supporter::ACCESS;
/// Leaders.
pub const LEADER: Access = Leader::ACCESS;
/// Organisation admins.
pub const ORG_ADMIN: Access = OrgAdmin::ACCESS;
/// Coordinators, and supporters on their own cases.
pub const CASE_WORKER: Access = CaseWorker::ACCESS;
/// Coordinators and integrations.
pub const EVENT_REPORTER: Access = EventReporter::ACCESS;
/// Admins and integrations.
pub const ROSTER_KEEPER: Access = RosterKeeper::ACCESS;
/// Admins and coordinators.
pub const DIRECTORY_READER: Access = DirectoryReader::ACCESS;
/// Coordinators and leaders.
pub const SURVEY_KEEPER: Access = SurveyKeeper::ACCESS;
/// Coordinators, leaders and integrations.
pub const REPORT_READER: Access = ReportReader::ACCESS;
