//! Every message a page asks for exists in the catalogue, in every locale (en-US falls back).

use reachin_domain::Role;
use reachin_domain::directory::{Grade, Profession};
use reachin_server::i18n::Catalogue;

fn used_in(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for marker in [".t(\"", ".t1(\"", "Message(\"", "bad(\"", "invalid(\""] {
        for piece in text.split(marker).skip(1) {
            if let Some(id) = piece.split('"').next()
                && !id.is_empty()
                && id.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            {
                ids.push(id.to_owned());
            }
        }
    }
    ids
}

fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn every_message_id_used_by_the_code_and_templates_exists() {
    let catalogue = Catalogue::load().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("src"), &mut paths);
    files(&root.join("templates"), &mut paths);
    let mut missing = Vec::new();
    let mut count = 0;
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        for id in used_in(&text) {
            count += 1;
            if !catalogue.has(&id) {
                missing.push(format!("{id} (in {})", path.display()));
            }
        }
    }
    assert!(count > 40, "the scan found only {count} message ids: is it still looking in the right places?");
    assert!(missing.is_empty(), "missing from en-GB.ftl:\n{}", missing.join("\n"));
}

#[test]
fn every_composed_message_id_exists() {
    let catalogue = Catalogue::load().unwrap();
    let mut ids: Vec<String> = Vec::new();
    for role in ["coordinator", "supporter", "leader", "org-admin"] {
        ids.push(format!("home-{role}-title"));
        ids.push(format!("home-{role}-intro"));
    }
    for r in Role::ALL {
        ids.push(format!("role-{}", r.as_str().replace('_', "-")));
    }
    for p in Profession::ALL {
        ids.push(format!("profession-{}", p.code().replace('_', "-")));
    }
    for family in ["doctor", "nurse", "staff"] {
        for g in Grade::ALL {
            ids.push(format!("grade-{family}-{}", g.code().replace('_', "-")));
        }
    }
    for kind in [
        "not-signed-in",
        "forbidden",
        "not-found",
        "forgery",
        "bad-request",
        "invalid",
        "conflict",
        "too-large",
        "unsupported-media-type",
        "too-many-requests",
        "method-not-allowed",
        "internal",
    ] {
        ids.push(format!("error-{kind}"));
        ids.push(format!("error-{kind}-detail"));
    }
    for problem in
        ["empty", "too-long", "control-character", "not-an-email", "unknown-code", "not-an-id", "own-manager"]
    {
        ids.push(format!("field-{problem}"));
    }
    for clash in [
        reachin_store::Clash::OrgSlug,
        reachin_store::Clash::PersonIdentifier,
        reachin_store::Clash::UserEmail,
        reachin_store::Clash::Token,
    ] {
        ids.push(format!("conflict-{}", clash.code()));
    }
    for clash in [
        reachin_store::Clash::CaseChanged,
        reachin_store::Clash::EventReference,
        reachin_store::Clash::SupporterAtCap,
        reachin_store::Clash::RosterChanged,
        reachin_store::Clash::PersonHasAccount,
        reachin_store::Clash::PersonInOpenCase,
        reachin_store::Clash::WaveSubmittedTwice,
    ] {
        ids.push(format!("conflict-{}", clash.code()));
    }
    for a in reachin_domain::audit::AuditAction::ALL.iter().filter(|a| a.is_identity_view()) {
        ids.push(format!("audit-{}", a.code().replace('_', "-")));
    }
    for missing in [reachin_store::Missing::Subject, reachin_store::Missing::Supporter, reachin_store::Missing::Case] {
        ids.push(format!("missing-{}", missing.code()));
    }
    for missing in [reachin_store::Missing::Manager, reachin_store::Missing::Person, reachin_store::Missing::User] {
        ids.push(format!("missing-{}", missing.code()));
    }
    for email in ["new-case", "assignment", "assignment-expired", "escalation", "contact-due", "contact-overdue"] {
        ids.push(format!("email-{email}-subject"));
        ids.push(format!("email-{email}-body"));
    }
    for kind in reachin_domain::case::ResourceKind::ALL {
        ids.push(format!("resource-{}", kind.code().replace('_', "-")));
    }
    for email in ["survey-invite", "survey-reminder"] {
        ids.push(format!("email-{email}-subject"));
        ids.push(format!("email-{email}-body"));
    }
    for m in 1..=12 {
        ids.push(format!("month-{m}"));
    }
    for status in reachin_domain::report::STATUSES {
        ids.push(format!("report-status-{}", status.replace('_', "-")));
    }
    for b in reachin_domain::report::Breakdown::ALL {
        ids.push(format!("report-by-{}", b.code()));
        ids.push(format!("column-{}", b.code()));
    }
    for m in reachin_domain::survey::SelfCheckMessage::ALL {
        ids.push(format!("self-check-{}", m.code().replace('_', "-")));
    }
    for source in reachin_domain::case::Source::ALL {
        ids.push(format!("source-{}", source.code().replace('_', "-")));
    }
    for category in reachin_domain::intake::DEFAULT_CATEGORIES {
        ids.push(format!("category-{}", category.replace('_', "-")));
    }
    ids.push("email-resource-sheet-subject".into());
    ids.push("email-feedback-subject".into());
    ids.push("email-touching-base-subject".into());
    ids.push("email-touching-base-body".into());
    ids.push("email-opt-out-subject".into());
    ids.push("email-opt-out-body".into());
    ids.push("email-follow-up-subject".into());
    ids.push("email-follow-up-body".into());
    ids.push("email-feedback-body".into());
    ids.push("email-resource-sheet-body".into());
    for s in reachin_domain::roster::SupporterStatus::ALL {
        ids.push(format!("supporter-status-{}", s.code()));
    }
    for g in ["woman", "man"] {
        ids.push(format!("roster-gender-{g}"));
    }
    for email in ["refresher", "debrief"] {
        ids.push(format!("email-{email}-subject"));
        ids.push(format!("email-{email}-body"));
    }
    for day in 1..=7 {
        ids.push(format!("weekday-{day}"));
    }
    let missing: Vec<_> = ids.iter().filter(|id| !catalogue.has(id)).collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
}
