//! Staff directory import from CSV: an upsert keyed by employee id (else work email). Each row is
//! written on its own, so a bad row is reported (row, column, reason) and writes nothing, while
//! the good rows go in. Managers are linked in a second pass, so they may appear in any order.

use std::collections::HashMap;
use std::io::Read;

use reachin_domain::PersonId;
use reachin_domain::directory::{Person, PersonInput};
use reachin_domain::org::Organisation;
use reachin_store::directory::{self, Upserted};
use reachin_store::{Db, StoreError};

/// The columns an import file may have (`name` is required, and `employee_id` or `email`).
pub const COLUMNS: &[&str] = &[
    "employee_id",
    "name",
    "email",
    "phone",
    "department",
    "profession",
    "specialty",
    "grade",
    "site",
    "manager_employee_id",
];

/// One refused row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The line in the file (the header is line 1).
    pub row: usize,
    /// The column at fault.
    pub column: String,
    /// Why.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// New directory entries.
    pub added: usize,
    /// Entries updated.
    pub updated: usize,
    /// Rows refused, each with its reason.
    pub errors: Vec<RowError>,
}

/// A whole file refused before any row was read (a bad header).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A column ReachIn does not know.
    #[error("unknown column {0:?}; the columns are: {columns}", columns = COLUMNS.join(", "))]
    UnknownColumn(String),
    /// No `name` column.
    #[error("the file has no \"name\" column")]
    NoName,
    /// Neither `employee_id` nor `email`: rows could not be matched to existing entries.
    #[error("the file needs an \"employee_id\" or an \"email\" column")]
    NoKey,
    /// The CSV itself is unreadable.
    #[error("the file is not readable CSV: {0}")]
    Csv(#[from] csv::Error),
}

fn row_error(row: usize, column: &str, reason: impl Into<String>) -> RowError {
    RowError { row, column: column.to_owned(), reason: reason.into() }
}

/// For an update, a column the file does not have keeps the stored value: a partial feed (names
/// and emails only, say) must not wipe departments or managers. A column present but empty does
/// clear its value.
async fn keep_absent_columns(db: &Db, headers: &[String], manager_cell: Option<&str>, mut p: Person) -> Person {
    let existing = match (&p.employee_id, &p.email) {
        (Some(e), _) => directory::by_employee_id(db, p.org_id, e).await.ok().flatten(),
        (None, Some(m)) => directory::by_email(db, p.org_id, m).await.ok().flatten(),
        (None, None) => None,
    };
    let Some(old) = existing else { return p };
    let absent = |c: &str| !headers.iter().any(|h| h == c);
    if absent("email") {
        p.email = old.email;
    }
    if absent("employee_id") {
        p.employee_id = old.employee_id;
    }
    if absent("phone") {
        p.phone = old.phone;
    }
    if absent("department") {
        p.department = old.department;
    }
    if absent("profession") {
        p.profession = old.profession;
    }
    if absent("specialty") {
        p.specialty = old.specialty;
    }
    if absent("grade") {
        p.grade = old.grade;
    }
    if absent("site") {
        p.site = old.site;
    }
    // A named manager is linked in the second pass; until then an update keeps the stored one.
    p.manager_id = match manager_cell {
        Some("") => None,
        _ => old.manager_id,
    };
    p
}

/// Imports people into `org`'s directory. `progress(done, total)` is called after each row.
pub async fn import_people(
    db: &Db,
    org: &Organisation,
    input: impl Read,
    now: jiff::Timestamp,
    mut progress: impl FnMut(usize, usize),
) -> Result<ImportReport, ImportError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(false).from_reader(input);
    let headers: Vec<String> = reader.headers()?.iter().map(|h| h.trim().to_lowercase()).collect();
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(ImportError::UnknownColumn(unknown.clone()));
    }
    if !headers.iter().any(|h| h == "name") {
        return Err(ImportError::NoName);
    }
    if !headers.iter().any(|h| h == "employee_id" || h == "email") {
        return Err(ImportError::NoKey);
    }
    let records: Vec<Result<csv::StringRecord, csv::Error>> = reader.records().collect();
    let total = records.len();
    // Staff numbers the file itself brings: a manager may be a row further down.
    let column = |name: &str| headers.iter().position(|h| h == name);
    let in_file: std::collections::HashSet<String> = match column("employee_id") {
        Some(p) => {
            records.iter().flatten().filter_map(|r| r.get(p)).filter(|v| !v.is_empty()).map(str::to_owned).collect()
        }
        None => std::collections::HashSet::new(),
    };
    let mut report = ImportReport::default();
    let mut managers: Vec<(usize, PersonId, String)> = Vec::new();
    for (i, record) in records.into_iter().enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                report.errors.push(row_error(row, "-", format!("unreadable row: {e}")));
                progress(i + 1, total);
                continue;
            }
        };
        let get = |name: &str| headers.iter().position(|h| h == name).and_then(|p| record.get(p)).map(str::to_owned);
        let input = PersonInput {
            employee_id: get("employee_id"),
            name: get("name").unwrap_or_default(),
            email: get("email"),
            phone: get("phone"),
            department: get("department"),
            profession: get("profession"),
            specialty: get("specialty"),
            grade: get("grade"),
            site: get("site"),
            manager_id: None,
        };
        if input.employee_id.as_deref().unwrap_or("").is_empty() && input.email.as_deref().unwrap_or("").is_empty() {
            report.errors.push(row_error(row, "employee_id", "a row needs an employee id or an email"));
            progress(i + 1, total);
            continue;
        }
        // A manager nobody knows makes the row bad before anything of it is written.
        if let Some(m) = get("manager_employee_id").filter(|m| !m.is_empty())
            && !in_file.contains(&m)
            && directory::by_employee_id(db, org.id, &m).await.ok().flatten().is_none()
        {
            report.errors.push(row_error(row, "manager_employee_id", "no other person has this employee id"));
            progress(i + 1, total);
            continue;
        }
        match input.parse(org.id, PersonId::generate()) {
            Err(e) => report.errors.push(row_error(row, e.field, e.problem.to_string())),
            Ok(person) => match directory::upsert(
                db,
                &keep_absent_columns(db, &headers, get("manager_employee_id").as_deref(), person).await,
                now,
            )
            .await
            {
                Ok(Upserted::Added(id)) => {
                    report.added += 1;
                    if let Some(m) = get("manager_employee_id").filter(|m| !m.is_empty()) {
                        managers.push((row, id, m));
                    }
                }
                Ok(Upserted::Updated(id)) => {
                    report.updated += 1;
                    if let Some(m) = get("manager_employee_id").filter(|m| !m.is_empty()) {
                        managers.push((row, id, m));
                    }
                }
                Err(StoreError::Conflict(_)) => report.errors.push(row_error(
                    row,
                    "employee_id/email",
                    "another person already has this email or employee id",
                )),
                Err(e) => report.errors.push(row_error(row, "-", format!("could not be saved: {e}"))),
            },
        }
        progress(i + 1, total);
    }
    // Second pass: managers, now that everyone is in.
    let mut cache: HashMap<String, Option<PersonId>> = HashMap::new();
    for (row, person_id, manager_key) in managers {
        let manager = match cache.get(&manager_key) {
            Some(m) => *m,
            None => {
                let m = directory::by_employee_id(db, org.id, &manager_key).await.ok().flatten().map(|p| p.id);
                cache.insert(manager_key.clone(), m);
                m
            }
        };
        let Some(manager) = manager.filter(|m| *m != person_id) else {
            report.errors.push(row_error(row, "manager_employee_id", "no other person has this employee id"));
            continue;
        };
        let Ok(Some(person)) = directory::by_id(db, org.id, person_id).await else { continue };
        let linked = reachin_domain::directory::Person { manager_id: Some(manager), ..person };
        if let Err(e) = directory::update(db, &linked, now).await {
            report.errors.push(row_error(row, "manager_employee_id", format!("could not be linked: {e}")));
        }
    }
    Ok(report)
}
