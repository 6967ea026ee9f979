//! What the audit log records: a closed list of actions and of the kinds of record they name.
//! An entry says who, what, when and which record; never any content.

use crate::codes::code_enum;

code_enum!(
    /// Something worth a line in the audit log.
    AuditAction, "audit action", {
        /// A successful sign-in.
        SignIn => "sign_in",
        /// A sign-in refused for a wrong email or password (the account, when it exists).
        SignInFailed => "sign_in_failed",
        /// A sign-in refused because of too many failures.
        SignInThrottled => "sign_in_throttled",
        /// A sign-out.
        SignOut => "sign_out",
        /// A member without the role a route needs.
        AuthorisationRefused => "authorisation_refused",
        /// A state change without the session's CSRF token.
        CsrfRefused => "csrf_refused",
        /// A request for support opened or joined a case.
        CaseIntake => "case_intake",
        /// A change to a case (the action's code is the detail).
        CaseAction => "case_action",
        /// Someone saw a case with its identity (the case page or the API).
        CaseViewed => "case_viewed",
        /// Someone saw a case's identity in a list (the queue, a supporter's cases, a batch plan).
        CaseListed => "case_listed",
        /// A safety event and its cases.
        SafetyEvent => "safety_event",
        /// A directory entry added.
        PersonCreated => "person_created",
        /// A directory entry changed.
        PersonUpdated => "person_updated",
        /// What ReachIn holds about a person, exported for them.
        PersonExported => "person_exported",
        /// A person erased at their request.
        PersonErased => "person_erased",
        /// A supporter's roster step.
        RosterStep => "roster_step",
        /// The organisation's matching policy changed.
        MatchingPolicySet => "matching_policy_set",
        /// The organisation's privacy settings changed (retention, directory).
        PrivacySettingsSet => "privacy_settings_set",
        /// An organisation admin opened one case with a written justification.
        BreakGlass => "break_glass",
        /// A case lost its identity after closure and the retention period.
        CaseDeidentified => "case_deidentified",
        /// Directory entries nothing needed any more were removed.
        DirectoryPruned => "directory_pruned",
        /// The data keys were wrapped under a new master key.
        KeysRotated => "keys_rotated",
        /// Entries older than the audit retention period were pruned (the detail: how many).
        AuditPruned => "audit_pruned",
        /// Any other change made through a page or the API: the detail is the method and the
        /// route, the record the id in its path.
        Changed => "changed",
        /// An organisation created (command line).
        OrgCreated => "org_created",
        /// An account created (command line).
        UserCreated => "user_created",
        /// An account disabled (command line).
        UserDisabled => "user_disabled",
        /// An API token created (command line).
        TokenCreated => "token_created",
        /// The staff directory imported from a file (the detail: added and updated counts).
        PeopleImported => "people_imported",
        /// A survey wave opened (the detail: how many were invited).
        SurveyWaveOpened => "survey_wave_opened",
        /// A survey wave closed, by hand or because its time was up.
        SurveyWaveClosed => "survey_wave_closed",
        /// The organisation's suppression floor set (the detail: the floor).
        SuppressionFloorSet => "suppression_floor_set",
    }
);

code_enum!(
    /// The kind of record an audit entry names.
    RecordKind, "record kind", {
        /// A support case.
        Case => "case",
        /// A staff directory entry.
        Person => "person",
        /// A ReachIn account.
        User => "user",
        /// A safety event.
        Event => "event",
        /// An organisation.
        Org => "org",
        /// A survey wave.
        Wave => "wave",
    }
);

impl AuditAction {
    /// Actions that show a case's identity to someone: what "who has seen this case" lists.
    #[must_use]
    pub fn is_identity_view(self) -> bool {
        matches!(self, AuditAction::CaseViewed | AuditAction::CaseListed | AuditAction::BreakGlass)
    }
}
