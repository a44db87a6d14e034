//! A declared table stays an ordinary struct that application code can use as a
//! row type: the same struct derives `Table` and `sqlx::FromRow`, and a text
//! enum column decodes through sqlx with the spelling its CHECK allows.

use anyhow::Result;
use schema_def::enums::{ConversationStatus, Priority};
use schema_engine::TableDef;
use schema_macros::Table;
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;

/// The columns of cx_conversations a support dashboard reads.
#[derive(Table, sqlx::FromRow, Debug)]
#[table(name = "cx_conversations", rls, policy(name = "p", command = "select", to(authenticated), using = "true"))]
struct ConversationRow {
    /// Chatwoot reference
    chatwoot_conversation_id: i64,
    /// Priority
    priority: Priority,
    /// Status
    status: ConversationStatus,
    /// Escalation reason
    escalation_reason: Option<String>,
}

#[tokio::test]
async fn a_table_struct_is_an_sqlx_row_type() -> Result<()> {
    assert_eq!(ConversationRow::table().columns.len(), 4);
    let db = TestDatabase::create_with_baseline("row types").await?;
    migrations::apply(db.pool()).await?;
    sqlx::query(
        "INSERT INTO public.cx_conversations (chatwoot_conversation_id, priority, status, conversation_created_at) \
         VALUES (42, 'urgent', 'pending', now())",
    )
    .execute(db.pool())
    .await?;
    let row: ConversationRow = sqlx::query_as(
        "SELECT chatwoot_conversation_id, priority, status, escalation_reason FROM public.cx_conversations",
    )
    .fetch_one(db.pool())
    .await?;
    assert_eq!((row.chatwoot_conversation_id, row.priority, row.status), (42, Priority::Urgent, ConversationStatus::Pending));
    assert_eq!(row.escalation_reason, None);

    // And back: the enum binds as text that the CHECK accepts.
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM public.cx_conversations WHERE priority = $1")
        .bind(Priority::Urgent)
        .fetch_one(db.pool())
        .await?;
    assert_eq!(count, 1);
    Ok(())
}
