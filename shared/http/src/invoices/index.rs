//! The index items an invoice owns besides its own list attributes: its
//! entry in the list of every invoice, and its search tokens. Both are
//! written in the invoice's transactions, from the invoice before and after.
//!
//! - list entry: `pk = INVOICE#<id>`, `sk = LIST`, `gsi1pk = INVOICES`,
//!   `gsi1sk = <list date>#<id>`, pointing at the invoice;
//! - search tokens (`ISEARCH`, see [`crate::search`]): the words of the
//!   customer's name as it was when the invoice was made (a later rename is
//!   not reflected), and, once issued, its number as a search types it
//!   (`inv2026000042`), its sequence (`000042`) and the sequence without
//!   zeros (`42`).

use super::Invoice;
use crate::{
    search::{SearchIndex, index::with_target, words},
    store::{Key, Value, WriteOp},
};

/// GSI1 partition of every invoice.
pub const ALL_INVOICES: &str = "INVOICES";
/// Sort key of an invoice's list entry.
const LIST_SK: &str = "LIST";
/// The invoices' search index items: a number gives 18 prefixes and a name
/// a dozen or so; 40 keeps an issue (the number's items in) within one
/// transaction with the invoice's other writes.
pub const INDEX: SearchIndex = SearchIndex {
    name: "ISEARCH",
    max_items: 40,
};
/// Source of the tokens an invoice owns.
const SOURCE: &str = "I";
/// Most words of the customer's name that are indexed.
const MAX_NAME_WORDS: usize = 6;

/// The tokens of an invoice, its number's first (the index keeps the
/// prefixes of the first ones when there are too many).
pub fn tokens(invoice: &Invoice) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    if let Some(number) = &invoice.invoice_number {
        let text = number.to_string().to_lowercase();
        found.push(text.replace('-', ""));
        match number.sequence() {
            Some(sequence) => {
                found.push(format!("{sequence:06}"));
                found.push(sequence.to_string());
            }
            // A moved number is found by what follows `INV-` too.
            None => found.extend(text.split_once('-').map(|(_, rest)| rest.to_string())),
        }
    }
    let name = words(&invoice.customer_name)
        .into_iter()
        .take(MAX_NAME_WORDS);
    for word in name {
        if !found.contains(&word) {
            found.push(word);
        }
    }
    found
}

fn list_entry_key(invoice: &Invoice) -> Key {
    Key::new(invoice.key().pk, LIST_SK)
}

fn list_entry_op(invoice: &Invoice) -> WriteOp {
    let mut item = list_entry_key(invoice).to_item();
    item.insert("gsi1pk".into(), Value::s(ALL_INVOICES));
    item.insert("gsi1sk".into(), Value::s(invoice.list_sort_key()));
    with_target(&mut item, &invoice.key());
    WriteOp::put(item)
}

/// The index writes taking an invoice from `before` to `after` (`None`: it
/// does not exist on that side); unchanged entries are left alone.
pub fn ops(before: Option<&Invoice>, after: Option<&Invoice>) -> Vec<WriteOp> {
    let mut ops = Vec::new();
    match (before, after) {
        (None, Some(new)) => ops.push(list_entry_op(new)),
        (Some(old), None) => ops.push(WriteOp::Delete {
            key: list_entry_key(old),
            condition: None,
        }),
        (Some(old), Some(new)) if old.list_sort_key() != new.list_sort_key() => {
            ops.push(list_entry_op(new));
        }
        _ => {}
    }
    let Some(invoice) = after.or(before) else {
        return ops;
    };
    ops.extend(INDEX.replace_ops(
        &before.map(tokens).unwrap_or_default(),
        &after.map(tokens).unwrap_or_default(),
        invoice.id.as_str(),
        SOURCE,
        &invoice.key(),
    ));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        invoices::{InvoiceNumber, tests::sample},
        search::SearchQuery,
    };

    #[test]
    fn an_invoice_is_found_by_its_number_and_its_customer() {
        let mut invoice = sample(chrono::Utc::now());
        assert_eq!(tokens(&invoice), ["helene", "ben", "ali"]);
        invoice.invoice_number = Some(InvoiceNumber::new(2026, 42));
        let found = tokens(&invoice);
        for typed in [
            "INV-2026-000042",
            "inv-2026",
            "000042",
            "42",
            "Hélène",
            "ben",
        ] {
            let query = SearchQuery::parse(typed).unwrap().unwrap();
            assert!(
                found.iter().any(|token| token.starts_with(&query.lookup)),
                "{typed} → {query:?} in {found:?}"
            );
        }
        // A new invoice: its list entry and one item per prefix.
        let prefixes = INDEX.prefixes(&found).len();
        assert!(prefixes <= INDEX.max_items);
        assert_eq!(ops(None, Some(&invoice)).len(), 1 + prefixes);
    }

    #[test]
    fn issuing_adds_the_number_prefixes_only() {
        let draft = sample(chrono::Utc::now());
        let mut issued = draft.clone();
        issued.invoice_number = Some(InvoiceNumber::new(2026, 7));
        // `inv2026000007` (10 prefixes), `000007` (6), `7` (1); the list
        // date of a draft created today is unchanged.
        assert_eq!(ops(Some(&draft), Some(&issued)).len(), 17);
    }
}
