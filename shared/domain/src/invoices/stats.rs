//! `GET /api/invoices/statistics` from a bounded number of reads, whatever
//! the number of invoices: counters kept up to date in the same transaction
//! as every change of an invoice.
//!
//! Items (amounts in minor units, so they add up exactly as integers):
//! - `STATS#INVOICES` / `TOTALS`: invoices by status (`count_<status>`) and
//!   their totals (`amount_<status>`), and the refunded amounts (`refunded`);
//! - `STATS#INVOICES` / `MONTH#<yyyy-mm>`: invoices issued that month and
//!   not cancelled (`issued_count`, `issued_amount`), paid that month
//!   (`paid_count`, `paid_amount`), and refunds made that month (`refunded`);
//! - `STATS#INVOICES#DUE` / `Y#<yyyy>`, `M#<yyyy-mm>`, `D#<yyyy-mm-dd>`: the
//!   pending invoices falling due that year, month and day (`count`,
//!   `amount`). What is overdue today is the years before this one, the
//!   months of this year before this one, and the days of this month before
//!   today: three small range queries, whatever the history.
//!
//! Months and days are the garage's calendar (its time zone). Each invoice
//! contributes to some counters (see [`contributions`]); a change writes the
//! difference (see [`crate::entity::counters`]).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{Invoice, InvoiceError, status::ALL_STATUSES};
use crate::{
    entity::Counts,
    store::{Item, Key, Query, SortKey, Table},
    values::InvoiceStatus,
    values::Money,
};

const STATS_PK: &str = "STATS#INVOICES";
const DUE_PK: &str = "STATS#INVOICES#DUE";
const ISSUED_COUNT: &str = "issued_count";
const ISSUED_AMOUNT: &str = "issued_amount";
const PAID_COUNT: &str = "paid_count";
const PAID_AMOUNT: &str = "paid_amount";
const REFUNDED: &str = "refunded";
const COUNT: &str = "count";
const AMOUNT: &str = "amount";

fn totals_key() -> Key {
    Key::new(STATS_PK, "TOTALS")
}

fn month_key(date: NaiveDate) -> Key {
    Key::new(
        STATS_PK,
        format!("MONTH#{:04}-{:02}", date.year(), date.month()),
    )
}

fn due_keys(date: NaiveDate) -> [Key; 3] {
    [
        Key::new(DUE_PK, format!("Y#{:04}", date.year())),
        Key::new(DUE_PK, format!("M#{:04}-{:02}", date.year(), date.month())),
        Key::new(DUE_PK, format!("D#{date}")),
    ]
}

fn count_attribute(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Draft => "count_draft",
        InvoiceStatus::Pending => "count_pending",
        InvoiceStatus::Paid => "count_paid",
        InvoiceStatus::Cancelled => "count_cancelled",
        InvoiceStatus::Refunded => "count_refunded",
    }
}

fn amount_attribute(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Draft => "amount_draft",
        InvoiceStatus::Pending => "amount_pending",
        InvoiceStatus::Paid => "amount_paid",
        InvoiceStatus::Cancelled => "amount_cancelled",
        InvoiceStatus::Refunded => "amount_refunded",
    }
}

fn minor(amount: Money, decimals: u32, field: &str) -> Result<i64, InvoiceError> {
    amount
        .to_minor(decimals)
        .ok_or_else(|| InvoiceError::invalid(field, "does not fit the currency's minor units"))
}

/// What one invoice adds to the counters.
pub fn contributions(
    invoice: &Invoice,
    decimals: u32,
    time_zone: Tz,
) -> Result<Counts, InvoiceError> {
    let mut counts = Counts::new();
    let mut add = |key: Key, attribute: &'static str, amount: i64| {
        *counts.entry((key, attribute)).or_default() += amount;
    };
    let total = minor(invoice.total, decimals, "total")?;
    let local = |at: DateTime<Utc>| at.with_timezone(&time_zone).date_naive();
    add(totals_key(), count_attribute(invoice.status), 1);
    add(totals_key(), amount_attribute(invoice.status), total);
    if let Some(issued) = invoice.issued_date
        && invoice.status != InvoiceStatus::Cancelled
    {
        add(month_key(issued), ISSUED_COUNT, 1);
        add(month_key(issued), ISSUED_AMOUNT, total);
    }
    if matches!(
        invoice.status,
        InvoiceStatus::Paid | InvoiceStatus::Refunded
    ) && let Some(paid_at) = invoice.paid_at
    {
        add(month_key(local(paid_at)), PAID_COUNT, 1);
        add(month_key(local(paid_at)), PAID_AMOUNT, total);
    }
    if invoice.status == InvoiceStatus::Refunded
        && let (Some(amount), Some(at)) = (invoice.refund_amount, invoice.refunded_at)
    {
        let refunded = minor(amount, decimals, "refund_amount")?;
        add(totals_key(), REFUNDED, refunded);
        add(month_key(local(at)), REFUNDED, refunded);
    }
    if invoice.status == InvoiceStatus::Pending {
        for key in due_keys(invoice.due_date) {
            add(key.clone(), COUNT, 1);
            add(key, AMOUNT, total);
        }
    }
    Ok(counts)
}

/// A number of invoices and their total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountAndAmount {
    /// How many.
    pub count: i64,
    /// Their total.
    pub amount: Money,
}

/// Invoices by status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ByStatus {
    /// Being prepared.
    pub draft: CountAndAmount,
    /// Issued, awaiting payment.
    pub pending: CountAndAmount,
    /// Paid.
    pub paid: CountAndAmount,
    /// Called off.
    pub cancelled: CountAndAmount,
    /// Paid, then refunded.
    pub refunded: CountAndAmount,
}

/// This month, in the garage's calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThisMonth {
    /// Issued this month (cancelled ones left out).
    pub issued: CountAndAmount,
    /// Paid this month.
    pub paid: CountAndAmount,
    /// Refunded this month.
    pub refunded: Money,
    /// Paid minus refunded this month.
    pub revenue: Money,
}

/// The invoices dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceStatistics {
    /// Every invoice.
    pub total: i64,
    /// Invoices by status.
    pub by_status: ByStatus,
    /// Everything ever paid, minus what was refunded.
    pub revenue: Money,
    /// Everything refunded.
    pub refunded: Money,
    /// Issued and not paid yet (pending).
    pub outstanding: CountAndAmount,
    /// Pending invoices whose due date has passed.
    pub overdue: CountAndAmount,
    /// This month.
    pub this_month: ThisMonth,
    /// Today's date in the garage's time zone.
    pub today: NaiveDate,
    /// The garage's time zone.
    pub time_zone: String,
}

/// A counter of an item read (absent: 0).
fn counter(item: Option<&Item>, attribute: &str) -> Result<i64, InvoiceError> {
    match item.and_then(|item| item.get(attribute)) {
        None => Ok(0),
        Some(value) => value
            .as_i64()
            .ok_or_else(|| InvoiceError::Corrupt(format!("counter {attribute}"))),
    }
}

/// Sums `count` and `amount` over the due buckets of `range`.
async fn due_sum(table: &dyn Table, range: SortKey) -> Result<(i64, i64), InvoiceError> {
    let mut query = Query::partition(crate::store::Index::Primary, DUE_PK)
        .sort(range)
        .limit(crate::store::table::MAX_QUERY_LIMIT);
    let (mut count, mut amount) = (0, 0);
    loop {
        let page = table.query(&query).await?;
        for item in &page.items {
            count += counter(Some(item), COUNT)?;
            amount += counter(Some(item), AMOUNT)?;
        }
        match page.last_key {
            Some(last) => query.start_after = Some(last),
            None => return Ok((count, amount)),
        }
    }
}

/// The pending invoices due before `today`: earlier years, earlier months of
/// this year, earlier days of this month.
async fn overdue(table: &dyn Table, today: NaiveDate) -> Result<(i64, i64), InvoiceError> {
    let mut ranges = vec![SortKey::Between(
        "Y#0000".into(),
        format!("Y#{:04}", today.year() - 1),
    )];
    if today.month() > 1 {
        ranges.push(SortKey::Between(
            format!("M#{:04}-01", today.year()),
            format!("M#{:04}-{:02}", today.year(), today.month() - 1),
        ));
    }
    if let Some(yesterday) = today.pred_opt()
        && yesterday.month() == today.month()
    {
        ranges.push(SortKey::Between(
            format!("D#{:04}-{:02}-01", today.year(), today.month()),
            format!("D#{yesterday}"),
        ));
    }
    let (mut count, mut amount) = (0, 0);
    for range in ranges {
        let (c, a) = due_sum(table, range).await?;
        count += c;
        amount += a;
    }
    Ok((count, amount))
}

/// The statistics as of `now`.
pub async fn statistics(
    table: &dyn Table,
    now: DateTime<Utc>,
    time_zone: Tz,
    decimals: u32,
) -> Result<InvoiceStatistics, InvoiceError> {
    let today = now.with_timezone(&time_zone).date_naive();
    let keys = [totals_key(), month_key(today)];
    let items = table.get_many(&keys).await?;
    let totals = items.first().and_then(Option::as_ref);
    let month = items.get(1).and_then(Option::as_ref);
    let money = |minor: i64| Money::from_minor(minor, decimals);
    let of = |status| -> Result<CountAndAmount, InvoiceError> {
        Ok(CountAndAmount {
            count: counter(totals, count_attribute(status))?,
            amount: money(counter(totals, amount_attribute(status))?),
        })
    };
    let by_status = ByStatus {
        draft: of(InvoiceStatus::Draft)?,
        pending: of(InvoiceStatus::Pending)?,
        paid: of(InvoiceStatus::Paid)?,
        cancelled: of(InvoiceStatus::Cancelled)?,
        refunded: of(InvoiceStatus::Refunded)?,
    };
    let mut total = 0;
    for status in ALL_STATUSES {
        total += counter(totals, count_attribute(status))?;
    }
    let refunded = counter(totals, REFUNDED)?;
    let ever_paid = counter(totals, amount_attribute(InvoiceStatus::Paid))?
        + counter(totals, amount_attribute(InvoiceStatus::Refunded))?;
    let (overdue_count, overdue_amount) = overdue(table, today).await?;
    let paid_this_month = counter(month, PAID_AMOUNT)?;
    let refunded_this_month = counter(month, REFUNDED)?;
    Ok(InvoiceStatistics {
        total,
        revenue: money(ever_paid - refunded),
        refunded: money(refunded),
        outstanding: by_status.pending.clone(),
        overdue: CountAndAmount {
            count: overdue_count,
            amount: money(overdue_amount),
        },
        this_month: ThisMonth {
            issued: CountAndAmount {
                count: counter(month, ISSUED_COUNT)?,
                amount: money(counter(month, ISSUED_AMOUNT)?),
            },
            paid: CountAndAmount {
                count: counter(month, PAID_COUNT)?,
                amount: money(paid_this_month),
            },
            refunded: money(refunded_this_month),
            revenue: money(paid_this_month - refunded_this_month),
        },
        by_status,
        today,
        time_zone: time_zone.name().to_string(),
    })
}
