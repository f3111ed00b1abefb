//! The table port's contract, written once and run against every adapter.
//!
//! [`table_contract_tests!`](crate::table_contract_tests) expands into one
//! `#[tokio::test]` per case inside a module named after the adapter, so the
//! output reads `embedded::query_pages_backward ... ok`. Every case:
//! - uses partitions of its own (a ULID in each key), since an adapter may run
//!   all cases against one shared table;
//! - moves time only through the fixed [`Clock`] the table was built with;
//! - asserts only what DynamoDB guarantees and its emulator also does (for
//!   example, a page that ends exactly at the last item may or may not carry a
//!   `last_key`: DynamoDB returns one, moto does not).

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};

use ecar_domain::Clock;
use ecar_domain::store::{
    Change, CmpOp, Condition, EXPIRES_AT, Index, Item, Key, PK, Page, Query, SK, SortKey,
    StoreError, Table, Value, WriteOp,
};

/// Expands into one test per contract case for an adapter.
///
/// `$make` is a closure taking the case's [`Clock`] and returning a future of
/// `Arc<dyn Table>`; the names it uses must be in scope where the macro is
/// invoked.
///
/// ```no_run
/// use std::sync::Arc;
///
/// use ecar_domain::Clock;
/// use ecar_domain::store::Table;
/// use ecar_store::table::EmbeddedTable;
///
/// ecar_store::table_contract_tests!(embedded, |clock: Clock| async move {
///     Arc::new(EmbeddedTable::in_memory(clock).unwrap()) as Arc<dyn Table>
/// });
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! table_contract_tests {
    ($adapter:ident, $make:expr) => {
        $crate::__table_contract_cases!(
            $adapter,
            $make;
            put_then_get_returns_the_item,
            put_replaces_the_whole_item,
            get_of_an_absent_item_is_none,
            get_many_keeps_the_order_of_keys_and_marks_absents,
            get_many_refuses_duplicates_and_too_many_keys,
            delete_removes_the_item_and_an_absent_one_is_fine,
            keys_and_index_attributes_must_be_non_empty_strings,
            exists_and_not_exists_conditions,
            attribute_exists_and_not_exists_conditions,
            equals_needs_the_same_type_and_value,
            compare_orders_numbers_by_value_and_strings_by_bytes,
            compare_needs_the_attribute_and_its_type,
            and_or_conditions,
            conditions_see_an_expired_item_as_absent,
            a_failed_condition_writes_nothing,
            update_sets_adds_and_removes,
            update_creates_an_absent_item,
            update_add_on_a_string_is_invalid,
            update_of_a_key_attribute_is_invalid,
            update_of_an_expired_item_starts_from_its_key,
            put_replaces_an_expired_item,
            transaction_applies_every_action,
            failed_transaction_reports_the_first_failing_action_and_writes_nothing,
            check_action_guards_a_transaction,
            transaction_limits,
            item_size_limit,
            query_primary_with_every_sort_key_condition,
            query_each_gsi_with_every_sort_key_condition,
            query_orders_sort_keys_byte_wise,
            query_backward_reverses_the_order,
            query_pages_forward,
            query_pages_backward,
            query_pages_a_gsi,
            last_key_names_the_last_evaluated_item,
            gsis_are_sparse_and_follow_updates,
            expired_items_are_left_out_of_reads,
            query_arguments_are_checked,
            concurrent_conditional_updates_let_exactly_one_win,
        );
    };
}

/// Expands the list of cases (an implementation detail of `table_contract_tests!`).
#[doc(hidden)]
#[macro_export]
macro_rules! __table_contract_cases {
    ($adapter:ident, $make:expr; $($case:ident),+ $(,)?) => {
        mod $adapter {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let clock = $crate::testing::table_contract::test_clock();
                    let table = ($make)(clock.clone()).await;
                    $crate::testing::table_contract::$case(table, clock).await;
                }
            )+
        }
    };
}

/// The instant every case starts at.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0)
        .single()
        .expect("a valid instant")
}

/// A fixed clock at [`start_time`], one per case.
pub fn test_clock() -> Clock {
    Clock::fixed(start_time())
}

/// A partition key no other case (or earlier run) uses.
fn partition(label: &str) -> String {
    format!("CONTRACT#{label}#{}", ulid::Ulid::new())
}

fn item(pk: &str, sk: &str, attributes: Vec<(&str, Value)>) -> Item {
    let mut item = Key::new(pk, sk).to_item();
    item.extend(
        attributes
            .into_iter()
            .map(|(name, value)| (name.to_string(), value)),
    );
    item
}

fn expires_at(clock: &Clock, seconds_from_now: i64) -> Value {
    Value::n(clock.epoch_seconds() + seconds_from_now)
}

async fn put(table: &Arc<dyn Table>, item: &Item) {
    table
        .write(WriteOp::put(item.clone()))
        .await
        .expect("put succeeds");
}

async fn get(table: &Arc<dyn Table>, key: &Key) -> Option<Item> {
    table.get(key).await.expect("get succeeds")
}

async fn query(table: &Arc<dyn Table>, query: Query) -> Page {
    table.query(&query).await.expect("query succeeds")
}

fn update(key: &Key, changes: Vec<Change>, condition: Option<Condition>) -> WriteOp {
    WriteOp::Update {
        key: key.clone(),
        changes,
        condition,
    }
}

fn assert_invalid<T: Debug>(result: Result<T, StoreError>, what: &str) {
    assert!(
        matches!(result, Err(StoreError::Invalid(_))),
        "{what}: expected Invalid, got {result:?}"
    );
}

fn assert_condition_failed<T: Debug>(result: Result<T, StoreError>, index: usize, what: &str) {
    assert_eq!(
        result.err(),
        Some(StoreError::ConditionFailed { index }),
        "{what}"
    );
}

/// Whether a condition holds on an item, asked through a lone `Check` action
/// so that asking changes nothing.
async fn holds(table: &Arc<dyn Table>, key: &Key, condition: Condition) -> bool {
    let what = format!("{condition:?}");
    match table
        .transact(vec![WriteOp::Check {
            key: key.clone(),
            condition,
        }])
        .await
    {
        Ok(()) => true,
        Err(StoreError::ConditionFailed { index: 0 }) => false,
        Err(other) => panic!("checking {what}: {other:?}"),
    }
}

fn attribute<'a>(item: &'a Item, name: &str) -> &'a str {
    item.get(name).and_then(Value::as_s).unwrap_or_default()
}

/// The values of one string attribute across a page, in page order.
fn column(page: &Page, name: &str) -> Vec<String> {
    page.items
        .iter()
        .map(|item| attribute(item, name).to_string())
        .collect()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// A case: a put item reads back the same, every value type included.
pub async fn put_then_get_returns_the_item(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("put");
    let stored = item(
        &p,
        "ITEM",
        vec![
            ("name", Value::s("Amira Ben Salah")),
            ("count", Value::n(42)),
            ("price", Value::N("12.5".into())),
            ("negative", Value::n(-7)),
            ("active", Value::Bool(true)),
            ("nothing", Value::Null),
            ("bytes", Value::B(vec![0, 1, 254, 255])),
            ("tags", Value::L(vec![Value::s("vip"), Value::n(3)])),
            (
                "address",
                Value::M(
                    [("city".to_string(), Value::s("Sfax"))]
                        .into_iter()
                        .collect(),
                ),
            ),
        ],
    );
    put(&table, &stored).await;
    assert_eq!(get(&table, &Key::new(&p, "ITEM")).await, Some(stored));
}

/// A case: a put replaces every attribute of the item it overwrites.
pub async fn put_replaces_the_whole_item(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("replace");
    put(
        &table,
        &item(&p, "A", vec![("a", Value::n(1)), ("b", Value::n(2))]),
    )
    .await;
    let replacement = item(&p, "A", vec![("a", Value::n(3))]);
    put(&table, &replacement).await;
    assert_eq!(get(&table, &Key::new(&p, "A")).await, Some(replacement));
}

/// A case: reading a key never written gives nothing.
pub async fn get_of_an_absent_item_is_none(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("absent");
    assert_eq!(get(&table, &Key::new(&p, "NOPE")).await, None);
}

/// A case: a batch read answers in the order asked, `None` for absent keys.
pub async fn get_many_keeps_the_order_of_keys_and_marks_absents(
    table: Arc<dyn Table>,
    _clock: Clock,
) {
    let p = partition("many");
    let one = item(&p, "1", vec![("v", Value::n(1))]);
    let three = item(&p, "3", vec![("v", Value::n(3))]);
    put(&table, &one).await;
    put(&table, &three).await;
    let keys = [Key::new(&p, "3"), Key::new(&p, "2"), Key::new(&p, "1")];
    let read = table.get_many(&keys).await.unwrap();
    assert_eq!(read, vec![Some(three), None, Some(one)]);
    assert_eq!(
        table.get_many(&[]).await.unwrap(),
        Vec::<Option<Item>>::new()
    );
}

/// A case: a batch read names each key once and at most 100 keys.
pub async fn get_many_refuses_duplicates_and_too_many_keys(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("many-limits");
    let twice = [Key::new(&p, "A"), Key::new(&p, "A")];
    assert_invalid(table.get_many(&twice).await, "duplicate keys");
    let many: Vec<Key> = (0..101).map(|i| Key::new(&p, format!("{i:03}"))).collect();
    assert_invalid(table.get_many(&many).await, "101 keys");
    assert_eq!(table.get_many(&many[..100]).await.unwrap().len(), 100);
}

/// A case: delete removes an item, and deleting an absent item succeeds.
pub async fn delete_removes_the_item_and_an_absent_one_is_fine(
    table: Arc<dyn Table>,
    _clock: Clock,
) {
    let p = partition("delete");
    let key = Key::new(&p, "A");
    put(&table, &item(&p, "A", vec![])).await;
    let delete = || WriteOp::Delete {
        key: key.clone(),
        condition: None,
    };
    table.write(delete()).await.unwrap();
    assert_eq!(get(&table, &key).await, None);
    table.write(delete()).await.unwrap();
}

/// A case: keys and GSI attributes are non-empty strings, or the write is refused.
pub async fn keys_and_index_attributes_must_be_non_empty_strings(
    table: Arc<dyn Table>,
    _clock: Clock,
) {
    let p = partition("shape");
    let mut no_sort_key = Key::new(&p, "A").to_item();
    no_sort_key.remove(SK);
    let mut numeric_sort_key = Key::new(&p, "A").to_item();
    numeric_sort_key.insert(SK.into(), Value::n(1));
    let cases = [
        ("no sk", no_sort_key),
        ("numeric sk", numeric_sort_key),
        ("empty sk", item(&p, "", vec![])),
        (
            "numeric gsi1pk",
            item(&p, "A", vec![("gsi1pk", Value::n(1))]),
        ),
        (
            "empty gsi2sk",
            item(
                &p,
                "A",
                vec![("gsi2pk", Value::s("G")), ("gsi2sk", Value::s(""))],
            ),
        ),
        (
            "boolean gsi3sk",
            item(&p, "A", vec![("gsi3sk", Value::Bool(true))]),
        ),
    ];
    for (what, bad) in cases {
        assert_invalid(table.write(WriteOp::put(bad)).await, what);
    }
    let set_index = update(
        &Key::new(&p, "A"),
        vec![Change::Set("gsi1sk".into(), Value::n(5))],
        None,
    );
    assert_invalid(table.write(set_index).await, "update of gsi1sk to a number");
    assert_invalid(table.get(&Key::new(&p, "")).await, "get with an empty sk");
    assert_eq!(
        get(&table, &Key::new(&p, "A")).await,
        None,
        "nothing written"
    );
}

/// A case: `Exists` and `NotExists` on absent and present items.
pub async fn exists_and_not_exists_conditions(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("exists");
    let key = Key::new(&p, "A");
    let guarded = |condition| WriteOp::Put {
        item: item(&p, "A", vec![("v", Value::n(1))]),
        condition: Some(condition),
    };
    assert_condition_failed(
        table.write(guarded(Condition::Exists)).await,
        0,
        "Exists on an absent item",
    );
    assert_eq!(get(&table, &key).await, None);
    table.write(guarded(Condition::NotExists)).await.unwrap();
    assert!(get(&table, &key).await.is_some());
    assert_condition_failed(
        table.write(guarded(Condition::NotExists)).await,
        0,
        "NotExists on a present item",
    );
    table.write(guarded(Condition::Exists)).await.unwrap();
    let delete_absent = WriteOp::Delete {
        key: Key::new(&p, "B"),
        condition: Some(Condition::Exists),
    };
    assert_condition_failed(table.write(delete_absent).await, 0, "delete of absent");
}

/// A case: attribute presence on a present and an absent item.
pub async fn attribute_exists_and_not_exists_conditions(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("attr");
    let present = Key::new(&p, "A");
    let absent = Key::new(&p, "B");
    put(&table, &item(&p, "A", vec![("a", Value::n(1))])).await;
    let exists = |name: &str| Condition::AttributeExists(name.into());
    let missing = |name: &str| Condition::AttributeNotExists(name.into());
    assert!(holds(&table, &present, exists("a")).await);
    assert!(!holds(&table, &present, exists("b")).await);
    assert!(holds(&table, &present, missing("b")).await);
    assert!(!holds(&table, &present, missing("a")).await);
    assert!(!holds(&table, &absent, exists("a")).await);
    assert!(holds(&table, &absent, missing("a")).await);
}

/// A case: `Equals` holds only for the same type and value.
pub async fn equals_needs_the_same_type_and_value(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("equals");
    let key = Key::new(&p, "A");
    let list = Value::L(vec![Value::s("x"), Value::n(2)]);
    let map = Value::M(
        [("k".to_string(), Value::Bool(false))]
            .into_iter()
            .collect(),
    );
    put(
        &table,
        &item(
            &p,
            "A",
            vec![
                ("n", Value::n(5)),
                ("s", Value::s("5")),
                ("flag", Value::Bool(true)),
                ("list", list.clone()),
                ("map", map.clone()),
            ],
        ),
    )
    .await;
    let equals = |name: &str, value: Value| Condition::Equals(name.into(), value);
    assert!(holds(&table, &key, equals("n", Value::n(5))).await);
    assert!(!holds(&table, &key, equals("n", Value::n(6))).await);
    assert!(!holds(&table, &key, equals("n", Value::s("5"))).await);
    assert!(holds(&table, &key, equals("s", Value::s("5"))).await);
    assert!(!holds(&table, &key, equals("s", Value::n(5))).await);
    assert!(holds(&table, &key, equals("flag", Value::Bool(true))).await);
    assert!(!holds(&table, &key, equals("flag", Value::Bool(false))).await);
    assert!(holds(&table, &key, equals("list", list)).await);
    assert!(holds(&table, &key, equals("map", map)).await);
    assert!(!holds(&table, &key, equals("missing", Value::n(5))).await);
}

/// A case: numbers compare by value, strings byte-wise.
pub async fn compare_orders_numbers_by_value_and_strings_by_bytes(
    table: Arc<dyn Table>,
    _clock: Clock,
) {
    let p = partition("compare");
    let key = Key::new(&p, "A");
    put(
        &table,
        &item(
            &p,
            "A",
            vec![
                ("n", Value::n(9)),
                ("d", Value::N("-2.5".into())),
                ("upper", Value::s("B")),
                ("accent", Value::s("é")),
            ],
        ),
    )
    .await;
    let cmp = |name: &str, op, value| Condition::Compare(name.into(), op, value);
    let n = |v: i64| Value::n(v);
    // "9" sorts after "10" as text, before it as a number.
    assert!(holds(&table, &key, cmp("n", CmpOp::Lt, n(10))).await);
    assert!(!holds(&table, &key, cmp("n", CmpOp::Gt, n(10))).await);
    assert!(holds(&table, &key, cmp("n", CmpOp::Le, n(9))).await);
    assert!(holds(&table, &key, cmp("n", CmpOp::Ge, n(9))).await);
    assert!(!holds(&table, &key, cmp("n", CmpOp::Lt, n(9))).await);
    assert!(!holds(&table, &key, cmp("n", CmpOp::Ne, n(9))).await);
    assert!(holds(&table, &key, cmp("n", CmpOp::Ne, n(8))).await);
    assert!(holds(&table, &key, cmp("d", CmpOp::Lt, n(-2))).await);
    assert!(holds(&table, &key, cmp("d", CmpOp::Gt, Value::N("-3".into()))).await);
    // Upper case sorts before lower case, and "é" (0xC3...) after "z".
    assert!(holds(&table, &key, cmp("upper", CmpOp::Lt, Value::s("a"))).await);
    assert!(!holds(&table, &key, cmp("upper", CmpOp::Ge, Value::s("a"))).await);
    assert!(holds(&table, &key, cmp("accent", CmpOp::Gt, Value::s("z"))).await);
}

/// A case: a comparison with a missing attribute or another type is false,
/// even `Ne` (the port's rule, stricter than DynamoDB's bare `<>`).
pub async fn compare_needs_the_attribute_and_its_type(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("compare-type");
    let key = Key::new(&p, "A");
    put(
        &table,
        &item(&p, "A", vec![("n", Value::n(9)), ("s", Value::s("9"))]),
    )
    .await;
    let cmp = |name: &str, op, value| Condition::Compare(name.into(), op, value);
    assert!(!holds(&table, &key, cmp("n", CmpOp::Lt, Value::s("99"))).await);
    assert!(!holds(&table, &key, cmp("s", CmpOp::Gt, Value::n(1))).await);
    assert!(!holds(&table, &key, cmp("s", CmpOp::Ne, Value::n(1))).await);
    assert!(!holds(&table, &key, cmp("missing", CmpOp::Ne, Value::n(1))).await);
    assert!(!holds(&table, &Key::new(&p, "B"), cmp("n", CmpOp::Ge, Value::n(0))).await);
}

/// A case: `And` needs every part, `Or` any part, nested freely.
pub async fn and_or_conditions(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("logic");
    let key = Key::new(&p, "A");
    put(&table, &item(&p, "A", vec![("a", Value::n(1))])).await;
    let a_is = |v: i64| Condition::Equals("a".into(), Value::n(v));
    assert!(
        holds(
            &table,
            &key,
            Condition::And(vec![Condition::Exists, a_is(1)])
        )
        .await
    );
    assert!(
        !holds(
            &table,
            &key,
            Condition::And(vec![Condition::Exists, a_is(2)])
        )
        .await
    );
    assert!(holds(&table, &key, Condition::Or(vec![a_is(2), a_is(1)])).await);
    assert!(
        !holds(
            &table,
            &key,
            Condition::Or(vec![Condition::NotExists, a_is(2)])
        )
        .await
    );
    let nested = Condition::Or(vec![
        Condition::And(vec![a_is(1), Condition::AttributeExists("b".into())]),
        Condition::And(vec![a_is(1), Condition::AttributeNotExists("b".into())]),
    ]);
    assert!(holds(&table, &key, nested).await);
}

/// A case: every condition sees an expired item as an absent one.
pub async fn conditions_see_an_expired_item_as_absent(table: Arc<dyn Table>, clock: Clock) {
    let p = partition("expired-conditions");
    let expired = Key::new(&p, "EXPIRED");
    let expiring = Key::new(&p, "EXPIRING");
    // Expiry includes the current second.
    put(
        &table,
        &item(
            &p,
            "EXPIRED",
            vec![("a", Value::n(1)), (EXPIRES_AT, expires_at(&clock, 0))],
        ),
    )
    .await;
    put(
        &table,
        &item(&p, "EXPIRING", vec![(EXPIRES_AT, expires_at(&clock, 60))]),
    )
    .await;
    assert!(!holds(&table, &expired, Condition::Exists).await);
    assert!(holds(&table, &expired, Condition::NotExists).await);
    assert!(!holds(&table, &expired, Condition::AttributeExists("a".into())).await);
    assert!(holds(&table, &expired, Condition::AttributeNotExists("a".into())).await);
    assert!(!holds(&table, &expired, Condition::Equals("a".into(), Value::n(1))).await);
    let compare = Condition::Compare("a".into(), CmpOp::Ge, Value::n(0));
    assert!(!holds(&table, &expired, compare).await);
    assert!(holds(&table, &expiring, Condition::Exists).await);
    clock.advance(Duration::seconds(60));
    assert!(!holds(&table, &expiring, Condition::Exists).await);
    assert!(holds(&table, &expiring, Condition::NotExists).await);
}

/// A case: a put, update or delete whose condition fails changes nothing.
pub async fn a_failed_condition_writes_nothing(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("failed");
    let key = Key::new(&p, "A");
    let original = item(&p, "A", vec![("v", Value::n(1))]);
    put(&table, &original).await;
    let wrong = || Some(Condition::Equals("v".into(), Value::n(5)));
    let attempts = [
        WriteOp::Put {
            item: item(&p, "A", vec![("v", Value::n(2))]),
            condition: wrong(),
        },
        update(&key, vec![Change::Add("v".into(), 1)], wrong()),
        WriteOp::Delete {
            key: key.clone(),
            condition: wrong(),
        },
    ];
    for attempt in attempts {
        let what = format!("{attempt:?}");
        assert_condition_failed(table.write(attempt).await, 0, &what);
        assert_eq!(get(&table, &key).await.as_ref(), Some(&original), "{what}");
    }
}

/// A case: one update sets, adds to and removes attributes.
pub async fn update_sets_adds_and_removes(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("update");
    let key = Key::new(&p, "A");
    put(
        &table,
        &item(
            &p,
            "A",
            vec![
                ("count", Value::n(1)),
                ("name", Value::s("old")),
                ("gone", Value::Bool(true)),
            ],
        ),
    )
    .await;
    let changes = vec![
        Change::Set("name".into(), Value::s("new")),
        Change::Add("count".into(), 2),
        Change::Remove("gone".into()),
        Change::Add("fresh".into(), -3),
    ];
    table.write(update(&key, changes, None)).await.unwrap();
    let expected = item(
        &p,
        "A",
        vec![
            ("count", Value::n(3)),
            ("name", Value::s("new")),
            ("fresh", Value::n(-3)),
        ],
    );
    assert_eq!(get(&table, &key).await, Some(expected));
}

/// A case: an update of an absent item creates it from its key.
pub async fn update_creates_an_absent_item(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("upsert");
    let key = Key::new(&p, "A");
    let changes = vec![
        Change::Set("name".into(), Value::s("created")),
        Change::Add("count".into(), 1),
    ];
    table.write(update(&key, changes, None)).await.unwrap();
    let expected = item(
        &p,
        "A",
        vec![("name", Value::s("created")), ("count", Value::n(1))],
    );
    assert_eq!(get(&table, &key).await, Some(expected));
}

/// A case: adding to a string attribute is refused and changes nothing.
pub async fn update_add_on_a_string_is_invalid(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("add-string");
    let key = Key::new(&p, "A");
    let original = item(&p, "A", vec![("s", Value::s("text"))]);
    put(&table, &original).await;
    let add = update(&key, vec![Change::Add("s".into(), 1)], None);
    assert_invalid(table.write(add).await, "Add on a string");
    assert_eq!(get(&table, &key).await, Some(original));
}

/// A case: an update never changes `pk` or `sk`.
pub async fn update_of_a_key_attribute_is_invalid(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("update-key");
    let key = Key::new(&p, "A");
    put(&table, &item(&p, "A", vec![])).await;
    let set_pk = update(&key, vec![Change::Set(PK.into(), Value::s("other"))], None);
    assert_invalid(table.write(set_pk).await, "Set pk");
    let remove_sk = update(&key, vec![Change::Remove(SK.into())], None);
    assert_invalid(table.write(remove_sk).await, "Remove sk");
    assert_eq!(get(&table, &key).await, Some(key.to_item()));
}

/// A case: updating an expired item starts from its key alone, as on an
/// absent item: DynamoDB may delete an expired item at any moment, so its
/// stale attributes must not leak into the new one.
pub async fn update_of_an_expired_item_starts_from_its_key(table: Arc<dyn Table>, clock: Clock) {
    let p = partition("update-expired");
    let key = Key::new(&p, "A");
    put(
        &table,
        &item(
            &p,
            "A",
            vec![
                ("count", Value::n(5)),
                ("stale", Value::s("yes")),
                (EXPIRES_AT, expires_at(&clock, -10)),
            ],
        ),
    )
    .await;
    assert_eq!(get(&table, &key).await, None);
    let revive = update(
        &key,
        vec![Change::Add("count".into(), 1)],
        Some(Condition::NotExists),
    );
    table.write(revive.clone()).await.unwrap();
    let expected = item(&p, "A", vec![("count", Value::n(1))]);
    assert_eq!(get(&table, &key).await, Some(expected));
    assert_condition_failed(table.write(revive).await, 0, "the new item is live");

    let counter = Key::new(&p, "B");
    put(
        &table,
        &item(
            &p,
            "B",
            vec![("count", Value::n(5)), (EXPIRES_AT, expires_at(&clock, 0))],
        ),
    )
    .await;
    let bump = update(&counter, vec![Change::Add("count".into(), 2)], None);
    table
        .transact(vec![WriteOp::create(item(&p, "C", vec![])), bump])
        .await
        .unwrap();
    let expected = item(&p, "B", vec![("count", Value::n(2))]);
    assert_eq!(
        get(&table, &counter).await,
        Some(expected),
        "in a transaction too"
    );
}

/// A case: a create-only put succeeds over an expired item and replaces it.
pub async fn put_replaces_an_expired_item(table: Arc<dyn Table>, clock: Clock) {
    let p = partition("put-expired");
    put(
        &table,
        &item(
            &p,
            "A",
            vec![("old", Value::n(1)), (EXPIRES_AT, expires_at(&clock, 0))],
        ),
    )
    .await;
    let fresh = item(&p, "A", vec![("new", Value::n(1))]);
    table.write(WriteOp::create(fresh.clone())).await.unwrap();
    assert_eq!(get(&table, &Key::new(&p, "A")).await, Some(fresh));
}

/// A case: a transaction of a put, an update and a delete applies all three.
pub async fn transaction_applies_every_action(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("tx");
    put(&table, &item(&p, "C", vec![])).await;
    put(&table, &item(&p, "B", vec![("n", Value::n(1))])).await;
    table
        .transact(vec![
            WriteOp::create(item(&p, "A", vec![("v", Value::s("a"))])),
            update(
                &Key::new(&p, "B"),
                vec![Change::Add("n".into(), 1)],
                Some(Condition::Exists),
            ),
            WriteOp::Delete {
                key: Key::new(&p, "C"),
                condition: Some(Condition::Exists),
            },
        ])
        .await
        .unwrap();
    let read = table
        .get_many(&[Key::new(&p, "A"), Key::new(&p, "B"), Key::new(&p, "C")])
        .await
        .unwrap();
    assert_eq!(
        read,
        vec![
            Some(item(&p, "A", vec![("v", Value::s("a"))])),
            Some(item(&p, "B", vec![("n", Value::n(2))])),
            None,
        ]
    );
}

/// A case: a transaction failing at its first, middle or last action (or at
/// two) reports the first failing one and writes nothing.
pub async fn failed_transaction_reports_the_first_failing_action_and_writes_nothing(
    table: Arc<dyn Table>,
    _clock: Clock,
) {
    let p = partition("tx-fail");
    put(&table, &item(&p, "EXISTING", vec![("n", Value::n(1))])).await;
    for failing in [vec![0], vec![2], vec![4], vec![1, 3]] {
        let round = format!("{failing:?}");
        let keys: Vec<Key> = (0..5)
            .map(|i| Key::new(&p, format!("{round}-{i}")))
            .collect();
        let mut ops: Vec<WriteOp> = keys
            .iter()
            .map(|key| WriteOp::create(key.to_item()))
            .collect();
        for &at in &failing {
            // Exists on a key never written: this action's condition fails.
            ops[at] = WriteOp::Put {
                item: keys[at].to_item(),
                condition: Some(Condition::Exists),
            };
        }
        ops.push(update(
            &Key::new(&p, "EXISTING"),
            vec![Change::Add("n".into(), 1)],
            None,
        ));
        assert_condition_failed(table.transact(ops).await, failing[0], &round);
        let read = table.get_many(&keys).await.unwrap();
        assert!(read.iter().all(Option::is_none), "{round}: nothing created");
        let existing = get(&table, &Key::new(&p, "EXISTING")).await.unwrap();
        assert_eq!(existing["n"], Value::n(1), "{round}: nothing updated");
    }
}

/// A case: a `Check` action gates a transaction without writing its item.
pub async fn check_action_guards_a_transaction(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("check");
    let guard = item(&p, "GUARD", vec![("v", Value::n(1))]);
    put(&table, &guard).await;
    let check = |v: i64| WriteOp::Check {
        key: Key::new(&p, "GUARD"),
        condition: Condition::Equals("v".into(), Value::n(v)),
    };
    table
        .transact(vec![check(1), WriteOp::put(item(&p, "X", vec![]))])
        .await
        .unwrap();
    assert!(get(&table, &Key::new(&p, "X")).await.is_some());
    assert_condition_failed(
        table
            .transact(vec![WriteOp::put(item(&p, "Y", vec![])), check(2)])
            .await,
        1,
        "failing check",
    );
    assert_eq!(get(&table, &Key::new(&p, "Y")).await, None);
    assert_eq!(get(&table, &Key::new(&p, "GUARD")).await, Some(guard));
}

/// A case: DynamoDB's transaction limits: 1 to 100 actions, one per item, and
/// a `Check` only inside a transaction.
pub async fn transaction_limits(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("tx-limits");
    let puts = |count: usize, label: &str| -> Vec<WriteOp> {
        (0..count)
            .map(|i| WriteOp::put(item(&p, &format!("{label}-{i:03}"), vec![])))
            .collect()
    };
    assert_invalid(table.transact(vec![]).await, "empty transaction");
    assert_invalid(table.transact(puts(101, "over")).await, "101 actions");
    assert_eq!(get(&table, &Key::new(&p, "over-000")).await, None);
    table.transact(puts(100, "full")).await.unwrap();
    let keys: Vec<Key> = (0..100)
        .map(|i| Key::new(&p, format!("full-{i:03}")))
        .collect();
    let read = table.get_many(&keys).await.unwrap();
    assert!(read.iter().all(Option::is_some), "all 100 written");
    let same_item = vec![
        WriteOp::put(item(&p, "TWICE", vec![])),
        update(
            &Key::new(&p, "TWICE"),
            vec![Change::Add("n".into(), 1)],
            None,
        ),
    ];
    assert_invalid(table.transact(same_item).await, "two actions on one item");
    assert_eq!(get(&table, &Key::new(&p, "TWICE")).await, None);
    let lone_check = WriteOp::Check {
        key: Key::new(&p, "full-000"),
        condition: Condition::Exists,
    };
    assert_invalid(table.write(lone_check).await, "write(Check)");
}

/// A case: an item over 400 KB is refused alone or in a transaction; one
/// just under is stored.
pub async fn item_size_limit(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("size");
    let big = |sk: &str, bytes: usize| item(&p, sk, vec![("blob", Value::s("x".repeat(bytes)))]);
    assert_invalid(
        table.write(WriteOp::put(big("OVER", 401 * 1024))).await,
        "401 KB put",
    );
    assert_invalid(
        table
            .transact(vec![
                WriteOp::put(item(&p, "SMALL", vec![])),
                WriteOp::put(big("OVER", 401 * 1024)),
            ])
            .await,
        "401 KB in a transaction",
    );
    assert_eq!(get(&table, &Key::new(&p, "SMALL")).await, None);
    let under = big("UNDER", 390 * 1024);
    put(&table, &under).await;
    assert_eq!(get(&table, &Key::new(&p, "UNDER")).await, Some(under));
}

/// The sort keys the sort-condition cases query, in byte order.
const SORT_KEYS: [&str; 6] = ["a", "b", "ba", "bb", "c", "d"];

/// Each sort key condition and the sort keys of [`SORT_KEYS`] it selects.
fn sort_key_cases() -> Vec<(SortKey, Vec<String>)> {
    vec![
        (SortKey::Any, strings(&SORT_KEYS)),
        (SortKey::Eq("ba".into()), strings(&["ba"])),
        (SortKey::BeginsWith("b".into()), strings(&["b", "ba", "bb"])),
        (
            SortKey::Between("b".into(), "c".into()),
            strings(&["b", "ba", "bb", "c"]),
        ),
        (SortKey::Lt("b".into()), strings(&["a"])),
        (SortKey::Le("b".into()), strings(&["a", "b"])),
        (SortKey::Gt("c".into()), strings(&["d"])),
        (SortKey::Ge("c".into()), strings(&["c", "d"])),
    ]
}

/// A case: every sort key condition on the base table.
pub async fn query_primary_with_every_sort_key_condition(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("query");
    let neighbour = partition("query-neighbour");
    for sk in SORT_KEYS {
        put(&table, &item(&p, sk, vec![])).await;
        put(&table, &item(&neighbour, sk, vec![])).await;
    }
    for (sort, expected) in sort_key_cases() {
        let what = format!("{sort:?}");
        let page = query(&table, Query::partition(Index::Primary, &p).sort(sort)).await;
        assert_eq!(column(&page, SK), expected, "{what}");
        assert!(page.items.iter().all(|i| attribute(i, PK) == p), "{what}");
    }
}

/// A case: every sort key condition on each GSI, whose items live in many
/// base-table partitions.
pub async fn query_each_gsi_with_every_sort_key_condition(table: Arc<dyn Table>, _clock: Clock) {
    for index in [Index::Gsi1, Index::Gsi2, Index::Gsi3] {
        let (index_pk, index_sk) = index.key_attributes();
        let g = partition(&format!("{index_pk}-query"));
        let neighbour = partition(&format!("{index_pk}-neighbour"));
        for (i, sk) in SORT_KEYS.iter().enumerate() {
            for group in [&g, &neighbour] {
                let base = partition("gsi-item");
                let indexed = item(
                    &base,
                    &format!("ITEM#{i}"),
                    vec![
                        (index_pk, Value::s(group.as_str())),
                        (index_sk, Value::s(*sk)),
                    ],
                );
                put(&table, &indexed).await;
            }
        }
        for (sort, expected) in sort_key_cases() {
            let what = format!("{index:?} {sort:?}");
            let page = query(&table, Query::partition(index, &g).sort(sort)).await;
            assert_eq!(column(&page, index_sk), expected, "{what}");
            assert!(
                page.items.iter().all(|i| attribute(i, index_pk) == g),
                "{what}"
            );
        }
    }
}

/// A case: sort keys order by their UTF-8 bytes, not by letters.
pub async fn query_orders_sort_keys_byte_wise(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("bytes");
    for sk in ["a", "B", "é", "Z", "aa", "a b", "10", "9"] {
        put(&table, &item(&p, sk, vec![])).await;
    }
    let page = query(&table, Query::partition(Index::Primary, &p)).await;
    assert_eq!(
        column(&page, SK),
        strings(&["10", "9", "B", "Z", "a", "a b", "aa", "é"])
    );
}

/// A case: a backward query returns the same items in reverse.
pub async fn query_backward_reverses_the_order(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("backward");
    for sk in SORT_KEYS {
        put(&table, &item(&p, sk, vec![])).await;
    }
    for (sort, mut expected) in sort_key_cases() {
        let what = format!("{sort:?}");
        expected.reverse();
        let page = query(
            &table,
            Query::partition(Index::Primary, &p).sort(sort).backward(),
        )
        .await;
        assert_eq!(column(&page, SK), expected, "{what}");
    }
}

/// Reads every page of a query; returns the pages.
async fn all_pages(table: &Arc<dyn Table>, first: Query) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut next = first;
    loop {
        let page = query(table, next.clone()).await;
        assert!(
            page.items.len() <= next.limit,
            "a page holds at most limit items"
        );
        let last_key = page.last_key.clone();
        pages.push(page);
        match last_key {
            Some(key) => next = next.start_after(Some(key)),
            None => return pages,
        }
        assert!(pages.len() <= 50, "paging does not end");
    }
}

/// Pages through `query` with limit 3 and checks every expected value comes
/// exactly once, in order.
async fn assert_pages(
    table: &Arc<dyn Table>,
    query: Query,
    column_name: &str,
    expected: &[String],
) {
    let pages = all_pages(table, query.limit(3)).await;
    let seen: Vec<String> = pages
        .iter()
        .flat_map(|page| column(page, column_name))
        .collect();
    assert_eq!(seen, expected, "every item exactly once, in order");
    assert!(
        pages.len() >= expected.len().div_ceil(3),
        "pages of at most 3"
    );
    for page in &pages[..expected.len() / 3] {
        assert_eq!(page.items.len(), 3, "full pages before the last");
    }
}

/// A case: pages forward, with and without a sort condition, cover every item once.
pub async fn query_pages_forward(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("pages");
    let sks: Vec<String> = (0..10).map(|i| format!("ITEM#{i:02}")).collect();
    for sk in &sks {
        put(&table, &item(&p, sk, vec![])).await;
    }
    put(&table, &item(&p, "BEFORE", vec![])).await;
    let all = Query::partition(Index::Primary, &p).sort(SortKey::BeginsWith("ITEM#".into()));
    assert_pages(&table, all, SK, &sks).await;
    let some = Query::partition(Index::Primary, &p).sort(SortKey::Ge("ITEM#03".into()));
    assert_pages(&table, some, SK, &sks[3..]).await;
}

/// A case: pages backward cover every item once, in descending order.
pub async fn query_pages_backward(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("pages-back");
    let mut sks: Vec<String> = (0..10).map(|i| format!("ITEM#{i:02}")).collect();
    for sk in &sks {
        put(&table, &item(&p, sk, vec![])).await;
    }
    sks.reverse();
    let query = Query::partition(Index::Primary, &p).backward();
    assert_pages(&table, query.clone(), SK, &sks).await;
    let below = query.sort(SortKey::Lt("ITEM#07".into()));
    assert_pages(&table, below, SK, &sks[3..]).await;
}

/// A case: GSI pages cover every item once, even when items share an index
/// sort key (the start key then tells them apart by their table key).
pub async fn query_pages_a_gsi(table: Arc<dyn Table>, _clock: Clock) {
    let g = partition("gsi-pages");
    let mut expected = Vec::new();
    for i in 0..10 {
        let base = format!("{}#{i:02}", partition("gsi-page-item"));
        // Two items per index sort key.
        let index_sk = format!("DAY#{}", i / 2);
        put(
            &table,
            &item(
                &base,
                "ITEM",
                vec![
                    ("gsi1pk", Value::s(g.as_str())),
                    ("gsi1sk", Value::s(index_sk.as_str())),
                ],
            ),
        )
        .await;
        expected.push(base);
    }
    for forward in [true, false] {
        let mut query = Query::partition(Index::Gsi1, &g);
        if !forward {
            query = query.backward();
        }
        let pages = all_pages(&table, query.limit(3)).await;
        let seen: Vec<String> = pages.iter().flat_map(|page| column(page, PK)).collect();
        let unique: BTreeSet<&String> = seen.iter().collect();
        assert_eq!(seen.len(), 10, "forward {forward}: ten items");
        assert_eq!(unique.len(), 10, "forward {forward}: each once");
        let days: Vec<String> = pages
            .iter()
            .flat_map(|page| column(page, "gsi1sk"))
            .collect();
        let mut sorted = days.clone();
        sorted.sort();
        if !forward {
            sorted.reverse();
        }
        assert_eq!(days, sorted, "forward {forward}: index order");
    }
}

/// A case: a page that stops at its limit names the last evaluated item's
/// key: the table key, plus the index key on a GSI.
pub async fn last_key_names_the_last_evaluated_item(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("last-key");
    let g = partition("last-key-gsi");
    for sk in ["A", "B", "C", "D"] {
        let indexed = item(
            &p,
            sk,
            vec![
                ("gsi2pk", Value::s(g.as_str())),
                ("gsi2sk", Value::s(format!("ON#{sk}"))),
                ("payload", Value::n(1)),
            ],
        );
        put(&table, &indexed).await;
    }
    let page = query(&table, Query::partition(Index::Primary, &p).limit(2)).await;
    assert_eq!(page.last_key, Some(Key::new(&p, "B").to_item()));
    let page = query(
        &table,
        Query::partition(Index::Gsi2, &g).limit(2).backward(),
    )
    .await;
    let mut expected = Key::new(&p, "C").to_item();
    expected.insert("gsi2pk".into(), Value::s(g.as_str()));
    expected.insert("gsi2sk".into(), Value::s("ON#C"));
    assert_eq!(page.last_key, Some(expected));
    let page = query(&table, Query::partition(Index::Primary, &p).limit(10)).await;
    assert_eq!(page.last_key, None, "fewer items than the limit");
}

/// A case: an item is in a GSI only with both of its attributes, and moves
/// with updates and deletes.
pub async fn gsis_are_sparse_and_follow_updates(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("sparse");
    let g = partition("sparse-gsi");
    let elsewhere = partition("sparse-elsewhere");
    let gs = || Value::s(g.as_str());
    put(
        &table,
        &item(
            &p,
            "BOTH",
            vec![("gsi1pk", gs()), ("gsi1sk", Value::s("1"))],
        ),
    )
    .await;
    put(&table, &item(&p, "PK-ONLY", vec![("gsi1pk", gs())])).await;
    put(
        &table,
        &item(&p, "SK-ONLY", vec![("gsi1sk", Value::s("2"))]),
    )
    .await;
    put(&table, &item(&p, "NEITHER", vec![])).await;
    let in_index = |page: Page| column(&page, SK);
    let index = || Query::partition(Index::Gsi1, &g);
    assert_eq!(in_index(query(&table, index()).await), strings(&["BOTH"]));

    let set_sk = update(
        &Key::new(&p, "PK-ONLY"),
        vec![Change::Set("gsi1sk".into(), Value::s("0"))],
        None,
    );
    table.write(set_sk).await.unwrap();
    assert_eq!(
        in_index(query(&table, index()).await),
        strings(&["PK-ONLY", "BOTH"])
    );

    let remove_sk = update(
        &Key::new(&p, "BOTH"),
        vec![Change::Remove("gsi1sk".into())],
        None,
    );
    table.write(remove_sk).await.unwrap();
    assert_eq!(
        in_index(query(&table, index()).await),
        strings(&["PK-ONLY"])
    );

    let moved = update(
        &Key::new(&p, "PK-ONLY"),
        vec![Change::Set("gsi1pk".into(), Value::s(elsewhere.as_str()))],
        None,
    );
    table.write(moved).await.unwrap();
    assert!(query(&table, index()).await.items.is_empty());
    let there = query(&table, Query::partition(Index::Gsi1, &elsewhere)).await;
    assert_eq!(in_index(there), strings(&["PK-ONLY"]));

    let delete = WriteOp::Delete {
        key: Key::new(&p, "PK-ONLY"),
        condition: None,
    };
    table.write(delete).await.unwrap();
    assert!(
        query(&table, Query::partition(Index::Gsi1, &elsewhere))
            .await
            .items
            .is_empty()
    );
}

/// A case: expired items are absent from gets and query pages, yet count
/// toward a query's limit (DynamoDB applies the limit before filters).
pub async fn expired_items_are_left_out_of_reads(table: Arc<dyn Table>, clock: Clock) {
    let p = partition("expired");
    let g = partition("expired-gsi");
    let entries = [
        ("1", None),
        ("2", Some(0)),
        ("3", None),
        ("4", Some(60)),
        ("5", None),
    ];
    for (sk, expiry) in entries {
        let mut stored = item(
            &p,
            sk,
            vec![("gsi3pk", Value::s(g.as_str())), ("gsi3sk", Value::s(sk))],
        );
        if let Some(seconds) = expiry {
            stored.insert(EXPIRES_AT.into(), expires_at(&clock, seconds));
        }
        put(&table, &stored).await;
    }
    assert_eq!(get(&table, &Key::new(&p, "2")).await, None);
    let read = table
        .get_many(&[Key::new(&p, "1"), Key::new(&p, "2")])
        .await
        .unwrap();
    assert!(read[0].is_some() && read[1].is_none());

    for index in [Index::Primary, Index::Gsi3] {
        let partition_value = if index == Index::Primary { &p } else { &g };
        let what = format!("{index:?}");
        let all = query(&table, Query::partition(index, partition_value)).await;
        assert_eq!(column(&all, SK), strings(&["1", "3", "4", "5"]), "{what}");
        let first = query(&table, Query::partition(index, partition_value).limit(2)).await;
        assert_eq!(
            column(&first, SK),
            strings(&["1"]),
            "{what}: limit counts the expired"
        );
        let last_key = first.last_key.expect("the limit stopped the page");
        assert_eq!(attribute(&last_key, SK), "2", "{what}");
        let rest = query(
            &table,
            Query::partition(index, partition_value).start_after(Some(last_key)),
        )
        .await;
        assert_eq!(column(&rest, SK), strings(&["3", "4", "5"]), "{what}");
    }
    clock.advance(Duration::seconds(60));
    assert_eq!(get(&table, &Key::new(&p, "4")).await, None);
    let later = query(&table, Query::partition(Index::Primary, &p)).await;
    assert_eq!(column(&later, SK), strings(&["1", "3", "5"]));
}

/// A case: a query needs a partition, a limit of 1 to 1000 and ordered bounds.
pub async fn query_arguments_are_checked(table: Arc<dyn Table>, _clock: Clock) {
    let p = partition("query-args");
    put(&table, &item(&p, "A", vec![])).await;
    let base = || Query::partition(Index::Primary, &p);
    assert_invalid(table.query(&base().limit(0)).await, "limit 0");
    assert_invalid(table.query(&base().limit(1001)).await, "limit 1001");
    assert_eq!(query(&table, base().limit(1000)).await.items.len(), 1);
    let reversed = base().sort(SortKey::Between("b".into(), "a".into()));
    assert_invalid(table.query(&reversed).await, "Between b and a");
    assert_invalid(
        table.query(&Query::partition(Index::Gsi1, "")).await,
        "empty partition",
    );
}

/// A case: of 20 concurrent transactions conditional on the same version,
/// exactly one commits; the others fail on that condition or conflict, and
/// none of their other writes lands.
pub async fn concurrent_conditional_updates_let_exactly_one_win(
    table: Arc<dyn Table>,
    _clock: Clock,
) {
    let p = partition("race");
    let key = Key::new(&p, "ENTITY");
    put(&table, &item(&p, "ENTITY", vec![("version", Value::n(1))])).await;
    let tasks: Vec<_> = (0..20)
        .map(|contender: i64| {
            let table = Arc::clone(&table);
            let key = key.clone();
            let marker = item(&p, &format!("MARKER#{contender:02}"), vec![]);
            tokio::spawn(async move {
                let bump = update(
                    &key,
                    vec![
                        Change::Set("version".into(), Value::n(2)),
                        Change::Set("winner".into(), Value::n(contender)),
                    ],
                    Some(Condition::Equals("version".into(), Value::n(1))),
                );
                table.transact(vec![bump, WriteOp::put(marker)]).await
            })
        })
        .collect();
    let mut winners = Vec::new();
    for (contender, task) in tasks.into_iter().enumerate() {
        match task.await.expect("task ran") {
            Ok(()) => winners.push(contender),
            Err(StoreError::ConditionFailed { index: 0 } | StoreError::Conflict) => {}
            Err(other) => panic!("contender {contender}: {other:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one winner: {winners:?}");
    let entity = get(&table, &key).await.unwrap();
    assert_eq!(entity["version"], Value::n(2));
    assert_eq!(entity["winner"], Value::n(winners[0] as i64));
    let markers = query(
        &table,
        Query::partition(Index::Primary, &p).sort(SortKey::BeginsWith("MARKER#".into())),
    )
    .await;
    assert_eq!(
        column(&markers, SK),
        vec![format!("MARKER#{:02}", winners[0])]
    );
}
