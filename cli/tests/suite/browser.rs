//! The web page in headless Chromium (Debian's `chromium` + `chromium-driver`) against the real
//! `appcreds serve --demo`, as a new user walks it: at 1280×900 and at 390×844, every page of the
//! flow is checked for horizontal overflow (nothing needs sideways scrolling, every action fits)
//! and with axe-core (0 violations), and its screenshot goes to `target/screenshots/`. One flow is
//! driven by the keyboard alone. Skipped with a notice when Chromium or axe-core is absent; a
//! failure under `APPCREDS_REQUIRE_ALL=1`.
//!
//! The tests take turns: one Chromium at a time on a small machine.

use std::path::Path;

use appcreds_tests::server::Server;
use appcreds_tests::webdriver::{Browser, ENTER, TAB, find_program};
use appcreds_tests::{axe, components};
use serde_json::json;
use tempfile::TempDir;
use tokio::sync::{Mutex, MutexGuard};

use crate::support::BIN;

static TURN: Mutex<()> = Mutex::const_new(());

const DEMO_CREDENTIAL: &str = r#"tr[data-credential="demo_appcreds_demo"]"#;
const OTHER_CREDENTIAL: &str = r#"tr[data-credential="demo_other_client"]"#;
const ACCOUNT_ROW: &str = "tr[data-account]";

/// Every link, button and field of the page that sticks out of the viewport on the right.
const OUT_OF_VIEW: &str = "return [...document.querySelectorAll('a, button, input, select')]
  .filter(e => e.offsetParent !== null && e.type !== 'hidden')
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(e => e.outerHTML.slice(0, 120));";

/// A served data directory and a headless Chromium on it, at one screen size.
struct Page {
    browser: Browser,
    server: Server,
    axe: String,
    size: &'static str,
    _dir: TempDir,
    _turn: MutexGuard<'static, ()>,
}

impl Page {
    /// The page of a fresh `serve --demo` at `width` × `height`, or `None` (with the notice)
    /// without Chromium or axe-core.
    async fn open(test: &str, size: &'static str, width: u32, height: u32) -> Option<Page> {
        let (Some(chromium), Some(chromedriver)) =
            (find_program("chromium"), find_program("chromedriver"))
        else {
            components::missing(
                &format!("browser::{test}"),
                "chromium and chromedriver",
                "apt-get install -y chromium chromium-driver",
            );
            return None;
        };
        let Some(axe) = axe::script() else {
            components::missing(
                &format!("browser::{test}"),
                "axe-core",
                "npm ci --prefix tests/browser --no-audit --no-fund",
            );
            return None;
        };
        let turn = TURN.lock().await;
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(Path::new(BIN), dir.path(), &["--demo"]);
        let browser = Browser::start(&chromedriver, &chromium)
            .await
            .expect("headless Chromium");
        let inner = browser.set_viewport(width, height).await.unwrap();
        assert_eq!(inner, u64::from(width), "the viewport is {width} px wide");
        Some(Page {
            browser,
            server,
            axe,
            size,
            _dir: dir,
            _turn: turn,
        })
    }

    /// Saves a screenshot as `target/screenshots/SIZE-NAME.png`.
    async fn shot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        let path = dir.join(format!("{}-{name}.png", self.size));
        self.browser.screenshot(&path).await.unwrap();
    }

    /// Checks the page now shown: no horizontal overflow, every control within the viewport, 0
    /// axe-core violations; and saves its screenshot.
    async fn check(&self, name: &str) {
        let browser = &self.browser;
        browser.find("main h1").await.unwrap();
        self.shot(name).await;
        let widths = browser
            .execute("return [document.documentElement.scrollWidth, window.innerWidth];")
            .await
            .unwrap();
        assert!(
            widths[0].as_u64() <= widths[1].as_u64(),
            "{}/{name}: the page is wider than the screen: {widths}",
            self.size
        );
        let outside = browser.execute(OUT_OF_VIEW).await.unwrap();
        assert_eq!(
            outside,
            json!([]),
            "{}/{name}: controls out of view",
            self.size
        );
        let violations = axe::violations(browser, &self.axe).await.unwrap();
        assert!(
            violations.is_empty(),
            "{}/{name}: axe-core found {violations:#?}",
            self.size
        );
    }

    fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// The token command the page shows for `id`: with the data directory `serve` uses (the URL is
    /// recorded with the data).
    fn token_command(&self, id: &str) -> String {
        format!(
            "appcreds token {id} --data-dir {} --demo",
            self._dir.path().display()
        )
    }

    async fn heading(&self, expected: &str) {
        self.browser
            .wait_for_text("main h1", expected)
            .await
            .unwrap();
    }

    /// How many elements match `css` and are shown.
    async fn visible(&self, css: &str) -> u64 {
        self.browser
            .execute_with(
                "return [...document.querySelectorAll(arguments[0])].filter(e => e.offsetParent !== null && !e.hidden).length;",
                json!([css]),
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap()
    }

    /// Logs in with the admin token: the dashboard.
    async fn log_in(&self) {
        let browser = &self.browser;
        browser.goto(&self.url("/")).await.unwrap();
        assert!(browser.current_url().await.unwrap().ends_with("/login"));
        self.check("01-login").await;
        browser
            .fill("#token", &self.server.admin_token)
            .await
            .unwrap();
        browser.click("#login").await.unwrap();
        browser.find("#integrations").await.unwrap();
        self.check("02-dashboard").await;
    }

    /// Signs in at the demo provider and allows (or denies) access.
    async fn at_the_provider(&self, allow: bool) {
        let browser = &self.browser;
        browser.find("#sign-in").await.unwrap();
        browser
            .fill("#password", appcreds_demo::USER.1)
            .await
            .unwrap();
        browser.click("#sign-in").await.unwrap();
        browser.find("#allow").await.unwrap();
        browser
            .click(if allow { "#allow" } else { "#deny" })
            .await
            .unwrap();
    }

    async fn close(self) {
        self.browser.quit().await;
    }
}

#[tokio::test]
async fn the_page_asks_for_the_admin_token_once() {
    let test = "the_page_asks_for_the_admin_token_once";
    let Some(page) = Page::open(test, "session", 1280, 900).await else {
        return;
    };
    page.log_in().await;
    // The session cookie keeps the page open.
    page.browser.goto(&page.url("/")).await.unwrap();
    page.browser.find("#integrations").await.unwrap();
    page.close().await;
}

#[tokio::test]
async fn the_whole_flow_on_a_1280_px_screen() {
    let Some(page) = Page::open("the_whole_flow_on_a_1280_px_screen", "1280", 1280, 900).await
    else {
        return;
    };
    whole_flow(&page).await;
    page.close().await;
}

#[tokio::test]
async fn the_whole_flow_on_a_390_px_phone() {
    let Some(page) = Page::open("the_whole_flow_on_a_390_px_phone", "390", 390, 844).await else {
        return;
    };
    whole_flow(&page).await;
    page.close().await;
}

/// Every page and action, in the order a new user meets them.
async fn whole_flow(page: &Page) {
    page.log_in().await;
    filter_and_link(page).await;
    let account = the_linked_account(page).await;
    rename_the_account(page).await;
    pick_an_integration(page).await;
    reauthorize_with_a_choice(page).await;
    denied_consent(page).await;
    wrong_secret(page).await;
    inputs_and_confirmations(page, &account).await;
}

/// Typing filters the integrations; linking the demo adds its credential on the way.
async fn filter_and_link(page: &Page) {
    let browser = &page.browser;
    browser.fill("#filter", "demo").await.unwrap();
    assert_eq!(page.visible("#integrations-table tbody tr").await, 1);
    page.shot("03-filtered").await;
    browser
        .click(r#"tr[data-domain="demo"] form button"#)
        .await
        .unwrap();
    browser.find("#redirect-uri").await.unwrap();
    assert_eq!(
        browser.text("#redirect-uri").await.unwrap(),
        page.url("/auth/external/callback")
    );
    assert_eq!(page.visible(r#"button[data-copy="redirect-uri"]"#).await, 1);
    page.check("04-add-credential").await;
    browser.fill("#name", "Demo app").await.unwrap();
    browser
        .fill("#client_id", appcreds_demo::CLIENT_ID)
        .await
        .unwrap();
    browser
        .fill("#client_secret", appcreds_demo::CLIENT_SECRET)
        .await
        .unwrap();
    browser
        .click("form.stack button[type=submit]")
        .await
        .unwrap();
    page.shot("05-provider-login").await;
    page.at_the_provider(true).await;
    page.heading("Account linked").await;
    let address = browser.current_url().await.unwrap();
    assert!(
        address.contains("/auth/external/result/") && !address.contains("code="),
        "{address}"
    );
    page.check("06-linked").await;
    let command = browser.text("#token-command").await.unwrap();
    let id = browser.text("#account-id").await.unwrap();
    assert_eq!(command, page.token_command(&id));
}

/// The dashboard shows the account's id, token command, credential name and every action.
async fn the_linked_account(page: &Page) -> String {
    let browser = &page.browser;
    browser.goto(&page.url("/")).await.unwrap();
    page.check("07-dashboard-linked").await;
    let id = browser
        .text(&format!("{ACCOUNT_ROW} code[id^=account-id]"))
        .await
        .unwrap();
    let title = browser
        .text(&format!("{ACCOUNT_ROW} .account-title"))
        .await
        .unwrap();
    assert_eq!(title, format!("Demo provider {}", &id[..6]));
    let command = browser
        .text(&format!("{ACCOUNT_ROW} code[id^=token-command]"))
        .await
        .unwrap();
    assert_eq!(command, page.token_command(&id));
    assert_eq!(
        browser
            .text(&format!("{ACCOUNT_ROW} .credential-name"))
            .await
            .unwrap(),
        "Demo app"
    );
    let status = browser.text(".token-status").await.unwrap();
    assert!(status.starts_with("Valid until 20"), "{status}");
    for action in [
        "button[data-copy^=account-id]",
        "button[data-copy^=token-command]",
        r#"a[href$="/rename"]"#,
        r#"form[action$="/reauth"] button"#,
        r#"a[href$="/remove"]"#,
    ] {
        assert_eq!(
            page.visible(&format!("{ACCOUNT_ROW} {action}")).await,
            1,
            "{action}"
        );
    }
    for action in [
        r#"a[href$="/rename"]"#,
        r#"a[href$="/rotate"]"#,
        r#"a[href$="/delete"]"#,
    ] {
        assert_eq!(
            page.visible(&format!("{DEMO_CREDENTIAL} {action}")).await,
            1,
            "{action}"
        );
    }
    id
}

async fn rename_the_account(page: &Page) {
    let browser = &page.browser;
    browser
        .click(&format!(r#"{ACCOUNT_ROW} a[href$="/rename"]"#))
        .await
        .unwrap();
    page.heading("Rename account").await;
    page.check("08-rename-account").await;
    browser.fill("#field", "My demo").await.unwrap();
    browser.click("form.stack button").await.unwrap();
    browser
        .wait_for_text(".notice", "Linked account renamed.")
        .await
        .unwrap();
    assert_eq!(
        browser
            .text(&format!("{ACCOUNT_ROW} .account-title"))
            .await
            .unwrap(),
        "My demo"
    );
}

/// The add-credential picker starts empty and filters as you type; a second credential.
async fn pick_an_integration(page: &Page) {
    let browser = &page.browser;
    browser.goto(&page.url("/credentials/new")).await.unwrap();
    page.check("09-pick-integration").await;
    let chosen = browser
        .execute("return document.getElementById('domain').value;")
        .await
        .unwrap();
    assert_eq!(chosen, "", "nothing is preselected");
    browser.fill("#filter", "demo").await.unwrap();
    let shown = browser
        .execute("return [...document.querySelectorAll('#domain option')].filter(o => o.value && !o.hidden).length;")
        .await
        .unwrap();
    assert_eq!(shown, 1);
    browser
        .goto(&page.url("/credentials/new?domain=demo"))
        .await
        .unwrap();
    browser.fill("#name", "Other app").await.unwrap();
    browser.fill("#client_id", "other-client").await.unwrap();
    browser
        .fill("#client_secret", "other-secret")
        .await
        .unwrap();
    browser.click("form.stack button").await.unwrap();
    browser
        .wait_for_text(".notice", "Application credential added.")
        .await
        .unwrap();
}

/// Reauthorizing with two credentials asks which one, the current one selected.
async fn reauthorize_with_a_choice(page: &Page) {
    let browser = &page.browser;
    browser
        .click(&format!(r#"{ACCOUNT_ROW} form[action$="/reauth"] button"#))
        .await
        .unwrap();
    page.heading("Reauthorize account").await;
    page.check("10-reauth-choose-credential").await;
    let checked = browser
        .execute("return document.querySelector('input[name=implementation]:checked').value;")
        .await
        .unwrap();
    assert_eq!(checked, "demo_appcreds_demo");
    browser.click("form.stack button").await.unwrap();
    page.at_the_provider(true).await;
    page.heading("Account authorized again").await;
    page.check("11-reauthorized").await;
}

/// Denied consent: one plain message and a Try again button.
async fn denied_consent(page: &Page) {
    let browser = &page.browser;
    browser.goto(&page.url("/")).await.unwrap();
    browser
        .click(r#"tr[data-domain="demo"] form button"#)
        .await
        .unwrap();
    page.heading("Choose a credential").await;
    page.check("12-flow-choose-credential").await;
    browser.click("form.stack button").await.unwrap();
    page.at_the_provider(false).await;
    page.heading("Access was not allowed").await;
    page.check("13-failure-denied").await;
    let source = browser.source().await.unwrap();
    assert!(
        !source.contains("user_rejected") && !source.contains("access_denied"),
        "no raw codes"
    );
    assert_eq!(page.visible(r#"#next-steps a[href="/link/demo"]"#).await, 1);
    browser
        .click(r#"#next-steps a[href="/link/demo"]"#)
        .await
        .unwrap();
    page.heading("Link a Demo provider account").await;
    page.check("14-try-again").await;
}

/// A wrong secret (`invalid_client`): the failure page leads to replacing it.
async fn wrong_secret(page: &Page) {
    let browser = &page.browser;
    browser.goto(&page.url("/")).await.unwrap();
    browser
        .click(&format!(r#"{DEMO_CREDENTIAL} a[href$="/rotate"]"#))
        .await
        .unwrap();
    page.heading("Replace client secret").await;
    page.check("15-replace-secret").await;
    browser.fill("#field", "not-the-secret").await.unwrap();
    browser.click("form.stack button").await.unwrap();
    browser.find(".notice").await.unwrap();
    browser.goto(&page.url("/link/demo")).await.unwrap();
    browser.click("form.stack button").await.unwrap();
    page.at_the_provider(true).await;
    page.heading("The provider refused the client secret").await;
    page.check("16-failure-wrong-secret").await;
    browser
        .click(r#"#next-steps a[href$="/rotate"]"#)
        .await
        .unwrap();
    page.heading("Replace client secret").await;
    browser
        .fill("#field", appcreds_demo::CLIENT_SECRET)
        .await
        .unwrap();
    browser.click("form.stack button").await.unwrap();
    browser
        .wait_for_text(
            ".notice",
            "Client secret replaced. The next token request uses the new one.",
        )
        .await
        .unwrap();
}

/// The inputs page, the confirmations before deleting, and the other failure pages.
async fn inputs_and_confirmations(page: &Page, account: &str) {
    let browser = &page.browser;
    browser.fill("#filter", "nest").await.unwrap();
    browser
        .click(r#"tr[data-domain="nest"] form button"#)
        .await
        .unwrap();
    page.heading("Account details").await;
    page.check("17-account-inputs").await;

    browser.goto(&page.url("/")).await.unwrap();
    browser
        .click(&format!(r#"{OTHER_CREDENTIAL} a[href$="/delete"]"#))
        .await
        .unwrap();
    page.heading("Delete this credential?").await;
    page.check("18-confirm-delete").await;
    browser.click("main form.danger button").await.unwrap();
    browser
        .wait_for_text(".notice", "Application credential deleted.")
        .await
        .unwrap();

    browser
        .click(&format!(r#"{DEMO_CREDENTIAL} a[href$="/delete"]"#))
        .await
        .unwrap();
    page.heading("Credential in use").await;
    page.check("19-delete-refused").await;
    assert!(browser.text("#in-use").await.unwrap().contains("My demo"));

    browser
        .goto(&page.url(&format!("/accounts/{account}/remove")))
        .await
        .unwrap();
    page.heading("Remove this account?").await;
    page.check("20-confirm-remove").await;
    browser.click("main form.danger button").await.unwrap();
    browser
        // The demo provider has no revocation endpoint: the page says so.
        .wait_for_text(
            ".notice",
            "Linked account removed. The provider offers no token revocation: revoke the access in your account settings there if you want it gone now.",
        )
        .await
        .unwrap();
    page.check("21-dashboard-after-removal").await;

    browser
        .goto(&page.url("/auth/external/failed/invalid_state"))
        .await
        .unwrap();
    page.heading("Linking failed").await;
    page.check("22-callback-failed").await;
    browser
        .goto(&page.url("/accounts/nope/rename"))
        .await
        .unwrap();
    page.heading("Something went wrong").await;
    page.check("23-error").await;
}

/// Tab until the focused element's description contains `wanted` (at most `limit` presses).
async fn tab_to(browser: &Browser, wanted: &str, limit: usize) {
    let mut seen = Vec::new();
    for _ in 0..limit {
        browser.keys(&TAB.to_string()).await.unwrap();
        let focused = browser.focused().await.unwrap();
        if focused.contains(wanted) {
            return;
        }
        seen.push(focused);
    }
    panic!("{wanted:?} never got the focus; focused in turn: {seen:#?}");
}

#[tokio::test]
async fn the_keyboard_alone_links_an_account() {
    let test = "the_keyboard_alone_links_an_account";
    let Some(page) = Page::open(test, "keyboard", 1280, 900).await else {
        return;
    };
    let browser = &page.browser;
    browser.goto(&page.url("/")).await.unwrap();
    // The token field has the focus; type it and press Enter.
    browser
        .keys(&format!("{}{ENTER}", page.server.admin_token))
        .await
        .unwrap();
    page.heading("Integrations and accounts").await;
    // The skip link comes first and moves to the content.
    browser.keys(&TAB.to_string()).await.unwrap();
    assert!(
        browser
            .focused()
            .await
            .unwrap()
            .contains("Skip to main content")
    );
    browser.keys(&ENTER.to_string()).await.unwrap();
    tab_to(browser, "input#filter", 10).await;
    browser.keys(&format!("demo{TAB}")).await.unwrap();
    // Past the Filter button, to the only integration left: its Link account button.
    tab_to(browser, "Link account with Demo provider", 5).await;
    browser.keys(&ENTER.to_string()).await.unwrap();
    page.heading("Add application credential").await;
    tab_to(browser, "input#name", 20).await;
    browser
        .keys(&format!(
            "Keyboard app{TAB}{}{TAB}{}{ENTER}",
            appcreds_demo::CLIENT_ID,
            appcreds_demo::CLIENT_SECRET
        ))
        .await
        .unwrap();
    // At the demo provider: user, password, sign in; then Allow.
    browser.find("#sign-in").await.unwrap();
    tab_to(browser, "input#password", 10).await;
    browser
        .keys(&format!("{}{ENTER}", appcreds_demo::USER.1))
        .await
        .unwrap();
    browser.find("#allow").await.unwrap();
    tab_to(browser, "button#allow", 10).await;
    browser.keys(&ENTER.to_string()).await.unwrap();
    page.heading("Account linked").await;
    page.shot("keyboard-linked").await;
    // Back to the accounts by keyboard.
    tab_to(browser, "Go to your accounts", 20).await;
    browser.keys(&ENTER.to_string()).await.unwrap();
    page.heading("Integrations and accounts").await;
    assert_eq!(
        browser
            .text(&format!("{ACCOUNT_ROW} .credential-name"))
            .await
            .unwrap(),
        "Keyboard app"
    );
    page.close().await;
}
