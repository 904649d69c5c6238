//! [`Registry`]: what the attribute macros register (or a [`RegistryBuilder`] adds in code),
//! grouped by domain and checked for what one macro call cannot see (a domain registered twice, a
//! server and an implementation for one domain, ...).

mod builder;
mod check;
mod integration;
mod problem;
mod registration;

use std::collections::BTreeMap;
use std::fmt;

pub use builder::RegistryBuilder;
pub use integration::{CallError, Integration, ServerSource};
pub use problem::{Problem, RegistryError};
#[doc(hidden)]
pub use registration::{Item, Registration};

/// Where an annotated function (or a [`RegistryBuilder`] call) is: `file:line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct SourceLocation {
    /// The source file, as the compiler names it (relative to the workspace).
    pub file: &'static str,
    /// The line of the function's name.
    pub line: u32,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Every integration linked into the program, sorted by domain, and the problems of those left
/// out.
///
/// At run time one broken integration never blocks the others: [`Registry::discover`] keeps every
/// integration without problems and lists the others as [unavailable](Registry::problems), each
/// problem at its `file:line`. Tests and `appcreds check` want the whole registry sound:
/// [`Registry::strict`].
///
/// ```
/// let registry = appcreds::Registry::discover();
/// for integration in registry.iter() {
///     println!("{} ({})", integration.title(), integration.location());
/// }
/// for problem in registry.problems() {
///     eprintln!("{} is unavailable: {problem}", problem.domain());
/// }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Registry {
    integrations: BTreeMap<&'static str, Integration>,
    problems: Vec<Problem>,
}

impl Registry {
    /// Collects every registration of the attribute macros in this program and checks them
    /// together. A domain with a problem is left out and its problems are kept
    /// ([`Registry::problems`]); nothing here fails.
    pub fn discover() -> Registry {
        Registry::builder().discovered().build()
    }

    /// A builder for integrations added in code (and, with
    /// [`discovered`](RegistryBuilder::discovered), the linked ones beside them).
    pub fn builder() -> RegistryBuilder {
        RegistryBuilder::default()
    }

    /// This registry if it has no problem, else every problem: the whole-registry check of
    /// tests and `appcreds check`.
    pub fn strict(self) -> Result<Registry, RegistryError> {
        match self.problems.is_empty() {
            true => Ok(self),
            false => Err(RegistryError {
                problems: self.problems,
            }),
        }
    }

    /// The problems of the registrations left out, by domain: the unavailable integrations.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// This registry without `domain`: what a program shows when a built-in integration (such as
    /// the binary's `demo`) is switched off.
    pub fn without(mut self, domain: &str) -> Registry {
        self.integrations.remove(domain);
        self.problems.retain(|p| p.domain() != domain);
        self
    }

    /// This registry with only the integrations (and problems) of `domains`: what `appcreds
    /// check --domains a,b` validates.
    pub fn only(mut self, domains: &[&str]) -> Registry {
        self.integrations
            .retain(|domain, _| domains.contains(domain));
        self.problems.retain(|p| domains.contains(&p.domain()));
        self
    }

    /// The integration of `domain`.
    pub fn get(&self, domain: &str) -> Option<&Integration> {
        self.integrations.get(domain)
    }

    /// The integrations, sorted by domain.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Integration> {
        self.integrations.values()
    }

    /// The domains, sorted.
    pub fn domains(&self) -> impl ExactSizeIterator<Item = &'static str> + '_ {
        self.integrations.keys().copied()
    }

    /// How many integrations there are.
    pub fn len(&self) -> usize {
        self.integrations.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.integrations.is_empty()
    }

    /// The registry of these macro registrations, for unit tests of the rules.
    #[cfg(test)]
    fn from_registrations(registrations: &[Registration]) -> Registry {
        let entries = registrations
            .iter()
            .map(registration::Entry::from)
            .collect();
        let (integrations, problems) = check::integrations(entries);
        Registry {
            integrations,
            problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::__private::{BoxFuture, Result as CallResult};
    use crate::{AuthorizationServer, Context, Placeholders};

    fn server<'a>(_: &'a Context) -> BoxFuture<'a, CallResult<AuthorizationServer>> {
        Box::pin(async {
            Ok(AuthorizationServer::new(
                "https://a.example/a",
                "https://a.example/t",
            ))
        })
    }

    fn failing_placeholders<'a>(_: &'a Context) -> BoxFuture<'a, CallResult<Placeholders>> {
        Box::pin(async { Err("no network".into()) })
    }

    fn registration(
        domain: &'static str,
        item: Item,
        line: u32,
        strings: Option<&'static str>,
    ) -> Registration {
        Registration::new(domain, item, "src/x.rs", line, strings)
    }

    #[test]
    fn sorted_and_titled() {
        let regs = [
            registration("zeta", Item::AuthorizationServer(server), 1, None),
            registration(
                "alpha",
                Item::AuthorizationServer(server),
                2,
                Some(r#"{"title": "Alpha"}"#),
            ),
        ];
        let registry = Registry::from_registrations(&regs).strict().unwrap();
        let titles: Vec<_> = registry
            .iter()
            .map(|i| (i.domain(), i.title().to_owned()))
            .collect();
        assert_eq!(
            titles,
            [("alpha", "Alpha".to_owned()), ("zeta", "zeta".to_owned())]
        );
    }

    #[test]
    fn description_placeholders_need_a_provider() {
        let strings =
            r#"{"application_credentials": {"description": "See {console} and {redirect_url}"}}"#;
        let regs = [registration(
            "a",
            Item::AuthorizationServer(server),
            1,
            Some(strings),
        )];
        let problems = Registry::from_registrations(&regs)
            .strict()
            .unwrap_err()
            .problems;
        assert!(
            matches!(&problems[..], [Problem::DescriptionWithoutPlaceholders { names, .. }] if names == &["console"])
        );
    }

    #[test]
    fn placeholders_alone() {
        let regs = [registration(
            "a",
            Item::DescriptionPlaceholders(failing_placeholders),
            7,
            None,
        )];
        let error = Registry::from_registrations(&regs).strict().unwrap_err();
        assert_eq!(error.problems[0].code(), "placeholders_without_server");
        assert!(error.to_string().contains("src/x.rs:7"), "{error}");
    }

    #[tokio::test]
    async fn placeholders_always_carry_the_redirect_url_and_errors_name_the_function() {
        let regs = [registration(
            "a",
            Item::AuthorizationServer(server),
            1,
            None,
        )];
        let registry = Registry::from_registrations(&regs).strict().unwrap();
        let ctx = Context::new("https://home.example.com").unwrap();
        let placeholders = registry.get("a").unwrap().placeholders(&ctx).await.unwrap();
        assert_eq!(
            placeholders.get("redirect_url"),
            Some("https://home.example.com/auth/external/callback")
        );

        let regs = [
            registration("b", Item::AuthorizationServer(server), 1, None),
            registration(
                "b",
                Item::DescriptionPlaceholders(failing_placeholders),
                9,
                None,
            ),
        ];
        let registry = Registry::from_registrations(&regs).strict().unwrap();
        let error = registry
            .get("b")
            .unwrap()
            .placeholders(&ctx)
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "#[description_placeholders] of `b` (src/x.rs:9) failed: no network"
        );
    }

    #[test]
    fn cross_crate_duplicates_name_both_crates_and_a_fix() {
        let regs = [
            registration("twice", Item::AuthorizationServer(server), 3, None)
                .in_module("crate_a::twice"),
            Registration::new(
                "twice",
                Item::AuthorizationServer(server),
                "b/src/x.rs",
                9,
                None,
            )
            .in_module("crate_b"),
        ];
        let error = Registry::from_registrations(&regs).strict().unwrap_err();
        assert_eq!(
            error.problems[0].to_string(),
            "domain `twice` is declared by #[authorization_server] in crate `crate_b` (b/src/x.rs:9) \
             and crate `crate_a` (src/x.rs:3); a program links one integration per domain: give \
             yours another name with `domain = \"...\"`, or leave one of the crates out of the program"
        );
        let same_crate = [
            registration("twice", Item::AuthorizationServer(server), 3, None).in_module("a::x"),
            registration("twice", Item::AuthorizationServer(server), 8, None).in_module("a::y"),
        ];
        let problems = Registry::from_registrations(&same_crate)
            .problems()
            .to_vec();
        assert!(
            problems[0]
                .to_string()
                .contains("keep one, or give the others")
        );
    }

    #[tokio::test]
    async fn the_builder_registers_closures_at_the_call_site_and_checks_them() {
        let endpoint = "https://a.example/t".to_owned();
        let line = line!() + 2;
        let registry = Registry::builder()
            .authorization_server("built", move |_ctx| {
                let token = endpoint.clone();
                async move {
                    Ok::<_, std::convert::Infallible>(AuthorizationServer::new(
                        "https://a.example/a",
                        token,
                    ))
                }
            })
            .url_input("built", "ignored_on_a_server")
            .build();
        let built = registry.get("built").unwrap();
        assert_eq!(
            built.location(),
            SourceLocation {
                file: file!(),
                line
            }
        );
        assert_eq!(built.url_input(), None);
        let server = built
            .authorization_server(&Context::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(server.token_url(), "https://a.example/t");

        // The same rules as discovery, and a broken domain hides no other.
        let registry = Registry::builder()
            .authorization_server("fine", |_| async {
                Ok::<_, String>(AuthorizationServer::new(
                    "https://a.example/a",
                    "https://a.example/t",
                ))
            })
            .authorization_server("Bad", |_| async {
                Err::<AuthorizationServer, _>("never called")
            })
            .strings(
                "fine",
                r#"{"title": "Fine", "application_credentials": {"description": "See {console}"}}"#,
            )
            .build();
        let codes: Vec<_> = registry
            .problems()
            .iter()
            .map(|p| (p.domain(), p.code()))
            .collect();
        assert_eq!(
            codes,
            [
                ("Bad", "invalid_domain"),
                ("fine", "description_without_placeholders")
            ]
        );
        assert!(registry.is_empty());
        assert_eq!(registry.strict().unwrap_err().problems.len(), 2);
    }

    /// Home Assistant's hassfest refuses HTML and single-quoted placeholders in descriptions;
    /// so do the registry and `appcreds check` (the macros share the rule).
    #[test]
    fn html_and_quoted_placeholders_in_strings_are_problems() {
        let registry = Registry::builder()
            .authorization_server("quoted", |_| async {
                Ok::<_, String>(AuthorizationServer::new(
                    "https://a.example/a",
                    "https://a.example/t",
                ))
            })
            .strings(
                "quoted",
                r#"{"title": "Quoted", "application_credentials": {"description": "Press <b>Create</b> and enter '{redirect_url}'."}}"#,
            )
            .build();
        let problems: Vec<_> = registry
            .problems()
            .iter()
            .map(|p| (p.code(), p.to_string()))
            .collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|(code, _)| *code == "invalid_strings"));
        assert!(problems[0].1.contains("HTML tag `<b>`"), "{problems:?}");
        assert!(
            problems[1].1.contains("inside single quotes"),
            "{problems:?}"
        );
    }
}
