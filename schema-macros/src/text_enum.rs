//! `#[derive(TextEnum)]`: a fieldless Rust enum stored as text.
//!
//! Emits the `TextEnum` and `ColumnType` impls (so a column of this type gets a
//! CHECK of its values), `Display`/`FromStr`/`TryFrom<String>` for application code,
//! serde impls with the same spelling, and — when schema-engine's `sqlx` feature is
//! on — sqlx `Type`/`Encode`/`Decode` as text.

use darling::ast::{Data, Style};
use darling::util::SpannedValue;
use darling::{FromDeriveInput, FromVariant};
use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

#[derive(Debug, FromDeriveInput)]
#[darling(attributes(text_enum), supports(enum_unit))]
struct EnumInput {
    ident: Ident,
    data: Data<VariantInput, ()>,
    /// How variant names are spelled when not renamed one by one.
    #[darling(default)]
    rename_all: Option<SpannedValue<String>>,
}

#[derive(Debug, FromVariant)]
#[darling(attributes(text_enum))]
struct VariantInput {
    ident: Ident,
    fields: darling::ast::Fields<()>,
    #[darling(default)]
    rename: Option<String>,
}

pub(crate) const RENAME_RULES: &[&str] = &["snake_case", "kebab-case", "lowercase", "UPPERCASE", "SCREAMING_SNAKE_CASE", "camelCase", "PascalCase"];

pub(crate) fn apply_rule(rule: &str, name: &str) -> String {
    match rule {
        "snake_case" => name.to_snake_case(),
        "kebab-case" => name.to_kebab_case(),
        "lowercase" => name.to_lowercase(),
        "UPPERCASE" => name.to_uppercase(),
        "SCREAMING_SNAKE_CASE" => name.to_shouty_snake_case(),
        "camelCase" => name.to_lower_camel_case(),
        _ => name.to_upper_camel_case(),
    }
}

pub fn expand(input: &syn::DeriveInput) -> darling::Result<TokenStream> {
    let parsed = EnumInput::from_derive_input(input)?;
    let mut errors = darling::Error::accumulator();
    let rule = match &parsed.rename_all {
        Some(rule) if !RENAME_RULES.contains(&rule.as_str()) => {
            errors.push(darling::Error::unknown_field_with_alts(rule.as_str(), RENAME_RULES).with_span(&rule.span()));
            "PascalCase".to_owned()
        }
        Some(rule) => rule.as_str().to_owned(),
        None => "PascalCase".to_owned(),
    };
    let variants = parsed.data.as_ref().take_enum().expect("darling accepts enums only");
    let mut spellings: Vec<(String, &Ident)> = Vec::new();
    for variant in &variants {
        debug_assert_eq!(variant.fields.style, Style::Unit);
        let spelling = variant.rename.clone().unwrap_or_else(|| apply_rule(&rule, &variant.ident.to_string()));
        if let Some((_, other)) = spellings.iter().find(|(s, _)| *s == spelling) {
            errors.push(
                darling::Error::custom(format!(
                    "`{}` is stored as `{spelling}`, like `{other}`; give one of them a different `rename`",
                    variant.ident
                ))
                .with_span(&variant.ident),
            );
        }
        spellings.push((spelling, &variant.ident));
    }
    if variants.is_empty() {
        errors.push(darling::Error::custom("a text enum needs at least one variant").with_span(&parsed.ident));
    }
    errors.finish()?;

    let ident = &parsed.ident;
    let name = ident.to_string();
    let values: Vec<&String> = spellings.iter().map(|(s, _)| s).collect();
    let variant_idents: Vec<&Ident> = spellings.iter().map(|(_, v)| *v).collect();
    Ok(quote! {
        #[automatically_derived]
        impl ::schema_engine::TextEnum for #ident {
            const VALUES: &'static [&'static str] = &[#(#values),*];

            fn as_str(&self) -> &'static str {
                match self { #(Self::#variant_idents => #values,)* }
            }

            fn from_text(text: &str) -> ::core::option::Option<Self> {
                match text { #(#values => ::core::option::Option::Some(Self::#variant_idents),)* _ => ::core::option::Option::None }
            }
        }

        #[automatically_derived]
        impl ::schema_engine::ColumnType for #ident {
            fn column_type() -> ::schema_engine::ColumnTypeInfo {
                ::schema_engine::ColumnTypeInfo {
                    data_type: ::schema_engine::model::SqlType::new("text"),
                    nullable: false,
                    allowed_values: ::core::option::Option::Some(<Self as ::schema_engine::TextEnum>::VALUES),
                }
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(::schema_engine::TextEnum::as_str(self))
            }
        }

        #[automatically_derived]
        impl ::core::str::FromStr for #ident {
            type Err = ::schema_engine::declare::UnknownValue;

            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                <Self as ::schema_engine::TextEnum>::from_text(text)
                    .ok_or_else(|| ::schema_engine::declare::UnknownValue::new(#name, text, <Self as ::schema_engine::TextEnum>::VALUES))
            }
        }

        #[automatically_derived]
        impl ::core::convert::TryFrom<::std::string::String> for #ident {
            type Error = ::schema_engine::declare::UnknownValue;

            fn try_from(text: ::std::string::String) -> ::core::result::Result<Self, Self::Error> {
                text.parse()
            }
        }

        ::schema_engine::__impl_text_enum_serde!(#ident);
        ::schema_engine::__impl_text_enum_sqlx!(#ident);
    })
}
