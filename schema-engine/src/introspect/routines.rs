//! Functions of the introspected schemas (not aggregates, not members of an
//! extension): signature, attributes, body, comment and EXECUTE privileges.

use super::{IntrospectError, IntrospectOptions};
use crate::model::{CronJob, Function, FunctionArgument, FunctionReturn, QualifiedName, SqlType, Volatility};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

/// The query behind [`functions`]. Argument types cover every argument when
/// `proallargtypes` is set (RETURNS TABLE columns included), the inputs otherwise.
/// A NULL `proacl` is the default, under which PUBLIC (so every API role) may
/// execute; an EXECUTE granted to PUBLIC (grantee 0) likewise counts for all.
const FUNCTIONS: &str = "\
    SELECT n.nspname::text AS schema, p.proname::text AS name, \
           coalesce(obj_description(p.oid, 'pg_proc'), '') AS comment, \
           coalesce(p.proargnames, ARRAY[]::text[]) AS arg_names, \
           ARRAY(SELECT format_type(t.type, NULL) \
                 FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS t(type, position) \
                 ORDER BY t.position) AS arg_types, \
           coalesce(p.proargmodes::text[], ARRAY[]::text[]) AS arg_modes, \
           p.prorettype = 'trigger'::regtype AS returns_trigger, \
           format_type(p.prorettype, NULL) AS return_type, p.proretset AS returns_set, \
           l.lanname::text AS language, p.provolatile::text AS volatility, p.prosecdef AS security_definer, \
           coalesce(p.proconfig, ARRAY[]::text[]) AS config, p.prosrc AS body, \
           ARRAY(SELECT r.role FROM unnest($2::text[]) AS r(role) \
                 WHERE p.proacl IS NULL OR EXISTS ( \
                     SELECT FROM aclexplode(p.proacl) AS acl \
                     WHERE acl.privilege_type = 'EXECUTE' \
                       AND (acl.grantee = 0 OR acl.grantee = (SELECT oid FROM pg_roles WHERE rolname = r.role))) \
                 ORDER BY r.role) AS execute_roles \
    FROM pg_proc p \
    JOIN pg_namespace n ON n.oid = p.pronamespace \
    JOIN pg_language l ON l.oid = p.prolang \
    WHERE n.nspname::text = ANY($1) AND p.prokind <> 'a' \
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass \
                      AND d.objid = p.oid AND d.deptype = 'e') \
    ORDER BY n.nspname, p.proname, p.oid";

pub(super) async fn functions(
    conn: &mut PgConnection,
    options: &IntrospectOptions,
) -> Result<Vec<Function>, IntrospectError> {
    let rows = sqlx::query(FUNCTIONS)
        .bind(&options.schemas)
        .bind(&options.api_roles)
        .fetch_all(&mut *conn)
        .await
        .map_err(IntrospectError::query(format!("functions of schemas {}", options.schemas.join(", "))))?;
    rows.iter().map(function).collect()
}

fn function(row: &PgRow) -> Result<Function, IntrospectError> {
    let schema: String = column(row, "schema", "a function")?;
    let name = QualifiedName::new(schema, column::<String>(row, "name", "a function")?);
    let object = format!("function {name}");
    let names: Vec<String> = column(row, "arg_names", &object)?;
    let types: Vec<String> = column(row, "arg_types", &object)?;
    let modes: Vec<String> = column(row, "arg_modes", &object)?;
    let mut arguments = Vec::new();
    let mut table_columns = Vec::new();
    for (position, data_type) in types.iter().enumerate() {
        let argument = FunctionArgument {
            name: names.get(position).cloned().unwrap_or_default(),
            data_type: SqlType::new(data_type),
        };
        // No proargmodes means every argument is IN.
        match modes.get(position).map_or("i", String::as_str) {
            "i" | "v" => arguments.push(argument),
            "t" => table_columns.push(argument),
            other => {
                return Err(IntrospectError::unsupported(
                    object,
                    format!("argument {} has mode {other:?} (OUT / INOUT are not in the model)", position + 1),
                ))
            }
        }
    }
    let returns = if column(row, "returns_trigger", &object)? {
        FunctionReturn::Trigger
    } else if !table_columns.is_empty() {
        FunctionReturn::Table { columns: table_columns }
    } else {
        let data_type: String = column(row, "return_type", &object)?;
        let set: bool = column(row, "returns_set", &object)?;
        FunctionReturn::Scalar { data_type: SqlType::new(&if set { format!("setof {data_type}") } else { data_type }) }
    };
    let volatility = match column::<String>(row, "volatility", &object)?.as_str() {
        "i" => Volatility::Immutable,
        "s" => Volatility::Stable,
        "v" => Volatility::Volatile,
        other => return Err(IntrospectError::unsupported(object, format!("unknown volatility {other:?}"))),
    };
    let config: Vec<String> = column(row, "config", &object)?;
    Ok(Function {
        comment: column(row, "comment", &object)?,
        arguments,
        returns,
        language: column(row, "language", &object)?,
        volatility,
        security_definer: column(row, "security_definer", &object)?,
        search_path: search_path(&config),
        body: column(row, "body", &object)?,
        execute_roles: column(row, "execute_roles", &object)?,
        // pg_cron jobs live in the cron schema, not in the function.
        schedule: None,
        name,
    })
}

/// The pg_cron jobs of the current database, or `None` where pg_cron is not
/// installed (there schedules are not created, so there is nothing to compare).
pub async fn cron_jobs(conn: &mut PgConnection) -> Result<Option<Vec<CronJob>>, IntrospectError> {
    let installed: bool = sqlx::query_scalar("SELECT to_regclass('cron.job') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(IntrospectError::query("whether pg_cron is installed"))?;
    if !installed {
        return Ok(None);
    }
    let rows: Vec<(String, String, String, bool)> = sqlx::query_as(
        "SELECT coalesce(jobname, '')::text, schedule::text, command::text, active FROM cron.job \
         WHERE database = current_database() ORDER BY jobname",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query("the pg_cron jobs (cron.job)"))?;
    Ok(Some(rows.into_iter().map(|(job_name, cron, command, active)| CronJob { job_name, cron, command, active }).collect()))
}

/// The pinned search_path among `proconfig`'s `name=value` entries. Postgres
/// stores `SET search_path = ''` as `search_path=""`.
fn search_path(config: &[String]) -> Option<String> {
    let value = config.iter().find_map(|entry| entry.strip_prefix("search_path="))?;
    Some(if value == "\"\"" { String::new() } else { value.to_owned() })
}

/// One column of a function row, decoded; a failure names the function.
fn column<'r, T>(row: &'r PgRow, field: &str, object: &str) -> Result<T, IntrospectError>
where
    T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get(field).map_err(IntrospectError::query(format!("{field} of {object}")))
}

#[cfg(test)]
mod tests {
    use super::search_path;

    #[test]
    fn reads_the_pinned_search_path() {
        let config = |entries: &[&str]| entries.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>();
        assert_eq!(search_path(&config(&["search_path=\"\""])), Some(String::new()));
        assert_eq!(
            search_path(&config(&["work_mem=64MB", "search_path=public, extensions"])),
            Some("public, extensions".to_owned())
        );
        assert_eq!(search_path(&config(&["work_mem=64MB"])), None);
    }
}
