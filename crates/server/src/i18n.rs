//! The message catalogue: every string a person reads comes from here.
//!
//! en-GB is the default and complete; another locale holds only the messages that differ (A&E /
//! ED, consultant / attending, date order) and falls back to en-GB for the rest.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use reachin_domain::org::Locale;

const EN_GB: &str = include_str!("../locales/en-GB.ftl");
const EN_US: &str = include_str!("../locales/en-US.ftl");

/// A catalogue that did not load: a broken `.ftl` file is a start-up error, not a blank page.
#[derive(Debug, thiserror::Error)]
#[error("message catalogue {locale} does not parse: {detail}")]
pub struct CatalogueError {
    locale: &'static str,
    detail: String,
}

/// All messages of all locales.
pub struct Catalogue {
    bundles: HashMap<Locale, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue").field("locales", &self.bundles.keys().collect::<Vec<_>>()).finish()
    }
}

fn bundle(locale: Locale, source: &str) -> Result<FluentBundle<FluentResource>, CatalogueError> {
    let fail = |detail: String| CatalogueError { locale: locale.tag(), detail };
    let resource = FluentResource::try_new(source.to_owned()).map_err(|(_, errs)| fail(format!("{errs:?}")))?;
    let lang = locale.tag().parse().map_err(|e| fail(format!("{e:?}")))?;
    let mut b = FluentBundle::new_concurrent(vec![lang]);
    // Isolation marks are for mixed-direction text; in English pages they only get in the way.
    b.set_use_isolating(false);
    b.add_resource(resource).map_err(|errs| fail(format!("{errs:?}")))?;
    Ok(b)
}

impl Catalogue {
    /// Loads the embedded catalogues.
    pub fn load() -> Result<Self, CatalogueError> {
        let mut bundles = HashMap::new();
        bundles.insert(Locale::EnGb, bundle(Locale::EnGb, EN_GB)?);
        bundles.insert(Locale::EnUs, bundle(Locale::EnUs, EN_US)?);
        Ok(Self { bundles })
    }

    /// Whether en-GB (the complete catalogue) has a message with this id.
    #[must_use]
    pub fn has(&self, id: &str) -> bool {
        self.bundles.get(&Locale::EnGb).is_some_and(|b| b.has_message(id))
    }

    /// The message `id` in `locale`, with `args`; falls back to en-GB, then to the id itself
    /// (logged: a missing message is a bug the catalogue test should have caught).
    #[must_use]
    pub fn format(&self, locale: Locale, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        for l in [locale, Locale::EnGb] {
            let Some(bundle) = self.bundles.get(&l) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                tracing::warn!(message_id = id, ?errors, "message formatted with errors");
            }
            return text.into_owned();
        }
        tracing::warn!(message_id = id, "message missing from the catalogue");
        id.to_owned()
    }

    /// A translator bound to one locale and time zone.
    #[must_use]
    pub fn tr(&self, locale: Locale, zone: TimeZone) -> Tr<'_> {
        Tr { catalogue: self, locale, zone }
    }
}

/// Messages and dates for one reader: the organisation's locale and time zone.
#[derive(Debug, Clone)]
pub struct Tr<'a> {
    catalogue: &'a Catalogue,
    locale: Locale,
    zone: TimeZone,
}

impl Tr<'_> {
    /// The message `id`.
    #[must_use]
    pub fn t(&self, id: &str) -> String {
        self.catalogue.format(self.locale, id, None)
    }

    /// The message `id` with one argument.
    #[must_use]
    pub fn t1<'v>(&self, id: &str, name: &str, value: impl Into<FluentValue<'v>>) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), value.into());
        self.catalogue.format(self.locale, id, Some(&args))
    }

    /// The message `id` with arguments.
    #[must_use]
    pub fn args(&self, id: &str, args: &FluentArgs<'_>) -> String {
        self.catalogue.format(self.locale, id, Some(args))
    }

    /// A field error in words: which field, and what is wrong with it.
    #[must_use]
    pub fn field_error(&self, e: &reachin_domain::directory::FieldError) -> String {
        let mut args = FluentArgs::new();
        args.set("field", e.field);
        if let reachin_domain::directory::FieldProblem::TooLong(max) = e.problem {
            args.set("max", max);
        }
        self.args(&format!("field-{}", e.problem.code()), &args)
    }

    /// A message with its placeholders shown as `{ $name }` (the wording an organisation edits).
    #[must_use]
    pub fn raw(&self, id: &str) -> String {
        let mut args = FluentArgs::new();
        for name in [
            "org",
            "link",
            "name",
            "supporter",
            "reply",
            "resources",
            "who",
            "seconds",
            "count",
            "when",
            "n",
            "max",
            "field",
        ] {
            args.set(name, format!("{{ ${name} }}"));
        }
        self.args(id, &args)
    }

    /// The BCP 47 tag, for `<html lang>`.
    #[must_use]
    pub fn lang(&self) -> &'static str {
        self.locale.tag()
    }

    /// The locale.
    #[must_use]
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// A date and time in the organisation's zone, in the locale's order.
    #[must_use]
    pub fn datetime(&self, t: Timestamp) -> String {
        let pattern = self.t("format-datetime");
        let zoned = t.to_zoned_datetime(self.zone.clone());
        jiff::fmt::strtime::format(pattern.as_str(), &zoned).unwrap_or_else(|_| zoned.to_string())
    }

    /// A date in the organisation's zone, in the locale's order.
    #[must_use]
    pub fn date(&self, t: Timestamp) -> String {
        let pattern = self.t("format-date");
        let zoned = t.to_zoned_datetime(self.zone.clone());
        jiff::fmt::strtime::format(pattern.as_str(), &zoned).unwrap_or_else(|_| zoned.date().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_load_and_differ_where_the_countries_do() {
        let c = Catalogue::load().unwrap();
        let gb = c.tr(Locale::EnGb, TimeZone::UTC);
        let us = c.tr(Locale::EnUs, TimeZone::UTC);
        assert_eq!(gb.t("term-emergency-department"), "A&E");
        assert_eq!(us.t("term-emergency-department"), "ED");
        assert_eq!(gb.t("grade-doctor-senior"), "Consultant");
        assert_eq!(us.t("grade-doctor-senior"), "Attending physician");
        // Falls back to en-GB for what en-US does not override.
        assert_eq!(us.t("sign-in-title"), gb.t("sign-in-title"));
    }

    #[test]
    fn dates_follow_the_locale_and_the_zone() {
        let c = Catalogue::load().unwrap();
        let t: Timestamp = "2026-07-04T16:30:00Z".parse().unwrap();
        let london = TimeZone::get("Europe/London").unwrap();
        let new_york = TimeZone::get("America/New_York").unwrap();
        assert_eq!(c.tr(Locale::EnGb, london).datetime(t), "4 Jul 2026, 17:30");
        assert_eq!(c.tr(Locale::EnUs, new_york).datetime(t), "Jul 4, 2026, 12:30 PM");
    }

    #[test]
    fn every_us_message_overrides_an_existing_gb_message() {
        let c = Catalogue::load().unwrap();
        for line in EN_US.lines() {
            if let Some((id, _)) = line.split_once(" =")
                && !id.starts_with(['#', ' ', '.'])
                && !id.is_empty()
            {
                assert!(c.has(id.trim()), "en-US has {id} which en-GB lacks");
            }
        }
    }
}
