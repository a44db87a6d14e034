//! The prose of the generated data dictionary: what it is, the security model,
//! and where this schema deliberately departs from the seed dictionary.

use schema_engine::docs::DictionaryText;

pub fn dictionary_text() -> DictionaryText {
    DictionaryText {
        title: "Hot Rod AN Data Dictionary".to_owned(),
        introduction: INTRODUCTION.to_owned(),
        security_model: SECURITY_MODEL.to_owned(),
        deviations: DEVIATIONS.to_owned(),
    }
}

const INTRODUCTION: &str = "\
**Database**: Supabase PostgreSQL (analytics behind the auto-parts store's dashboards)  
**Source of truth**: the Rust declarations in `schema-def/`; this file, `schema.sql` and the
migrations are generated from them.

Conventions: every table has a `uuid` primary key defaulting to `gen_random_uuid()`; every
timestamp is `timestamptz` (UTC); every numeric measure is `numeric`; `created_at` and
`updated_at` default to `now()` and a trigger keeps `updated_at` current. Enumerated values are
enforced by CHECK constraints generated from Rust enums.";

const SECURITY_MODEL: &str = "\
**Policy types**:
1. **`*_service_role`**: full access (SELECT, INSERT, UPDATE, DELETE) for `service_role`, the
   server-side key used by the ETL.
2. **`*_operators_read`**: read-only (SELECT) for operators.

**Who is an operator**: an `authenticated` user whose JWT `app_metadata` contains
`\"operator\": true`. Only the service key can write `app_metadata` (users can edit their own
`user_metadata`, so it is never trusted). Policies read the claim through
`(select auth.jwt())`, which Postgres evaluates once per statement instead of once per row.

**Least privilege**: row level security is enabled on every table, and privileges are explicit:
all privileges are revoked from `PUBLIC`, `anon`, `authenticated` and `service_role`, then
`service_role` gets SELECT, INSERT, UPDATE, DELETE and `authenticated` gets SELECT (rows filtered
by the operator policy). `anon` can read and write nothing. Functions pin their `search_path`.";

const DEVIATIONS: &str = "\
- **Views run as the caller, not as their owner.** The seed says \"All views use SECURITY
  DEFINER\". On Supabase a definer-rights view lets every role granted the view read around row
  level security, and Supabase's database linter reports it as a security error. Every view here
  is created `WITH (security_invoker = true)`: operators still read every dashboard (their
  `*_operators_read` policies let them read the tables), non-operators see no rows, and `anon`
  has no privilege on any view.
- **Audit tables added**: `audit_log` and `audit_log_archive` are not in the seed's table list,
  but its audit functions and views need an audit trail and an archive. They follow the same
  RLS and grant pattern as the other tables.
- **Functions check their callers.** The four SECURITY DEFINER functions bypass RLS by design,
  so each one that returns data refuses callers who are neither `service_role` nor an operator,
  runs with an empty `search_path` and schema-qualified names, and EXECUTE is revoked from PUBLIC
  and `anon`.
- **Indexes added for the dashboards' windows** (measured with `cargo xtask bench --scale year`):
  `idx_fulfillment_order_created` and `idx_cx_conversations_created` let the real-time 7-day
  summaries (`v_fulfillment_health_summary`, `v_cx_health_summary`, `v_ops_aggregate_metrics`)
  read one week of orders and conversations instead of the whole tables. Their window filters
  compare timestamps with timestamps (`order_created_at >= (current_date - 6)::timestamptz`):
  under row level security Postgres uses an index only through leakproof operators, and the
  timestamptz-versus-date comparison is not leakproof, so the plain `>= current_date - 6` kept
  operators on a sequential scan.
- **Covering indexes for the real-time counts**: `idx_fulfillment_issues` also carries
  `fulfillment_status` and `issue_severity` (`INCLUDE`), and `idx_inventory_snapshot_alerts`
  holds the latest snapshots' alert rows (`low_stock`, `out_of_stock` and `overstock`, which the
  seed's `idx_inventory_alerts` leaves out) with their `stock_status`, so
  `v_ops_aggregate_metrics` counts issues and alerts from the indexes alone.
- **Freshness indexes**: `idx_fulfillment_updated_at` and `idx_cx_conversations_updated_at` answer
  the data-quality views' \"newest update\" of the two webhook-fed tables from the index instead of a
  scan of every row (the price: an index entry per update of those tables).
- **Cached aggregates** (measured with `cargo xtask bench --scale year`): five views read 120,000
  customers or about 600,000 inventory snapshots per call and took 200 ms to 1.3 s however they
  were indexed: `v_category_trends_30d`, `v_inventory_velocity_trends`,
  `v_customer_segment_trends`, `v_customer_segment_summary` and `v_vehicle_compatibility_analysis`.
  Each is served from a materialized copy of its SELECT in the schema `analytics_cache`, refreshed
  every 15 minutes by pg_cron (see the Views section). The API cannot reach the copies; the views
  return them only to the callers that may read every underlying row, so they show each role
  what row level security would. Their rows are up to one refresh old. The two data-quality
  views that scan whole tables, `v_data_quality_comprehensive` and `v_data_completeness_metrics`,
  are cached the same way but refreshed every 5 minutes, which also brings
  `v_data_quality_alerts` and `v_data_quality_dashboard` (they read them) within target;
  `v_data_freshness_monitoring` stays live.
- **Unique columns that also have a documented index** (`shopify_product_id`,
  `shopify_customer_id`, `date`, `shopify_order_id`, `chatwoot_conversation_id`): uniqueness is
  enforced by the documented index itself, declared `UNIQUE`, instead of a separate UNIQUE
  constraint plus a second, duplicate index (Supabase's linter reports duplicate indexes).
- **Partial indexes** (`idx_sku_performance_trending`, `idx_inventory_alerts`,
  `idx_fulfillment_issues`, `idx_cx_escalations`): the seed names only the predicate; the key
  columns chosen are the ones the dashboards sort or look up by (`sku`, the newest date first).
- **Added constraints** the seed implies but does not list: one snapshot per variant per day
  (`inventory_snapshots`), one row per operator per day (`operator_sla_resolution`), range checks
  on confidences, percentages, ratings and counts.
- **Nullability**: identifiers, dates, statuses, flags and counters are NOT NULL (flags default
  to false, counters to 0); measures that may be unknown are nullable.";
