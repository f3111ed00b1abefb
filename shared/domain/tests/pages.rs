//! Store-level pages on a real (embedded) table.

use ecar_domain::{
    Clock,
    store::{Index, Item, PageRequest, Query, Table, Value, WriteOp, query_page},
};
use ecar_store::table::EmbeddedTable;

fn sort_keys(items: &[Item]) -> Vec<&str> {
    items
        .iter()
        .map(|item| match item.get("sk") {
            Some(Value::S(sk)) => sk.as_str(),
            other => panic!("no sort key: {other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn pages_resume_after_their_last_key_keep_what_they_are_told_and_never_end_empty() {
    let table = EmbeddedTable::in_memory(Clock::system()).unwrap();
    for (sk, wanted) in [
        ("1", true),
        ("2", false),
        ("3", true),
        ("4", true),
        ("5", false),
    ] {
        let item = Item::from([
            ("pk".to_string(), Value::s("P")),
            ("sk".to_string(), Value::s(sk)),
            ("wanted".to_string(), Value::Bool(wanted)),
        ]);
        table.write(WriteOp::put(item)).await.unwrap();
    }
    let query = Query::partition(Index::Primary, "P");
    let wanted = |item: &Item| item.get("wanted") == Some(&Value::Bool(true));

    let first = PageRequest {
        limit: 2,
        start: None,
    };
    let page = query_page(&table, query.clone(), first, wanted)
        .await
        .unwrap();
    assert_eq!(sort_keys(&page.items), ["1", "3"]);
    let start = page.last_key.expect("more follow");
    assert_eq!(
        start,
        Item::from([
            ("pk".to_string(), Value::s("P")),
            ("sk".to_string(), Value::s("3")),
        ])
    );

    // The last wanted item: no key, though an unwanted one follows it.
    let second = PageRequest {
        limit: 2,
        start: Some(start),
    };
    let page = query_page(&table, query, second, wanted).await.unwrap();
    assert_eq!(sort_keys(&page.items), ["4"]);
    assert_eq!(page.last_key, None);
}
