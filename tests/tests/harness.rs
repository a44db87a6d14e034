//! Proves the PostgreSQL harness: separate databases per test, pinned plan
//! settings, and a Supabase baseline that behaves like Supabase.

use anyhow::Result;
use schema_tests::pg::{server, start_local_server, ServerOrigin, TestDatabase, BASELINE_SQL};
use sqlx::types::{JsonValue, Uuid};
use sqlx::{Connection, PgConnection};

#[tokio::test]
async fn each_test_database_is_separate() -> Result<()> {
    let a = TestDatabase::create("harness separate a").await?;
    let b = TestDatabase::create("harness separate b").await?;
    assert_ne!(a.name(), b.name());
    assert_ne!(a.url(), b.url());

    for db in [&a, &b] {
        let current: String = sqlx::query_scalar("SELECT current_database()")
            .fetch_one(db.pool())
            .await?;
        assert_eq!(current, db.name());
    }

    sqlx::query("CREATE TABLE only_in_a (id int)")
        .execute(a.pool())
        .await?;
    let in_a: Option<String> = sqlx::query_scalar("SELECT to_regclass('only_in_a')::text")
        .fetch_one(a.pool())
        .await?;
    let in_b: Option<String> = sqlx::query_scalar("SELECT to_regclass('only_in_a')::text")
        .fetch_one(b.pool())
        .await?;
    assert_eq!(in_a.as_deref(), Some("only_in_a"));
    assert_eq!(
        in_b,
        None,
        "database {} sees a table of {}",
        b.name(),
        a.name()
    );

    let server = server().await?;
    eprintln!(
        "server: {:?}, pg_cron: {}",
        server.origin(),
        server.has_pg_cron()
    );
    assert!(server.admin_url().starts_with("postgres"));
    Ok(())
}

#[tokio::test]
async fn plan_settings_are_pinned() -> Result<()> {
    let db = TestDatabase::create("harness pinned").await?;
    for (setting, expected) in [
        ("jit", "off"),
        ("random_page_cost", "1.1"),
        ("max_parallel_workers_per_gather", "0"),
    ] {
        let value: String = sqlx::query_scalar("SELECT current_setting($1)")
            .bind(setting)
            .fetch_one(db.pool())
            .await?;
        assert_eq!(value, expected, "{setting}");
    }
    let collation: String =
        sqlx::query_scalar("SELECT datcollate FROM pg_database WHERE datname = current_database()")
            .fetch_one(db.pool())
            .await?;
    assert_eq!(collation, "C");
    Ok(())
}

#[tokio::test]
async fn baseline_creates_supabase_roles() -> Result<()> {
    let db = TestDatabase::create_with_baseline("harness roles").await?;
    let roles: Vec<(String, bool, bool)> = sqlx::query_as(
        "SELECT rolname::text, rolcanlogin, rolbypassrls FROM pg_roles \
         WHERE rolname IN ('anon', 'authenticated', 'service_role', 'authenticator') ORDER BY rolname",
    )
    .fetch_all(db.pool())
    .await?;
    let expected = [
        ("anon", false, false),
        ("authenticated", false, false),
        ("authenticator", true, false),
        ("service_role", false, true),
    ];
    let roles: Vec<(&str, bool, bool)> =
        roles.iter().map(|(n, l, b)| (n.as_str(), *l, *b)).collect();
    assert_eq!(roles, expected);

    let memberships: bool = sqlx::query_scalar(
        "SELECT bool_and(pg_has_role('authenticator', r, 'MEMBER')) \
         FROM unnest(ARRAY['anon', 'authenticated', 'service_role']) AS r",
    )
    .fetch_one(db.pool())
    .await?;
    assert!(
        memberships,
        "authenticator must be able to switch to the API roles"
    );
    Ok(())
}

#[tokio::test]
async fn auth_functions_read_jwt_claims_like_supabase() -> Result<()> {
    let db = TestDatabase::create_with_baseline("harness auth").await?;
    let mut tx = db.pool().begin().await?;
    sqlx::query("SET LOCAL ROLE authenticated")
        .execute(&mut *tx)
        .await?;
    sqlx::query("SELECT set_config('request.jwt.claims', $1, true)")
        .bind(r#"{"sub":"00000000-0000-0000-0000-000000000001","role":"authenticated","app_metadata":{"operator":true}}"#)
        .execute(&mut *tx)
        .await?;
    let (user, uid, role, app_metadata): (String, Option<Uuid>, Option<String>, Option<JsonValue>) =
        sqlx::query_as(
            "SELECT current_user::text, auth.uid(), auth.role(), auth.jwt() -> 'app_metadata'",
        )
        .fetch_one(&mut *tx)
        .await?;
    assert_eq!(user, "authenticated");
    assert_eq!(uid, Some(Uuid::from_u128(1)));
    assert_eq!(role.as_deref(), Some("authenticated"));
    assert_eq!(
        app_metadata,
        Some(r#"{"operator":true}"#.parse::<JsonValue>()?)
    );
    tx.rollback().await?;

    // Older PostgREST versions set one setting per claim.
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "SELECT set_config('request.jwt.claim.sub', '00000000-0000-0000-0000-000000000002', true)",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("SELECT set_config('request.jwt.claim.role', 'anon', true)")
        .execute(&mut *tx)
        .await?;
    let (uid, role): (Option<Uuid>, Option<String>) =
        sqlx::query_as("SELECT auth.uid(), auth.role()")
            .fetch_one(&mut *tx)
            .await?;
    assert_eq!(uid, Some(Uuid::from_u128(2)));
    assert_eq!(role.as_deref(), Some("anon"));
    tx.rollback().await?;
    Ok(())
}

#[tokio::test]
async fn default_privileges_grant_new_tables_to_api_roles() -> Result<()> {
    let db = TestDatabase::create_with_baseline("harness privileges").await?;
    sqlx::query("CREATE TABLE t (id int)")
        .execute(db.pool())
        .await?;
    for role in ["anon", "authenticated", "service_role"] {
        let granted: bool = sqlx::query_scalar("SELECT has_table_privilege($1, 't', 'SELECT')")
            .bind(role)
            .fetch_one(db.pool())
            .await?;
        assert!(granted, "{role} cannot SELECT from a new table in public");
    }
    Ok(())
}

#[tokio::test]
async fn baseline_is_idempotent_and_safe_in_parallel() -> Result<()> {
    // Roles are cluster-wide, so concurrent baselines race on creating them.
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            tokio::spawn(async move {
                TestDatabase::create_with_baseline(&format!("harness parallel {i}")).await
            })
        })
        .collect();
    let mut databases = Vec::new();
    for task in tasks {
        databases.push(task.await??);
    }

    let again = tokio::fs::read_to_string(BASELINE_SQL).await?;
    sqlx::raw_sql(&again).execute(databases[0].pool()).await?;
    Ok(())
}

#[tokio::test]
async fn pg_cron_works_where_reported() -> Result<()> {
    let server = server().await?;
    // Only the throwaway cluster's `postgres` database is ours to change.
    if !server.has_pg_cron() || !matches!(server.origin(), ServerOrigin::Local(_)) {
        eprintln!("skipped: no pg_cron on a throwaway local cluster");
        return Ok(());
    }
    let mut admin = PgConnection::connect(server.admin_url()).await?;
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_cron")
        .execute(&mut admin)
        .await?;
    let jobs: i64 = sqlx::query_scalar("SELECT count(*) FROM cron.job")
        .fetch_one(&mut admin)
        .await?;
    assert_eq!(jobs, 0);
    Ok(())
}

#[tokio::test]
async fn standalone_local_server_stops_when_dropped() -> Result<()> {
    // Needs server binaries, which the shared server being local proves.
    if !matches!(server().await?.origin(), ServerOrigin::Local(_)) {
        eprintln!("skipped: the shared server is not a local cluster");
        return Ok(());
    }
    let local = start_local_server().await?;
    let url = local.url().to_owned();
    let mut conn = PgConnection::connect(&url).await?;
    let answer: i32 = sqlx::query_scalar("SELECT 42").fetch_one(&mut conn).await?;
    assert_eq!(answer, 42);
    conn.close().await?;

    drop(local);
    assert!(
        PgConnection::connect(&url).await.is_err(),
        "{url} still answers after drop"
    );
    Ok(())
}
