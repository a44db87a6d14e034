//! `#[derive(PgEnum)]`: a fieldless Rust enum stored as a PostgreSQL enum type
//! (`CREATE TYPE … AS ENUM`).
//!
//! Parses `#[pg_enum(schema, name, rename_all)]` and the variants'
//! `#[pg_enum(rename, renamed_from)]`, checks them (every error at once, on its
//! token), and emits the `PgEnum` impl (the declared type, with the doc
//! comment as its COMMENT, and the rename hints), a `ColumnType` impl (so a
//! field or argument of the Rust type has the SQL type), `Display` /
//! `FromStr` / `TryFrom<String>`, serde impls spelled as stored, and — when
//! schema-engine's `sqlx` feature is on — sqlx `Type`/`Encode`/`Decode`.

use crate::docs::doc_comment;
use crate::text_enum::{apply_rule, RENAME_RULES};
use darling::ast::Data;
use darling::util::SpannedValue;
use darling::{FromDeriveInput, FromVariant};
use proc_macro2::TokenStream;
use quote::quote;
use schema_engine::model::QualifiedName;
use schema_engine::validate::MAX_IDENTIFIER_BYTES;
use syn::{Attribute, Ident};

#[derive(Debug, FromDeriveInput)]
#[darling(attributes(pg_enum), supports(enum_unit), forward_attrs(doc))]
struct EnumInput {
    ident: Ident,
    attrs: Vec<Attribute>,
    data: Data<VariantInput, ()>,
    /// The SQL schema; `public` when absent.
    #[darling(default)]
    schema: Option<SpannedValue<String>>,
    /// The type's SQL name.
    name: SpannedValue<String>,
    /// How variant names are spelled when not renamed one by one.
    #[darling(default)]
    rename_all: Option<SpannedValue<String>>,
}

#[derive(Debug, FromVariant)]
#[darling(attributes(pg_enum))]
struct VariantInput {
    ident: Ident,
    /// The label, when the rule does not spell it.
    #[darling(default)]
    rename: Option<SpannedValue<String>>,
    /// The label's previous spelling: `cargo xtask migrate` renames it in
    /// place (`ALTER TYPE … RENAME VALUE`), keeping the rows that hold it.
    #[darling(default)]
    renamed_from: Option<SpannedValue<String>>,
}

/// One variant, checked: its label and the label it had.
struct Label<'a> {
    variant: &'a Ident,
    value: String,
    renamed_from: Option<&'a SpannedValue<String>>,
}

pub fn expand(input: &syn::DeriveInput) -> darling::Result<TokenStream> {
    let parsed = EnumInput::from_derive_input(input)?;
    let labels = check(&parsed)?;
    Ok(emit(&parsed, &labels))
}

fn check(parsed: &EnumInput) -> darling::Result<Vec<Label<'_>>> {
    let mut errors = darling::Error::accumulator();
    let comment = doc_comment(&parsed.attrs);
    if comment.is_empty() {
        errors.push(
            darling::Error::custom("add a `///` doc comment: it is the type's COMMENT and its description in the dictionary")
                .with_span(&parsed.ident),
        );
    }
    for name in parsed.schema.iter().chain([&parsed.name]) {
        if name.len() > MAX_IDENTIFIER_BYTES {
            errors.push(darling::Error::custom(format!("`{}` is longer than PostgreSQL's {MAX_IDENTIFIER_BYTES} bytes", name.as_str())).with_span(&name.span()));
        }
    }
    let rule = match &parsed.rename_all {
        Some(rule) if !RENAME_RULES.contains(&rule.as_str()) => {
            errors.push(darling::Error::unknown_field_with_alts(rule.as_str(), RENAME_RULES).with_span(&rule.span()));
            "PascalCase".to_owned()
        }
        Some(rule) => rule.as_str().to_owned(),
        None => "PascalCase".to_owned(),
    };
    let variants = parsed.data.as_ref().take_enum().expect("darling accepts enums only");
    if variants.is_empty() {
        errors.push(darling::Error::custom("an enum type needs at least one value").with_span(&parsed.ident));
    }
    let mut labels: Vec<Label<'_>> = Vec::new();
    for variant in &variants {
        let value = variant.rename.as_ref().map(|r| r.as_str().to_owned()).unwrap_or_else(|| apply_rule(&rule, &variant.ident.to_string()));
        let span = variant.rename.as_ref().map(|r| r.span()).unwrap_or_else(|| variant.ident.span());
        if let Some(other) = labels.iter().find(|l| l.value == value) {
            errors.push(
                darling::Error::custom(format!("`{}` is stored as `{value}`, like `{}`; give one of them a different `rename`", variant.ident, other.variant))
                    .with_span(&span),
            );
        }
        if value.is_empty() || value.len() > MAX_IDENTIFIER_BYTES {
            errors.push(darling::Error::custom(format!("the label `{value}` must be 1 to {MAX_IDENTIFIER_BYTES} bytes long")).with_span(&span));
        }
        labels.push(Label { variant: &variant.ident, value, renamed_from: variant.renamed_from.as_ref() });
    }
    for label in &labels {
        let Some(from) = label.renamed_from else { continue };
        if labels.iter().any(|other| other.value == from.as_str()) {
            errors.push(
                darling::Error::custom(format!(
                    "`{}` is still a label of this type; `renamed_from` names the label `{}` had before",
                    from.as_str(),
                    label.value
                ))
                .with_span(&from.span()),
            );
        }
        if labels.iter().filter(|other| other.renamed_from.is_some_and(|f| f.as_str() == from.as_str())).count() > 1 {
            errors.push(darling::Error::custom(format!("two labels are renamed from `{}`", from.as_str())).with_span(&from.span()));
        }
    }
    errors.finish_with(labels)
}

fn emit(parsed: &EnumInput, labels: &[Label<'_>]) -> TokenStream {
    let ident = &parsed.ident;
    let schema = parsed.schema.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_else(|| "public".to_owned());
    let name = parsed.name.as_str();
    // The qualified, quoted spelling, as DDL and sqlx name the type.
    let qualified = schema_engine::sql::quote::qualified(&QualifiedName::new(schema.clone(), name));
    let local = schema_engine::sql::quote::ident(name);
    let comment = doc_comment(&parsed.attrs);
    let type_name = ident.to_string();
    let values: Vec<&String> = labels.iter().map(|l| &l.value).collect();
    let variants: Vec<&Ident> = labels.iter().map(|l| l.variant).collect();
    let renames: Vec<TokenStream> = labels
        .iter()
        .filter_map(|l| {
            let (value, from) = (&l.value, l.renamed_from?.as_str());
            Some(quote!((#value, #from)))
        })
        .collect();
    let hints = if renames.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            fn migration_hints() -> ::schema_engine::declare::EnumHints {
                ::schema_engine::declare::EnumHints { renamed_values: ::std::vec![#(#renames),*] }
            }
        }
    };
    quote! {
        #[automatically_derived]
        impl ::schema_engine::PgEnum for #ident {
            const NAME: &'static str = #qualified;
            const LOCAL_NAME: &'static str = #local;
            const VALUES: &'static [&'static str] = &[#(#values),*];

            fn as_str(&self) -> &'static str {
                match self { #(Self::#variants => #values,)* }
            }

            fn from_text(text: &str) -> ::core::option::Option<Self> {
                match text { #(#values => ::core::option::Option::Some(Self::#variants),)* _ => ::core::option::Option::None }
            }

            fn enum_type() -> ::schema_engine::model::EnumType {
                ::schema_engine::model::EnumType {
                    name: ::schema_engine::model::QualifiedName::new(#schema, #name),
                    comment: ::std::string::String::from(#comment),
                    values: <Self as ::schema_engine::PgEnum>::VALUES.iter().map(|v| ::std::string::String::from(*v)).collect(),
                }
            }

            #hints
        }

        #[automatically_derived]
        impl ::schema_engine::ColumnType for #ident {
            fn column_type() -> ::schema_engine::ColumnTypeInfo {
                ::schema_engine::ColumnTypeInfo {
                    data_type: ::schema_engine::model::SqlType::new(#qualified),
                    nullable: false,
                    allowed_values: ::core::option::Option::None,
                }
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(::schema_engine::PgEnum::as_str(self))
            }
        }

        #[automatically_derived]
        impl ::core::str::FromStr for #ident {
            type Err = ::schema_engine::declare::UnknownValue;

            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                <Self as ::schema_engine::PgEnum>::from_text(text)
                    .ok_or_else(|| ::schema_engine::declare::UnknownValue::new(#type_name, text, <Self as ::schema_engine::PgEnum>::VALUES))
            }
        }

        #[automatically_derived]
        impl ::core::convert::TryFrom<::std::string::String> for #ident {
            type Error = ::schema_engine::declare::UnknownValue;

            fn try_from(text: ::std::string::String) -> ::core::result::Result<Self, Self::Error> {
                text.parse()
            }
        }

        ::schema_engine::__impl_pg_enum_serde!(#ident);
        ::schema_engine::__impl_pg_enum_sqlx!(#ident);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(source: &str) -> Result<String, String> {
        let input: syn::DeriveInput = syn::parse_str(source).expect("valid Rust");
        expand(&input).map(|t| t.to_string()).map_err(|e| e.to_string())
    }

    #[test]
    fn labels_follow_the_rule_and_renames_become_hints() {
        let out = expand_str(
            r#"
            /// Roles.
            #[pg_enum(name = "app_role", rename_all = "snake_case")]
            enum AppRole { Admin, #[pg_enum(renamed_from = "mod")] Moderator, #[pg_enum(rename = "Guest User")] Guest }"#,
        )
        .unwrap();
        assert!(out.contains(r#"const NAME : & 'static str = "public.app_role""#), "{out}");
        assert!(out.contains(r#"& ["admin" , "moderator" , "Guest User"]"#), "{out}");
        assert!(out.contains(r#"("moderator" , "mod")"#), "{out}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = expand_str(
            r#"
            #[pg_enum(name = "app_role", rename_all = "snake")]
            enum AppRole { Admin, #[pg_enum(renamed_from = "Admin")] Moderator }"#,
        )
        .unwrap_err();
        assert!(err.contains("doc comment"), "{err}");
        assert!(err.contains("snake"), "{err}");
        assert!(err.contains("still a label"), "{err}");
    }
}
