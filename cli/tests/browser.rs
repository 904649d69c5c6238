//! The web page in headless Chromium (Debian's `chromium` + `chromium-driver`) against the real
//! `appcreds serve --demo`: log in with the admin token, link the demo account (the credential is
//! added inline on the way), see it valid, get refused deleting the credential in use, remove the
//! account, delete the credential. A screenshot of each page goes to `target/screenshots/`.
//! Skipped with a notice when Chromium is absent; a failure under `APPCREDS_REQUIRE_ALL=1`.

use std::path::{Path, PathBuf};

use appcreds_tests::components;
use appcreds_tests::server::Server;
use appcreds_tests::webdriver::{Browser, find_program};

const BIN: &str = env!("CARGO_BIN_EXE_appcreds");

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots")
}

#[tokio::test]
async fn link_an_account_in_chromium_through_the_demo_provider() {
    let test = "browser::link_an_account_in_chromium_through_the_demo_provider";
    let (Some(chromium), Some(chromedriver)) =
        (find_program("chromium"), find_program("chromedriver"))
    else {
        return components::missing(
            test,
            "chromium and chromedriver",
            "apt-get install -y chromium chromium-driver",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(Path::new(BIN), dir.path(), &["--demo"]);
    let browser = Browser::start(&chromedriver, &chromium)
        .await
        .expect("headless Chromium");
    let shots = screenshots();
    let shot = |name: &str| shots.join(format!("{name}.png"));

    // Log in once with the admin token.
    browser.goto(&server.url("/")).await.unwrap();
    assert!(browser.current_url().await.unwrap().ends_with("/login"));
    browser.screenshot(&shot("01-login")).await.unwrap();
    browser.fill("#token", &server.admin_token).await.unwrap();
    browser.click("#login").await.unwrap();
    browser.find("#integrations").await.unwrap();
    browser.screenshot(&shot("02-dashboard")).await.unwrap();

    // Link the demo account: no credential yet, so the page offers to add one and continues.
    browser
        .click(r#"tr[data-domain="demo"] button"#)
        .await
        .unwrap();
    browser.find("#redirect-uri").await.unwrap();
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .contains("/credentials/new?domain=demo&link=1")
    );
    assert_eq!(
        browser.text("#redirect-uri").await.unwrap(),
        server.url("/auth/external/callback")
    );
    assert_eq!(
        browser
            .text(r#"button[data-copy="redirect-uri"]"#)
            .await
            .unwrap(),
        "Copy",
        "the copy button is shown by the script"
    );
    assert!(
        browser
            .source()
            .await
            .unwrap()
            .contains(appcreds_demo::CLIENT_ID),
        "the description names the demo client"
    );
    browser
        .screenshot(&shot("03-add-credential"))
        .await
        .unwrap();
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

    // The demo provider's pages.
    browser.find("#sign-in").await.unwrap();
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .contains("/demo/oauth/authorize?")
    );
    browser
        .screenshot(&shot("04-provider-login"))
        .await
        .unwrap();
    browser
        .fill("#password", appcreds_demo::USER.1)
        .await
        .unwrap();
    browser.click("#sign-in").await.unwrap();
    browser.find("#allow").await.unwrap();
    browser
        .screenshot(&shot("05-provider-consent"))
        .await
        .unwrap();
    browser.click("#allow").await.unwrap();

    // Back: linked, and neither code nor state in the address bar.
    browser.wait_for_text("h1", "Account linked").await.unwrap();
    let address = browser.current_url().await.unwrap();
    assert!(
        address.contains("/auth/external/result/")
            && !address.contains("code=")
            && !address.contains("state="),
        "{address}"
    );
    browser.screenshot(&shot("06-linked")).await.unwrap();

    browser.goto(&server.url("/")).await.unwrap();
    let status = browser.text(".token-status").await.unwrap();
    assert!(status.starts_with("valid until"), "{status}");
    let used_by = browser
        .text(r#"tr[data-credential="demo_appcreds_demo"]"#)
        .await
        .unwrap();
    assert!(
        used_by.contains("Demo app") && used_by.contains("Demo provider"),
        "{used_by}"
    );
    browser
        .screenshot(&shot("07-dashboard-linked"))
        .await
        .unwrap();

    // Deleting the credential in use is refused, with the accounts listed.
    browser
        .click(r#"tr[data-credential="demo_appcreds_demo"] form.danger button"#)
        .await
        .unwrap();
    browser
        .wait_for_text("h1", "Credential in use")
        .await
        .unwrap();
    assert!(browser.text("#in-use").await.unwrap().contains("Demo app"));
    browser
        .screenshot(&shot("08-delete-refused"))
        .await
        .unwrap();

    // Remove the account (confirmed), then the credential goes.
    browser.click("#in-use form button").await.unwrap();
    browser.accept_dialog().await.unwrap();
    browser
        .wait_for_text(".notice", "Linked account removed.")
        .await
        .unwrap();
    browser
        .screenshot(&shot("09-account-removed"))
        .await
        .unwrap();
    browser
        .click(r#"tr[data-credential="demo_appcreds_demo"] form.danger button"#)
        .await
        .unwrap();
    browser
        .wait_for_text(".notice", "Application credential deleted.")
        .await
        .unwrap();
    assert!(
        !browser
            .source()
            .await
            .unwrap()
            .contains(r#"data-credential="demo_appcreds_demo""#)
    );
    browser
        .screenshot(&shot("10-credential-deleted"))
        .await
        .unwrap();
    browser.quit().await;
}
