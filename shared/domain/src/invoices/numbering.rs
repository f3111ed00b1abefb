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
    store::{Change, Condition, Item, Key, Table, Value, WriteOp},
    values::InvoiceId,
};

use super::InvoiceError;

/// Prefix of every number.
const PREFIX: &str = "INV";
/// Digits the sequence is padded to.
const SEQUENCE_DIGITS: usize = 6;
/// Attribute of the counter holding the last number given.
const LAST: &str = "last";

/// An invoice number: this system's `INV-<year>-<sequence>`, or one given
/// by the Django ECAR before the garage moved (`INV-47F94AF7`), kept as the
/// customer has it on paper.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvoiceNumber(Form);

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Form {
    Sequential {
        year: i32,
        sequence: u64,
    },
    /// Upper-case, as printed.
    Moved(String),
}

/// Longest part after `INV-` of a moved number (the original's field held
/// 20 characters).
const MAX_MOVED_SUFFIX: usize = 16;

impl InvoiceNumber {
    /// The number `sequence` of `year` (sequences start at 1).
    pub fn new(year: i32, sequence: u64) -> Self {
        Self(Form::Sequential { year, sequence })
    }

    /// A number the Django ECAR gave: `INV-` and 1 to 16 letters and digits.
    pub fn moved(text: &str) -> Result<Self, NotANumber> {
        let text = text.trim();
        let (prefix, suffix) = text.split_once('-').ok_or(NotANumber)?;
        if !prefix.eq_ignore_ascii_case(PREFIX)
            || suffix.is_empty()
            || suffix.len() > MAX_MOVED_SUFFIX
            || !suffix.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(NotANumber);
        }
        Ok(Self(Form::Moved(format!(
            "{PREFIX}-{}",
            suffix.to_ascii_uppercase()
        ))))
    }

    /// The year of a sequential number.
    pub fn year(&self) -> Option<i32> {
        match self.0 {
            Form::Sequential { year, .. } => Some(year),
            Form::Moved(_) => None,
        }
    }

    /// The position in its year of a sequential number.
    pub fn sequence(&self) -> Option<u64> {
        match self.0 {
            Form::Sequential { sequence, .. } => Some(sequence),
            Form::Moved(_) => None,
        }
    }
}

impl fmt::Display for InvoiceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Form::Sequential { year, sequence } => write!(
                f,
                "{PREFIX}-{year:04}-{sequence:0width$}",
                width = SEQUENCE_DIGITS
            ),
            Form::Moved(text) => f.write_str(text),
        }
    }
}

/// Text that is not an invoice number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an invoice number (INV-YYYY-NNNNNN)")]
pub struct NotANumber;

impl FromStr for InvoiceNumber {
    type Err = NotANumber;

    /// Parses `INV-2026-000001`, or a moved number, in any case.
    fn from_str(text: &str) -> Result<Self, NotANumber> {
        sequential(text).or_else(|_| Self::moved(text))
    }
}

/// Parses `INV-2026-000001`.
fn sequential(text: &str) -> Result<InvoiceNumber, NotANumber> {
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
    Ok(InvoiceNumber::new(year, sequence))
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
    let guard = guard_op(&number, invoice_id);
    (number, vec![counter, guard])
}

/// The write giving `number` to `invoice_id`; it fails if the number is
/// taken.
pub fn guard_op(number: &InvoiceNumber, invoice_id: &InvoiceId) -> WriteOp {
    let mut guard: Item = guard_key(number).to_item();
    guard.insert("invoice_id".into(), Value::s(invoice_id.as_str()));
    WriteOp::create(guard)
}

/// The write raising `year`'s counter from `last` (as read) to `to`, so that
/// numbering continues after an imported number; it fails if another write
/// moved the counter meanwhile.
pub fn raise_counter_op(year: i32, last: u64, to: u64) -> WriteOp {
    let unchanged = if last == 0 {
        Condition::AttributeNotExists(LAST.into())
    } else {
        Condition::Equals(LAST.into(), Value::n(last))
    };
    WriteOp::Update {
        key: counter_key(year),
        changes: vec![Change::Set(LAST.into(), Value::n(to))],
        condition: Some(unchanged),
    }
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

    #[test]
    fn a_moved_number_is_kept_as_printed() {
        let moved: InvoiceNumber = "inv-47f94af7".parse().unwrap();
        assert_eq!(moved.to_string(), "INV-47F94AF7");
        assert_eq!(moved, InvoiceNumber::moved("INV-47F94AF7").unwrap());
        assert_eq!((moved.year(), moved.sequence()), (None, None));
        for bad in [
            "INV-",
            "INV-47F9 4AF7",
            "FAC-47F94AF7",
            "INV-0123456789ABCDEF0",
        ] {
            assert!(InvoiceNumber::moved(bad).is_err(), "{bad}");
        }
    }
}
