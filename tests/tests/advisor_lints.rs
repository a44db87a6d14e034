//! Supabase's database advisors (our own checks of its ERROR and WARN lints,
//! `schema_testkit::advisors`) on a real PostgreSQL:
//!
//! - the committed migrations, applied over the Supabase baseline as
//!   production applies them, leave nothing for the advisors to report;
//! - every check can fire: on the baseline alone, one small bad object per
//!   check is reported by that check, under its name, and nothing else is
//!   reported (the checks that only apply with pg_graphql or pgmq installed
//!   stay silent, as those extensions are not there).

use anyhow::{Context, Result};
use schema_testkit::advisors::{findings, Finding, CHECKS};
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;
use std::collections::BTreeSet;

fn listed(found: &[Finding]) -> String {
    found.iter().map(|f| format!("  {f}\n")).collect()
}

#[tokio::test]
async fn migrated_schema_has_no_advisor_findings() -> Result<()> {
    let db = TestDatabase::create_with_baseline("advisors migrated").await?;
    migrations::apply(db.pool()).await?;
    let found = findings(db.pool()).await?;
    assert!(
        found.is_empty(),
        "the Supabase advisors report {} finding(s) on the migrated schema:\n{}",
        found.len(),
        listed(&found)
    );
    Ok(())
}

/// One bad object per check, and the (check, object) findings each must
/// produce. Objects are made in `public`, which the baseline grants to anon
/// and authenticated by default privileges, as Supabase does.
const BAD_OBJECTS: &[(&str, &[(&str, &str)])] = &[
    (
        // A security invoker view is only safe while auth.users has RLS,
        // which it has not here.
        "create view public.user_emails with (security_invoker = on) as select id, email from auth.users",
        &[("auth_users_exposed", "public.user_emails")],
    ),
    (
        "create table public.notes (id int primary key, owner uuid);
         alter table public.notes enable row level security;
         create policy notes_owner on public.notes for select to authenticated using (auth.uid() = owner);
         create policy notes_claims on public.notes for update to authenticated
             using ((current_setting('request.jwt.claims', true)::jsonb ->> 'sub') = owner::text)
             with check ((select auth.uid()) = owner);
         create policy notes_meta on public.notes for delete to authenticated
             using (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'admin')",
        &[
            ("auth_rls_initplan", "public.notes (policy notes_owner)"),
            ("auth_rls_initplan", "public.notes (policy notes_claims)"),
            ("rls_references_user_metadata", "public.notes (policy notes_meta)"),
        ],
    ),
    (
        "create table public.posts (id int primary key);
         alter table public.posts enable row level security;
         create policy posts_low on public.posts for select to authenticated using (id < 100);
         create policy posts_high on public.posts for all to authenticated using (id > 0) with check (id > 0)",
        &[("multiple_permissive_policies", "public.posts (role authenticated, SELECT)")],
    ),
    (
        "create table public.drafts (id int primary key);
         create policy drafts_mine on public.drafts for select to authenticated using (id > 0)",
        &[("policy_exists_rls_disabled", "public.drafts"), ("rls_disabled_in_public", "public.drafts")],
    ),
    (
        "create table public.items (id int primary key, sku text);
         alter table public.items enable row level security;
         create index items_sku on public.items (sku);
         create index items_sku_again on public.items (sku)",
        &[("duplicate_index", "public.items")],
    ),
    ("create view public.item_skus as select id, sku from public.items", &[("security_definer_view", "public.item_skus")]),
    (
        "create function public.add_one(i int) returns int language sql as 'select i + 1'",
        &[("function_search_path_mutable", "public.add_one(i integer)")],
    ),
    ("create table public.open_notes (id int primary key, body text)", &[("rls_disabled_in_public", "public.open_notes")]),
    (
        "create materialized view public.item_counts as select count(*) as items from public.items",
        &[("materialized_view_in_api", "public.item_counts")],
    ),
    (
        // A wrapper without handler: enough to create (not to query) a
        // foreign table.
        "create foreign data wrapper advisors_test_fdw;
         create server advisors_test_server foreign data wrapper advisors_test_fdw;
         create foreign table public.remote_items (id int) server advisors_test_server",
        &[("foreign_table_in_api", "public.remote_items")],
    ),
    (
        "create table public.handlers (id int primary key, handler regproc);
         alter table public.handlers enable row level security",
        &[("unsupported_reg_types", "public.handlers.handler")],
    ),
    (
        "create table public.phones (id int primary key, phone text references auth.users (phone));
         alter table public.phones enable row level security",
        &[("fkey_to_auth_unique", "public.phones (constraint phones_phone_fkey)")],
    ),
    (
        r#"create table public.accounts (id int primary key, password text, "Credit-Card" text, nickname text)"#,
        &[("rls_disabled_in_public", "public.accounts"), ("sensitive_columns_exposed", "public.accounts")],
    ),
    (
        "create table public.ledger (id int primary key);
         alter table public.ledger enable row level security;
         create policy ledger_edit on public.ledger for update to authenticated using (true)",
        &[("rls_policy_always_true", "public.ledger (policy ledger_edit)")],
    ),
    (
        // Executable by anon and authenticated through the default privileges.
        "create function public.promote() returns void language sql security definer set search_path = '' as 'select'",
        &[
            ("anon_security_definer_function_executable", "public.promote()"),
            ("authenticated_security_definer_function_executable", "public.promote()"),
        ],
    ),
    (
        "create function public.grant_role(who uuid) returns void language sql security definer set search_path = '' as 'select';
         revoke execute on function public.grant_role(uuid) from public, anon",
        &[("authenticated_security_definer_function_executable", "public.grant_role(who uuid)")],
    ),
];

/// Any contrib extension installed into public; citext where available.
const EXTENSION_IN_PUBLIC: (&str, (&str, &str)) =
    ("create extension citext with schema public", ("extension_in_public", "citext"));

#[tokio::test]
async fn every_advisor_check_reports_its_bad_object() -> Result<()> {
    let db = TestDatabase::create_with_baseline("advisors bad objects").await?;
    let pool = db.pool();
    let before = findings(pool).await?;
    assert!(before.is_empty(), "the baseline alone has findings:\n{}", listed(&before));

    let mut expected = BTreeSet::new();
    for (sql, reported) in BAD_OBJECTS {
        sqlx::raw_sql(sql).execute(pool).await.with_context(|| format!("creating {sql}"))?;
        expected.extend(reported.iter().copied());
    }
    let has_citext: bool =
        sqlx::query_scalar("select exists (select from pg_available_extensions where name = 'citext')")
            .fetch_one(pool)
            .await?;
    if has_citext {
        sqlx::raw_sql(EXTENSION_IN_PUBLIC.0).execute(pool).await?;
        expected.insert(EXTENSION_IN_PUBLIC.1);
    } else {
        eprintln!("citext is not available on this server: extension_in_public is not exercised");
    }

    let found = findings(pool).await?;
    let reported: BTreeSet<(&str, &str)> = found.iter().map(|f| (f.lint, f.object.as_str())).collect();
    let missing: Vec<_> = expected.difference(&reported).collect();
    let unexpected: Vec<_> = found.iter().filter(|f| !expected.contains(&(f.lint, f.object.as_str()))).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing findings: {missing:?}\nunexpected findings:\n{}\nall findings:\n{}",
        unexpected.iter().map(|f| format!("  {f}\n")).collect::<String>(),
        listed(&found)
    );

    // Every check is exercised, but those that need an extension absent here.
    let needs_extension = ["insecure_queue_exposed_in_api", "pg_graphql_anon_table_exposed", "pg_graphql_authenticated_table_exposed"];
    for check in CHECKS {
        if needs_extension.contains(&check.name) || (check.name == "extension_in_public" && !has_citext) {
            continue;
        }
        assert!(reported.iter().any(|(lint, _)| *lint == check.name), "no bad object exercises {}", check.name);
    }
    Ok(())
}
