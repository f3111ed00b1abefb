//! Lists of invoices: the filtered list and the `paid`, `unpaid` and `refunded` views,
//! each read from one index partition, never from a scan.
//!
//! Which partition: the customer's (GSI2) when the list is a customer's or
//! is filtered by customer, else the pending invoices by due date (GSI3) for
//! `?overdue=true`, else the search index for a `?search=`, else the
//! status's (GSI1), else the list of every invoice (list entries on GSI1).
//! The list partitions are sorted by `<list date>#<id>` (the issue date, or
//! a draft's creation date), newest first, so issue date bounds are a key
//! range; the other filters are checked on the rows read. Customers never
//! see drafts.

use chrono::NaiveDate;

use super::{DUE_PARTITION, Invoice, InvoiceError, by_customer, by_status, index};
use crate::{
    search::{self, Rows, SearchQuery, read_selected},
    services::views::Audience,
    store::{Index, ListPage, PageRequest, Query, SortKey, Table},
    values::{CustomerId, InvoiceStatus},
};

/// Which list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Every invoice the filters select.
    All,
    /// Paid invoices.
    Paid,
    /// Issued invoices awaiting payment.
    Unpaid,
    /// Refunded invoices.
    Refunded,
}

impl View {
    fn status(self) -> Option<InvoiceStatus> {
        match self {
            View::All => None,
            View::Paid => Some(InvoiceStatus::Paid),
            View::Unpaid => Some(InvoiceStatus::Pending),
            View::Refunded => Some(InvoiceStatus::Refunded),
        }
    }
}

/// The filters of a list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// `?status=`.
    pub status: Option<InvoiceStatus>,
    /// `?customer_id=`.
    pub customer_id: Option<CustomerId>,
    /// `?issued_after=`: issued on or after that day.
    pub issued_after: Option<NaiveDate>,
    /// `?issued_before=`: issued on or before that day.
    pub issued_before: Option<NaiveDate>,
    /// `?overdue=`: pending and past their due date (`true`), or not (`false`).
    pub overdue: Option<bool>,
    /// `?search=`: the number, or words of the customer's name.
    pub search: Option<SearchQuery>,
}

/// A list request with the view, the audience and today's date folded in.
#[derive(Debug)]
struct Selection {
    status: Option<InvoiceStatus>,
    customer_id: Option<CustomerId>,
    after: Option<NaiveDate>,
    before: Option<NaiveDate>,
    overdue: Option<bool>,
    search: Option<SearchQuery>,
    hide_drafts: bool,
    today: NaiveDate,
}

impl Selection {
    /// The selection, or `None` when it can select nothing.
    fn new(view: View, filter: &ListFilter, audience: &Audience, today: NaiveDate) -> Option<Self> {
        let mut status = match (view.status(), filter.status) {
            (Some(fixed), Some(asked)) if fixed != asked => return None,
            (fixed, asked) => fixed.or(asked),
        };
        if filter.overdue == Some(true) {
            match status {
                Some(InvoiceStatus::Pending) | None => status = Some(InvoiceStatus::Pending),
                Some(_) => return None,
            }
        }
        let hide_drafts = matches!(audience, Audience::Customer(_));
        if hide_drafts && status == Some(InvoiceStatus::Draft) {
            return None;
        }
        let customer_id = match (audience, &filter.customer_id) {
            (Audience::Customer(own), Some(asked)) if own != asked => return None,
            (Audience::Customer(own), _) => Some(own.clone()),
            (Audience::Staff, asked) => asked.clone(),
            // Technicians see no invoices (the routes refuse them anyway).
            (Audience::Technician(_), _) => return None,
        };
        Some(Self {
            status,
            customer_id,
            after: filter.issued_after,
            before: filter.issued_before,
            overdue: filter.overdue,
            search: filter.search.clone(),
            hide_drafts,
            today,
        })
    }

    /// The sort key range of the list dates (`$` sorts after `#`, closing the last day).
    fn date_range(&self) -> SortKey {
        let low = self.after.map(|date| date.to_string());
        let high = self.before.map(|date| format!("{date}$"));
        match (low, high) {
            (Some(low), Some(high)) => SortKey::Between(low, high),
            (Some(low), None) => SortKey::Ge(low),
            (None, Some(high)) => SortKey::Le(high),
            (None, None) => SortKey::Any,
        }
    }
}

impl search::Selection for Selection {
    type Entity = Invoice;

    fn search(&self) -> Option<&SearchQuery> {
        self.search.as_ref()
    }

    fn source(&self) -> (Query, Rows, bool) {
        if let Some(customer_id) = &self.customer_id {
            let query = Query::partition(Index::Gsi2, by_customer(customer_id));
            (
                query.sort(self.date_range()).backward(),
                Rows::Entities,
                false,
            )
        } else if self.overdue == Some(true) {
            // Most overdue first.
            let query = Query::partition(Index::Gsi3, DUE_PARTITION)
                .sort(SortKey::Lt(self.today.to_string()));
            (query, Rows::Entities, false)
        } else if let Some(search) = &self.search {
            (
                index::INDEX.search.lookup(&search.lookup),
                Rows::References,
                true,
            )
        } else if let Some(status) = self.status {
            let query = Query::partition(Index::Gsi1, by_status(status));
            (
                query.sort(self.date_range()).backward(),
                Rows::Entities,
                false,
            )
        } else {
            let query = Query::partition(Index::Gsi1, index::ALL_INVOICES);
            (
                query.sort(self.date_range()).backward(),
                Rows::References,
                false,
            )
        }
    }

    fn accepts(&self, invoice: &Invoice, searched: bool) -> bool {
        let tokens = index::tokens(invoice);
        let words_match = |words: &[String]| {
            words
                .iter()
                .all(|word| tokens.iter().any(|token| token.starts_with(word.as_str())))
        };
        let dated = self.after.is_some() || self.before.is_some();
        let overdue = invoice.status == InvoiceStatus::Pending && invoice.due_date < self.today;
        self.status.is_none_or(|status| invoice.status == status)
            && !(self.hide_drafts && invoice.status == InvoiceStatus::Draft)
            && self
                .customer_id
                .as_ref()
                .is_none_or(|id| &invoice.customer_id == id)
            && (!dated || invoice.issued_date.is_some())
            && self.after.is_none_or(|date| invoice.list_date() >= date)
            && self.before.is_none_or(|date| invoice.list_date() <= date)
            && self.overdue.is_none_or(|wanted| overdue == wanted)
            && self.search.as_ref().is_none_or(|search| {
                words_match(&search.others)
                    && (searched || words_match(std::slice::from_ref(&search.lookup)))
            })
    }
}

/// The invoices a view and its filters select for an audience.
#[derive(Debug)]
pub struct Listing {
    view: View,
    selection: Selection,
}

impl Listing {
    /// The invoices `view` and `filter` select for `audience`, as of
    /// `today` (the garage's date); `None` when they can select none.
    pub fn new(
        view: View,
        filter: &ListFilter,
        audience: &Audience,
        today: NaiveDate,
    ) -> Option<Self> {
        let selection = Selection::new(view, filter, audience, today)?;
        Some(Self { view, selection })
    }

    /// What this list selects, as text: a page continues only a page of
    /// the same scope.
    pub fn scope(&self) -> String {
        format!("{:?}|{:?}", self.view, self.selection)
    }

    /// One page of the list.
    pub async fn read(
        &self,
        table: &dyn Table,
        page: PageRequest,
    ) -> Result<ListPage<Invoice>, InvoiceError> {
        read_selected(table, &self.selection, page).await
    }
}
