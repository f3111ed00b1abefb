//! DynamoDB numbers held as text: validation, canonical form, order and sums.
//!
//! DynamoDB compares numbers by value and returns them in a canonical form
//! (`1.50` reads back as `1.5`), so an adapter that keeps numbers itself has to
//! do the same. `rust_decimal` holds 28 significant digits, fewer than
//! DynamoDB's 38: a number beyond that is refused here, which is stricter than
//! DynamoDB and so never lets through a value AWS would refuse.

use std::cmp::Ordering;

use rust_decimal::Decimal;

/// The decimal value of a number's text, or `None` when it is not a number.
pub fn parse(text: &str) -> Option<Decimal> {
    // rust_decimal also accepts `_` separators, which DynamoDB does not.
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E');
    if text.is_empty() || !text.chars().all(allowed) {
        return None;
    }
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    }
}

/// The canonical text of a number (no exponent, no trailing zeros, no `-0`).
pub fn canonical(text: &str) -> Option<String> {
    parse(text).map(|value| value.normalize().to_string())
}

/// The order of two numbers by value.
pub fn compare(left: &str, right: &str) -> Option<Ordering> {
    Some(parse(left)?.cmp(&parse(right)?))
}

/// `text + by` in canonical form (`None` text counts as 0), or `None` on overflow.
pub fn add(text: Option<&str>, by: i64) -> Option<String> {
    let start = match text {
        Some(text) => parse(text)?,
        None => Decimal::ZERO,
    };
    start
        .checked_add(Decimal::from(by))
        .map(|sum| sum.normalize().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_matches_dynamodb() {
        assert_eq!(canonical("1.50").as_deref(), Some("1.5"));
        assert_eq!(canonical("100").as_deref(), Some("100"));
        assert_eq!(canonical("1e2").as_deref(), Some("100"));
        assert_eq!(canonical("-0.0").as_deref(), Some("0"));
        assert_eq!(canonical("+7").as_deref(), Some("7"));
    }

    #[test]
    fn text_that_is_not_a_number_is_refused() {
        for bad in ["", "abc", "1_000", "1.2.3", "NaN", "inf", " 1"] {
            assert_eq!(canonical(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn numbers_compare_by_value_not_by_text() {
        assert_eq!(compare("9", "10"), Some(Ordering::Less));
        assert_eq!(compare("1.50", "1.5"), Some(Ordering::Equal));
        assert_eq!(compare("-2", "-10"), Some(Ordering::Greater));
    }

    #[test]
    fn sums_start_from_zero_and_refuse_overflow() {
        assert_eq!(add(None, 5).as_deref(), Some("5"));
        assert_eq!(add(Some("1.5"), -2).as_deref(), Some("-0.5"));
        assert_eq!(add(Some("79228162514264337593543950335"), 1), None);
    }
}
