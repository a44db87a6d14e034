//! Compile-fail and compile-pass tests of the derive macros' diagnostics.
//!
//! Regenerate the expected `.stderr` files with `TRYBUILD=overwrite cargo test -p schema-macros --test ui`,
//! then read every changed file: each message must name the object and point at the offending token.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
