//! `/api/service-items`: the Django ECAR's routes of service items, on the
//! items of services here.
//!
//! Here an item lives inside its service (one stored service holds its
//! items and subtotal, changed together), and an item id is unique only
//! within its service: the id alone cannot find it. So these routes name an
//! item by its service and its own id together, `<service id>-<item id>`
//! (ids are opaque strings): one read finds it, nothing more is stored, and
//! every item has such an id, whenever and however it was written. The
//! list is of one service's items (`?service=`); a list of every item of the
//! garage would read every service.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
};
use ecar_http::{
    AppState,
    auth::Caller,
    domain::{ItemDescription, ItemName, Money, Quantity, ServiceId, ServiceItemId},
    http::{
        ApiError, Json, ListResponse, Problem, QueryParams, expected_version, non_null, nullable,
        restated,
    },
    services::{
        ItemType, Service, ServiceItem,
        items::{ItemChanges, ItemEdit, ItemFields, edit_items},
    },
};
use ecar_http::{RouteSet, routes};
use serde::{Deserialize, Deserializer, Serialize, de};
use utoipa::{IntoParams, ToSchema};

use crate::access::{service_id, visible_service};

/// The routes.
pub fn routes<R: RouteSet>() -> R {
    R::empty()
        .group(routes!(list_service_items, create_service_item))
        .group(routes!(
            get_service_item,
            replace_service_item,
            patch_service_item,
            delete_service_item
        ))
}

/// How these routes name an item: its service's id and its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemRef {
    /// The service holding it.
    pub service_id: ServiceId,
    /// Its id within the service.
    pub item_id: ServiceItemId,
}

impl ItemRef {
    /// `<service id>-<item id>`; anything else names no item (404).
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let (service, item) = text.split_once('-').ok_or_else(ApiError::not_found)?;
        Ok(Self {
            service_id: service_id(service)?,
            item_id: ServiceItemId::parse(item).map_err(|_| ApiError::not_found())?,
        })
    }
}

impl std::fmt::Display for ItemRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.service_id, self.item_id)
    }
}

/// An item as these routes show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceItemView {
    /// `<service id>-<item id>`: the item's id on these routes.
    pub id: String,
    /// The service it belongs to.
    pub service_id: ServiceId,
    /// The item's id within the service (as `/api/services/{id}/items` shows it).
    pub item_id: ServiceItemId,
    /// Part or labour.
    pub item_type: ItemType,
    /// What it is.
    pub name: ItemName,
    /// Details (may be empty).
    pub description: ItemDescription,
    /// How many, above 0.
    pub quantity: Quantity,
    /// Price of one.
    pub unit_price: Money,
    /// `quantity × unit_price`, rounded to the currency's minor units.
    pub total_price: Money,
    /// The service's version: send it back in `If-Match` to change the item.
    pub version: u64,
}

impl ServiceItemView {
    fn of(service: &Service, item: ServiceItem) -> Self {
        let id = ItemRef {
            service_id: service.id.clone(),
            item_id: item.id.clone(),
        };
        Self {
            id: id.to_string(),
            service_id: service.id.clone(),
            item_id: item.id,
            item_type: item.item_type,
            name: item.name,
            description: item.description,
            quantity: item.quantity,
            unit_price: item.unit_price,
            total_price: item.total_price,
            version: service.version,
        }
    }

    /// The item `id` of `service`, or a 404.
    fn find(service: &Service, id: &ServiceItemId) -> Result<Self, ApiError> {
        let item = service
            .items
            .iter()
            .find(|item| &item.id == id)
            .cloned()
            .ok_or_else(ApiError::not_found)?;
        Ok(Self::of(service, item))
    }
}

/// A quantity as the Django ECAR sent it (a whole JSON number) or as this
/// API writes it (a decimal string); a JSON number with a fraction is
/// refused, since it may not be exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemQuantity(pub Quantity);

impl<'de> Deserialize<'de> for ItemQuantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = ItemQuantity;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number or a decimal string")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                self.visit_str(&value.to_string())
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                self.visit_str(&value.to_string())
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Err(E::custom(
                    "a quantity with decimals is a decimal string (\"1.5\"), not a JSON number",
                ))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Quantity::parse(text).map(ItemQuantity).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl utoipa::PartialSchema for ItemQuantity {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::{
            Type,
            schema::{ObjectBuilder, OneOfBuilder},
        };
        OneOfBuilder::new()
            .item(<Quantity as utoipa::PartialSchema>::schema())
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .maximum(Some(10_000))
                    .description(Some("A whole quantity, as the Django ECAR sent it.")),
            )
            .into()
    }
}

impl utoipa::ToSchema for ItemQuantity {}

/// `?service=`: whose items.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemsOf {
    /// The service (`service_id` is accepted too).
    pub service: Option<String>,
    /// The service.
    pub service_id: Option<String>,
}

/// An item's fields: a new item of a service (`POST`), or all of an item's
/// fields (`PUT`, where the service is the item's own: an item never moves
/// to another, and fields left out stay as they are, as in the Django ECAR).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceItemRequest {
    /// The service (the Django ECAR's `service` is accepted too).
    #[serde(alias = "service")]
    pub service_id: ServiceId,
    /// `part` or `labor`.
    pub item_type: ItemType,
    /// What it is.
    pub name: ItemName,
    /// Details.
    #[serde(default)]
    pub description: Option<ItemDescription>,
    /// How many: a whole number or a decimal string above 0 (default 1 on a
    /// new item).
    #[serde(default)]
    pub quantity: Option<ItemQuantity>,
    /// Price of one: a decimal string.
    pub unit_price: Money,
    /// The service's version this changes (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

/// Some fields of an item; absent ones stay as they are, `null` is refused
/// (but a `null` description clears it, as in the Django ECAR).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchServiceItemRequest {
    /// The item's own service, when restated.
    #[serde(default, alias = "service", deserialize_with = "non_null")]
    pub service_id: Option<ServiceId>,
    /// `part` or `labor`.
    #[serde(default, deserialize_with = "non_null")]
    pub item_type: Option<ItemType>,
    /// What it is.
    #[serde(default, deserialize_with = "non_null")]
    pub name: Option<ItemName>,
    /// Details (`null` or an empty string clears them).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<ItemDescription>)]
    pub description: Option<Option<ItemDescription>>,
    /// How many.
    #[serde(default, deserialize_with = "non_null")]
    pub quantity: Option<ItemQuantity>,
    /// Price of one.
    #[serde(default, deserialize_with = "non_null")]
    pub unit_price: Option<Money>,
    /// The service's version this changes (or `If-Match`).
    #[serde(default, deserialize_with = "non_null")]
    pub version: Option<u64>,
}

impl From<ServiceItemRequest> for PatchServiceItemRequest {
    fn from(body: ServiceItemRequest) -> Self {
        Self {
            service_id: Some(body.service_id),
            item_type: Some(body.item_type),
            name: Some(body.name),
            description: body.description.map(Some),
            quantity: body.quantity,
            unit_price: Some(body.unit_price),
            version: body.version,
        }
    }
}

/// The items of one service (staff, or the car's owner).
#[utoipa::path(get, path = "/api/service-items", tag = "services",
    params(ItemsOf),
    responses(
        (status = 200, description = "The service's items (one page)", body = ListResponse<ServiceItemView>),
        (status = 400, description = "No service named", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such service, or not the caller's", body = Problem),
    ))]
pub async fn list_service_items(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(of): QueryParams<ItemsOf>,
) -> Result<axum::Json<ListResponse<ServiceItemView>>, ApiError> {
    let id = match (of.service, of.service_id) {
        (Some(id), None) | (None, Some(id)) => id,
        _ => {
            return Err(ApiError::invalid_field(
                "service",
                "name one service (?service=<id>): items are listed per service",
            ));
        }
    };
    let service = visible_service(&state, &caller, &id).await?;
    let results = service
        .items
        .iter()
        .cloned()
        .map(|item| ServiceItemView::of(&service, item))
        .collect();
    Ok(axum::Json(ListResponse {
        results,
        next_cursor: None,
    }))
}

/// Add a part or labour line to a service.
#[utoipa::path(post, path = "/api/service-items", tag = "services",
    params(("If-Match" = Option<String>, Header, description = "The service's version, quoted")),
    request_body = ServiceItemRequest,
    responses(
        (status = 201, description = "The new item", body = ServiceItemView),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "Cancelled, invoiced, full, or a stale version", body = Problem),
    ))]
pub async fn create_service_item(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(body): Json<ServiceItemRequest>,
) -> Result<(StatusCode, axum::Json<ServiceItemView>), ApiError> {
    let expected = expected_version(&headers, body.version)?;
    let quantity = match body.quantity {
        Some(ItemQuantity(quantity)) => quantity,
        None => Quantity::parse("1").map_err(|_| ApiError::internal())?,
    };
    let item_id = ServiceItemId::generate(state.clock.now());
    let item = ItemFields {
        item_type: body.item_type,
        name: body.name,
        description: body.description.unwrap_or_default(),
        quantity,
        unit_price: body.unit_price,
    }
    .priced(item_id.clone(), state.config.currency_decimals)?;
    let service = edit_items(
        &state,
        &caller.audit_actor(),
        &body.service_id,
        &ItemEdit::Add(item),
        expected,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(ServiceItemView::find(&service, &item_id)?),
    ))
}

/// One item (staff, or the car's owner).
#[utoipa::path(get, path = "/api/service-items/{id}", tag = "services",
    params(("id" = String, Path, description = "`<service id>-<item id>`")),
    responses(
        (status = 200, description = "The item", body = ServiceItemView),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such item, or not the caller's", body = Problem),
    ))]
pub async fn get_service_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<ServiceItemView>, ApiError> {
    let id = ItemRef::parse(&id)?;
    let service = visible_service(&state, &caller, id.service_id.as_str()).await?;
    Ok(axum::Json(ServiceItemView::find(&service, &id.item_id)?))
}

/// Set an item's fields (the Django ECAR's `PUT`).
#[utoipa::path(put, path = "/api/service-items/{id}", tag = "services",
    params(
        ("id" = String, Path, description = "`<service id>-<item id>`"),
        ("If-Match" = Option<String>, Header, description = "The service's version, quoted"),
    ),
    request_body = ServiceItemRequest,
    responses(
        (status = 200, description = "The changed item", body = ServiceItemView),
        (status = 400, description = "Invalid or unknown fields, or another service", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such item", body = Problem),
        (status = 409, description = "Cancelled, invoiced, or a stale version", body = Problem),
    ))]
pub async fn replace_service_item(
    state: State<AppState>,
    caller: Caller,
    id: Path<String>,
    headers: HeaderMap,
    Json(body): Json<ServiceItemRequest>,
) -> Result<axum::Json<ServiceItemView>, ApiError> {
    patch_service_item(state, caller, id, headers, Json(body.into())).await
}

/// Change some fields of an item.
#[utoipa::path(patch, path = "/api/service-items/{id}", tag = "services",
    params(
        ("id" = String, Path, description = "`<service id>-<item id>`"),
        ("If-Match" = Option<String>, Header, description = "The service's version, quoted"),
    ),
    request_body = PatchServiceItemRequest,
    responses(
        (status = 200, description = "The changed item", body = ServiceItemView),
        (status = 400, description = "Invalid or unknown fields, or another service", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such item", body = Problem),
        (status = 409, description = "Cancelled, invoiced, or a stale version", body = Problem),
    ))]
pub async fn patch_service_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<PatchServiceItemRequest>,
) -> Result<axum::Json<ServiceItemView>, ApiError> {
    let expected = expected_version(&headers, body.version)?;
    let id = ItemRef::parse(&id)?;
    restated(
        "service_id",
        body.service_id.as_ref(),
        &id.service_id,
        "an item stays on its service; delete it and add it to the other",
    )?;
    let changes = ItemChanges {
        item_type: body.item_type,
        name: body.name,
        description: body.description.map(Option::unwrap_or_default),
        quantity: body.quantity.map(|ItemQuantity(quantity)| quantity),
        unit_price: body.unit_price,
    };
    let edit = ItemEdit::Change(id.item_id.clone(), changes);
    let service = edit_items(
        &state,
        &caller.audit_actor(),
        &id.service_id,
        &edit,
        expected,
    )
    .await?;
    Ok(axum::Json(ServiceItemView::find(&service, &id.item_id)?))
}

/// Remove an item.
#[utoipa::path(delete, path = "/api/service-items/{id}", tag = "services",
    params(
        ("id" = String, Path, description = "`<service id>-<item id>`"),
        ("If-Match" = Option<String>, Header, description = "The service's version, quoted"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such item", body = Problem),
        (status = 409, description = "Cancelled, invoiced, or a stale version", body = Problem),
    ))]
pub async fn delete_service_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let expected = expected_version(&headers, None)?;
    let id = ItemRef::parse(&id)?;
    edit_items(
        &state,
        &caller.audit_actor(),
        &id.service_id,
        &ItemEdit::Remove(id.item_id),
        expected,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_named_by_its_service_and_its_own_id() {
        let text = "01JP3N5P8Q1R3S6T9V2W4X7Y9Z-01JP3Q1A2B3C4D5E6F7G8H9J0K";
        let id = ItemRef::parse(text).unwrap();
        assert_eq!(id.service_id.as_str(), "01JP3N5P8Q1R3S6T9V2W4X7Y9Z");
        assert_eq!(id.item_id.as_str(), "01JP3Q1A2B3C4D5E6F7G8H9J0K");
        assert_eq!(id.to_string(), text);
        for bad in [
            "",
            "01JP3Q1A2B3C4D5E6F7G8H9J0K",
            "01JP3N5P8Q1R3S6T9V2W4X7Y9Z-",
            "42-01JP3Q1A2B3C4D5E6F7G8H9J0K",
            "01JP3N5P8Q1R3S6T9V2W4X7Y9Z-01JP3Q1A2B3C4D5E6F7G8H9J0K-x",
        ] {
            assert_eq!(ItemRef::parse(bad).unwrap_err().status(), 404, "{bad}");
        }
    }

    #[test]
    fn quantities_are_whole_numbers_or_decimal_strings() {
        let quantity = |json: &str| serde_json::from_str::<ItemQuantity>(json);
        assert_eq!(quantity("2").unwrap().0.to_string(), "2");
        assert_eq!(quantity("\"4.5\"").unwrap().0.to_string(), "4.5");
        for bad in ["0", "-1", "1.5", "\"abc\"", "null", "true"] {
            assert!(quantity(bad).is_err(), "{bad}");
        }
    }
}
