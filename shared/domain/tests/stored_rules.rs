//! Rules that only show on a table: the invoice counters, invoice numbering,
//! and linking an invoice to its service, on the embedded store (a real
//! table; the domain's unit tests cannot use it, as `ecar-store` builds on
//! this crate). Needs the `testing` feature, for the sample entities.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ecar_domain::{
    Clock,
    entity::{Settings, counters::delta_ops},
    invoices::{
        self, Invoice, InvoiceNumber,
        numbering::{find, last_given, next_number_ops, raise_counter_op},
        stats::statistics,
    },
    services::{
        self, get,
        invoice::{link_op, unlink_op},
    },
    store::{Table, WriteOp},
    values::{InvoiceId, InvoiceStatus, Money},
};
use ecar_store::table::EmbeddedTable;

// The invoice counters.

const TUNIS: Tz = chrono_tz::Africa::Tunis;

async fn apply(table: &EmbeddedTable, before: Option<&Invoice>, after: Option<&Invoice>) {
    let settings = Settings {
        decimals: 3,
        time_zone: TUNIS,
    };
    let ops = delta_ops(before, after, &settings).unwrap();
    if !ops.is_empty() {
        table.transact(ops).await.unwrap();
    }
}

#[tokio::test]
async fn counters_follow_an_invoice_through_its_life() {
    let now: DateTime<Utc> = "2026-03-16T09:00:00Z".parse().unwrap();
    let table = EmbeddedTable::in_memory(Clock::fixed(now)).unwrap();
    let draft = invoices::sample(now);
    apply(&table, None, Some(&draft)).await;
    let mut pending = draft.clone();
    pending.status = InvoiceStatus::Pending;
    pending.issued_date = Some(now.date_naive());
    pending.due_date = "2026-03-10".parse().unwrap();
    apply(&table, Some(&draft), Some(&pending)).await;

    let stats = statistics(&table, now, TUNIS, 3).await.unwrap();
    assert_eq!(stats.total, 1);
    assert_eq!(stats.by_status.draft.count, 0);
    assert_eq!(stats.outstanding.amount.to_string(), "120.000");
    assert_eq!(stats.overdue.count, 1, "due on the 10th, today is the 16th");
    assert_eq!(stats.this_month.issued.count, 1);

    let mut paid = pending.clone();
    paid.status = InvoiceStatus::Paid;
    paid.paid_at = Some(now);
    apply(&table, Some(&pending), Some(&paid)).await;
    let mut refunded = paid.clone();
    refunded.status = InvoiceStatus::Refunded;
    refunded.refund_amount = Some(Money::from_minor(20_500, 3));
    refunded.refunded_at = Some(now);
    apply(&table, Some(&paid), Some(&refunded)).await;

    let stats = statistics(&table, now, TUNIS, 3).await.unwrap();
    assert_eq!(stats.overdue.count, 0);
    assert_eq!(stats.outstanding.count, 0);
    assert_eq!(stats.by_status.refunded.count, 1);
    assert_eq!(stats.revenue.to_string(), "99.500");
    assert_eq!(stats.this_month.paid.count, 1);
    assert_eq!(stats.this_month.revenue.to_string(), "99.500");
}

#[tokio::test]
async fn overdue_counts_earlier_years_months_and_days_only() {
    let now: DateTime<Utc> = "2026-03-16T09:00:00Z".parse().unwrap();
    let table = EmbeddedTable::in_memory(Clock::fixed(now)).unwrap();
    for (n, due) in [
        "2024-12-31",
        "2026-01-20",
        "2026-02-28",
        "2026-03-01",
        "2026-03-15",
        "2026-03-16",
        "2026-03-17",
        "2026-04-01",
        "2027-01-01",
    ]
    .into_iter()
    .enumerate()
    {
        let mut invoice = invoices::sample(now);
        invoice.status = InvoiceStatus::Pending;
        invoice.issued_date = Some(now.date_naive());
        invoice.due_date = due.parse().unwrap();
        invoice.total = Money::from_minor(1_000 * (n as i64 + 1), 3);
        apply(&table, None, Some(&invoice)).await;
    }
    let stats = statistics(&table, now, TUNIS, 3).await.unwrap();
    // Due before today: the first five.
    assert_eq!(stats.overdue.count, 5);
    assert_eq!(stats.overdue.amount.to_string(), "15.000");
    assert_eq!(stats.outstanding.count, 9);
}

// Invoice numbering.

#[tokio::test]
async fn numbering_continues_after_a_raised_counter() {
    let table = EmbeddedTable::in_memory(Clock::system()).unwrap();
    let id = InvoiceId::generate(chrono::Utc::now());
    table.write(raise_counter_op(2025, 0, 41)).await.unwrap();
    let (next, ops) = next_number_ops(2025, last_given(&table, 2025).await.unwrap(), &id);
    table.transact(ops).await.unwrap();
    assert_eq!(next, InvoiceNumber::new(2025, 42));
    // Raising from a value no longer current fails.
    assert!(table.write(raise_counter_op(2025, 41, 50)).await.is_err());
}

#[tokio::test]
async fn the_counter_moves_only_from_the_value_read() {
    let table = EmbeddedTable::in_memory(Clock::system()).unwrap();
    let id = InvoiceId::generate(chrono::Utc::now());
    assert_eq!(last_given(&table, 2026).await.unwrap(), 0);
    let (first, ops) = next_number_ops(2026, 0, &id);
    table.transact(ops).await.unwrap();
    assert_eq!(first.sequence(), Some(1));
    assert_eq!(last_given(&table, 2026).await.unwrap(), 1);
    assert_eq!(find(&table, &first).await.unwrap(), Some(id.clone()));
    // A second issue that read 0 too loses.
    let (_, stale) = next_number_ops(2026, 0, &id);
    assert!(table.transact(stale).await.is_err());
    // Years count separately.
    assert_eq!(last_given(&table, 2027).await.unwrap(), 0);
}

// An invoice linked to its service.

#[tokio::test]
async fn linking_an_invoice_freezes_the_items_and_bumps_the_version() {
    let now = "2026-03-16T09:00:00Z".parse().unwrap();
    let table = EmbeddedTable::in_memory(Clock::fixed(now)).unwrap();
    let service = services::sample(now);
    table
        .write(WriteOp::create(service.item().unwrap()))
        .await
        .unwrap();
    let op = link_op(&service, "01INVOICE", InvoiceStatus::Pending, now).unwrap();
    table.write(op.clone()).await.unwrap();
    let linked = get(&table, &service.id).await.unwrap().unwrap();
    assert_eq!(linked.invoice_id.as_deref(), Some("01INVOICE"));
    assert!(linked.items_frozen());
    assert_eq!(linked.version, 2);
    // The same op again is stale.
    assert!(table.write(op).await.is_err());

    table.write(unlink_op(&linked, now).unwrap()).await.unwrap();
    let unlinked = get(&table, &service.id).await.unwrap().unwrap();
    assert_eq!(unlinked.invoice_id, None);
    assert_eq!(unlinked.invoice_status, None);
    assert_eq!(unlinked.version, 3);
}
