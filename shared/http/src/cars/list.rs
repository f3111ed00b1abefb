//! Listing and searching cars, newest first. A customer sees only their own.

use super::{ALL_CARS, Car, FuelType, customer_cars, make_partition, search};
use crate::{
    customers::CustomerError,
    domain::CustomerId,
    http::{CursorCodec, PageParams},
    search::{ListRequest, Rows, SearchQuery, fold, list_page, row_matches},
    store::{Index, Item, Query, Table, from_item},
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

/// One page of cars.
#[derive(Clone, Debug)]
pub struct CarPage {
    /// The cars.
    pub cars: Vec<Car>,
    /// The cursor of the next page.
    pub next_cursor: Option<String>,
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

/// One page of the cars `filter` selects; `visible_to` restricts a
/// customer to their own cars (another customer's are not found).
pub async fn list(
    table: &dyn Table,
    cursors: &CursorCodec,
    filter: &CarFilter,
    params: &PageParams,
    visible_to: Option<&CustomerId>,
    caller_user_id: &str,
) -> Result<CarPage, CustomerError> {
    let limit = params.limit()?;
    let mut filter = filter.clone();
    if let Some(own) = visible_to {
        if filter.customer_id.as_ref().is_some_and(|id| id != own) {
            return Ok(CarPage {
                cars: Vec::new(),
                next_cursor: None,
            });
        }
        filter.customer_id = Some(own.clone());
    }
    let binding = format!("cars|{caller_user_id}|{filter:?}");
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
        binding: &binding,
        query,
        rows,
        limit,
        cursor: params.cursor.as_deref(),
        row_filter: &row_filter,
        accept: &accept,
    };
    let (cars, next_cursor) = list_page::<Car, CustomerError>(table, cursors, request).await?;
    Ok(CarPage { cars, next_cursor })
}
