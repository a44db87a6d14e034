//! Declared expressions against what PostgreSQL 15's `pg_get_expr` printed for
//! them (copied from a real server), and pairs that must stay apart.

use super::normalize;

/// (declared, deparsed by PostgreSQL 15)
const SAME: &[(&str, &str)] = &[
    // Every shape of expression in generated/schema.sql.
    ("avg_order_value >= 0", "(avg_order_value >= (0)::numeric)"),
    ("days_since_first_order >= 0", "(days_since_first_order >= 0)"),
    (
        "avg_review_rating >= 0 AND avg_review_rating <= 5",
        "((avg_review_rating >= (0)::numeric) AND (avg_review_rating <= (5)::numeric))",
    ),
    ("revenue_vs_last_week_pct >= -100", "(revenue_vs_last_week_pct >= ('-100'::integer)::numeric)"),
    (
        "lifecycle_stage IN ('new', 'active', 'at_risk')",
        "(lifecycle_stage = ANY (ARRAY['new'::text, 'active'::text, 'at_risk'::text]))",
    ),
    (
        "has_issue OR (issue_type IS NULL AND issue_severity IS NULL)",
        "(has_issue OR ((issue_type IS NULL) AND (issue_severity IS NULL)))",
    ),
    ("shops_activated <= total_shops", "(shops_activated <= total_shops)"),
    ("is_trending = true", "(is_trending = true)"),
    (
        "stock_status IN ('low_stock', 'out_of_stock')",
        "(stock_status = ANY (ARRAY['low_stock'::text, 'out_of_stock'::text]))",
    ),
    (
        "((select auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true'",
        "(((( SELECT auth.jwt() AS jwt) -> 'app_metadata'::text) ->> 'operator'::text) = 'true'::text)",
    ),
    (
        "(select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims)",
        "( SELECT (((claims.jwt -> 'app_metadata'::text) ->> 'operator'::text) = 'true'::text)\n   FROM ( SELECT auth.jwt() AS jwt) claims)",
    ),
    ("true", "true"),
    ("gen_random_uuid()", "gen_random_uuid()"),
    ("now()", "now()"),
    ("'{}'::integer[]", "'{}'::integer[]"),
    ("'{}'::text[]", "'{}'::text[]"),
    ("0", "0"),
    ("2", "2"),
    // Other rewrites Postgres makes.
    ("a BETWEEN 1 AND 5", "((a >= 1) AND (a <= 5))"),
    ("c NOT IN ('x', 'y')", "(c <> ALL (ARRAY['x'::text, 'y'::text]))"),
    ("c IN ('x')", "(c = 'x'::text)"),
    ("c LIKE 'a%' AND c NOT ILIKE 'b%'", "((c ~~ 'a%'::text) AND (c !~~* 'b%'::text))"),
    ("a != 3 AND -a < 10 AND b > -1.5", "((a <> 3) AND ((- a) < 10) AND (b > '-1.5'::numeric))"),
    ("a>=-1", "(a >= '-1'::integer)"),
    ("d < now() + interval '1 day'", "(d < (now() + '1 day'::interval))"),
    ("d > '2020-01-01'::timestamptz", "(d > '2020-01-01'::timestamp with time zone)"),
    ("case when a > 1 then b > 0 else true end", "CASE\n    WHEN (a > 1) THEN (b > (0)::numeric)\n    ELSE true\nEND"),
    (
        "NOT (f AND a ISNULL) AND c IS NOT NULL AND f IS NOT TRUE",
        "((NOT (f AND (a IS NULL))) AND (c IS NOT NULL) AND (f IS NOT TRUE))",
    ),
    (
        "e IN ('p', 'q') AND e = 'z' AND coalesce(a, 0) >= 0",
        "(((e)::text = ANY ((ARRAY['p'::character varying, 'q'::character varying])::text[])) \
         AND ((e)::text = 'z'::text) AND (COALESCE(a, 0) >= 0))",
    ),
    (
        "a NOT BETWEEN 1 AND 5 AND h @> ARRAY[1] AND (a + 1) * 2 > 3 AND a % 2 = 0",
        "(((a < 1) OR (a > 5)) AND (h @> ARRAY[1]) AND (((a + 1) * 2) > 3) AND ((a % 2) = 0))",
    ),
    ("a = any(h) AND date_trunc('day', d) = d", "((a = ANY (h)) AND (date_trunc('day'::text, d) = d))"),
    (
        "d::date > current_date - 1 AND c IS DISTINCT FROM 'x'",
        "(((d)::date > (CURRENT_DATE - 1)) AND (c IS DISTINCT FROM 'x'::text))",
    ),
    ("(a > 1 OR b > 1) AND f", "(((a > 1) OR (b > (1)::numeric)) AND f)"),
    ("now() at time zone 'utc'", "(now() AT TIME ZONE 'utc'::text)"),
    ("'x'", "'x'::character varying"),
    ("\"Label\" = 'it''s'", "(\"Label\" = 'it''s'::text)"),
    ("\"plain\" = 1", "(plain = 1)"),
    // Enum labels: PostgreSQL casts them to the column's type, qualified or not
    // depending on the reader's search_path.
    ("role = 'admin'", "(role = 'admin'::app_role)"),
    ("'OFFLINE'::public.user_status", "'OFFLINE'::user_status"),
    ("role IN ('admin', 'moderator')", "(role = ANY (ARRAY['admin'::public.app_role, 'moderator'::public.app_role]))"),
    // Functions and types of `public` print unqualified for a reader with it on the search_path.
    ("public.authorize('channels.delete', auth.uid())", "authorize('channels.delete'::app_permission, auth.uid())"),
    ("(auth.jwt() ->> 'role')::public.app_role = role", "(((auth.jwt() ->> 'role'::text))::app_role = role)"),
];

/// Pairs that mean different things and must not normalize alike.
const DIFFERENT: &[(&str, &str)] = &[
    ("a >= 0", "(a > 0)"),
    ("a >= 0", "(a >= 1)"),
    ("a >= -100", "(a >= '100'::integer)"),
    ("a OR (b AND c)", "((a OR b) AND c)"),
    ("x IN ('a', 'b')", "(x = ANY (ARRAY['b'::text, 'a'::text]))"),
    ("x IN ('a', 'b')", "(x <> ALL (ARRAY['a'::text, 'b'::text]))"),
    ("x IN ('a', 'b')", "(y = ANY (ARRAY['a'::text, 'b'::text]))"),
    ("'10'", "10"),
    ("now()", "'x'::text"),
    ("2", "3"),
    ("'{}'::integer[]", "'{}'::text[]"),
    ("a - b - c", "(a - (b - c))"),
    ("(a - b) * c", "(a - (b * c))"),
    ("x IS NULL", "(x IS NOT NULL)"),
    ("c LIKE 'a%'", "(c ~~* 'a%'::text)"),
    ("\"Label\" = 1", "(label = 1)"),
    (
        "((select auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true'",
        "(((( SELECT auth.jwt() AS jwt) -> 'user_metadata'::text) ->> 'operator'::text) = 'true'::text)",
    ),
    ("(select auth.jwt())", "( SELECT auth.uid() AS uid)"),
    ("d < now() + interval '1 day'", "(d < (now() + '2 days'::interval))"),
    ("role = 'admin'", "(role = 'moderator'::app_role)"),
    ("d > '2020-01-01'::date", "(d > '2020-01-01'::timestamp with time zone)"),
    ("private.authorize(x)", "authorize(x)"),
];

#[test]
fn declared_and_deparsed_forms_normalize_alike() {
    for (declared, deparsed) in SAME {
        assert_eq!(normalize(declared), normalize(deparsed), "declared `{declared}` vs deparsed `{deparsed}`");
    }
}

#[test]
fn different_expressions_stay_different() {
    for (a, b) in DIFFERENT {
        assert_ne!(normalize(a), normalize(b), "`{a}` and `{b}` normalized alike");
    }
}

#[test]
fn grouping_and_spelling_do_not_matter() {
    assert_eq!(normalize("a AND (b AND c)"), normalize("((a AND b) AND c)"));
    assert_eq!(normalize("A   >=  0"), normalize("a>=0"));
    assert_eq!(normalize("(select x from t where y = 1)"), normalize("( SELECT x AS x FROM t WHERE y = 1)"));
}

#[test]
fn unparsable_expressions_compare_by_tokens() {
    assert_eq!(normalize("x SIMILAR TO 'a%'"), normalize("X  similar  TO 'a%'"));
    assert_ne!(normalize("x SIMILAR TO 'a%'"), normalize("x SIMILAR TO 'b%'"));
    assert_eq!(normalize("'open"), "'open");
}
