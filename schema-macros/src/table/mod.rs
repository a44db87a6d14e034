//! `#[derive(Table)]`: parse the attributes (`attr`), check them against the
//! struct (`check`), then emit a `TableDecl` (`emit`).

mod attr;

pub use attr::GrantAttr;
mod check;
mod emit;

use darling::{FromDeriveInput, FromField};
use proc_macro2::TokenStream;
use syn::{Data, DeriveInput, Fields};

pub fn expand(input: &DeriveInput) -> darling::Result<TokenStream> {
    let mut errors = darling::Error::accumulator();
    let table = errors.handle(attr::TableInput::from_derive_input(input));
    // Fields are parsed even when `#[table]` has errors, so one compile shows all.
    let mut fields = Vec::new();
    if let Data::Struct(data) = &input.data {
        if let Fields::Named(named) = &data.fields {
            for field in &named.named {
                if let Some(field) = errors.handle(attr::ColumnField::from_field(field)) {
                    fields.push(field);
                }
            }
        }
    }
    if let Some(table) = &table {
        check::check_keywords(table, &fields, &mut errors);
    }
    errors.finish()?;
    let table = table.expect("no error, so parsed");
    let checked = check::check(&table, &fields)?;
    Ok(emit::emit(&table, &checked))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(source: &str) -> Result<String, String> {
        let input: DeriveInput = syn::parse_str(source).expect("valid Rust");
        expand(&input).map(|t| t.to_string()).map_err(|e| e.to_string())
    }

    #[test]
    fn a_valid_table_expands_to_a_table_def_impl() {
        let out = expand_str(
            r#"
            /// Things.
            #[table(name = "things", rls, index(name = "idx_things_day", columns(day(desc))))]
            struct Thing {
                /// Id.
                #[column(primary_key, default = "gen_random_uuid()")]
                id: Uuid,
                /// Day.
                day: NaiveDate,
            }"#,
        )
        .unwrap();
        assert!(out.contains("TableDef for Thing"), "{out}");
        assert!(out.contains("\"idx_things_day\""), "{out}");
        assert!(out.contains("IndexColumn :: new (\"day\" , true)"), "{out}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = expand_str(
            r#"
            /// Things.
            #[table(name = "things", index(name = "i", columns(nope)), policy(name = "p", command = "select", to(anon), using = "ghost = 1"))]
            struct Thing {
                /// Id.
                id: Uuid,
                undocumented: i32,
            }"#,
        )
        .unwrap_err();
        assert!(err.contains("nope"), "{err}");
        assert!(err.contains("ghost"), "{err}");
        assert!(err.contains("doc comment"), "{err}");
    }
}
