//! Legacy id guards on a real (embedded) table.

use ecar_domain::{
    Clock,
    legacy::{LegacyModel, find, guard_op},
    store::Table,
};
use ecar_store::table::EmbeddedTable;

#[tokio::test]
async fn a_row_is_guarded_once_and_found_by_its_legacy_id() {
    let table = EmbeddedTable::in_memory(Clock::system()).unwrap();
    assert_eq!(find(&table, LegacyModel::Car, 7).await.unwrap(), None);
    table
        .write(guard_op(LegacyModel::Car, 7, "01CAR"))
        .await
        .unwrap();
    assert_eq!(
        find(&table, LegacyModel::Car, 7).await.unwrap().as_deref(),
        Some("01CAR")
    );
    // The same row again is refused; another model's row 7 is not.
    assert!(
        table
            .write(guard_op(LegacyModel::Car, 7, "01OTHER"))
            .await
            .is_err()
    );
    assert_eq!(find(&table, LegacyModel::Service, 7).await.unwrap(), None);
}
