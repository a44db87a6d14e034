//! Testing a schema-as-code project on a real PostgreSQL, for any project.
//!
//! - [`pg`] finds or starts a server (`DATABASE_URL`, a Docker engine through
//!   testcontainers, or local server binaries) and hands each test its own
//!   fresh database with a Supabase-like baseline.
//! - [`migrations`] applies a project's `generated/migrations` with sqlx's
//!   migrator; [`runners`] applies them with psql and `supabase db push`.
//! - [`catalog`] reads a database back and compares it with the declarations
//!   (the round-trip, and drift).
//! - [`access`] is the RLS and grant matrix for the personas a project passes
//!   in; [`plans`] reads query plans as a persona.
//! - [`fixtures`] writes a generated row for any table.
//! - [`advisors`] runs our own versions of Supabase's ERROR and WARN database
//!   lints (splinter) over a database's catalog.

pub mod access;
pub mod advisors;
pub mod catalog;
pub mod fixtures;
pub mod migrations;
pub mod pg;
pub mod plans;
pub mod runners;
