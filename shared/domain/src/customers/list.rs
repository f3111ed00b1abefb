//! Listing and searching customers.
//!
//! Each shape of list reads one index in its order: creation (GSI1), name
//! (GSI2), customers with unpaid invoices (GSI3 markers), or the search
//! index. Filters the index does not cover are checked on the rows read.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use ulid::Ulid;

use super::{Aggregates, BY_CREATION, BY_NAME, Customer, CustomerError, ledger, search};
use crate::{
    search::{ListRequest, Rows, SearchQuery, list_page, row_matches},
    store::{Index, Item, ListPage, PageRequest, Query, SortKey, Table, from_item},
    values::InvalidValue,
};

/// The order of a list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Ordering {
    /// `-created_at` (the default).
    #[default]
    NewestFirst,
    /// `created_at`.
    OldestFirst,
    /// `name`: last name, then first name.
    Name,
    /// `-name`.
    NameDescending,
}

impl Ordering {
    /// Parses `?ordering=`.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        match text {
            "-created_at" => Ok(Ordering::NewestFirst),
            "created_at" => Ok(Ordering::OldestFirst),
            "name" => Ok(Ordering::Name),
            "-name" => Ok(Ordering::NameDescending),
            _ => Err(InvalidValue::new(
                "must be one of name, -name, created_at, -created_at",
            )),
        }
    }

    fn forward(self) -> bool {
        matches!(self, Ordering::OldestFirst | Ordering::Name)
    }

    fn by_name(self) -> bool {
        matches!(self, Ordering::Name | Ordering::NameDescending)
    }
}

/// What to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// `?search=`; results come in creation order (newest first unless
    /// `ordering=created_at`).
    pub search: Option<SearchQuery>,
    /// Created at or after.
    pub created_after: Option<DateTime<Utc>>,
    /// Created at or before.
    pub created_before: Option<DateTime<Utc>>,
    /// With (or without) unpaid invoices.
    pub has_unpaid_invoices: Option<bool>,
    /// Order of the list.
    pub ordering: Ordering,
}

/// Parses a `created_after` / `created_before` value: an RFC 3339 instant,
/// or a date in the garage's time zone (its start, or its end when
/// `end_of_day`, so that a date bound includes the whole day).
pub fn parse_bound(
    text: &str,
    time_zone: Tz,
    end_of_day: bool,
) -> Result<DateTime<Utc>, InvalidValue> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| InvalidValue::new("must be a date (YYYY-MM-DD) or an RFC 3339 date-time"))?;
    let local = if end_of_day {
        date.succ_opt()
            .and_then(|next| {
                time_zone
                    .from_local_datetime(&next.and_time(NaiveTime::MIN))
                    .earliest()
            })
            .map(|next| next - chrono::Duration::microseconds(1))
    } else {
        time_zone
            .from_local_datetime(&date.and_time(NaiveTime::MIN))
            .earliest()
    };
    local
        .map(|local| local.with_timezone(&Utc))
        .ok_or_else(|| InvalidValue::new("is not a valid date"))
}

/// The lowest (or highest) ULID of the millisecond of `at`.
fn id_bound(at: DateTime<Utc>, upper: bool) -> String {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    let random = if upper { (1u128 << 80) - 1 } else { 0 };
    Ulid::from_parts(millis, random).to_string()
}

impl ListFilter {
    /// What this list selects, as text: a page continues only a page of
    /// the same scope.
    pub fn scope(&self) -> String {
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}",
            self.search,
            self.created_after,
            self.created_before,
            self.has_unpaid_invoices,
            self.ordering
        )
    }

    /// The sort key range of an index ordered by customer id (`suffix`
    /// closes the upper bound over sort keys that continue after the id).
    fn id_range(&self, suffix: &str) -> SortKey {
        let low = self.created_after.map(|at| id_bound(at, false));
        let high = self
            .created_before
            .map(|at| format!("{}{suffix}", id_bound(at, true)));
        match (low, high) {
            (Some(low), Some(high)) => SortKey::Between(low, high),
            (Some(low), None) => SortKey::Ge(low),
            (None, Some(high)) => SortKey::Le(high),
            (None, None) => SortKey::Any,
        }
    }

    /// The index to read, and what its rows are.
    fn source(&self) -> Result<(Query, Rows), CustomerError> {
        // Search and marker sort keys start with the customer id, then `#`:
        // `$` sorts after `#`, closing the upper bound of an id range.
        let mut query = if let Some(search) = &self.search {
            search::INDEX
                .lookup(&search.lookup)
                .sort(self.id_range("$"))
        } else if self.has_unpaid_invoices == Some(true) {
            if self.ordering.by_name() {
                return Err(CustomerError::invalid(
                    "ordering",
                    "customers with unpaid invoices are listed by creation date only",
                ));
            }
            Query::partition(Index::Gsi3, ledger::UNPAID_PARTITION).sort(self.id_range("$"))
        } else if self.ordering.by_name() {
            Query::partition(Index::Gsi2, BY_NAME)
        } else {
            Query::partition(Index::Gsi1, BY_CREATION).sort(self.id_range(""))
        };
        // Searches come in creation order: by name, newest first.
        query.forward =
            self.ordering.forward() && !(self.search.is_some() && self.ordering.by_name());
        let rows = if self.search.is_some() || self.has_unpaid_invoices == Some(true) {
            Rows::References
        } else {
            Rows::Entities
        };
        Ok((query, rows))
    }

    /// Whether a profile item passes the filters the index did not apply.
    fn accepts(&self, item: &Item) -> bool {
        let (Ok(customer), Ok(aggregates)) = (
            from_item::<Customer>(item.clone()),
            from_item::<Aggregates>(item.clone()),
        ) else {
            return false;
        };
        self.created_after
            .is_none_or(|at| customer.created_at >= at)
            && self
                .created_before
                .is_none_or(|at| customer.created_at <= at)
            && self
                .has_unpaid_invoices
                .is_none_or(|unpaid| (aggregates.unpaid_invoice_count > 0) == unpaid)
            && self.search.as_ref().is_none_or(|search| {
                let tokens = search::tokens(&customer);
                search.matches_others(tokens.iter().map(String::as_str))
            })
    }
}

/// The customers a filter selects, with the index that serves it chosen.
#[derive(Debug)]
pub struct Listing<'a> {
    filter: &'a ListFilter,
    query: Query,
    rows: Rows,
}

impl<'a> Listing<'a> {
    /// The list `filter` selects, or why it cannot be listed.
    pub fn new(filter: &'a ListFilter) -> Result<Self, CustomerError> {
        let (query, rows) = filter.source()?;
        Ok(Self {
            filter,
            query,
            rows,
        })
    }

    /// One page of the list.
    pub async fn read(
        &self,
        table: &dyn Table,
        page: PageRequest,
    ) -> Result<ListPage<Customer>, CustomerError> {
        let filter = self.filter;
        let row_filter = |row: &Item| {
            filter
                .search
                .as_ref()
                .is_none_or(|search| row_matches(row, &search.lookup))
        };
        let accept = |item: &Item| filter.accepts(item);
        let request = ListRequest {
            query: self.query.clone(),
            rows: self.rows,
            page,
            row_filter: &row_filter,
            accept: &accept,
        };
        list_page(table, request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_cover_the_whole_day_in_the_garage_time_zone() {
        let tunis = chrono_tz::Africa::Tunis;
        let start = parse_bound("2026-03-01", tunis, false).unwrap();
        assert_eq!(start.to_rfc3339(), "2026-02-28T23:00:00+00:00");
        let end = parse_bound("2026-03-01", tunis, true).unwrap();
        assert_eq!(end.to_rfc3339(), "2026-03-01T22:59:59.999999+00:00");
        let instant = parse_bound("2026-03-01T10:00:00+01:00", tunis, true).unwrap();
        assert_eq!(instant.to_rfc3339(), "2026-03-01T09:00:00+00:00");
        assert!(parse_bound("yesterday", tunis, false).is_err());
    }

    #[test]
    fn id_bounds_enclose_every_id_of_their_millisecond() {
        let at: DateTime<Utc> = "2026-03-01T10:00:00.123Z".parse().unwrap();
        let id = crate::values::CustomerId::generate(at);
        assert!(id_bound(at, false).as_str() <= id.as_str());
        assert!(id_bound(at, true).as_str() >= id.as_str());
    }

    #[test]
    fn orderings() {
        assert_eq!(Ordering::parse("name").unwrap(), Ordering::Name);
        assert_eq!(
            Ordering::parse("-created_at").unwrap(),
            Ordering::NewestFirst
        );
        assert!(Ordering::parse("email").is_err());
    }
}
