//! A fresh database per test on the shared server, so tests run in parallel
//! without seeing each other's tables, and a pool for it on the test's own
//! runtime.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool};

use super::{server, Server, ServerOrigin, PINNED_SETTINGS};

/// What Supabase provides that plain PostgreSQL lacks (roles, `auth.*`,
/// default privileges); applied by [`TestDatabase::create_with_baseline`].
pub const BASELINE_SQL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/supabase/baseline.sql");

/// PostgreSQL truncates longer identifiers, which could merge two names.
const MAX_IDENTIFIER_BYTES: usize = 63;

/// One test's own database. On a `DATABASE_URL` server it is dropped again
/// with this value; throwaway servers take their databases with them.
#[derive(Debug)]
pub struct TestDatabase {
    name: String,
    url: String,
    pool: PgPool,
    server: &'static Server,
}

impl TestDatabase {
    /// Creates an empty database named after `name_hint` (plus a counter and
    /// the process id, so names never clash), with [`PINNED_SETTINGS`].
    pub async fn create(name_hint: &str) -> Result<Self> {
        let server = server().await?;
        let name = unique_name(name_hint);
        create_database(server, &name)
            .await
            .with_context(|| format!("creating test database {name}"))?;
        let url = with_database(server.admin_url(), &name)?;
        let pool = PgPoolOptions::new()
            .max_connections(5)
            .connect(&url)
            .await
            .with_context(|| format!("connecting a pool to test database {name}"))?;
        Ok(Self {
            name,
            url,
            pool,
            server,
        })
    }

    /// [`create`](Self::create), then applies [`BASELINE_SQL`], as Supabase
    /// would have it before any migration runs.
    pub async fn create_with_baseline(name_hint: &str) -> Result<Self> {
        let db = Self::create(name_hint).await?;
        db.apply_sql_file(Path::new(BASELINE_SQL)).await?;
        Ok(db)
    }

    /// A fresh copy of `template` (`CREATE DATABASE … TEMPLATE`), which must
    /// have no open connection (see [`Self::close_for_copies`]): much faster
    /// than building the same database again.
    pub async fn copy_of(template: &str, name_hint: &str) -> Result<Self> {
        let server = server().await?;
        let name = unique_name(name_hint);
        create_database_from(server, &name, &quote_ident(template))
            .await
            .with_context(|| format!("copying test database {template} to {name}"))?;
        let url = with_database(server.admin_url(), &name)?;
        let pool = PgPoolOptions::new()
            .max_connections(5)
            .connect(&url)
            .await
            .with_context(|| format!("connecting a pool to test database {name}"))?;
        Ok(Self { name, url, pool, server })
    }

    /// Closes every connection of this database, so it can be the template of
    /// copies ([`Self::copy_of`]); it stays usable only as that.
    pub async fn close_for_copies(&self) {
        self.pool.close().await;
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// A `postgres://` URL for this database, as the server's admin user.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub fn server(&self) -> &'static Server {
        self.server
    }

    async fn apply_sql_file(&self, path: &Path) -> Result<()> {
        let sql = tokio::fs::read_to_string(path)
            .await
            .with_context(|| format!("reading {}", path.display()))?;
        sqlx::raw_sql(&sql)
            .execute(&self.pool)
            .await
            .with_context(|| {
                format!("applying {} to test database {}", path.display(), self.name)
            })?;
        Ok(())
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if !matches!(self.server.origin(), ServerOrigin::DatabaseUrl) {
            return;
        }
        let admin_url = self.server.admin_url().to_owned();
        let name = self.name.clone();
        // The pool lives on the test's runtime, which may be shutting down
        // (a panicking test drops this while unwinding); a private runtime on
        // its own thread does the DROP, and FORCE ends the pool's connections.
        let dropped = std::thread::spawn(move || -> Result<()> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("building a runtime to drop the test database")?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .context("connecting to DATABASE_URL")?;
                admin
                    .execute(
                        format!(
                            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                            quote_ident(&name)
                        )
                        .as_str(),
                    )
                    .await?;
                admin.close().await?;
                Ok(())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("warning: could not drop test database {}: {e:#}", self.name),
            Err(_) => eprintln!("warning: dropping test database {} panicked", self.name),
        }
    }
}

async fn create_database(server: &Server, name: &str) -> Result<()> {
    // template0 with the C locale: the same collation (hence the same sort
    // orders and plans) whatever the server's own default is.
    create_database_from(server, name, "template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'").await
}

/// `CREATE DATABASE name TEMPLATE <template>`, then the pinned settings (which
/// a copy does not inherit).
async fn create_database_from(server: &Server, name: &str, template: &str) -> Result<()> {
    let mut admin = PgConnection::connect(server.admin_url())
        .await
        .context("connecting to the server's admin URL")?;
    let ident = quote_ident(name);
    admin.execute(format!("CREATE DATABASE {ident} TEMPLATE {template}").as_str()).await?;
    for (setting, value) in PINNED_SETTINGS {
        admin
            .execute(format!("ALTER DATABASE {ident} SET {setting} = '{value}'").as_str())
            .await
            .with_context(|| format!("pinning {setting}"))?;
    }
    admin.close().await?;
    Ok(())
}

/// `test_<hint>_<pid>_<counter>_<salt>`, lowercased, with anything but ASCII
/// letters, digits and `_` replaced by `_`, and the hint cut so the whole
/// stays within [`MAX_IDENTIFIER_BYTES`]. The per-run salt keeps names apart
/// when processes on several machines share one `DATABASE_URL` server.
fn unique_name(hint: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static RUN_SALT: OnceLock<String> = OnceLock::new();
    let salt = RUN_SALT.get_or_init(|| {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        format!("{:x}", nanos % 0x10000)
    });
    let suffix = format!(
        "_{}_{}_{salt}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let prefix = "test_";
    let room = MAX_IDENTIFIER_BYTES - prefix.len() - suffix.len();
    let hint: String = hint
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(room)
        .collect();
    format!("{prefix}{hint}{suffix}")
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `url` with its database path replaced by `database`, keeping the user,
/// password, host and any `?query` options.
pub(super) fn with_database(url: &str, database: &str) -> Result<String> {
    let scheme_end = url
        .find("://")
        .context("the server URL has no scheme (postgres://...)")?
        + 3;
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let query = rest[authority_end..]
        .find('?')
        .map_or("", |i| &rest[authority_end + i..]);
    Ok(format!(
        "{}{}/{database}{query}",
        &url[..scheme_end],
        &rest[..authority_end]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_unique_identifiers() {
        let a = unique_name("RLS matrix: orders/ünïcode");
        let b = unique_name("RLS matrix: orders/ünïcode");
        assert_ne!(a, b);
        assert!(a.starts_with("test_rls_matrix__orders__n_code_"), "{a}");
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_'),
            "{a}"
        );

        let long = unique_name(&"x".repeat(200));
        assert!(
            long.len() <= MAX_IDENTIFIER_BYTES,
            "{long} is {} bytes",
            long.len()
        );
        // The hint is what gets cut, never the unique suffix.
        assert!(
            long.contains(&format!("x_{}_", std::process::id())),
            "{long}"
        );
    }

    #[test]
    fn replaces_the_database_in_urls() {
        let cases = [
            ("postgres://u:p@h:5432/postgres", "postgres://u:p@h:5432/db"),
            (
                "postgres://u@h/postgres?sslmode=require",
                "postgres://u@h/db?sslmode=require",
            ),
            ("postgresql://h:1", "postgresql://h:1/db"),
            (
                "postgres://h?sslmode=disable",
                "postgres://h/db?sslmode=disable",
            ),
            ("postgres:///postgres?host=/tmp", "postgres:///db?host=/tmp"),
        ];
        for (url, expected) in cases {
            assert_eq!(with_database(url, "db").expect(url), expected);
        }
        assert!(with_database("not a url", "db").is_err());
    }
}
