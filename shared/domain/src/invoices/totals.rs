//! An invoice's totals, in exact decimal arithmetic.
//!
//! ```text
//! subtotal   = Σ line totals           (each already rounded, see services::items)
//! taxable    = subtotal − discount     (0 ≤ discount ≤ subtotal)
//! tax_amount = round(taxable × rate / 100)
//! total      = taxable + tax_amount + Σ fees
//! ```
//!
//! The discount comes off before tax, and the fixed fees (the stamp duty)
//! come after it and are not taxed, as on a Tunisian invoice.
//!
//! Rounding rule: one rounding, of the tax, to the currency's minor units,
//! half away from zero (amounts are never negative, so this is half-up),
//! the same rule as the line totals. Half-up is the commercial rule a
//! customer checking the invoice by hand applies; banker's rounding (half to
//! even) evens out bias over many roundings, but an invoice rounds once, and
//! a tax of 0.4085 shown as 0.408 would look wrong to its reader. Every other
//! step is an exact sum of amounts already in minor units.

use rust_decimal::Decimal;

use super::{Invoice, InvoiceFee};
use crate::{
    config::{Config, Fee},
    services::ServiceItem,
    values::Money,
};

/// Largest rate accepted, in percent.
const MAX_TAX_RATE: i64 = 100;

/// The computed amounts of an invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    /// Sum of the lines.
    pub subtotal: Money,
    /// Tax rate in percent, at least two decimals (`19.00`).
    pub tax_rate: Decimal,
    /// Tax on the subtotal less the discount.
    pub tax_amount: Money,
    /// The fixed fees.
    pub fees: Vec<InvoiceFee>,
    /// The discount.
    pub discount: Money,
    /// What the customer pays.
    pub total: Money,
}

/// Why totals cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TotalsError {
    /// The discount is negative, has too many decimals, or exceeds the subtotal.
    #[error("{0}")]
    Discount(String),
    /// The configured rate or fees do not fit the currency.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// An amount overflowed.
    #[error("amount out of range")]
    Overflow,
}

/// The rate as invoices show it: percent, at least two decimals.
pub fn display_rate(rate: Decimal) -> Decimal {
    let mut shown = rate.normalize();
    if shown.scale() < 2 {
        shown.rescale(2);
    }
    shown
}

/// The fees of the configuration, as amounts of the currency.
pub fn configured_fees(fees: &[Fee], decimals: u32) -> Result<Vec<InvoiceFee>, TotalsError> {
    fees.iter()
        .map(|fee| {
            let amount = Money::rounded(fee.amount, decimals);
            if amount.value() != fee.amount || amount.is_negative() {
                return Err(TotalsError::Config(format!(
                    "fee {} must be a non-negative amount with at most {decimals} decimals",
                    fee.label
                )));
            }
            Ok(InvoiceFee {
                label: fee.label.clone(),
                amount,
            })
        })
        .collect()
}

fn add(a: Money, b: Money) -> Result<Money, TotalsError> {
    a.checked_add(b).ok_or(TotalsError::Overflow)
}

/// The totals of `lines` with `discount`, at `rate` percent, plus `fees`.
pub fn compute(
    lines: &[ServiceItem],
    discount: Money,
    rate: Decimal,
    fees: Vec<InvoiceFee>,
    decimals: u32,
) -> Result<Totals, TotalsError> {
    if rate.is_sign_negative() || rate > Decimal::from(MAX_TAX_RATE) {
        return Err(TotalsError::Config(format!(
            "tax rate must be between 0 and {MAX_TAX_RATE}"
        )));
    }
    let discount = discount
        .in_currency(decimals)
        .map_err(|e| TotalsError::Discount(e.to_string()))?;
    if discount.is_negative() {
        return Err(TotalsError::Discount("must not be negative".into()));
    }
    let mut subtotal = Money::zero(decimals);
    for line in lines {
        subtotal = add(subtotal, line.total_price)?;
    }
    if discount > subtotal {
        return Err(TotalsError::Discount(format!(
            "must not exceed the subtotal ({subtotal})"
        )));
    }
    let taxable = Money::rounded(subtotal.value() - discount.value(), decimals);
    let tax = taxable
        .value()
        .checked_mul(rate)
        .and_then(|product| product.checked_div(Decimal::ONE_HUNDRED))
        .ok_or(TotalsError::Overflow)?;
    let tax_amount = Money::rounded(tax, decimals);
    let mut total = add(taxable, tax_amount)?;
    for fee in &fees {
        total = add(total, fee.amount)?;
    }
    Ok(Totals {
        subtotal,
        tax_rate: display_rate(rate),
        tax_amount,
        fees,
        discount,
        total,
    })
}

/// The totals of `lines` with `discount` at the configured rate and fees.
pub fn with_config(
    config: &Config,
    lines: &[ServiceItem],
    discount: Money,
) -> Result<Totals, TotalsError> {
    let decimals = config.currency_decimals;
    let fees = configured_fees(&config.invoice_fees, decimals)?;
    compute(lines, discount, config.tax_rate, fees, decimals)
}

impl Totals {
    /// Writes these totals into `invoice`.
    pub fn apply_to(self, invoice: &mut Invoice) {
        invoice.subtotal = self.subtotal;
        invoice.tax_rate = self.tax_rate;
        invoice.tax_amount = self.tax_amount;
        invoice.fees = self.fees;
        invoice.discount = self.discount;
        invoice.total = self.total;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        services::{ItemType, items::line_total},
        values::{ItemDescription, ItemName, Quantity, ServiceItemId},
    };

    fn money(text: &str) -> Money {
        serde_json::from_value(serde_json::Value::String(text.into())).unwrap()
    }

    fn line(quantity: &str, price: &str) -> ServiceItem {
        let quantity = Quantity::parse(quantity).unwrap();
        let unit_price = money(price).in_currency(3).unwrap();
        ServiceItem {
            id: ServiceItemId::generate(chrono::Utc::now()),
            item_type: ItemType::Part,
            name: ItemName::parse("Pièce").unwrap(),
            description: ItemDescription::default(),
            quantity,
            unit_price,
            total_price: line_total(quantity, unit_price, 3),
        }
    }

    fn stamp() -> Vec<InvoiceFee> {
        configured_fees(
            &[Fee {
                label: "Droit de timbre".into(),
                amount: Decimal::new(1000, 3),
            }],
            3,
        )
        .unwrap()
    }

    fn totals(lines: &[ServiceItem], discount: &str) -> Totals {
        compute(lines, money(discount), Decimal::new(19, 0), stamp(), 3).unwrap()
    }

    #[test]
    fn the_default_invoice_adds_tax_and_stamp_duty() {
        let t = totals(&[line("2", "50"), line("1.5", "40")], "0");
        assert_eq!(t.subtotal.to_string(), "160.000");
        assert_eq!(t.tax_rate.to_string(), "19.00");
        assert_eq!(t.tax_amount.to_string(), "30.400");
        assert_eq!(t.total.to_string(), "191.400");
    }

    #[test]
    fn amounts_floating_point_gets_wrong() {
        // 0.1 + 0.2 is 0.30000000000000004 in f64.
        let t = totals(&[line("1", "0.1"), line("1", "0.2")], "0");
        assert_eq!(t.subtotal.to_string(), "0.300");
        // 1.450 × 19 % = 0.2755 exactly: half-up gives 0.276, f64 (0.27549999…) 0.275.
        let t = totals(&[line("1", "1.450")], "0");
        assert_eq!(t.tax_amount.to_string(), "0.276");
        assert_eq!(t.total.to_string(), "2.726");
        // 2.150 × 19 % = 0.4085 exactly: half-up 0.409 (banker's would say 0.408).
        let t = totals(&[line("1", "2.150")], "0");
        assert_eq!(t.tax_amount.to_string(), "0.409");
        // Ten lines of 0.1: f64 sums them to 0.9999999999999999.
        let ten: Vec<ServiceItem> = (0..10).map(|_| line("1", "0.1")).collect();
        assert_eq!(totals(&ten, "0").subtotal.to_string(), "1.000");
        // A large bill keeps every millime: 9 999 999.999 × 3 lines.
        let big: Vec<ServiceItem> = (0..3).map(|_| line("1", "9999999.999")).collect();
        let t = totals(&big, "0.001");
        assert_eq!(t.subtotal.to_string(), "29999999.997");
        assert_eq!(t.tax_amount.to_string(), "5699999.999");
        assert_eq!(t.total.to_string(), "35700000.995");
    }

    #[test]
    fn the_discount_comes_off_before_tax_and_fees_are_not_taxed() {
        let t = totals(&[line("1", "100")], "10.5");
        assert_eq!(t.discount.to_string(), "10.500");
        // (100 − 10.5) × 19 % = 17.005
        assert_eq!(t.tax_amount.to_string(), "17.005");
        assert_eq!(t.total.to_string(), "107.505");
        // A full discount leaves only the stamp duty.
        assert_eq!(
            totals(&[line("1", "100")], "100").total.to_string(),
            "1.000"
        );
    }

    #[test]
    fn bad_discounts_and_rates_are_refused() {
        let lines = [line("1", "100")];
        for bad in ["-1", "100.001", "0.0001"] {
            assert!(matches!(
                compute(&lines, money(bad), Decimal::new(19, 0), stamp(), 3),
                Err(TotalsError::Discount(_))
            ));
        }
        assert!(matches!(
            compute(&lines, money("0"), Decimal::new(101, 0), stamp(), 3),
            Err(TotalsError::Config(_))
        ));
        let fee = Fee {
            label: "x".into(),
            amount: Decimal::new(1, 4),
        };
        assert!(configured_fees(&[fee], 3).is_err());
    }

    #[test]
    fn rates_show_two_decimals_at_least() {
        assert_eq!(display_rate(Decimal::new(19, 0)).to_string(), "19.00");
        assert_eq!(display_rate(Decimal::new(75, 1)).to_string(), "7.50");
        assert_eq!(display_rate(Decimal::new(12345, 3)).to_string(), "12.345");
    }
}
