//! The support case and its state machine: who may move a case where, and what is recorded.
//!
//! `new` → `assigned` (a supporter is proposed) → `accepted` (the supporter took it) →
//! `contacted` (first outreach made) → `closed` with an outcome. From any open state a case may be
//! `escalated` (a safety concern: it stays in front of the coordinator until resolved) or
//! `withdrawn`. A supporter who declines sends the case back to `new`; so does an assignment not
//! accepted in time. Nothing leaves `closed` or `withdrawn`.

use crate::codes::code_enum;
use crate::ids::PersonId;

code_enum!(
    /// Where a case is in its life.
    CaseState, "case state", {
        /// Waiting for a supporter.
        New => "new",
        /// A supporter is proposed and has not yet taken it.
        Assigned => "assigned",
        /// The supporter took it; no outreach yet.
        Accepted => "accepted",
        /// At least one outreach attempt was made.
        Contacted => "contacted",
        /// A safety concern: in front of the coordinator until resolved.
        Escalated => "escalated",
        /// Over, with an outcome.
        Closed => "closed",
        /// Withdrawn (entered by mistake, a duplicate, or the request was taken back).
        Withdrawn => "withdrawn",
    }
);

impl CaseState {
    /// Whether the case is still open (anything but closed or withdrawn).
    #[must_use]
    pub fn is_open(self) -> bool {
        !matches!(self, CaseState::Closed | CaseState::Withdrawn)
    }

    /// Whether a supporter holds the case (it is on their list).
    #[must_use]
    pub fn has_supporter(self) -> bool {
        matches!(self, CaseState::Assigned | CaseState::Accepted | CaseState::Contacted | CaseState::Escalated)
    }
}

code_enum!(
    /// How the case came in.
    Source, "case source", {
        /// The clinician asked for support for themselves.
        SelfReferral => "self",
        /// A colleague referred them.
        Colleague => "colleague",
        /// A leader referred them.
        Leader => "leader",
        /// An incident or safety-event system named them.
        SafetyEvent => "safety_event",
        /// The coordinator entered it.
        Coordinator => "coordinator",
    }
);

code_enum!(
    /// How soon the first contact is due.
    Urgency, "urgency", {
        /// Within the routine target (working hours).
        Routine => "routine",
        /// Within the urgent target, around the clock.
        Urgent => "urgent",
    }
);

code_enum!(
    /// How a case ended.
    OutcomeKind, "outcome", {
        /// A supportive conversation was held.
        Supported => "supported",
        /// The colleague declined; a resource sheet was sent.
        Declined => "declined",
        /// No response after the attempts made.
        NoResponse => "no_response",
        /// Helped on to further support.
        ReferredOn => "referred_on",
        /// Resolved before contact.
        SelfResolved => "self_resolved",
    }
);

code_enum!(
    /// Kinds of further help, for resources offered, accepted and referrals on.
    ResourceKind, "resource type", {
        /// Employee assistance programme.
        Eap => "eap",
        /// Mental health services.
        MentalHealth => "mental_health",
        /// Chaplaincy or spiritual care.
        Chaplaincy => "chaplaincy",
        /// Legal support.
        Legal => "legal",
        /// Occupational health.
        OccupationalHealth => "occupational_health",
        /// Confidential practitioner services.
        PractitionerHealth => "practitioner_health",
        /// Crisis lines.
        CrisisLine => "crisis_line",
        /// Anything else.
        Other => "other",
    }
);

code_enum!(
    /// How an outreach attempt was made.
    Channel, "contact channel", {
        /// A phone call.
        Phone => "phone",
        /// A text message.
        Text => "text",
        /// An email.
        Email => "email",
        /// Face to face.
        InPerson => "in_person",
    }
);

/// Who is acting on a case, as far as the case's rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A programme coordinator of the case's organisation.
    Coordinator,
    /// A supporter; `PersonId` is their directory entry.
    Supporter(PersonId),
    /// ReachIn itself (time limits).
    System,
}

/// Something done to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Propose a supporter (also a reassignment while open).
    Assign(PersonId),
    /// The assigned supporter takes the case.
    Accept,
    /// The assigned supporter declines: back to the queue.
    Decline,
    /// The assignment was not accepted in time: back to the queue.
    AssignmentExpired,
    /// An outreach attempt (reached or not).
    LogContact,
    /// A safety concern.
    Escalate,
    /// The coordinator resolves an escalation; the case continues.
    ResolveEscalation,
    /// The case ends with an outcome.
    Close(OutcomeKind),
    /// The coordinator withdraws the case.
    Withdraw,
}

impl Action {
    /// A stable code for the transition record.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Action::Assign(_) => "assign",
            Action::Accept => "accept",
            Action::Decline => "decline",
            Action::AssignmentExpired => "assignment_expired",
            Action::LogContact => "log_contact",
            Action::Escalate => "escalate",
            Action::ResolveEscalation => "resolve_escalation",
            Action::Close(_) => "close",
            Action::Withdraw => "withdraw",
        }
    }
}

/// What the rules need to know about a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseStatus {
    /// Where it is.
    pub state: CaseState,
    /// Its supporter, while it has one.
    pub supporter: Option<PersonId>,
    /// The subject: they can never be their own supporter.
    pub subject: PersonId,
    /// Whether outreach has been made (decides the outcomes that make sense).
    pub contacted: bool,
    /// Where the case was when it was escalated (resolving returns it there).
    pub escalated_from: Option<CaseState>,
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    /// The case is closed or withdrawn.
    #[error("the case is no longer open")]
    NotOpen,
    /// This actor may not do this (to this case).
    #[error("not permitted for this role")]
    NotPermitted,
    /// Not possible in the case's current state.
    #[error("not possible in the case's current state")]
    WrongState,
    /// The subject cannot support themself.
    #[error("the subject cannot be their own supporter")]
    OwnSupporter,
    /// This supporter already holds the case.
    #[error("this supporter already holds the case")]
    SameSupporter,
}

/// The result of a permitted action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// Where the case was.
    pub from: CaseState,
    /// Where it is now.
    pub to: CaseState,
    /// Its supporter afterwards.
    pub supporter: Option<PersonId>,
}

fn is_holder(actor: Actor, status: &CaseStatus) -> bool {
    matches!(actor, Actor::Supporter(p) if status.supporter == Some(p))
}

/// Applies `action` by `actor` to a case, or says why not. Pure: the caller records the
/// transition with its time and actor in the same transaction as the new state.
pub fn apply(status: &CaseStatus, action: &Action, actor: Actor) -> Result<Transition, CaseError> {
    use CaseState::*;
    let from = status.state;
    if !from.is_open() {
        return Err(CaseError::NotOpen);
    }
    let holder = is_holder(actor, status);
    let coordinator = actor == Actor::Coordinator;
    let to = |to: CaseState, supporter: Option<PersonId>| Ok(Transition { from, to, supporter });
    match action {
        Action::Assign(p) => {
            if !coordinator {
                return Err(CaseError::NotPermitted);
            }
            if *p == status.subject {
                return Err(CaseError::OwnSupporter);
            }
            if status.supporter == Some(*p) {
                return Err(CaseError::SameSupporter);
            }
            match from {
                // A reassignment is a fresh proposal: the new supporter must accept it.
                New | Assigned | Accepted | Contacted => to(Assigned, Some(*p)),
                Escalated => Err(CaseError::WrongState),
                Closed | Withdrawn => Err(CaseError::NotOpen),
            }
        }
        Action::Accept => match (from, holder) {
            (Assigned, true) => to(Accepted, status.supporter),
            (_, false) => Err(CaseError::NotPermitted),
            _ => Err(CaseError::WrongState),
        },
        Action::Decline => match (from, holder) {
            (Assigned, true) => to(New, None),
            (_, false) => Err(CaseError::NotPermitted),
            _ => Err(CaseError::WrongState),
        },
        Action::AssignmentExpired => match (from, actor) {
            (Assigned, Actor::System) => to(New, None),
            (_, Actor::System) => Err(CaseError::WrongState),
            _ => Err(CaseError::NotPermitted),
        },
        Action::LogContact => match (from, holder) {
            (Accepted | Contacted | Escalated, true) => {
                to(if from == Escalated { Escalated } else { Contacted }, status.supporter)
            }
            (_, false) => Err(CaseError::NotPermitted),
            _ => Err(CaseError::WrongState),
        },
        Action::Escalate => {
            if !(coordinator || holder) {
                return Err(CaseError::NotPermitted);
            }
            if from == Escalated {
                return Err(CaseError::WrongState);
            }
            to(Escalated, status.supporter)
        }
        Action::ResolveEscalation => match (from, coordinator) {
            (Escalated, true) => {
                let fallback = match (status.supporter, status.contacted) {
                    (None, _) => New,
                    (Some(_), true) => Contacted,
                    (Some(_), false) => Assigned,
                };
                let back = status.escalated_from.filter(|s| s.is_open() && *s != Escalated).unwrap_or(fallback);
                // A case that gained or lost its supporter meanwhile cannot go back to a state
                // that says otherwise.
                let back = match (back, status.supporter) {
                    (New, Some(_)) => Assigned,
                    (Assigned | Accepted | Contacted, None) => New,
                    (b, _) => b,
                };
                to(back, status.supporter)
            }
            (_, false) => Err(CaseError::NotPermitted),
            _ => Err(CaseError::WrongState),
        },
        Action::Close(outcome) => {
            if !(coordinator || holder) {
                return Err(CaseError::NotPermitted);
            }
            let reached_out = status.contacted || from == Contacted;
            let fits = match outcome {
                // These report on outreach: there must have been some.
                OutcomeKind::Supported | OutcomeKind::Declined | OutcomeKind::NoResponse | OutcomeKind::ReferredOn => {
                    reached_out
                }
                OutcomeKind::SelfResolved => true,
            };
            if fits { to(Closed, status.supporter) } else { Err(CaseError::WrongState) }
        }
        Action::Withdraw => {
            if coordinator {
                to(Withdrawn, status.supporter)
            } else {
                Err(CaseError::NotPermitted)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ids() -> (PersonId, PersonId, PersonId) {
        (PersonId::generate(), PersonId::generate(), PersonId::generate())
    }

    fn status(state: CaseState, supporter: Option<PersonId>, subject: PersonId) -> CaseStatus {
        CaseStatus { state, supporter, subject, contacted: state == CaseState::Contacted, escalated_from: None }
    }

    #[test]
    fn the_happy_path() {
        let (subject, sam, _) = ids();
        let mut s = status(CaseState::New, None, subject);
        let steps: Vec<(Action, Actor, CaseState)> = vec![
            (Action::Assign(sam), Actor::Coordinator, CaseState::Assigned),
            (Action::Accept, Actor::Supporter(sam), CaseState::Accepted),
            (Action::LogContact, Actor::Supporter(sam), CaseState::Contacted),
            (Action::Close(OutcomeKind::Supported), Actor::Supporter(sam), CaseState::Closed),
        ];
        for (action, actor, expected) in steps {
            let t = apply(&s, &action, actor).unwrap();
            assert_eq!(t.to, expected, "{action:?}");
            s = CaseStatus {
                state: t.to,
                supporter: t.supporter,
                contacted: s.contacted || action == Action::LogContact,
                ..s
            };
        }
    }

    #[test]
    fn decline_returns_the_case_to_the_queue() {
        let (subject, sam, _) = ids();
        let s = status(CaseState::Assigned, Some(sam), subject);
        let t = apply(&s, &Action::Decline, Actor::Supporter(sam)).unwrap();
        assert_eq!((t.to, t.supporter), (CaseState::New, None));
    }

    #[test]
    fn only_the_holder_acts_as_supporter() {
        let (subject, sam, other) = ids();
        let s = status(CaseState::Assigned, Some(sam), subject);
        assert_eq!(apply(&s, &Action::Accept, Actor::Supporter(other)), Err(CaseError::NotPermitted));
        assert_eq!(apply(&s, &Action::Assign(other), Actor::Supporter(sam)), Err(CaseError::NotPermitted));
        assert_eq!(apply(&s, &Action::Withdraw, Actor::Supporter(sam)), Err(CaseError::NotPermitted));
    }

    #[test]
    fn nobody_supports_themself() {
        let (subject, _, _) = ids();
        let s = status(CaseState::New, None, subject);
        assert_eq!(apply(&s, &Action::Assign(subject), Actor::Coordinator), Err(CaseError::OwnSupporter));
    }

    #[test]
    fn outcomes_about_outreach_need_outreach() {
        let (subject, sam, _) = ids();
        let s = status(CaseState::Accepted, Some(sam), subject);
        let close = |o| apply(&s, &Action::Close(o), Actor::Supporter(sam));
        assert_eq!(close(OutcomeKind::Supported), Err(CaseError::WrongState));
        assert_eq!(close(OutcomeKind::SelfResolved).map(|t| t.to), Ok(CaseState::Closed));
    }

    #[test]
    fn an_escalation_before_acceptance_resolves_back_to_assigned() {
        let (subject, sam, _) = ids();
        let s = CaseStatus {
            escalated_from: Some(CaseState::Assigned),
            ..status(CaseState::Escalated, Some(sam), subject)
        };
        assert_eq!(apply(&s, &Action::ResolveEscalation, Actor::Coordinator).unwrap().to, CaseState::Assigned);
    }

    #[test]
    fn an_escalation_resolves_back_to_where_the_case_was() {
        let (subject, sam, _) = ids();
        let mut s = status(CaseState::Contacted, Some(sam), subject);
        s = CaseStatus {
            state: apply(&s, &Action::Escalate, Actor::Supporter(sam)).unwrap().to,
            escalated_from: Some(CaseState::Contacted),
            ..s
        };
        assert_eq!(s.state, CaseState::Escalated);
        assert_eq!(apply(&s, &Action::ResolveEscalation, Actor::Supporter(sam)), Err(CaseError::NotPermitted));
        assert_eq!(apply(&s, &Action::ResolveEscalation, Actor::Coordinator).unwrap().to, CaseState::Contacted);
    }

    /// Builds the action numbered `n` (mod 9), naming person `p` where it names one.
    fn action(n: usize, p: PersonId, outcome: usize) -> Action {
        match n % 9 {
            0 => Action::Assign(p),
            1 => Action::Accept,
            2 => Action::Decline,
            3 => Action::AssignmentExpired,
            4 => Action::LogContact,
            5 => Action::Escalate,
            6 => Action::ResolveEscalation,
            7 => Action::Close(OutcomeKind::ALL[outcome % OutcomeKind::ALL.len()]),
            _ => Action::Withdraw,
        }
    }

    /// Builds the actor numbered `n` (mod 3): coordinator, ReachIn itself, or supporter `p`.
    fn actor(n: usize, p: PersonId) -> Actor {
        match n % 3 {
            0 => Actor::Coordinator,
            1 => Actor::System,
            _ => Actor::Supporter(p),
        }
    }

    proptest! {
        /// Whatever happens: nothing leaves closed or withdrawn; a supporter acts only on a case
        /// they hold; only the coordinator assigns, withdraws and resolves; nobody supports
        /// themself; a case with a supporter is in a state that has one.
        #[test]
        fn the_case_rules_hold_under_any_sequence(
            steps in proptest::collection::vec((0usize..9, 0usize..3, 0usize..3, 0usize..3, 0usize..5), 1..80),
        ) {
            let people = [PersonId::generate(), PersonId::generate(), PersonId::generate()];
            let subject = people[0];
            let mut s = CaseStatus { state: CaseState::New, supporter: None, subject, contacted: false, escalated_from: None };
            for (a, who, target, acting, outcome) in steps {
                let action = action(a, people[target], outcome);
                let actor = actor(who, people[acting]);
                let result = apply(&s, &action, actor);
                if !s.state.is_open() {
                    prop_assert_eq!(result, Err(CaseError::NotOpen));
                    continue;
                }
                if let Ok(t) = result {
                    prop_assert_eq!(t.from, s.state);
                    if let Actor::Supporter(p) = actor {
                        prop_assert_eq!(s.supporter, Some(p), "a supporter acted on a case they do not hold");
                        prop_assert!(!matches!(action, Action::Assign(_) | Action::Withdraw | Action::ResolveEscalation));
                    }
                    if matches!(action, Action::Assign(_) | Action::Withdraw | Action::ResolveEscalation) {
                        prop_assert_eq!(actor, Actor::Coordinator);
                    }
                    prop_assert_ne!(t.supporter, Some(subject), "the subject became their own supporter");
                    if t.to == CaseState::New {
                        prop_assert_eq!(t.supporter, None);
                    }
                    if matches!(t.to, CaseState::Assigned | CaseState::Accepted | CaseState::Contacted) {
                        prop_assert!(t.supporter.is_some());
                    }
                    s = CaseStatus {
                        state: t.to,
                        supporter: t.supporter,
                        contacted: s.contacted || action == Action::LogContact,
                        subject,
                        escalated_from: if t.to == CaseState::Escalated { Some(t.from) } else { s.escalated_from },
                    };
                }
            }
        }
    }
}
