//! A real PostgreSQL server for tests, chosen once per process, and a fresh
//! database for each test on it.
//!
//! The server is the first of these that works:
//! 1. `DATABASE_URL` is set: that server (its URL is the admin connection).
//! 2. A Docker engine answers: a `postgres:15` container through testcontainers
//!    (another image via `SCHEMA_TEST_PG_IMAGE`, e.g. Supabase's postgres image).
//! 3. PostgreSQL server binaries are installed: a throwaway cluster in a temp
//!    dir, stopped and deleted when the test process exits
//!    ([`start_local_server`]).
//!
//! Every `#[tokio::test]` runs on its own runtime, and the first test to ask
//! starts the shared [`Server`]. So the server holds only plain data (URLs, a
//! std child handle), never a pool or client bound to the runtime that
//! happened to start it; pools are created per [`TestDatabase`].

mod database;
mod docker;
mod local;
mod watchdog;

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use sqlx::{Connection, PgConnection};
use tokio::sync::OnceCell;

pub use database::{TestDatabase, BASELINE_SQL};
pub use local::{start_local_server, LocalServer};

/// Settings that change query plans, pinned so that plans (and plan snapshots)
/// do not depend on which server, machine or PostgreSQL build runs the tests.
/// They are set server-wide on the local cluster and with `ALTER DATABASE ...
/// SET` on every test database, whatever the server.
pub const PINNED_SETTINGS: &[(&str, &str)] = &[
    // JIT kicks in by cost thresholds and only where LLVM support is
    // installed; it also adds a "JIT:" section to EXPLAIN output.
    ("jit", "off"),
    // SSD-like random I/O cost, as on Supabase; the stock 4.0 makes index
    // scans look expensive and flips plans between servers.
    ("random_page_cost", "1.1"),
    // Weighs index scans against sequential scans; stock and hosted
    // defaults differ (and hosted ones scale with the instance size).
    ("effective_cache_size", "1GB"),
    // Decides hash vs. sort strategies and in-memory vs. on-disk sorts.
    ("work_mem", "16MB"),
    // Parallel plans depend on the core count, which differs between a
    // laptop, CI and the hosted database.
    ("max_parallel_workers_per_gather", "0"),
    // ANALYZE sample size, which feeds every row estimate.
    ("default_statistics_target", "100"),
];

/// Settings for the throwaway local cluster only: they need a server restart
/// or reload, and they trade durability (worthless for test data) for speed.
pub const LOCAL_SERVER_SETTINGS: &[(&str, &str)] = &[
    ("fsync", "off"),
    ("synchronous_commit", "off"),
    ("full_page_writes", "off"),
    // No replicas and no archive: a table created or truncated in a
    // transaction is filled and indexed without writing its rows to the WAL
    // (the seed's COPY and index builds, a cache's REFRESH).
    ("wal_level", "minimal"),
    ("max_wal_senders", "0"),
    // Parallel tests each open a pool of their own.
    ("max_connections", "200"),
];

/// The server that the tests of this process share; see [`server`].
#[derive(Debug)]
pub struct Server {
    admin_url: String,
    origin: ServerOrigin,
    has_pg_cron: bool,
}

/// Where the shared [`Server`] came from.
#[derive(Debug)]
pub enum ServerOrigin {
    /// The server named by `DATABASE_URL`; test databases are dropped again.
    DatabaseUrl,
    /// A container started through testcontainers, removed at process exit.
    Docker { image: String, container_id: String },
    /// A throwaway cluster from the local server binaries.
    Local(LocalServer),
}

impl Server {
    /// A superuser (or `DATABASE_URL`'s user) URL for the `postgres` database
    /// (or `DATABASE_URL`'s database), for creating databases.
    pub fn admin_url(&self) -> &str {
        &self.admin_url
    }

    pub fn origin(&self) -> &ServerOrigin {
        &self.origin
    }

    /// Whether `CREATE EXTENSION pg_cron` can work: the library is installed
    /// and preloaded. pg_cron only runs in the `postgres` database.
    pub fn has_pg_cron(&self) -> bool {
        self.has_pg_cron
    }
}

/// An error is kept as text: every later caller gets the same message at once
/// instead of retrying a slow start that already failed.
static SERVER: OnceCell<Result<Server, String>> = OnceCell::const_new();

/// The server shared by all tests of this process, started (or found) by the
/// first caller; see the module docs for how it is chosen.
pub async fn server() -> Result<&'static Server> {
    SERVER
        .get_or_init(|| async { select_server().await.map_err(|e| format!("{e:#}")) })
        .await
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
}

async fn select_server() -> Result<Server> {
    if let Some(url) = std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        // An explicit choice: failing here beats silently testing elsewhere.
        wait_until_accepting(&url, Duration::from_secs(10), || Ok(()))
            .await
            .context("DATABASE_URL is set, but its server does not accept connections")?;
        let has_pg_cron = probe_pg_cron(&url).await?;
        return Ok(Server {
            admin_url: url,
            origin: ServerOrigin::DatabaseUrl,
            has_pg_cron,
        });
    }

    let docker_outcome = match docker::engine_available().await {
        Ok(()) => match docker::start_server().await {
            Ok(server) => return Ok(server),
            Err(e) => format!("the engine answers, but starting a container failed: {e:#}"),
        },
        Err(reason) => reason,
    };

    let local_outcome = match start_local_server().await {
        Ok(local) => {
            return Ok(Server {
                admin_url: local.url().to_owned(),
                has_pg_cron: local.has_pg_cron(),
                origin: ServerOrigin::Local(local),
            })
        }
        Err(e) => format!("{e:#}"),
    };

    bail!(
        "no PostgreSQL server for the tests. Tried, in order:\n\
         1. DATABASE_URL: not set\n\
         2. Docker: {docker_outcome}\n\
         3. local server binaries: {local_outcome}\n\
         Fix: set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/postgres, \
         or start Docker, or install PostgreSQL server binaries \
         (apt-get install postgresql)"
    )
}

/// Polls until a connection to `url` succeeds. `still_starting` is asked
/// before each attempt so that a server process that died fails fast.
async fn wait_until_accepting(
    url: &str,
    timeout: Duration,
    mut still_starting: impl FnMut() -> Result<()>,
) -> Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        still_starting()?;
        // A connect to an unreachable host can hang far longer than the
        // whole deadline, so each attempt gets its own bound.
        let attempt =
            tokio::time::timeout(Duration::from_secs(5), PgConnection::connect(url)).await;
        let error = match attempt {
            Ok(Ok(conn)) => {
                // Only the handshake mattered; a failed goodbye does not.
                let _ = conn.close().await;
                return Ok(());
            }
            Ok(Err(e)) => anyhow::Error::new(e),
            Err(_) => anyhow!("connecting timed out after 5s"),
        };
        if Instant::now() >= deadline {
            return Err(error.context(format!("no connection within {timeout:?}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Best effort for servers we did not start: pg_cron is available and its
/// `cron.*` settings exist, which they only do once the library is preloaded.
async fn probe_pg_cron(admin_url: &str) -> Result<bool> {
    let mut conn = PgConnection::connect(admin_url)
        .await
        .context("connecting to check for pg_cron")?;
    let found: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pg_cron') \
            AND EXISTS (SELECT FROM pg_settings WHERE name = 'cron.database_name')",
    )
    .fetch_one(&mut conn)
    .await
    .context("checking for pg_cron")?;
    conn.close()
        .await
        .context("closing the pg_cron check connection")?;
    Ok(found)
}
