//! Text that a provider sent (an `error`, an `error_description`, an `error_uri`, an issuer named
//! in metadata) made safe to log and to show.
//!
//! A hostile provider that puts a newline, a carriage return or an escape sequence into its
//! `error_description` must not be able to forge a log line or repaint a terminal. [`escape`]
//! writes every control character (C0, DEL, C1) and every invisible formatting character that can
//! reorder or hide text (bidirectional overrides, zero-width characters, line and paragraph
//! separators) as a visible escape: `\n`, `\r`, `\t`, or `\u{1b}`. The result holds none of them,
//! so escaping twice changes nothing.
//!
//! ```
//! use appcreds_rules::provider_text::{escape, escape_cut};
//!
//! assert_eq!(escape("invalid_grant"), "invalid_grant");
//! assert_eq!(
//!     escape("bad\nWARN forged line\r\u{1b}[2J"),
//!     r"bad\nWARN forged line\r\u{1b}[2J"
//! );
//! assert_eq!(escape_cut("abcdef", 3), "abc…");
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a log line or a page as it is: a control character, or an invisible
/// character that reorders, hides or breaks text.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'   // zero-width spaces and joiners, left-to-right/right-to-left marks
                | '\u{2028}'..='\u{202E}' // line/paragraph separators, bidirectional embeddings and overrides
                | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, bidirectional isolates
                | '\u{FEFF}'              // zero-width no-break space
        )
}

/// `text` with every [unsafe](is_unsafe) character written as a visible escape; borrowed when
/// there is none.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => escaped.push_str(r"\n"),
            '\r' => escaped.push_str(r"\r"),
            '\t' => escaped.push_str(r"\t"),
            c if is_unsafe(c) => {
                let _ = write!(escaped, r"\u{{{:x}}}", u32::from(c));
            }
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// [`escape`]d `text`, cut after `max_chars` characters (an ellipsis marks the cut).
pub fn escape_cut(text: &str, max_chars: usize) -> String {
    let escaped = escape(text);
    match escaped.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &escaped[..end]),
        None => escaped.into_owned(),
    }
}

/// Shows `text` [`escape`]d, without allocating when it is clean: for `Display` impls and log
/// fields that carry provider text.
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(pub &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&escape(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_control_and_invisible_character() {
        for (raw, shown) in [
            ("a\nb", r"a\nb"),
            ("a\r\nb", r"a\r\nb"),
            ("\u{1b}[31mred", r"\u{1b}[31mred"),
            ("nul\0", r"nul\u{0}"),
            ("del\u{7f}", r"del\u{7f}"),
            ("c1\u{85}", r"c1\u{85}"),
            ("rtl\u{202e}txt", r"rtl\u{202e}txt"),
            ("sep\u{2028}", r"sep\u{2028}"),
            ("zw\u{200b}", r"zw\u{200b}"),
            ("bom\u{feff}", r"bom\u{feff}"),
        ] {
            assert_eq!(escape(raw), shown, "{raw:?}");
            assert!(!escape(raw).chars().any(is_unsafe), "{raw:?}");
            assert_eq!(escape(&escape(raw)), escape(raw), "idempotent: {raw:?}");
        }
    }

    #[test]
    fn clean_text_is_borrowed_and_unchanged() {
        for text in ["invalid_grant", "Le code a expiré", "日本語", r"back\slash"] {
            assert!(matches!(escape(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn cuts_after_escaping() {
        assert_eq!(escape_cut("ab\ncd", 4), r"ab\n…");
        assert_eq!(escape_cut("short", 10), "short");
        assert_eq!(Escaped("x\ny").to_string(), r"x\ny");
    }
}
