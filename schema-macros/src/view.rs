//! `#[derive(View)]`: a view declared on a struct whose fields are its output
//! columns; the SELECT lives in a `.sql` file beside the declaration.

use crate::docs::doc_comment;
use crate::sql_text::SqlText;
use crate::table::GrantAttr;
use darling::ast::Data;
use darling::util::SpannedValue;
use darling::{FromDeriveInput, FromField, FromMeta};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use schema_engine::validate::MAX_IDENTIFIER_BYTES;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, Type};

#[derive(Debug, FromDeriveInput)]
#[darling(attributes(view), supports(struct_named), forward_attrs(doc))]
struct ViewInput {
    ident: Ident,
    attrs: Vec<Attribute>,
    data: Data<(), ViewField>,
    name: SpannedValue<String>,
    #[darling(default)]
    schema: Option<String>,
    /// The dictionary group the view is listed under (a string or a `&str` constant).
    group: SqlText,
    /// The SELECT's file, relative to the declaring crate's root.
    body: SpannedValue<String>,
    #[darling(multiple, rename = "grant")]
    grants: Vec<GrantAttr>,
    /// `cache(key = "a, b", refresh = "*/15 * * * *")`: serve the view from a
    /// materialized copy refreshed on that schedule.
    #[darling(default)]
    cache: Option<CacheAttr>,
    /// `security_invoker = false`: run as the view's owner. Unsaid, the
    /// project's default applies (`true` unless the project changed it).
    #[darling(default)]
    security_invoker: Option<bool>,
    /// `page(key = "created_at, id", descending)`: the order and key in which a
    /// reader pages through a long list (keyset paging).
    #[darling(default)]
    page: Option<PageAttr>,
}

#[derive(Debug, FromMeta)]
struct PageAttr {
    /// The output columns a page is ordered and resumed by, comma-separated.
    key: SpannedValue<String>,
    /// Newest (largest) first.
    #[darling(default)]
    descending: bool,
}

impl PageAttr {
    fn key_columns(&self) -> Vec<String> {
        self.key.split(',').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect()
    }

    fn check(&self, columns: &[String], errors: &mut darling::error::Accumulator) {
        let key = self.key_columns();
        if key.is_empty() {
            errors.push(darling::Error::custom("name the columns a page is ordered by, e.g. `key = \"created_at, id\"`").with_span(&self.key.span()));
        }
        for column in key.iter().filter(|k| !columns.contains(k)) {
            errors.push(
                darling::Error::custom(format!("`{column}` is not a field of this view; a page key must be made of its columns"))
                    .with_span(&self.key.span()),
            );
        }
    }

    fn to_tokens(&self) -> TokenStream {
        let key = self.key_columns();
        let descending = self.descending;
        quote!(::core::option::Option::Some(m::PageKey {
            columns: ::std::vec![#(::std::string::String::from(#key)),*],
            descending: #descending,
        }))
    }
}

#[derive(Debug, FromMeta)]
struct CacheAttr {
    /// The output columns that identify a row, comma-separated.
    key: SpannedValue<String>,
    /// The refresh schedule, a five-field cron expression (UTC).
    refresh: SpannedValue<String>,
}

impl CacheAttr {
    fn key_columns(&self) -> Vec<String> {
        self.key.split(',').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect()
    }

    /// Checks the key against the view's columns and the schedule's shape.
    fn check(&self, columns: &[String], errors: &mut darling::error::Accumulator) {
        let key = self.key_columns();
        if key.is_empty() {
            errors.push(darling::Error::custom("name the columns that identify a row, e.g. `key = \"day, category\"`").with_span(&self.key.span()));
        }
        for column in key.iter().filter(|k| !columns.contains(k)) {
            errors.push(
                darling::Error::custom(format!("`{column}` is not a field of this view; the key must be made of its columns"))
                    .with_span(&self.key.span()),
            );
        }
        if self.refresh.split_whitespace().count() != 5 {
            errors.push(
                darling::Error::custom("expected a five-field cron expression (minute hour day month weekday), e.g. `*/15 * * * *`")
                    .with_span(&self.refresh.span()),
            );
        }
    }

    fn to_tokens(&self) -> TokenStream {
        let key = self.key_columns();
        let refresh = self.refresh.as_str();
        quote!(::core::option::Option::Some(m::ViewCache {
            key: ::std::vec![#(::std::string::String::from(#key)),*],
            refresh_cron: ::std::string::String::from(#refresh),
        }))
    }
}

#[derive(Debug, FromField)]
#[darling(forward_attrs(doc))]
struct ViewField {
    ident: Option<Ident>,
    ty: Type,
    attrs: Vec<Attribute>,
}

pub fn expand(input: &syn::DeriveInput) -> darling::Result<TokenStream> {
    let parsed = ViewInput::from_derive_input(input)?;
    let mut errors = darling::Error::accumulator();
    let comment = doc_comment(&parsed.attrs);
    if comment.is_empty() {
        errors.push(darling::Error::custom("add a `///` doc comment: it is the view's purpose in the dictionary").with_span(&parsed.ident));
    }
    if parsed.name.len() > MAX_IDENTIFIER_BYTES {
        errors.push(
            darling::Error::custom(format!("`{}` is longer than {MAX_IDENTIFIER_BYTES} bytes", parsed.name.as_str()))
                .with_span(&parsed.name.span()),
        );
    }
    let fields = parsed.data.as_ref().take_struct().expect("darling accepts named structs only").fields;
    let mut columns = Vec::new();
    let mut column_names = Vec::new();
    for field in fields {
        let ident = field.ident.as_ref().expect("named fields");
        let description = doc_comment(&field.attrs);
        if description.is_empty() {
            errors.push(
                darling::Error::custom(format!("add a `///` doc comment to `{ident}`: it is the column's description"))
                    .with_span(ident),
            );
        }
        let name = syn::ext::IdentExt::unraw(ident).to_string();
        column_names.push(name.clone());
        let ty = &field.ty;
        let data_type = quote_spanned!(ty.span()=> <#ty as ::schema_engine::ColumnType>::column_type().data_type);
        columns.push(quote!(m::ViewColumn {
            name: ::std::string::String::from(#name),
            data_type: #data_type,
            comment: ::std::string::String::from(#description),
            grants: ::std::vec::Vec::new(),
        }));
    }
    crate::function::check_body_file(&parsed.body, &mut errors);
    if let Some(cache) = &parsed.cache {
        cache.check(&column_names, &mut errors);
    }
    if let Some(page) = &parsed.page {
        page.check(&column_names, &mut errors);
    }
    errors.finish()?;

    let ident = &parsed.ident;
    let schema = parsed.schema.clone().unwrap_or_else(|| "public".to_owned());
    let name = parsed.name.as_str();
    let group = parsed.group.to_string_expr();
    let body = parsed.body.as_str();
    let grants = parsed.grants.iter().flat_map(GrantAttr::to_model_tokens);
    let security_invoker = match parsed.security_invoker {
        Some(on) => quote!(::core::option::Option::Some(#on)),
        None => quote!(::core::option::Option::None),
    };
    let cache = parsed.cache.as_ref().map_or_else(|| quote!(::core::option::Option::None), CacheAttr::to_tokens);
    let page = parsed.page.as_ref().map_or_else(|| quote!(::core::option::Option::None), PageAttr::to_tokens);
    Ok(quote! {
        #[automatically_derived]
        impl ::schema_engine::ViewDef for #ident {
            fn view() -> ::schema_engine::model::View {
                use ::schema_engine::model as m;
                let mut view = m::View {
                    name: m::QualifiedName::new(#schema, #name),
                    comment: ::std::string::String::from(#comment),
                    group: #group,
                    columns: ::std::vec![#(#columns),*],
                    body: ::std::string::String::from(::core::include_str!(::core::concat!(::core::env!("CARGO_MANIFEST_DIR"), "/", #body))),
                    security_invoker: #security_invoker,
                    grants: ::std::vec![#(#grants),*],
                    cache: #cache,
                    page: #page,
                };
                view.canonicalize();
                view
            }
        }
    })
}
