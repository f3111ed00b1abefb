//! What only the embedded adapter does: its file, its change feed, and the
//! DynamoDB behaviours the emulator does not reproduce.

use ecar_domain::Clock;
use ecar_domain::store::{
    Change, Condition, Index, Item, Key, Query, StoreError, Table, Value, WriteOp,
};
use ecar_store::table::{ChangeRecord, EmbeddedTable};
use tokio::sync::broadcast::error::TryRecvError;

fn item(sk: &str, attributes: Vec<(&str, Value)>) -> Item {
    let mut item = Key::new("P", sk).to_item();
    item.extend(attributes.into_iter().map(|(n, v)| (n.to_string(), v)));
    item
}

fn memory() -> EmbeddedTable {
    EmbeddedTable::in_memory(Clock::system()).unwrap()
}

#[tokio::test]
async fn the_file_backed_store_keeps_items_and_indexes_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("table.redb");
    let stored = item(
        "A",
        vec![("gsi1pk", Value::s("G")), ("gsi1sk", Value::s("1"))],
    );
    {
        let table = EmbeddedTable::open(&path, Clock::system()).unwrap();
        table.write(WriteOp::put(stored.clone())).await.unwrap();
    }
    let table = EmbeddedTable::open(&path, Clock::system()).unwrap();
    assert_eq!(
        table.get(&Key::new("P", "A")).await.unwrap(),
        Some(stored.clone())
    );
    let page = table
        .query(&Query::partition(Index::Gsi1, "G"))
        .await
        .unwrap();
    assert_eq!(page.items, vec![stored]);
}

#[tokio::test]
async fn the_change_feed_reports_commits_in_order_and_nothing_else() {
    let table = memory();
    let mut feed = table.subscribe();
    let a = item("A", vec![("n", Value::n(1))]);
    let a2 = item("A", vec![("n", Value::n(2))]);
    let b = item("B", vec![]);
    table.write(WriteOp::put(a.clone())).await.unwrap();
    let bump = WriteOp::Update {
        key: Key::new("P", "A"),
        changes: vec![Change::Add("n".into(), 1)],
        condition: None,
    };
    table.write(bump).await.unwrap();
    let failing = vec![
        WriteOp::put(item("C", vec![])),
        WriteOp::Check {
            key: Key::new("P", "A"),
            condition: Condition::NotExists,
        },
    ];
    assert_eq!(
        table.transact(failing).await,
        Err(StoreError::ConditionFailed { index: 1 })
    );
    // Writes that change nothing: a delete of an absent item, an identical put.
    let delete_absent = WriteOp::Delete {
        key: Key::new("P", "NONE"),
        condition: None,
    };
    table.write(delete_absent).await.unwrap();
    table.write(WriteOp::put(a2.clone())).await.unwrap();
    let delete_a = WriteOp::Delete {
        key: Key::new("P", "A"),
        condition: None,
    };
    table
        .transact(vec![WriteOp::put(b.clone()), delete_a])
        .await
        .unwrap();

    let record = |sk: &str, old: Option<&Item>, new: Option<&Item>| ChangeRecord {
        key: Key::new("P", sk),
        old: old.cloned(),
        new: new.cloned(),
    };
    let expected = [
        record("A", None, Some(&a)),
        record("A", Some(&a), Some(&a2)),
        record("B", None, Some(&b)),
        record("A", Some(&a2), None),
    ];
    for want in expected {
        assert_eq!(feed.try_recv().unwrap(), want);
    }
    assert_eq!(feed.try_recv(), Err(TryRecvError::Empty));
}

#[tokio::test]
async fn a_page_that_reaches_its_limit_has_a_last_key_even_at_the_end() {
    // DynamoDB does this; moto does not, so the contract cannot assert it.
    let table = memory();
    for sk in ["A", "B"] {
        table.write(WriteOp::put(item(sk, vec![]))).await.unwrap();
    }
    let query = Query::partition(Index::Primary, "P").limit(2);
    let page = table.query(&query).await.unwrap();
    assert_eq!(page.last_key, Some(Key::new("P", "B").to_item()));
    let next = table
        .query(&query.start_after(page.last_key))
        .await
        .unwrap();
    assert_eq!((next.items.len(), next.last_key), (0, None));
}

#[tokio::test]
async fn a_page_stops_before_one_megabyte_of_items() {
    let table = memory();
    for sk in ["A", "B", "C"] {
        let big = item(sk, vec![("blob", Value::s("x".repeat(390 * 1024)))]);
        table.write(WriteOp::put(big)).await.unwrap();
    }
    let query = Query::partition(Index::Primary, "P");
    let page = table.query(&query).await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.last_key, Some(Key::new("P", "B").to_item()));
    let rest = table
        .query(&query.start_after(page.last_key))
        .await
        .unwrap();
    assert_eq!((rest.items.len(), rest.last_key), (1, None));
}

#[tokio::test]
async fn a_transaction_over_four_megabytes_is_invalid() {
    let table = memory();
    let ops: Vec<WriteOp> = (0..11)
        .map(|i| {
            let blob = Value::s("x".repeat(390 * 1024));
            WriteOp::put(item(&format!("BIG#{i:02}"), vec![("blob", blob)]))
        })
        .collect();
    assert!(matches!(
        table.transact(ops).await,
        Err(StoreError::Invalid(_))
    ));
    let page = table
        .query(&Query::partition(Index::Primary, "P"))
        .await
        .unwrap();
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn numbers_read_back_in_canonical_form_and_compare_by_value() {
    // DynamoDB normalises numbers; moto keeps the text it was given.
    let table = memory();
    let stored = item("A", vec![("price", Value::N("12.50".into()))]);
    table.write(WriteOp::put(stored)).await.unwrap();
    let read = table.get(&Key::new("P", "A")).await.unwrap().unwrap();
    assert_eq!(read["price"], Value::N("12.5".into()));
    let same_value = WriteOp::Check {
        key: Key::new("P", "A"),
        condition: Condition::Equals("price".into(), Value::N("12.500".into())),
    };
    table.transact(vec![same_value]).await.unwrap();
}
