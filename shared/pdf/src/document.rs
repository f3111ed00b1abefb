//! What a printed document says, in the renderer's own terms.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Everything printed on a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// What the document is, which names it on the page.
    pub kind: Kind,
    /// Who issues it.
    pub garage: Garage,
    /// The currency's code.
    pub currency: String,
    /// Its number, once it has one.
    pub number: Option<String>,
    /// Its status in words, which the footer shows in place of a number
    /// the document does not have yet.
    pub status: String,
    /// The dates under the number (issue, due), in order.
    pub dates: Vec<LabelledDate>,
    /// A status stamped under the dates (such as "RÉGLÉE"), if any.
    pub stamp: Option<Stamp>,
    /// The customer's block: name, address lines, contact, one per line.
    pub customer: Vec<String>,
    /// The car's block, one entry per line.
    pub car: Vec<String>,
    /// The priced lines.
    pub lines: Vec<Line>,
    /// The totals under the lines.
    pub totals: Totals,
    /// Free text printed at the end (nothing when blank).
    pub notes: String,
}

/// The kinds of document, each with its own words on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An invoice ("FACTURE").
    Invoice,
}

/// The garage printed in the header and the footer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Garage {
    /// Its name.
    pub name: String,
    /// Its address, lines separated by newlines (blank ones are skipped).
    pub address: String,
}

/// A date with what it is ("Échéance").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelledDate {
    /// What the date is.
    pub label: String,
    /// The day.
    pub date: NaiveDate,
}

/// A status stamped on the page, with the day it took effect when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The status in capitals ("RÉGLÉE").
    pub word: String,
    /// The day, printed as "le <date>".
    pub on: Option<NaiveDate>,
}

/// One priced line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// What it is.
    pub name: String,
    /// Details under the name (may be empty).
    pub details: String,
    /// How many.
    pub quantity: Decimal,
    /// Price of one.
    pub unit_price: Decimal,
    /// The line's amount.
    pub amount: Decimal,
}

/// The totals, in the order they print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    /// Sum of the lines, before tax.
    pub subtotal: Decimal,
    /// The discount, when there is one.
    pub discount: Option<Discount>,
    /// The tax rate, in percent.
    pub tax_rate: Decimal,
    /// The tax.
    pub tax: Decimal,
    /// Fixed fees (such as a stamp duty).
    pub fees: Vec<Fee>,
    /// What is due, tax and fees included.
    pub total: Decimal,
    /// What was paid back, if anything.
    pub refunded: Option<Decimal>,
}

/// A discount and the net amount before tax it leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discount {
    /// The amount taken off.
    pub amount: Decimal,
    /// The subtotal less the discount.
    pub net: Decimal,
}

/// A fixed fee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fee {
    /// Its label.
    pub label: String,
    /// Its amount.
    pub amount: Decimal,
}
