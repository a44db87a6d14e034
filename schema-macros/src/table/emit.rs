//! Emits `impl TableDef`: a `TableDecl` literal built from checked attributes.
//!
//! Column types come from `<FieldType as ColumnType>::column_type()`, spanned on the
//! field's type so an unsupported type is reported there.

use super::attr::{
    keyword, ColumnField, GrantAttr, ReplicaIdentityAttr, ReplicaKeyword, TableInput, IDENTITIES, INDEX_METHODS, POLICY_COMMANDS,
    REFERENTIAL_ACTIONS, REPLICA_IDENTITIES,
};
use super::check::CheckedTable;
use crate::sql_text::option_string;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::Type;

pub fn emit(input: &TableInput, checked: &CheckedTable<'_>) -> TokenStream {
    let ident = &input.ident;
    let schema = input.schema.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_else(|| "public".to_owned());
    let name = input.name.as_str();
    let qualified = format!("{schema}.{name}");
    let comment = &checked.comment;
    let columns = checked.columns.iter().map(|c| emit_column(c.field, &c.name, &c.comment));
    let column = |field: &syn::Ident| checked.column_name(field).unwrap_or_default().to_owned();

    let indexes = input.indexes.iter().map(|index| {
        let name = index.name.as_str();
        // Keyword values were validated by `check`.
        let method = index.using.as_ref().and_then(|m| keyword(m, "", INDEX_METHODS).ok());
        let method = variant("IndexMethod", method.unwrap_or(schema_engine::model::IndexMethod::Btree));
        let unique = index.unique.is_present();
        let keys = index.columns.0.iter().map(|key| {
            let column = column(&key.field);
            let descending = key.descending;
            quote!(m::IndexColumn::new(#column, #descending))
        });
        let include = index.include.iter().filter_map(|p| p.get_ident()).map(column);
        let predicate = option_string(&index.predicate);
        quote!(m::Index {
            name: ::std::string::String::from(#name),
            method: #method,
            unique: #unique,
            columns: ::std::vec![#(#keys),*],
            include: ::std::vec![#(::std::string::String::from(#include)),*],
            predicate: #predicate,
            ..::core::default::Default::default()
        })
    });

    let policies = input.policies.iter().map(|policy| {
        let name = policy.name.as_str();
        let command = variant("PolicyCommand", keyword(&policy.command, "", POLICY_COMMANDS).unwrap_or(schema_engine::model::PolicyCommand::All));
        let permissive = !policy.restrictive.is_present();
        let roles = policy.to.iter().map(crate::path::path_text);
        let using = option_string(&policy.using);
        let with_check = option_string(&policy.with_check);
        let purpose = policy.purpose.clone().unwrap_or_default();
        quote!(m::Policy {
            name: ::std::string::String::from(#name),
            command: #command,
            permissive: #permissive,
            roles: ::std::vec![#(::std::string::String::from(#roles)),*],
            using: #using,
            with_check: #with_check,
            comment: ::std::string::String::from(#purpose),
        })
    });

    let grants = input.grants.iter().flat_map(GrantAttr::to_model_tokens);

    let triggers = input.triggers.iter().map(|trigger| {
        let name = trigger.name.as_str();
        let timing = if trigger.after.is_present() { quote!(m::TriggerTiming::After) } else { quote!(m::TriggerTiming::Before) };
        let mut events = Vec::new();
        for (flag, event) in [
            (&trigger.insert, quote!(m::TriggerEvent::Insert)),
            (&trigger.update, quote!(m::TriggerEvent::Update)),
            (&trigger.delete, quote!(m::TriggerEvent::Delete)),
        ] {
            if flag.is_present() {
                events.push(event);
            }
        }
        let function = trigger.function.as_str();
        quote!(m::Trigger::new(#name, #timing, ::std::vec![#(#events),*], m::QualifiedName::parse(#function)))
    });

    let uniques = input.uniques.iter().map(|group| {
        let columns = group.iter().filter_map(|p| p.get_ident()).map(column);
        quote!(::std::vec![#(#columns),*])
    });
    let checks = input.checks.iter().map(|check| {
        let name = check.name.as_str();
        let expr = check.expr.to_string_expr();
        quote!((#name, #expr))
    });
    let rls_enabled = input.rls.is_present();
    let rls_forced = input.force_rls.is_present();
    let opt_out = match &input.rls_opt_out {
        Some(reason) => {
            let reason = reason.as_str();
            quote!(::core::option::Option::Some(::std::string::String::from(#reason)))
        }
        None => quote!(::core::option::Option::None),
    };

    let replica_identity = match &input.replica_identity {
        None => quote!(m::ReplicaIdentity::Default),
        Some(ReplicaIdentityAttr::Index(index)) => {
            let index = index.as_str();
            quote!(m::ReplicaIdentity::Index(::std::string::String::from(#index)))
        }
        Some(ReplicaIdentityAttr::Keyword(word)) => match keyword(word, "", REPLICA_IDENTITIES).unwrap_or(ReplicaKeyword::Default) {
            ReplicaKeyword::Default => quote!(m::ReplicaIdentity::Default),
            ReplicaKeyword::Full => quote!(m::ReplicaIdentity::Full),
            ReplicaKeyword::Nothing => quote!(m::ReplicaIdentity::Nothing),
        },
    };
    let publications = input.publications.0.iter().map(|p| p.as_str());
    let identity_checks = checked.columns.iter().filter(|c| c.field.identity.is_some()).map(|c| {
        // The error for a non-integer type lands on the field's type.
        let ty = &c.field.ty;
        quote_spanned!(ty.span()=> const _: fn() = || { fn identity<T: ::schema_engine::declare::IdentityType>() {} identity::<#ty>(); };)
    });

    let hints = emit_hints(input, checked);
    quote! {
        #(#identity_checks)*

        #[automatically_derived]
        impl ::schema_engine::TableDef for #ident {
            const NAME: &'static str = #qualified;

            #hints

            fn table() -> ::schema_engine::model::Table {
                use ::schema_engine::model as m;
                ::schema_engine::declare::TableDecl {
                    schema: #schema,
                    name: #name,
                    comment: #comment,
                    columns: ::std::vec![#(#columns),*],
                    unique_together: ::std::vec![#(#uniques),*],
                    checks: ::std::vec![#(#checks),*],
                    indexes: ::std::vec![#(#indexes),*],
                    rls: m::RowLevelSecurity { enabled: #rls_enabled, forced: #rls_forced, opt_out_reason: #opt_out },
                    policies: ::std::vec![#(#policies),*],
                    grants: ::std::vec![#(#grants),*],
                    triggers: ::std::vec![#(#triggers),*],
                    replica_identity: #replica_identity,
                    publications: ::std::vec![#(::std::string::String::from(#publications)),*],
                }
                .build()
            }
        }
    }
}

/// `migration_hints()`, only when the declaration carries hints.
fn emit_hints(input: &TableInput, checked: &CheckedTable<'_>) -> TokenStream {
    let renamed_columns: Vec<TokenStream> = checked
        .columns
        .iter()
        .filter_map(|c| c.field.renamed_from.as_ref().map(|from| (c.name.as_str(), from.as_str())))
        .map(|(name, from)| quote!((#name, #from)))
        .collect();
    let drops: Vec<&str> = input.allow_drop_column.iter().map(|c| c.as_str()).collect();
    if input.renamed_from.is_none() && renamed_columns.is_empty() && drops.is_empty() {
        return TokenStream::new();
    }
    let renamed_from = match &input.renamed_from {
        Some(from) => {
            let from = from.as_str();
            quote!(::core::option::Option::Some(#from))
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        fn migration_hints() -> ::schema_engine::declare::TableHints {
            ::schema_engine::declare::TableHints {
                renamed_from: #renamed_from,
                renamed_columns: ::std::vec![#(#renamed_columns),*],
                allow_drop_columns: ::std::vec![#(#drops),*],
            }
        }
    }
}

fn emit_column(field: &ColumnField, name: &str, comment: &str) -> TokenStream {
    let ty = &field.ty;
    let type_info = match &field.sql_type {
        // With an explicit SQL type the Rust type needs no mapping; only its
        // `Option` wrapper (nullability) is read from the syntax.
        Some(sql_type) => {
            let nullable = is_option(ty);
            let sql_type = sql_type.as_str();
            quote!(::schema_engine::ColumnTypeInfo {
                data_type: m::SqlType::new(#sql_type),
                nullable: #nullable,
                allowed_values: ::core::option::Option::None,
            })
        }
        None => quote_spanned!(ty.span()=> <#ty as ::schema_engine::ColumnType>::column_type()),
    };
    let sql_type = match &field.sql_type {
        Some(t) => {
            let t = t.as_str();
            quote!(::core::option::Option::Some(#t))
        }
        None => quote!(::core::option::Option::None),
    };
    let primary_key = field.primary_key.is_present();
    let unique = field.unique.is_present();
    let default = option_string(&field.default);
    let check = option_string(&field.check);
    let references = match &field.references {
        Some(reference) => {
            let table = reference.table.as_str();
            let column = reference.column.as_str();
            let action = |given: &Option<darling::util::SpannedValue<String>>| {
                let action = given.as_ref().and_then(|a| keyword(a, "", REFERENTIAL_ACTIONS).ok());
                variant("ReferentialAction", action.unwrap_or(schema_engine::model::ReferentialAction::NoAction))
            };
            let (on_delete, on_update) = (action(&reference.on_delete), action(&reference.on_update));
            quote!(::core::option::Option::Some(::schema_engine::declare::ReferenceDecl {
                table: #table,
                column: #column,
                on_delete: #on_delete,
                on_update: #on_update,
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let identity = match field.identity.as_ref().and_then(|i| keyword(i, "", IDENTITIES).ok()) {
        Some(identity) => {
            let identity = variant("Identity", identity);
            quote!(::core::option::Option::Some(#identity))
        }
        None => quote!(::core::option::Option::None),
    };
    quote!(::schema_engine::declare::ColumnDecl {
        name: #name,
        comment: #comment,
        type_info: #type_info,
        sql_type: #sql_type,
        primary_key: #primary_key,
        unique: #unique,
        default: #default,
        check: #check,
        references: #references,
        identity: #identity,
    })
}

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// A model enum value as tokens (`m::IndexMethod::Gin`): the model's variant
/// names are its Debug names.
fn variant(enum_name: &str, value: impl std::fmt::Debug) -> TokenStream {
    let enum_name = format_ident!("{enum_name}");
    let value = format_ident!("{value:?}");
    quote!(m::#enum_name::#value)
}
