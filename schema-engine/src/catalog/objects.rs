//! Schema-level objects of the catalog: schemas, extensions, enum types and
//! pg_cron jobs.

use crate::model::{Grant, QualifiedName};
use serde::{Deserialize, Serialize};

/// A schema (`pg_namespace`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Namespace {
    pub name: String,
    /// The owner; `None` for a schema the platform provides, whose owner is
    /// the platform's business.
    pub owner: Option<String>,
    /// `None` where the comment is not ours to set (a provided schema).
    pub comment: Option<String>,
    /// USAGE and CREATE by grantee (the owner's own are implicit).
    pub grants: Vec<Grant>,
    /// The platform creates it: migrations never create or drop it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provided: bool,
}

/// An installed extension and the schema its objects live in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub name: String,
    pub schema: String,
}

/// A PostgreSQL enum type (`CREATE TYPE … AS ENUM`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: QualifiedName,
    /// The labels in their sort order.
    pub values: Vec<String>,
    pub owner: String,
    pub comment: String,
}

/// A pg_cron job (`cron.job`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CronJob {
    /// The job's name (scheduling again under this name replaces the job).
    pub name: String,
    /// A cron expression in UTC, e.g. `0 2 * * *`.
    pub schedule: String,
    /// The SQL the job runs.
    pub command: String,
    pub active: bool,
}
