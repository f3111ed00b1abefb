//! Lists of services: the filtered list and the `upcoming`, `in_progress` and
//! `completed` views, each read from one index partition in date order, never
//! from a scan.
//!
//! Which partition: the customer's (GSI3) when the list is a customer's or is
//! filtered by customer, else the car's (GSI2), else the search index for a
//! `?search=`, else the status's (GSI1), else the list of every service
//! (list entries on GSI1). Every partition is sorted by `<scheduled
//! date>#<id>`, so date bounds are a key range; the other filters are checked
//! on the rows read.

use chrono::NaiveDate;

use super::{
    Service, ServiceError, Status, assignment::by_technician, by_car, by_customer, by_status, index,
};
use crate::{
    Ports,
    search::{self, Rows, SearchQuery, read_selected},
    store::{Index, ListPage, PageRequest, Query, SortKey, Table},
    values::{CarId, CustomerId},
};

/// Today in the garage's time zone.
pub fn today(ports: &Ports) -> NaiveDate {
    ports
        .clock
        .now()
        .with_timezone(&ports.config.time_zone)
        .date_naive()
}

/// Which list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Every service the filters select, latest date first.
    All,
    /// Scheduled services booked for today or later, soonest first.
    Upcoming,
    /// Services in progress, earliest date first.
    InProgress,
    /// Completed services, latest date first.
    Completed,
}

impl View {
    /// The status the view is limited to.
    fn status(self) -> Option<Status> {
        match self {
            View::All => None,
            View::Upcoming => Some(Status::Scheduled),
            View::InProgress => Some(Status::InProgress),
            View::Completed => Some(Status::Completed),
        }
    }

    fn forward(self) -> bool {
        matches!(self, View::Upcoming | View::InProgress)
    }
}

/// The filters of a list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// `?status=`.
    pub status: Option<Status>,
    /// `?car_id=`.
    pub car_id: Option<CarId>,
    /// `?customer_id=`.
    pub customer_id: Option<CustomerId>,
    /// `?scheduled_after=`: booked on or after that day.
    pub scheduled_after: Option<NaiveDate>,
    /// `?scheduled_before=`: booked on or before that day.
    pub scheduled_before: Option<NaiveDate>,
    /// `?search=`: words of the title or type.
    pub search: Option<SearchQuery>,
}

/// Who a list is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Staff: every service.
    Staff,
    /// A customer: only their own.
    Customer(CustomerId),
    /// A technician (user id): only the services assigned to them.
    Technician(String),
}

/// A list request with the view, the audience and today's date folded in.
#[derive(Debug)]
struct Selection {
    status: Option<Status>,
    car_id: Option<CarId>,
    customer_id: Option<CustomerId>,
    after: Option<NaiveDate>,
    before: Option<NaiveDate>,
    search: Option<SearchQuery>,
    technician: Option<String>,
    forward: bool,
}

impl Selection {
    /// The selection, or `None` when it can select nothing (a customer asking
    /// for another customer's services, a view asked for another status).
    fn new(view: View, filter: &ListFilter, audience: &Audience, today: NaiveDate) -> Option<Self> {
        let status = match (view.status(), filter.status) {
            (Some(fixed), Some(asked)) if fixed != asked => return None,
            (fixed, asked) => fixed.or(asked),
        };
        let customer_id = match (audience, &filter.customer_id) {
            (Audience::Customer(own), Some(asked)) if own != asked => return None,
            (Audience::Customer(own), _) => Some(own.clone()),
            (Audience::Staff | Audience::Technician(_), asked) => asked.clone(),
        };
        let technician = match audience {
            Audience::Technician(user_id) => Some(user_id.clone()),
            _ => None,
        };
        let after = match view {
            View::Upcoming => Some(
                filter
                    .scheduled_after
                    .map_or(today, |after| after.max(today)),
            ),
            _ => filter.scheduled_after,
        };
        Some(Self {
            status,
            car_id: filter.car_id.clone(),
            customer_id,
            after,
            before: filter.scheduled_before,
            search: filter.search.clone(),
            technician,
            forward: view.forward(),
        })
    }

    /// The sort key range of the dates (sort keys are `<date>#<id>`; `$`
    /// sorts after `#`, closing the last day).
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
    type Entity = Service;

    fn search(&self) -> Option<&SearchQuery> {
        self.search.as_ref()
    }

    fn source(&self) -> (Query, Rows, bool) {
        let (query, rows, searched) = if let Some(technician) = &self.technician {
            let query = Query::partition(Index::Gsi1, by_technician(technician));
            (query.sort(self.date_range()), Rows::References, false)
        } else if let Some(customer_id) = &self.customer_id {
            let query = Query::partition(Index::Gsi3, by_customer(customer_id));
            (query.sort(self.date_range()), Rows::Entities, false)
        } else if let Some(car_id) = &self.car_id {
            let query = Query::partition(Index::Gsi2, by_car(car_id));
            (query.sort(self.date_range()), Rows::Entities, false)
        } else if let Some(search) = &self.search {
            (
                index::INDEX.search.lookup(&search.lookup),
                Rows::References,
                true,
            )
        } else if let Some(status) = self.status {
            let query = Query::partition(Index::Gsi1, by_status(status));
            (query.sort(self.date_range()), Rows::Entities, false)
        } else {
            let query = Query::partition(Index::Gsi1, index::ALL_SERVICES);
            (query.sort(self.date_range()), Rows::References, false)
        };
        let query = if self.forward || searched {
            query
        } else {
            query.backward()
        };
        (query, rows, searched)
    }

    fn accepts(&self, service: &Service, searched: bool) -> bool {
        let tokens = index::tokens(service);
        let words_match = |words: &[String]| {
            words
                .iter()
                .all(|word| tokens.iter().any(|token| token.starts_with(word.as_str())))
        };
        self.technician
            .as_ref()
            .is_none_or(|id| service.technician_id.as_ref() == Some(id))
            && self.status.is_none_or(|status| service.status == status)
            && self.car_id.as_ref().is_none_or(|id| &service.car_id == id)
            && self
                .customer_id
                .as_ref()
                .is_none_or(|id| &service.customer_id == id)
            && self.after.is_none_or(|date| service.scheduled_date >= date)
            && self
                .before
                .is_none_or(|date| service.scheduled_date <= date)
            && self.search.as_ref().is_none_or(|search| {
                words_match(&search.others)
                    && (searched || words_match(std::slice::from_ref(&search.lookup)))
            })
    }
}

/// The services a view and its filters select for an audience.
#[derive(Debug)]
pub struct Listing {
    view: View,
    selection: Selection,
}

impl Listing {
    /// The services `view` and `filter` select for `audience`, as of
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
    ) -> Result<ListPage<Service>, ServiceError> {
        read_selected(table, &self.selection, page).await
    }
}
