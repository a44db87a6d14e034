//! Derive macros that declare database objects on Rust items.
//!
//! Each entry point is a thin shim: parse the tokens, call an `expand` function
//! that works on `proc_macro2` (so unit tests can call it), and turn errors into
//! `compile_error!`. The macros emit data — `TableDecl`/`Function` values from
//! `schema-engine` — never SQL; rendering happens at `cargo xtask` time.
//!
//! - `#[derive(Table)]` with `#[table(...)]` and `#[column(...)]`: a table.
//! - `#[derive(TextEnum)]` with `#[text_enum(...)]`: a text column's allowed values.
//! - `#[derive(PgEnum)]` with `#[pg_enum(...)]`: a PostgreSQL enum type.
//! - `#[derive(View)]` with `#[view(...)]`: a view whose SELECT lives in a `.sql` file.
//! - `#[derive(Function)]` with `#[function(...)]`: a function whose body lives in a `.sql` file.
//!
//! The attribute reference is in the README.

mod docs;
mod function;
mod path;
mod pg_enum;
mod sql_text;
mod table;
mod text_enum;
mod view;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Declares a table. See the crate docs and the README for the attributes.
#[proc_macro_derive(Table, attributes(table, column))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    table::expand(&input).unwrap_or_else(darling::Error::write_errors).into()
}

/// Declares a Rust enum stored as text, with a CHECK of its values.
#[proc_macro_derive(TextEnum, attributes(text_enum))]
pub fn derive_text_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    text_enum::expand(&input).unwrap_or_else(darling::Error::write_errors).into()
}

/// Declares a PostgreSQL enum type (`CREATE TYPE … AS ENUM`), usable as a
/// column's or an argument's Rust type.
#[proc_macro_derive(PgEnum, attributes(pg_enum))]
pub fn derive_pg_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    pg_enum::expand(&input).unwrap_or_else(darling::Error::write_errors).into()
}

/// Declares a view; its fields are the output columns.
#[proc_macro_derive(View, attributes(view))]
pub fn derive_view(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    view::expand(&input).unwrap_or_else(darling::Error::write_errors).into()
}

/// Declares a function; its fields are the arguments.
#[proc_macro_derive(Function, attributes(function))]
pub fn derive_function(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    function::expand(&input).unwrap_or_else(darling::Error::write_errors).into()
}
