//! The database a verb talks to: its URL parsed once, named `host:port/db`
//! in every message, and reached with a bounded wait, so that a bad or
//! unreachable URL is one line, not a hang.

use anyhow::{anyhow, Result};
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::ConnectOptions;
use std::str::FromStr;
use std::time::Duration;

pub struct Target {
    options: PgConnectOptions,
    /// `host:port/database`, for messages.
    pub database: String,
}

impl Target {
    /// `url` with the session `settings` every connection starts with.
    pub fn parse(url: &str, settings: &[(&str, &str)]) -> Result<Self> {
        let options = PgConnectOptions::from_str(url).map_err(|e| anyhow!("invalid --database-url: {e}"))?.options(settings.iter().copied());
        let database = format!("{}:{}/{}", options.get_host(), options.get_port(), options.get_database().unwrap_or("postgres"));
        Ok(Self { options, database })
    }

    /// A new connection, or why there is none within 10 s.
    pub async fn connect(&self) -> Result<PgConnection> {
        tokio::time::timeout(Duration::from_secs(10), self.options.connect())
            .await
            .map_err(|_| anyhow!("cannot reach PostgreSQL at {}: no answer within 10 s", self.database))?
            .map_err(|e| anyhow!("cannot connect to PostgreSQL at {}: {e}", self.database))
    }
}
