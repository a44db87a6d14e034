//! Test suite support for the schema workspace.
//!
//! The integration tests under `tests/` run against a real PostgreSQL server;
//! [`pg`] finds or starts one and hands each test its own fresh database, and
//! [`migrations`] applies `generated/migrations` to it with sqlx's migrator.

pub mod access;
pub mod catalog;
pub mod fixtures;
pub mod migrations;
pub mod pg;
pub mod plans;
pub mod runners;
pub mod view_data;
