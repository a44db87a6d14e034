//! The API functions, called for real as each kind of caller over the `audit`
//! fixture (its entries are listed in tests/tests/views_audit.rs): who may call
//! them, and what they return.
//!
//! Callers are simulated as PostgREST does it: `SET LOCAL ROLE` plus the JWT
//! claims in `request.jwt.claims`, in a transaction that is then committed.

use anyhow::{ensure, Context, Result};
use chrono::NaiveDate;
use schema_tests::view_data::database_with_fixture;
use serde_json::{json, Value};
use sqlx::{Executor, PgPool};

/// The four API functions, as GRANT and has_function_privilege name them.
const SIGNATURES: [&str; 4] = [
    "public.get_shop_audit_trail(text)",
    "public.archive_old_audit_logs()",
    "public.export_audit_logs(date, date)",
    "public.run_data_quality_checks()",
];

const HOTRODAN: &str = "hotrodan.myshopify.com";
const SPEEDSHOP: &str = "speedshop.myshopify.com";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    /// No JWT: the `anon` role.
    Anon,
    /// A logged-in user who is not an operator.
    User,
    /// The `authenticated` role with no claims at all.
    UserWithoutClaims,
    /// A logged-in user whose app_metadata marks them as an operator.
    Operator,
    /// The service key.
    ServiceRole,
}

impl Caller {
    fn role(self) -> &'static str {
        match self {
            Self::Anon => "anon",
            Self::User | Self::UserWithoutClaims | Self::Operator => "authenticated",
            Self::ServiceRole => "service_role",
        }
    }

    fn claims(self) -> String {
        let user = "00000000-0000-0000-0000-00000000000b";
        match self {
            Self::Anon => json!({ "role": "anon" }).to_string(),
            Self::User => json!({ "role": "authenticated", "sub": user, "app_metadata": { "provider": "email" } }).to_string(),
            Self::UserWithoutClaims => String::new(),
            Self::Operator => json!({
                "role": "authenticated", "sub": user, "app_metadata": { "provider": "email", "operator": true }
            })
            .to_string(),
            Self::ServiceRole => json!({ "role": "service_role" }).to_string(),
        }
    }
}

/// `SELECT to_jsonb(r) FROM <from_item> AS r` as `caller`, committed; rows in
/// the order the function returned them, timestamps in UTC.
async fn call_as(pool: &PgPool, caller: Caller, from_item: &str) -> Result<Vec<Value>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    tx.execute("SET LOCAL TIME ZONE 'UTC'").await?;
    tx.execute(format!("SET LOCAL ROLE {}", caller.role()).as_str()).await?;
    sqlx::query("SELECT set_config('request.jwt.claims', $1, true)").bind(caller.claims()).execute(&mut *tx).await?;
    let rows = sqlx::query_scalar(&format!("SELECT to_jsonb(r) FROM {from_item} AS r")).fetch_all(&mut *tx).await?;
    tx.commit().await?;
    Ok(rows)
}

/// The error's SQLSTATE and message, failing if the call succeeded.
fn refusal(result: Result<Vec<Value>, sqlx::Error>) -> Result<(String, String)> {
    let error = match result {
        Ok(rows) => anyhow::bail!("expected an error, got {} row(s): {rows:?}", rows.len()),
        Err(error) => error,
    };
    let db = error.as_database_error().with_context(|| format!("not a database error: {error}"))?;
    Ok((db.code().map(|c| c.into_owned()).unwrap_or_default(), db.message().to_owned()))
}

/// The fixture's ids: `a2` → 00000000-0000-0000-0000-0000000000a2.
fn id(suffix: &str) -> String {
    format!("00000000-0000-0000-0000-{suffix:0>12}")
}

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter().map(|r| r["id"].as_str().unwrap_or_default().to_owned()).collect()
}

fn expected_ids(suffixes: &[&str]) -> Vec<String> {
    suffixes.iter().map(|s| id(s)).collect()
}

async fn today(pool: &PgPool) -> Result<NaiveDate> {
    Ok(sqlx::query_scalar("SELECT (now() AT TIME ZONE 'UTC')::date").fetch_one(pool).await?)
}

#[tokio::test]
async fn functions_run_as_their_caller_with_an_empty_search_path_and_no_public_execute() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    for signature in SIGNATURES {
        let (definer, config, public_execute): (bool, Vec<String>, bool) = sqlx::query_as(
            "SELECT p.prosecdef, coalesce(p.proconfig, ARRAY[]::text[]), \
                    p.proacl IS NULL OR EXISTS (SELECT FROM aclexplode(p.proacl) AS a \
                                                WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') \
             FROM pg_proc AS p WHERE p.oid = $1::regprocedure",
        )
        .bind(signature)
        .fetch_one(db.pool())
        .await
        .with_context(|| format!("reading {signature} from pg_proc"))?;
        // Least privilege: the callers they serve read these rows through their
        // own policies, so nothing runs with the owner's rights.
        assert!(!definer, "{signature} is SECURITY DEFINER");
        assert_eq!(config, ["search_path=\"\""], "{signature}: proconfig");
        assert!(!public_execute, "{signature}: PUBLIC may execute it");

        let expected = [
            ("anon", false),
            ("authenticated", signature != "public.archive_old_audit_logs()"),
            ("service_role", true),
        ];
        for (role, allowed) in expected {
            let granted: bool = sqlx::query_scalar("SELECT has_function_privilege($1, $2, 'EXECUTE')")
                .bind(role)
                .bind(signature)
                .fetch_one(db.pool())
                .await?;
            assert_eq!(granted, allowed, "EXECUTE on {signature} for {role}");
        }
    }
    Ok(())
}

#[tokio::test]
async fn shop_audit_trail_is_the_shops_entries_newest_first_archived_included() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let pool = db.pool();
    let trail = |shop: &str| format!("public.get_shop_audit_trail('{shop}')");

    // hotrodan: live a12 (today 00:00), a14 (d-1 23:30), a01 (d-1 09:00), a02 (d-2), a03 (d-3),
    // a07 (d-45), a10 (d-179), a08 (d-200), then the archived a11 (d-400).
    let hotrodan = expected_ids(&["a12", "a14", "a1", "a2", "a3", "a7", "a10", "a8", "a11"]);
    for caller in [Caller::ServiceRole, Caller::Operator] {
        let rows = call_as(pool, caller, &trail(HOTRODAN)).await?;
        assert_eq!(ids(&rows), hotrodan, "{caller:?}");
        let a2 = rows.iter().find(|r| r["id"] == json!(id("a2"))).unwrap();
        assert_eq!(a2["actor"], json!("ana@hotrodan.com"));
        assert_eq!((&a2["scope"], &a2["action"]), (&json!("pricing"), &json!("modify")));
        assert_eq!(a2["details"], json!({ "sku": "HR-200", "old_price": 49.99, "new_price": 44.99 }));
        assert_eq!(a2["archived_at"], Value::Null);
        let archived: Vec<&Value> = rows.iter().filter(|r| !r["archived_at"].is_null()).collect();
        assert_eq!(ids(&archived.into_iter().cloned().collect::<Vec<_>>()), expected_ids(&["a11"]));
    }
    // speedshop: a13 (d-1 15:00), a04 (d-5), a05 (d-10), a06 (d-20), a09 (d-181).
    let rows = call_as(pool, Caller::Operator, &trail(SPEEDSHOP)).await?;
    assert_eq!(ids(&rows), expected_ids(&["a13", "a4", "a5", "a6", "a9"]));
    assert!(call_as(pool, Caller::ServiceRole, &trail("unknown.myshopify.com")).await?.is_empty());

    // Nothing archived disappears: after archiving (a08, a09 move) the trail is the same.
    assert_eq!(call_as(pool, Caller::ServiceRole, "public.archive_old_audit_logs()").await?, [json!(2)]);
    let rows = call_as(pool, Caller::Operator, &trail(HOTRODAN)).await?;
    assert_eq!(ids(&rows), hotrodan);
    let archived: Vec<Value> = rows.iter().filter(|r| !r["archived_at"].is_null()).cloned().collect();
    assert_eq!(ids(&archived), expected_ids(&["a8", "a11"]));

    // Everyone else is refused: non-operators by the function, anon by the grant.
    for caller in [Caller::User, Caller::UserWithoutClaims] {
        let (code, message) = refusal(call_as(pool, caller, &trail(HOTRODAN)).await)?;
        assert_eq!(code, "42501", "{caller:?}: {message}");
        assert!(message.contains("only operators and service_role may read the audit trail"), "{caller:?}: {message}");
    }
    let (code, message) = refusal(call_as(pool, Caller::Anon, &trail(HOTRODAN)).await)?;
    assert_eq!(code, "42501");
    assert!(message.contains("permission denied for function get_shop_audit_trail"), "{message}");
    Ok(())
}

/// The moved entries' columns as the owner sees them in `table`, by id.
async fn entries(pool: &PgPool, table: &str, suffixes: &[&str]) -> Result<Value> {
    let sql = format!(
        "SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.id), '[]') FROM \
         (SELECT id, actor, shop_domain, scope, action, details, created_at FROM public.{table} \
          WHERE id = ANY($1::uuid[])) AS e"
    );
    let ids: Vec<String> = suffixes.iter().map(|s| id(s)).collect();
    Ok(sqlx::query_scalar(&sql).bind(ids).fetch_one(pool).await?)
}

async fn count(pool: &PgPool, table: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(&format!("SELECT count(*) FROM public.{table}")).fetch_one(pool).await?)
}

#[tokio::test]
async fn archiving_moves_entries_older_than_180_days_and_loses_nothing() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let pool = db.pool();
    let archive = "public.archive_old_audit_logs()";

    // Only service_role may call it.
    for caller in [Caller::Anon, Caller::User, Caller::Operator] {
        let (code, message) = refusal(call_as(pool, caller, archive).await)?;
        assert_eq!(code, "42501", "{caller:?}: {message}");
        assert!(message.contains("permission denied for function archive_old_audit_logs"), "{message}");
    }

    // Older than 180 days: a08 (200 days) and a09 (181 days) → 2. a10 (179 days) stays;
    // a11 is already archived. audit_log 13 → 11 entries, the archive 1 → 3.
    let moving = entries(pool, "audit_log", &["a8", "a9"]).await?;
    assert_eq!(moving.as_array().map(Vec::len), Some(2));
    assert_eq!(count(pool, "audit_log").await?, 13);
    assert_eq!(count(pool, "audit_log_archive").await?, 1);

    assert_eq!(call_as(pool, Caller::ServiceRole, archive).await?, [json!(2)]);
    assert_eq!(count(pool, "audit_log").await?, 11);
    assert_eq!(count(pool, "audit_log_archive").await?, 3);
    assert_eq!(entries(pool, "audit_log", &["a8", "a9"]).await?, json!([]), "moved entries are gone from audit_log");
    assert_eq!(entries(pool, "audit_log_archive", &["a8", "a9"]).await?, moving, "the archive holds them unchanged");
    assert_eq!(entries(pool, "audit_log", &["a10"]).await?.as_array().map(Vec::len), Some(1), "179 days old stays");
    let stamped: bool = sqlx::query_scalar(
        "SELECT bool_and(archived_at > now() - interval '10 minutes' AND archived_at <= now()) \
         FROM public.audit_log_archive WHERE id = ANY($1::uuid[])",
    )
    .bind(vec![id("a8"), id("a9")])
    .fetch_one(pool)
    .await?;
    assert!(stamped, "archived_at is the time of the move");
    let old_archive: String = sqlx::query_scalar(
        "SELECT to_char(archived_at AT TIME ZONE 'UTC', 'HH24:MI') FROM public.audit_log_archive WHERE id = $1::uuid",
    )
    .bind(id("a11"))
    .fetch_one(pool)
    .await?;
    assert_eq!(old_archive, "02:00", "an entry archived earlier is untouched");

    // A second run finds nothing left to move.
    assert_eq!(call_as(pool, Caller::ServiceRole, archive).await?, [json!(0)]);
    assert_eq!(count(pool, "audit_log_archive").await?, 3);
    Ok(())
}

#[tokio::test]
async fn export_covers_whole_days_from_start_through_end() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let pool = db.pool();
    let today = today(pool).await?;
    let day = |n: i64| today - chrono::Duration::days(n);
    let export = |start: NaiveDate, end: NaiveDate| format!("public.export_audit_logs('{start}', '{end}')");

    // d-3..d-1, oldest first: a03 (d-3 10:00), a02 (d-2 14:30), a01 (d-1 09:00), a13 (d-1 15:00),
    // a14 (d-1 23:30: the end day is included whole); a12 (today 00:00) is after it.
    let expected = expected_ids(&["a3", "a2", "a1", "a13", "a14"]);
    for caller in [Caller::ServiceRole, Caller::Operator] {
        let rows = call_as(pool, caller, &export(day(3), day(1))).await?;
        assert_eq!(ids(&rows), expected, "{caller:?}");
        let a14 = rows.iter().find(|r| r["id"] == json!(id("a14"))).unwrap();
        assert_eq!(a14["shop_domain"], json!(HOTRODAN));
        assert_eq!(a14["details"], json!({ "order": "#1002" }));
        assert_eq!(a14["archived_at"], Value::Null);
    }
    // One day: d-1 → a01, a13, a14; today → a12 (at 00:00, the start of the day).
    assert_eq!(ids(&call_as(pool, Caller::ServiceRole, &export(day(1), day(1))).await?), expected_ids(&["a1", "a13", "a14"]));
    assert_eq!(ids(&call_as(pool, Caller::ServiceRole, &export(today, today)).await?), expected_ids(&["a12"]));
    // Archived entries are exported too: d-400 → a11.
    let rows = call_as(pool, Caller::ServiceRole, &export(day(400), day(400))).await?;
    assert_eq!(ids(&rows), expected_ids(&["a11"]));
    assert!(!rows[0]["archived_at"].is_null());
    // d-201..d-180 → a08 (d-200), a09 (d-181), before and after archiving them.
    let old = export(day(201), day(180));
    assert_eq!(ids(&call_as(pool, Caller::ServiceRole, &old).await?), expected_ids(&["a8", "a9"]));
    assert_eq!(call_as(pool, Caller::ServiceRole, "public.archive_old_audit_logs()").await?, [json!(2)]);
    assert_eq!(ids(&call_as(pool, Caller::ServiceRole, &old).await?), expected_ids(&["a8", "a9"]));
    // Nothing on d-4.
    assert!(call_as(pool, Caller::ServiceRole, &export(day(4), day(4))).await?.is_empty());

    // Start after end: invalid_parameter_value naming both dates.
    let (code, message) = refusal(call_as(pool, Caller::ServiceRole, &export(day(1), day(3))).await)?;
    assert_eq!(code, "22023", "{message}");
    assert_eq!(message, format!("export_audit_logs: start_date {} is after end_date {}", day(1), day(3)));

    for caller in [Caller::User, Caller::UserWithoutClaims] {
        let (code, message) = refusal(call_as(pool, caller, &export(day(3), day(1))).await)?;
        assert_eq!(code, "42501", "{caller:?}: {message}");
        assert!(message.contains("only operators and service_role may export the audit log"), "{message}");
    }
    let (code, message) = refusal(call_as(pool, Caller::Anon, &export(day(3), day(1))).await)?;
    assert_eq!(code, "42501");
    assert!(message.contains("permission denied for function export_audit_logs"), "{message}");
    Ok(())
}

#[tokio::test]
async fn data_quality_checks_summarise_the_comprehensive_view() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let pool = db.pool();
    // What the view says, read by the owner; the function, run by an operator or
    // service_role with their own rights, must say the same.
    let checks: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT check_name, table_name, status FROM public.v_data_quality_comprehensive ORDER BY check_name",
    )
    .fetch_all(pool)
    .await
    .context("reading v_data_quality_comprehensive")?;
    ensure!(!checks.is_empty(), "v_data_quality_comprehensive returned no checks");
    let with = |status: &str| checks.iter().filter(|c| c.2 == status).count() as i64;
    let (passed, warned, failed) = (with("pass"), with("warn"), with("fail"));
    assert_eq!(passed + warned + failed, checks.len() as i64, "every status is pass, warn or fail: {checks:?}");
    let status = if failed > 0 { "fail" } else if warned > 0 { "warn" } else { "pass" };

    for caller in [Caller::ServiceRole, Caller::Operator] {
        let rows = call_as(pool, caller, "public.run_data_quality_checks()").await?;
        assert_eq!(rows.len(), 1, "{caller:?}");
        let row = &rows[0];
        assert_eq!(row["status"], json!(status), "{caller:?}: {row}");
        assert_eq!(row["checks_run"], json!(checks.len()), "{caller:?}");
        assert_eq!(row["checks_passed"], json!(passed), "{caller:?}");
        assert_eq!(row["checks_warned"], json!(warned), "{caller:?}");
        assert_eq!(row["checks_failed"], json!(failed), "{caller:?}");
        let summary = row["summary"].as_str().unwrap_or_default();
        assert!(
            summary.starts_with(&format!("{} checks: {passed} passed, {warned} warned, {failed} failed", checks.len())),
            "{summary}"
        );
        for (name, table, check_status) in &checks {
            let named = summary.contains(&format!("{name} ({table},"));
            assert_eq!(named, check_status != "pass", "check {name} ({check_status}) in summary: {summary}");
        }
    }

    // Everyone else is refused: non-operators by the function, anon by the grant.
    for caller in [Caller::User, Caller::UserWithoutClaims] {
        let (code, message) = refusal(call_as(pool, caller, "public.run_data_quality_checks()").await)?;
        assert_eq!(code, "42501", "{caller:?}: {message}");
        assert!(message.contains("only operators and service_role may run the data quality checks"), "{message}");
    }
    let (code, message) = refusal(call_as(pool, Caller::Anon, "public.run_data_quality_checks()").await)?;
    assert_eq!(code, "42501");
    assert!(message.contains("permission denied for function run_data_quality_checks"), "{message}");
    Ok(())
}

#[tokio::test]
async fn data_quality_status_is_the_worst_check() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let pool = db.pool();
    // The comprehensive view replaced (same columns) by hand-made checks, in this
    // throwaway database only, to reach each status.
    let replace = |rows: &str| {
        format!(
            "CREATE OR REPLACE VIEW public.v_data_quality_comprehensive AS \
             SELECT c.check_name, c.table_name, c.status, c.failing_rows, c.details \
             FROM (VALUES {rows}) AS c(check_name, table_name, status, failing_rows, details)"
        )
    };
    let cases = [
        (
            "('a_check'::text, 't1'::text, 'pass'::text, 0::bigint, ''::text), ('b_check', 't2', 'pass', 0, '')",
            "pass",
            "2 checks: 2 passed, 0 warned, 0 failed",
        ),
        (
            "('a_check'::text, 't1'::text, 'pass'::text, 0::bigint, ''::text), ('b_check', 't2', 'warn', 4, '')",
            "warn",
            "2 checks: 1 passed, 1 warned, 0 failed. Warned: b_check (t2, failing rows: 4)",
        ),
        (
            "('a_check'::text, 't1'::text, 'fail'::text, 7::bigint, ''::text), ('b_check', 't2', 'warn', 4, ''), \
             ('c_check', 't3', 'fail', 1, ''), ('d_check', 't4', 'pass', 0, '')",
            "fail",
            "4 checks: 1 passed, 1 warned, 2 failed. Failed: a_check (t1, failing rows: 7), c_check (t3, failing rows: 1). \
             Warned: b_check (t2, failing rows: 4)",
        ),
    ];
    for (rows, status, summary) in cases {
        pool.execute(replace(rows).as_str()).await.context("replacing v_data_quality_comprehensive")?;
        let result = call_as(pool, Caller::ServiceRole, "public.run_data_quality_checks()").await?;
        assert_eq!(result.len(), 1);
        assert_eq!(result[0]["status"], json!(status), "{rows}");
        assert_eq!(result[0]["summary"], json!(summary), "{rows}");
    }
    Ok(())
}
