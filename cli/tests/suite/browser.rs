//! The web page in headless Chromium (Debian's `chromium` + `chromium-driver`) against the real
//! `appcreds serve --demo`: log in with the admin token, link the demo account (the credential is
//! added inline on the way), see it valid, get refused deleting the credential in use, remove the
//! account, delete the credential. A screenshot of each page goes to `target/screenshots/`.
//! Skipped with a notice when Chromium is absent; a failure under `APPCREDS_REQUIRE_ALL=1`.
//!
//! The tests take turns: one Chromium at a time on a small machine.

use std::path::{Path, PathBuf};

use appcreds_tests::components;
use appcreds_tests::server::Server;
use appcreds_tests::webdriver::{Browser, find_program};
use tempfile::TempDir;
use tokio::sync::{Mutex, MutexGuard};

use crate::support::BIN;

static TURN: Mutex<()> = Mutex::const_new(());

const CREDENTIAL_ROW: &str = r#"tr[data-credential="demo_appcreds_demo"]"#;

/// A served data directory and a headless Chromium on it.
struct Page {
    browser: Browser,
    server: Server,
    _dir: TempDir,
    _turn: MutexGuard<'static, ()>,
}

impl Page {
    /// The page of a fresh `serve --demo`, or `None` (with the notice) without Chromium.
    async fn open(test: &str) -> Option<Page> {
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
        let turn = TURN.lock().await;
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(Path::new(BIN), dir.path(), &["--demo"]);
        let browser = Browser::start(&chromedriver, &chromium)
            .await
            .expect("headless Chromium");
        Some(Page {
            browser,
            server,
            _dir: dir,
            _turn: turn,
        })
    }

    /// Saves a screenshot as `target/screenshots/NAME.png`.
    async fn shot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        let path: PathBuf = dir.join(format!("{name}.png"));
        self.browser.screenshot(&path).await.unwrap();
    }

    /// Logs in once with the admin token: the dashboard.
    async fn log_in(&self) {
        let browser = &self.browser;
        browser.goto(&self.server.url("/")).await.unwrap();
        assert!(browser.current_url().await.unwrap().ends_with("/login"));
        self.shot("01-login").await;
        browser
            .fill("#token", &self.server.admin_token)
            .await
            .unwrap();
        browser.click("#login").await.unwrap();
        browser.find("#integrations").await.unwrap();
        self.shot("02-dashboard").await;
    }

    /// Links the demo account from the dashboard: no credential yet, so the page offers to add
    /// one (with the redirect URI to register and a copy button), then the demo provider's
    /// sign-in and consent, and back to the result page.
    async fn link_demo(&self) {
        let browser = &self.browser;
        browser
            .click(r#"tr[data-domain="demo"] button"#)
            .await
            .unwrap();
        browser.find("#redirect-uri").await.unwrap();
        let address = browser.current_url().await.unwrap();
        assert!(
            address.contains("/credentials/new?domain=demo&link=1"),
            "{address}"
        );
        assert_eq!(
            browser.text("#redirect-uri").await.unwrap(),
            self.server.url("/auth/external/callback")
        );
        assert_eq!(
            browser
                .text(r#"button[data-copy="redirect-uri"]"#)
                .await
                .unwrap(),
            "Copy",
            "the copy button is shown by the script"
        );
        let source = browser.source().await.unwrap();
        assert!(
            source.contains(appcreds_demo::CLIENT_ID),
            "the description names the demo client"
        );
        self.shot("03-add-credential").await;
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

        browser.find("#sign-in").await.unwrap();
        let address = browser.current_url().await.unwrap();
        assert!(address.contains("/demo/oauth/authorize?"), "{address}");
        self.shot("04-provider-login").await;
        browser
            .fill("#password", appcreds_demo::USER.1)
            .await
            .unwrap();
        browser.click("#sign-in").await.unwrap();
        browser.find("#allow").await.unwrap();
        self.shot("05-provider-consent").await;
        browser.click("#allow").await.unwrap();
        browser.wait_for_text("h1", "Account linked").await.unwrap();
        self.shot("06-linked").await;
    }

    /// Clicks the delete button of the demo credential.
    async fn delete_credential(&self) {
        self.browser
            .click(&format!("{CREDENTIAL_ROW} form.danger button"))
            .await
            .unwrap();
    }

    async fn close(self) {
        self.browser.quit().await;
    }
}

#[tokio::test]
async fn the_page_asks_for_the_admin_token_once() {
    let Some(page) = Page::open("the_page_asks_for_the_admin_token_once").await else {
        return;
    };
    page.log_in().await;
    // The session cookie keeps the page open.
    page.browser.goto(&page.server.url("/")).await.unwrap();
    page.browser.find("#integrations").await.unwrap();
    page.close().await;
}

#[tokio::test]
async fn linking_adds_the_missing_credential_inline_and_leaves_no_code_in_the_address() {
    let test = "linking_adds_the_missing_credential_inline_and_leaves_no_code_in_the_address";
    let Some(page) = Page::open(test).await else {
        return;
    };
    page.log_in().await;
    page.link_demo().await;
    let address = page.browser.current_url().await.unwrap();
    assert!(
        address.contains("/auth/external/result/")
            && !address.contains("code=")
            && !address.contains("state="),
        "{address}"
    );
    page.close().await;
}

#[tokio::test]
async fn a_linked_account_shows_its_token_status_and_credential() {
    let Some(page) = Page::open("a_linked_account_shows_its_token_status_and_credential").await
    else {
        return;
    };
    page.log_in().await;
    page.link_demo().await;
    page.browser.goto(&page.server.url("/")).await.unwrap();
    let status = page.browser.text(".token-status").await.unwrap();
    assert!(status.starts_with("valid until"), "{status}");
    let used_by = page.browser.text(CREDENTIAL_ROW).await.unwrap();
    assert!(
        used_by.contains("Demo app") && used_by.contains("Demo provider"),
        "{used_by}"
    );
    page.shot("07-dashboard-linked").await;
    page.close().await;
}

#[tokio::test]
async fn deleting_a_credential_in_use_is_refused_with_its_accounts() {
    let Some(page) = Page::open("deleting_a_credential_in_use_is_refused_with_its_accounts").await
    else {
        return;
    };
    page.log_in().await;
    page.link_demo().await;
    page.browser.goto(&page.server.url("/")).await.unwrap();
    page.delete_credential().await;
    page.browser
        .wait_for_text("h1", "Credential in use")
        .await
        .unwrap();
    let in_use = page.browser.text("#in-use").await.unwrap();
    assert!(in_use.contains("Demo app"), "{in_use}");
    page.shot("08-delete-refused").await;
    page.close().await;
}

#[tokio::test]
async fn the_account_then_its_credential_are_removed() {
    let Some(page) = Page::open("the_account_then_its_credential_are_removed").await else {
        return;
    };
    page.log_in().await;
    page.link_demo().await;
    page.browser.goto(&page.server.url("/")).await.unwrap();
    page.delete_credential().await;
    // Removing the account is confirmed first.
    page.browser.click("#in-use form button").await.unwrap();
    page.browser.accept_dialog().await.unwrap();
    page.browser
        // The demo provider has no revocation endpoint: the page says so.
        .wait_for_text(
            ".notice",
            "Linked account removed. The provider offers no token revocation: revoke the access in your account settings there if you want it gone now.",
        )
        .await
        .unwrap();
    page.shot("09-account-removed").await;
    page.delete_credential().await;
    page.browser
        .wait_for_text(".notice", "Application credential deleted.")
        .await
        .unwrap();
    let source = page.browser.source().await.unwrap();
    assert!(!source.contains(r#"data-credential="demo_appcreds_demo""#));
    page.shot("10-credential-deleted").await;
    page.close().await;
}
