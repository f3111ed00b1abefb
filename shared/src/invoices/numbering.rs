//! Invoice numbers: `INV-<year>-<sequence>`, sequential per year and gap-free.
//!
//! Items:
//! - the year's counter: `pk = COUNTER#INVOICES#<year>`, `sk = COUNTER`,
//!   `last` = the last number given;
//! - the guard of each number: `pk = INVOICE_NUMBER#<number>`, `sk = GUARD`,
//!   `invoice_id`, which makes numbers unique and finds an invoice by number.
//!
//! Issuing reads the counter (`n`), then writes in one transaction the
//! invoice with number `n + 1`, the counter set to `n + 1` on condition that
//! it still holds `n`, and the number's guard. A concurrent issue that took
//! `n + 1` first makes the condition fail, and the loser reads again; a
//! failed issue writes nothing, so no number is ever skipped.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{
    domain::InvoiceId,
    store::{Change, Condition, Item, Key, Table, Value, WriteOp},
};

use super::InvoiceError;

/// Prefix of every number.
const PREFIX: &str = "INV";
/// Digits the sequence is padded to.
const SEQUENCE_DIGITS: usize = 6;
/// Attribute of the counter holding the last number given.
const LAST: &str = "last";

/// An invoice number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvoiceNumber {
    year: i32,
    sequence: u64,
}

impl InvoiceNumber {
    /// The number `sequence` of `year` (sequences start at 1).
    pub fn new(year: i32, sequence: u64) -> Self {
        Self { year, sequence }
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The position in the year.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }
}

impl fmt::Display for InvoiceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{PREFIX}-{:04}-{:0width$}",
            self.year,
            self.sequence,
            width = SEQUENCE_DIGITS
        )
    }
}

/// Text that is not an invoice number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an invoice number (INV-YYYY-NNNNNN)")]
pub struct NotANumber;

impl FromStr for InvoiceNumber {
    type Err = NotANumber;

    /// Parses `INV-2026-000001`, in any case.
    fn from_str(text: &str) -> Result<Self, NotANumber> {
        let mut parts = text.trim().split('-');
        let (Some(prefix), Some(year), Some(sequence), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(NotANumber);
        };
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !prefix.eq_ignore_ascii_case(PREFIX)
            || year.len() != 4
            || !digits(year)
            || sequence.len() < SEQUENCE_DIGITS
            || sequence.len() > 18
            || !digits(sequence)
        {
            return Err(NotANumber);
        }
        let year = year.parse().map_err(|_| NotANumber)?;
        let sequence = sequence.parse().map_err(|_| NotANumber)?;
        if sequence == 0 {
            return Err(NotANumber);
        }
        Ok(Self { year, sequence })
    }
}

impl Serialize for InvoiceNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for InvoiceNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The key of a year's counter.
pub fn counter_key(year: i32) -> Key {
    Key::new(format!("COUNTER#INVOICES#{year:04}"), "COUNTER")
}

/// The key of a number's guard.
pub fn guard_key(number: &InvoiceNumber) -> Key {
    Key::new(format!("INVOICE_NUMBER#{number}"), "GUARD")
}

/// The last number given in `year` (0 before the first).
pub async fn last_given(table: &dyn Table, year: i32) -> Result<u64, InvoiceError> {
    let Some(item) = table.get(&counter_key(year)).await? else {
        return Ok(0);
    };
    match item.get(LAST).and_then(Value::as_i64) {
        Some(last) => u64::try_from(last).map_err(|_| InvoiceError::Corrupt("counter".into())),
        None => Err(InvoiceError::Corrupt("counter".into())),
    }
}

/// The writes taking `year`'s counter from `last` to the next number, and
/// guarding that number for `invoice_id`: the counter's update fails if
/// another issue moved it first.
pub fn next_number_ops(
    year: i32,
    last: u64,
    invoice_id: &InvoiceId,
) -> (InvoiceNumber, Vec<WriteOp>) {
    let number = InvoiceNumber::new(year, last + 1);
    let unchanged = if last == 0 {
        Condition::AttributeNotExists(LAST.into())
    } else {
        Condition::Equals(LAST.into(), Value::n(last))
    };
    let counter = WriteOp::Update {
        key: counter_key(year),
        changes: vec![Change::Add(LAST.into(), 1)],
        condition: Some(unchanged),
    };
    let mut guard: Item = guard_key(&number).to_item();
    guard.insert("invoice_id".into(), Value::s(invoice_id.as_str()));
    (number, vec![counter, WriteOp::create(guard)])
}

/// The invoice a number was given to.
pub async fn find(
    table: &dyn Table,
    number: &InvoiceNumber,
) -> Result<Option<InvoiceId>, InvoiceError> {
    let Some(item) = table.get(&guard_key(number)).await? else {
        return Ok(None);
    };
    let id = item
        .get("invoice_id")
        .and_then(Value::as_s)
        .and_then(|text| InvoiceId::parse(text).ok())
        .ok_or_else(|| InvoiceError::Corrupt("number guard".into()))?;
    Ok(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Clock, store::EmbeddedTable};

    #[test]
    fn numbers_print_and_parse() {
        let number = InvoiceNumber::new(2026, 1);
        assert_eq!(number.to_string(), "INV-2026-000001");
        assert_eq!("inv-2026-000001".parse::<InvoiceNumber>(), Ok(number));
        assert_eq!(
            InvoiceNumber::new(2026, 1_234_567).to_string(),
            "INV-2026-1234567"
        );
        for bad in [
            "",
            "INV-2026-1",
            "INV-26-000001",
            "FAC-2026-000001",
            "INV-2026-000000",
            "INV-2026-00000a",
            "INV-2026-000001-2",
        ] {
            assert!(bad.parse::<InvoiceNumber>().is_err(), "{bad}");
        }
        assert!(InvoiceNumber::new(2026, 9) < InvoiceNumber::new(2026, 10));
    }

    #[tokio::test]
    async fn the_counter_moves_only_from_the_value_read() {
        let table = EmbeddedTable::in_memory(Clock::system()).unwrap();
        let id = InvoiceId::generate(chrono::Utc::now());
        assert_eq!(last_given(&table, 2026).await.unwrap(), 0);
        let (first, ops) = next_number_ops(2026, 0, &id);
        table.transact(ops).await.unwrap();
        assert_eq!(first.sequence(), 1);
        assert_eq!(last_given(&table, 2026).await.unwrap(), 1);
        assert_eq!(find(&table, &first).await.unwrap(), Some(id.clone()));
        // A second issue that read 0 too loses.
        let (_, stale) = next_number_ops(2026, 0, &id);
        assert!(table.transact(stale).await.is_err());
        // Years count separately.
        assert_eq!(last_given(&table, 2027).await.unwrap(), 0);
    }
}
