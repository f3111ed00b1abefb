//! Listing and searching cars, newest first. A customer sees only their own.

use super::{ALL_CARS, Car, FuelType, customer_cars, make_partition, search};
use crate::{
    customers::CustomerError,
    search::{ListRequest, Rows, SearchQuery, fold, list_page, row_matches},
    store::{Index, Item, ListPage, PageRequest, Query, Table, from_item},
    values::CustomerId,
};

/// What to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CarFilter {
    /// One customer's cars.
    pub customer_id: Option<CustomerId>,
    /// One make (any case, accents ignored).
    pub make: Option<String>,
    /// One fuel.
    pub fuel_type: Option<FuelType>,
    /// Prefix of the plate, the VIN, or a word of the make or model.
    pub search: Option<SearchQuery>,
}

impl CarFilter {
    /// Whether a car passes the filters its index did not apply.
    fn accepts(&self, car: &Car, search_in_memory: bool) -> bool {
        let tokens = search::tokens(car);
        self.customer_id
            .as_ref()
            .is_none_or(|id| *id == car.customer_id)
            && self
                .make
                .as_ref()
                .is_none_or(|make| fold(make.trim()) == fold(car.make.as_str()))
            && self.fuel_type.is_none_or(|fuel| fuel == car.fuel_type)
            && self.search.as_ref().is_none_or(|search| {
                let found = !search_in_memory
                    || tokens.iter().any(|token| token.starts_with(&search.lookup));
                found && search.matches_others(tokens.iter().map(String::as_str))
            })
    }

    /// The index to read, what its rows are, and whether the search is left
    /// to the filter (a customer's few cars are read whole).
    fn source(&self) -> (Query, Rows, bool) {
        let (query, rows, in_memory) = match (&self.customer_id, &self.search, &self.make) {
            (Some(customer), _, _) => (
                Query::partition(Index::Gsi2, customer_cars(customer)),
                Rows::Entities,
                true,
            ),
            (None, Some(search), _) => (
                search::INDEX.lookup(&search.lookup),
                Rows::References,
                false,
            ),
            (None, None, Some(make)) => (
                Query::partition(Index::Gsi3, make_partition(make)),
                Rows::Entities,
                false,
            ),
            (None, None, None) => (
                Query::partition(Index::Gsi1, ALL_CARS),
                Rows::Entities,
                false,
            ),
        };
        (query.backward(), rows, in_memory)
    }
}

/// The cars a filter selects for a caller.
#[derive(Debug)]
pub struct Listing {
    /// The filter, restricted to what the caller may see.
    filter: CarFilter,
}

impl Listing {
    /// The cars `filter` selects; `visible_to` restricts a customer to
    /// their own cars. `None` when it selects none (another customer's).
    pub fn new(filter: &CarFilter, visible_to: Option<&CustomerId>) -> Option<Self> {
        let mut filter = filter.clone();
        if let Some(own) = visible_to {
            if filter.customer_id.as_ref().is_some_and(|id| id != own) {
                return None;
            }
            filter.customer_id = Some(own.clone());
        }
        Some(Self { filter })
    }

    /// What this list selects, as text: a page continues only a page of
    /// the same scope.
    pub fn scope(&self) -> String {
        format!("{:?}", self.filter)
    }

    /// One page of the list, newest first.
    pub async fn read(
        &self,
        table: &dyn Table,
        page: PageRequest,
    ) -> Result<ListPage<Car>, CustomerError> {
        let filter = &self.filter;
        let (query, rows, in_memory) = filter.source();
        let row_filter = |row: &Item| {
            in_memory
                || filter
                    .search
                    .as_ref()
                    .is_none_or(|search| row_matches(row, &search.lookup))
        };
        let accept = |item: &Item| {
            from_item::<Car>(item.clone()).is_ok_and(|car| filter.accepts(&car, in_memory))
        };
        let request = ListRequest {
            query,
            rows,
            page,
            row_filter: &row_filter,
            accept: &accept,
        };
        list_page(table, request).await
    }
}
