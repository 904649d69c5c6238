//! The `appcreds` binary end to end, as one test binary: its commands on real data directories,
//! its HTTP API and page over real HTTP (`serve --demo`), the page in headless Chromium. Each
//! module is one subject and each test one behaviour, over the fixtures of `support`.

mod browser;
mod check_command;
mod commands;
mod http_auth;
mod http_credentials;
mod http_flows;
mod integrations_command;
mod keys_rotate;
mod page;
mod readme_tour;
mod security;
mod support;
