//! The Hot Rod AN analytics schema, declared in Rust.
//!
//! Structs are tables (`tables`) and views (`views`), enums are value sets
//! (`enums`), and structs whose fields are arguments are functions (`functions`). [`schema`] lists every declaration in one place, in
//! the dictionary's order; `cargo xtask gen` renders it.

pub mod access;
pub mod enums;
pub mod functions;
pub mod tables;
pub mod views;

mod dictionary;

pub use dictionary::dictionary_text;

use schema_engine::catalog::Catalog;
use schema_engine::declare::TableHints;
use schema_engine::model::{CacheSettings, Platform, Prerequisite, QualifiedName, Schema, Table};
use schema_engine::plan::MigrationHints;
use schema_engine::validate::{validate, SchemaError};
use schema_engine::{FunctionDef, TableDef};

/// Supabase, with its three API roles (`anon`, `authenticated`,
/// `service_role`); each object grants them exactly what it declares.
pub fn platform() -> Platform {
    Platform::supabase()
}

/// Every table declaration, in the dictionary's order, with its migration hints.
fn table_declarations() -> Vec<(Table, TableHints)> {
    fn declared<T: TableDef>() -> (Table, TableHints) {
        (T::table(), T::migration_hints())
    }
    vec![
        declared::<tables::ProductCategory>(),
        declared::<tables::CustomerSegment>(),
        declared::<tables::SalesMetricsDaily>(),
        declared::<tables::SkuPerformance>(),
        declared::<tables::InventorySnapshot>(),
        declared::<tables::FulfillmentTracking>(),
        declared::<tables::CxConversation>(),
        declared::<tables::ShopActivationMetrics>(),
        declared::<tables::OperatorSlaResolution>(),
        declared::<tables::CeoTimeSavings>(),
        declared::<tables::AuditLog>(),
        declared::<tables::AuditLogArchive>(),
    ]
}

/// Tables removed from the declarations whose rows may be dropped with them
/// (`schema.table`). `cargo xtask migrate` refuses to drop any other table.
pub const ALLOW_DROP_TABLES: &[&str] = &[];

/// What the declarations say about their last change, for `cargo xtask migrate`.
pub fn migration_hints() -> MigrationHints {
    let mut hints = MigrationHints {
        allow_data_loss: ALLOW_DROP_TABLES.iter().map(|t| (*t).to_owned()).collect(),
        ..MigrationHints::default()
    };
    for (table, table_hints) in table_declarations() {
        if let Some(from) = table_hints.renamed_from {
            hints.renamed_tables.push((table.name.clone(), QualifiedName::parse(from)));
        }
        for (column, from) in table_hints.renamed_columns {
            hints.renamed_columns.push((table.name.clone(), column.to_owned(), from.to_owned()));
        }
        for column in table_hints.allow_drop_columns {
            hints.allow_data_loss.push(format!("{}.{column}", table.name));
        }
    }
    hints
}

/// The schema as declared, not yet validated.
pub fn declared_schema() -> Schema {
    let tables: Vec<Table> = table_declarations().into_iter().map(|(table, _)| table).collect();
    let mut schema = Schema {
        prerequisites: vec![Prerequisite {
            function: "auth.jwt()".to_owned(),
            purpose: "Supabase provides auth.jwt(), which the operator policies read; elsewhere define Supabase's implementation.".to_owned(),
            fallback: include_str!("../sql/prerequisites/auth_jwt.sql").to_owned(),
        }],
        tables,
        views: views::all(),
        functions: vec![
            functions::SetUpdatedAt::function(),
            functions::GetShopAuditTrail::function(),
            functions::ArchiveOldAuditLogs::function(),
            functions::ExportAuditLogs::function(),
            functions::RunDataQualityChecks::function(),
        ],
        cache: Some(CacheSettings {
            schema: access::CACHE_SCHEMA.to_owned(),
            comment: "Materialized rows of the cached dashboard views, refreshed by pg_cron. Not exposed by the API; no API role may select from it; each view reads its rows through a function that applies the tables' access rule.".to_owned(),
            readable_when: access::CACHE_READABLE_WHEN.to_owned(),
            readable_when_reason: "service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables.".to_owned(),
            refresh_roles: vec!["service_role".to_owned()],
        }),
        ..Schema::default()
    };
    schema.canonicalize();
    schema
}

/// The whole schema, validated: every problem is returned at once.
pub fn schema() -> Result<Schema, Vec<SchemaError>> {
    let schema = declared_schema();
    validate(&schema, &platform())?;
    Ok(schema)
}

/// The catalog the validated schema must produce in the database.
pub fn catalog() -> Result<Catalog, Vec<SchemaError>> {
    Ok(schema_engine::lower::lower(&schema()?, &platform()))
}
