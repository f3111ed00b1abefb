//! What an import did, per model and per row, printed at the end of a run.

use std::{collections::BTreeMap, fmt};

use ecar_http::domain::Money;

/// Rows of one model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// In the export.
    pub read: u64,
    /// Written by this run (or, in a dry run, that would be).
    pub imported: u64,
    /// Not written: an earlier run wrote them, or the model is not imported.
    pub skipped: u64,
    /// Not written, for a reason listed in the report.
    pub refused: u64,
}

/// A row with something to say about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The original's model label.
    pub model: String,
    /// The original's primary key (as the export wrote it).
    pub pk: String,
    /// What about it.
    pub reason: String,
}

/// An invoice whose billed amount is not what this system's rules give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmountDifference {
    /// The original's primary key.
    pub pk: u64,
    /// Its number.
    pub number: String,
    /// What the customer was billed (kept).
    pub billed: Money,
    /// What this system's tax and fees give for the same lines.
    pub recomputed: Money,
}

/// The report of one run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// Per model label.
    pub counts: BTreeMap<String, Counts>,
    /// Rows not written, with why.
    pub refused: Vec<Row>,
    /// Rows written with something to know (a password, a missing PDF...).
    pub warnings: Vec<Row>,
    /// Invoices kept at an amount this system would not have computed.
    pub amounts: Vec<AmountDifference>,
    /// The original's service intervals, as text, for the operator.
    pub intervals: Vec<String>,
}

impl Report {
    /// The counts of `model`.
    pub fn counts(&self, model: &str) -> Counts {
        self.counts.get(model).copied().unwrap_or_default()
    }

    pub(super) fn read(&mut self, model: &str, rows: u64) {
        self.counts.entry(model.to_string()).or_default().read += rows;
    }

    pub(super) fn imported(&mut self, model: &str) {
        self.counts.entry(model.to_string()).or_default().imported += 1;
    }

    pub(super) fn skipped(&mut self, model: &str, rows: u64) {
        self.counts.entry(model.to_string()).or_default().skipped += rows;
    }

    pub(super) fn refuse(&mut self, model: &str, pk: impl ToString, reason: impl Into<String>) {
        self.counts.entry(model.to_string()).or_default().refused += 1;
        self.refused.push(Row {
            model: model.to_string(),
            pk: pk.to_string(),
            reason: reason.into(),
        });
    }

    pub(super) fn warn(&mut self, model: &str, pk: impl ToString, reason: impl Into<String>) {
        self.warnings.push(Row {
            model: model.to_string(),
            pk: pk.to_string(),
            reason: reason.into(),
        });
    }

    /// Rows refused, all models together.
    pub fn refused_rows(&self) -> u64 {
        self.counts.values().map(|counts| counts.refused).sum()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let imported = if self.dry_run {
            "would import"
        } else {
            "imported"
        };
        writeln!(
            f,
            "{:<22} {:>6} {:>12} {:>8} {:>8}",
            "model", "read", imported, "skipped", "refused"
        )?;
        for (model, counts) in &self.counts {
            writeln!(
                f,
                "{model:<22} {:>6} {:>12} {:>8} {:>8}",
                counts.read, counts.imported, counts.skipped, counts.refused
            )?;
        }
        if !self.refused.is_empty() {
            writeln!(f, "\nrefused ({}):", self.refused.len())?;
            for row in &self.refused {
                writeln!(f, "  {} {}: {}", row.model, row.pk, row.reason)?;
            }
        }
        if !self.warnings.is_empty() {
            writeln!(f, "\nto know ({}):", self.warnings.len())?;
            for row in &self.warnings {
                writeln!(f, "  {} {}: {}", row.model, row.pk, row.reason)?;
            }
        }
        if !self.amounts.is_empty() {
            writeln!(
                f,
                "\ninvoices kept at the amount billed, which this system's tax and fees would not give ({}):",
                self.amounts.len()
            )?;
            for difference in &self.amounts {
                writeln!(
                    f,
                    "  core.invoice {} {}: billed {}, recomputed {}",
                    difference.pk, difference.number, difference.billed, difference.recomputed
                )?;
            }
        }
        if !self.intervals.is_empty() {
            writeln!(
                f,
                "\nthe original's service intervals (ECAR keeps one service cycle per make or model, in ECAR_SERVICE_INTERVALS):"
            )?;
            for interval in &self.intervals {
                writeln!(f, "  {interval}")?;
            }
        }
        Ok(())
    }
}
