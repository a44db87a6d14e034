//! `#[derive(Function)]`: a function declared on a struct whose fields are its
//! arguments and whose body is a `.sql` file beside the declaration.

use crate::docs::doc_comment;
use darling::ast::Data;
use darling::util::{Flag, PathList, SpannedValue};
use darling::{FromDeriveInput, FromField, FromMeta};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Ident, Type};

#[derive(Debug, FromDeriveInput)]
#[darling(attributes(function), supports(struct_named, struct_unit), forward_attrs(doc))]
struct FunctionInput {
    ident: Ident,
    attrs: Vec<Attribute>,
    data: Data<(), ArgumentField>,
    name: SpannedValue<String>,
    #[darling(default)]
    schema: Option<String>,
    /// `trigger`, `TABLE (name type, ...)`, or an SQL type.
    returns: SpannedValue<String>,
    #[darling(default)]
    language: Option<String>,
    /// immutable, stable or volatile (the default).
    #[darling(default)]
    volatility: Option<SpannedValue<String>>,
    #[darling(default)]
    security_definer: Flag,
    /// The pinned search_path; `""` pins it empty.
    search_path: Option<String>,
    /// The body's file, relative to the declaring crate's root.
    body: SpannedValue<String>,
    /// Roles granted EXECUTE.
    #[darling(default)]
    execute: PathList,
    /// A pg_cron job calling the function: `schedule(job = "name", cron = "0 2 * * *")`.
    #[darling(default)]
    schedule: Option<ScheduleAttr>,
    /// A trigger calling the function on a table the platform provides:
    /// `trigger(name = "...", after, insert, table = "auth.users")`.
    #[darling(multiple, rename = "trigger")]
    triggers: Vec<ProvidedTriggerAttr>,
}

#[derive(Debug, FromMeta)]
struct ProvidedTriggerAttr {
    name: SpannedValue<String>,
    /// `schema.table`: a table the platform provides.
    table: SpannedValue<String>,
    #[darling(default)]
    before: Flag,
    #[darling(default)]
    after: Flag,
    #[darling(default)]
    insert: Flag,
    #[darling(default)]
    update: Flag,
    #[darling(default)]
    delete: Flag,
    #[darling(default)]
    truncate: Flag,
    /// `FOR EACH STATEMENT` instead of `FOR EACH ROW`.
    #[darling(default)]
    for_each_statement: Flag,
}

#[derive(Debug, FromMeta)]
struct ScheduleAttr {
    job: String,
    cron: SpannedValue<String>,
}

#[derive(Debug, FromField)]
#[darling(forward_attrs(doc))]
struct ArgumentField {
    ident: Option<Ident>,
    ty: Type,
}

pub fn expand(input: &syn::DeriveInput) -> darling::Result<TokenStream> {
    let parsed = FunctionInput::from_derive_input(input)?;
    let mut errors = darling::Error::accumulator();
    let comment = doc_comment(&parsed.attrs);
    if comment.is_empty() {
        errors.push(darling::Error::custom("add a `///` doc comment: it is the function's purpose in the dictionary").with_span(&parsed.ident));
    }
    let volatility = match parsed.volatility.as_ref().map(|v| v.as_str()) {
        None | Some("volatile") => quote!(m::Volatility::Volatile),
        Some("stable") => quote!(m::Volatility::Stable),
        Some("immutable") => quote!(m::Volatility::Immutable),
        Some(other) => {
            let span = parsed.volatility.as_ref().map(|v| v.span()).unwrap();
            errors.push(darling::Error::unknown_field_with_alts(other, &["immutable", "stable", "volatile"]).with_span(&span));
            quote!(m::Volatility::Volatile)
        }
    };
    check_body_file(&parsed.body, &mut errors);
    if let Err(message) = schema_engine::model::FunctionReturn::parse(parsed.returns.as_str()) {
        errors.push(darling::Error::custom(message).with_span(&parsed.returns.span()));
    }
    for trigger in &parsed.triggers {
        if trigger.before.is_present() == trigger.after.is_present() {
            errors.push(darling::Error::custom("a trigger fires either `before` or `after`; give exactly one").with_span(&trigger.name.span()));
        }
        if ![&trigger.insert, &trigger.update, &trigger.delete, &trigger.truncate].iter().any(|f| f.is_present()) {
            errors.push(darling::Error::custom("name the events: `insert`, `update`, `delete` and/or `truncate`").with_span(&trigger.name.span()));
        }
        if !trigger.table.contains('.') {
            errors.push(
                darling::Error::custom("name the platform's table with its schema, e.g. `table = \"auth.users\"`").with_span(&trigger.table.span()),
            );
        }
        if trigger.name.len() > schema_engine::validate::MAX_IDENTIFIER_BYTES {
            errors.push(darling::Error::custom(format!("`{}` is longer than PostgreSQL's 63 bytes", trigger.name.as_str())).with_span(&trigger.name.span()));
        }
        if !parsed.returns.trim().eq_ignore_ascii_case("trigger") {
            errors.push(
                darling::Error::custom("a trigger calls a function that `returns = \"trigger\"`").with_span(&trigger.name.span()),
            );
        }
    }
    if let Some(schedule) = &parsed.schedule {
        if schedule.cron.split_whitespace().count() != 5 {
            errors.push(
                darling::Error::custom("a cron expression has five fields: minute hour day-of-month month day-of-week")
                    .with_span(&schedule.cron.span()),
            );
        }
    }
    errors.finish()?;

    let ident = &parsed.ident;
    let schema = parsed.schema.clone().unwrap_or_else(|| "public".to_owned());
    let name = parsed.name.as_str();
    let returns = parsed.returns.as_str();
    let returns = quote!(m::FunctionReturn::parse(#returns).expect("checked when the declaration compiled"));
    let schedule = match &parsed.schedule {
        Some(schedule) => {
            let (job, cron) = (&schedule.job, schedule.cron.as_str());
            quote!(::core::option::Option::Some(m::Schedule {
                job_name: ::std::string::String::from(#job),
                cron: ::std::string::String::from(#cron),
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let language = parsed.language.clone().unwrap_or_else(|| "plpgsql".to_owned());
    let security_definer = parsed.security_definer.is_present();
    let search_path = match &parsed.search_path {
        Some(path) => quote!(::core::option::Option::Some(::std::string::String::from(#path))),
        None => quote!(::core::option::Option::None),
    };
    let body = parsed.body.as_str();
    let arguments = parsed.data.as_ref().take_struct().map(|s| s.fields).unwrap_or_default().into_iter().map(|field| {
        let name = field.ident.as_ref().map(|i| i.to_string()).unwrap_or_default();
        let ty = &field.ty;
        let data_type = quote_spanned!(ty.span()=> <#ty as ::schema_engine::ColumnType>::column_type().data_type);
        quote!(m::FunctionArgument::new(#name, #data_type))
    });
    let roles = parsed.execute.iter().map(crate::path::path_text);
    let triggers = parsed.triggers.iter().map(|trigger| {
        let (trigger_name, table) = (trigger.name.as_str(), trigger.table.as_str());
        let timing = if trigger.after.is_present() { quote!(m::TriggerTiming::After) } else { quote!(m::TriggerTiming::Before) };
        let events = [
            (&trigger.insert, quote!(m::TriggerEvent::Insert)),
            (&trigger.update, quote!(m::TriggerEvent::Update)),
            (&trigger.delete, quote!(m::TriggerEvent::Delete)),
            (&trigger.truncate, quote!(m::TriggerEvent::Truncate)),
        ]
        .into_iter()
        .filter(|(flag, _)| flag.is_present())
        .map(|(_, event)| event);
        let for_each_statement = trigger.for_each_statement.is_present();
        quote!(m::ProvidedTableTrigger {
            table: m::QualifiedName::parse(#table),
            trigger: m::Trigger {
                for_each_statement: #for_each_statement,
                ..m::Trigger::new(#trigger_name, #timing, ::std::vec![#(#events),*], m::QualifiedName::new(#schema, #name))
            },
        })
    });
    Ok(quote! {
        #[automatically_derived]
        impl ::schema_engine::FunctionDef for #ident {
            fn function() -> ::schema_engine::model::Function {
                use ::schema_engine::model as m;
                m::Function {
                    name: m::QualifiedName::new(#schema, #name),
                    comment: ::std::string::String::from(#comment),
                    arguments: ::std::vec![#(#arguments),*],
                    returns: #returns,
                    language: ::std::string::String::from(#language),
                    volatility: #volatility,
                    security_definer: #security_definer,
                    search_path: #search_path,
                    body: ::std::string::String::from(::core::include_str!(::core::concat!(::core::env!("CARGO_MANIFEST_DIR"), "/", #body))),
                    execute_roles: ::std::vec![#(::std::string::String::from(#roles)),*],
                    schedule: #schedule,
                    triggers: ::std::vec![#(#triggers),*],
                }
            }
        }
    })
}

/// Reports a missing body file on the `body` key itself, rather than as an
/// opaque `include_str!` failure.
pub fn check_body_file(body: &SpannedValue<String>, errors: &mut darling::error::Accumulator) {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let path = std::path::Path::new(&manifest_dir).join(body.as_str());
    if !path.is_file() {
        errors.push(
            darling::Error::custom(format!("no SQL file at `{}` (paths are relative to the crate root)", path.display()))
                .with_span(&body.span()),
        );
    }
}
