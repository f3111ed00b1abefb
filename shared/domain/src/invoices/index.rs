//! The index items an invoice owns (written by [`crate::entity::index`]):
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
    entity::EntityIndex,
    search::{SearchIndex, words},
};

/// GSI1 partition of every invoice.
pub const ALL_INVOICES: &str = "INVOICES";
/// The invoices' list entries and search index items (`I`: the tokens an
/// invoice owns). A number gives 18 prefixes and a name a dozen or so; 40
/// keeps an issue (the number's items in) within one transaction with the
/// invoice's other writes.
pub const INDEX: EntityIndex = EntityIndex {
    list: ALL_INVOICES,
    search: SearchIndex {
        name: "ISEARCH",
        max_items: 40,
    },
    source: "I",
};
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        entity::index::ops,
        invoices::{InvoiceNumber, sample},
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
        let prefixes = INDEX.search.prefixes(&found).len();
        assert!(prefixes <= INDEX.search.max_items);
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
