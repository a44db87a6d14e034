//! Test suite support for the schema workspace.
//!
//! The integration tests under `tests/` run against a real PostgreSQL server;
//! [`pg`] finds or starts one and hands each test its own fresh database.

pub mod pg;
