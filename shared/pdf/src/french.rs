//! Numbers and dates written the French way.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// `1234.5` → `1 234,500` (French: narrow-space thousands, comma decimals),
/// keeping the amount's own decimal places.
pub(crate) fn amount(amount: Decimal) -> String {
    let text = amount.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{fraction}")
    }
}

/// A plain decimal (a quantity, a rate) with a comma: `1.5` → `1,5`.
pub(crate) fn decimal(value: Decimal) -> String {
    value.to_string().replace('.', ",")
}

/// `05/03/2026`.
pub(crate) fn date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_the_french_way() {
        assert_eq!(amount(Decimal::new(1_234_500, 3)), "1\u{202f}234,500");
        assert_eq!(amount(Decimal::new(999_000, 3)), "999,000");
        assert_eq!(
            amount(Decimal::new(-1_000_000_000, 3)),
            "-1\u{202f}000\u{202f}000,000"
        );
        assert_eq!(decimal(Decimal::new(15, 1)), "1,5");
        assert_eq!(date("2026-03-05".parse().unwrap()), "05/03/2026");
    }
}
