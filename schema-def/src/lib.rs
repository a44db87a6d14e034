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

use schema_engine::model::{Prerequisite, Schema, Table};
use schema_engine::validate::{validate, SchemaError};
use schema_engine::{FunctionDef, TableDef};

/// Supabase's API roles. Each object grants them exactly what it declares.
pub const API_ROLES: [&str; 3] = ["anon", "authenticated", "service_role"];

/// The schema as declared, not yet validated.
pub fn declared_schema() -> Schema {
    let tables: Vec<Table> = vec![
        tables::ProductCategory::table(),
        tables::CustomerSegment::table(),
        tables::SalesMetricsDaily::table(),
        tables::SkuPerformance::table(),
        tables::InventorySnapshot::table(),
        tables::FulfillmentTracking::table(),
        tables::CxConversation::table(),
        tables::ShopActivationMetrics::table(),
        tables::OperatorSlaResolution::table(),
        tables::CeoTimeSavings::table(),
        tables::AuditLog::table(),
        tables::AuditLogArchive::table(),
    ];
    let mut schema = Schema {
        api_roles: API_ROLES.iter().map(|r| (*r).to_owned()).collect(),
        exposed_schemas: vec!["public".to_owned()],
        prerequisites: vec![Prerequisite {
            function: "auth.jwt()".to_owned(),
            purpose: "Supabase provides auth.jwt(), which the operator policies read; elsewhere define Supabase's implementation.".to_owned(),
            fallback: include_str!("../sql/prerequisites/auth_jwt.sql").to_owned(),
        }],
        tables,
        views: views::all(),
        functions: vec![functions::SetUpdatedAt::function()],
    };
    schema.canonicalize();
    schema
}

/// The whole schema, validated: every problem is returned at once.
pub fn schema() -> Result<Schema, Vec<SchemaError>> {
    let schema = declared_schema();
    validate(&schema)?;
    Ok(schema)
}
