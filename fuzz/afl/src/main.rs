//! One AFL++ binary for every fuzz target: `APPCREDS_FUZZ_TARGET` names the target (see
//! `appcreds_fuzz::TARGETS`). A panic in a target is a crash for AFL++.

fn main() {
    let name = std::env::var("APPCREDS_FUZZ_TARGET").unwrap_or_default();
    let Some(target) = appcreds_fuzz::target(&name) else {
        let known: Vec<&str> = appcreds_fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "APPCREDS_FUZZ_TARGET={name:?} names no fuzz target; one of: {}",
            known.join(", ")
        );
        std::process::exit(2);
    };
    afl::fuzz!(|data: &[u8]| {
        target(data);
    });
}
