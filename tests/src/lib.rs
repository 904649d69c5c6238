//! End-to-end tests of appcreds live in `tests/`; this library is empty.
