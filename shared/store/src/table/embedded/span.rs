//! The key range a query reads, so that a query is a range scan of one
//! partition of one index, never a scan of the table.
//!
//! Index keys are tuples of byte strings compared element-wise, byte-wise:
//! `(pk, sk)` for the base table, `(index pk, index sk, pk, sk)` for a GSI.
//! The range is normalised to an inclusive lower bound (or an exclusive one
//! after a start key) and an exclusive upper bound.

use std::ops::Bound;

use ecar_domain::store::item::{Item, Value};
use ecar_domain::store::rules::last_key_attributes;
use ecar_domain::store::table::{Index, PK, Query, SK, SortKey};

/// An index key as its components.
pub(super) type Parts = Vec<Vec<u8>>;

/// The range of index keys a query may read.
pub(super) struct Span {
    /// Where the range starts.
    pub lower: Parts,
    /// Whether `lower` itself is left out (reading on after a start key).
    pub lower_excluded: bool,
    /// Where the range ends (excluded).
    pub upper: Parts,
}

impl Span {
    /// The range of a query, after its start key if it has one (the start key
    /// was checked against the index's shape before).
    pub fn of(query: &Query) -> Self {
        let width = key_width(query.index);
        let partition = query.partition.as_bytes().to_vec();
        let at = |sort: Vec<u8>| {
            let mut parts = vec![partition.clone(), sort];
            parts.resize(width, Vec::new());
            parts
        };
        let (low, high) = sort_bounds(&query.sort);
        let lower = at(low);
        let upper = match high {
            Some(high) => at(high),
            // The least key of any later partition: partition + NUL, then minima.
            None => {
                let mut parts = vec![successor_string(&partition)];
                parts.resize(width, Vec::new());
                parts
            }
        };
        let mut span = Span {
            lower,
            lower_excluded: false,
            upper,
        };
        if let Some(start) = query
            .start_after
            .as_ref()
            .map(|s| start_parts(query.index, s))
        {
            span.resume_after(start, query.forward);
        }
        span
    }

    /// Narrows the range to the keys after `start` in the reading direction.
    fn resume_after(&mut self, start: Parts, forward: bool) {
        if forward {
            if start >= self.lower {
                self.lower = start;
                self.lower_excluded = true;
            }
        } else if start < self.upper {
            self.upper = start;
        }
    }

    /// Whether no key can fall in the range.
    pub fn is_empty(&self) -> bool {
        self.lower >= self.upper
    }

    /// The range's bounds as redb takes them, borrowing the components.
    pub fn bounds<'a, K>(&'a self, key: impl Fn(&'a Parts) -> K) -> (Bound<K>, Bound<K>) {
        let lower = if self.lower_excluded {
            Bound::Excluded(key(&self.lower))
        } else {
            Bound::Included(key(&self.lower))
        };
        (lower, Bound::Excluded(key(&self.upper)))
    }
}

/// Components of an index key: `(pk, sk)` or `(index pk, index sk, pk, sk)`.
fn key_width(index: Index) -> usize {
    match index {
        Index::Primary => 2,
        Index::Gsi1 | Index::Gsi2 | Index::Gsi3 => 4,
    }
}

/// The index key components of a start key (or of any item of the index).
fn start_parts(index: Index, start: &Item) -> Parts {
    let (partition, sort) = index.key_attributes();
    let mut names = vec![partition, sort];
    if index != Index::Primary {
        names.extend([PK, SK]);
    }
    names
        .into_iter()
        .map(|name| {
            start
                .get(name)
                .and_then(Value::as_s)
                .unwrap_or_default()
                .as_bytes()
                .to_vec()
        })
        .collect()
}

/// The key an item leaves as a page's `last_key` for this index.
pub(super) fn last_key_of(index: Index, item: &Item) -> Item {
    last_key_attributes(index)
        .into_iter()
        .filter_map(|name| Some((name.to_string(), item.get(name)?.clone())))
        .collect()
}

/// Sort key bounds: inclusive low, exclusive high (`None`: end of partition).
fn sort_bounds(sort: &SortKey) -> (Vec<u8>, Option<Vec<u8>>) {
    let bytes = |text: &String| text.as_bytes().to_vec();
    match sort {
        SortKey::Any => (Vec::new(), None),
        SortKey::Eq(v) => (bytes(v), Some(successor_string(v.as_bytes()))),
        SortKey::BeginsWith(prefix) => (bytes(prefix), prefix_end(prefix.as_bytes())),
        SortKey::Between(low, high) => (bytes(low), Some(successor_string(high.as_bytes()))),
        SortKey::Lt(v) => (Vec::new(), Some(bytes(v))),
        SortKey::Le(v) => (Vec::new(), Some(successor_string(v.as_bytes()))),
        SortKey::Gt(v) => (successor_string(v.as_bytes()), None),
        SortKey::Ge(v) => (bytes(v), None),
    }
}

/// The least byte string greater than `bytes`: `bytes` followed by NUL.
fn successor_string(bytes: &[u8]) -> Vec<u8> {
    let mut next = bytes.to_vec();
    next.push(0);
    next
}

/// The least byte string greater than every string starting with `prefix`.
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(items: &[&str]) -> Parts {
        items.iter().map(|p| p.as_bytes().to_vec()).collect()
    }

    #[test]
    fn a_prefix_ends_at_its_last_byte_plus_one() {
        assert_eq!(prefix_end(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_end(&[b'a', 0xff]), Some(b"b".to_vec()));
        assert_eq!(prefix_end(&[0xff]), None);
    }

    #[test]
    fn a_gsi_partition_ends_before_the_next_partition() {
        let span = Span::of(&Query::partition(Index::Gsi2, "P"));
        assert_eq!(span.lower, parts(&["P", "", "", ""]));
        assert!(!span.lower_excluded);
        assert_eq!(span.upper, parts(&["P\0", "", "", ""]));
    }

    #[test]
    fn a_start_key_narrows_the_side_being_read() {
        let start = Item::from([
            ("pk".to_string(), Value::s("P")),
            ("sk".to_string(), Value::s("m")),
        ]);
        let forward = Query::partition(Index::Primary, "P").start_after(Some(start.clone()));
        let span = Span::of(&forward);
        assert_eq!(
            (span.lower, span.lower_excluded),
            (parts(&["P", "m"]), true)
        );
        let backward = forward.backward();
        let span = Span::of(&backward);
        assert_eq!(span.upper, parts(&["P", "m"]));
        assert_eq!(
            (span.lower, span.lower_excluded),
            (parts(&["P", ""]), false)
        );
        let outside = Query::partition(Index::Primary, "P")
            .sort(SortKey::Gt("x".into()))
            .start_after(Some(start))
            .backward();
        assert!(Span::of(&outside).is_empty());
    }
}
