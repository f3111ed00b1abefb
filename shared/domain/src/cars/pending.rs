//! Cars customers add themselves. Such a car waits for the garage: staff
//! approve it, which registers it as a car under the same id (plate and VIN
//! guards, search items, first reading, in one transaction), or turn it down
//! with a reason; the customer may withdraw it while it waits. Until it is
//! approved it is not a car: it cannot be booked, and it reserves no plate,
//! so a customer cannot lock a plate the garage needs.
//!
//! A customer has at most [`MAX_WAITING`] cars waiting, counted on their
//! profile (`pending_car_count`) in the same transactions.
//!
//! Items: `pk = PENDING_CAR#<id>`, `sk = PENDING_CAR`, the fields of
//! [`PendingCar`], listed by `gsi1pk = PENDING_CARS#STATUS#<status>` and
//! `gsi2pk = CUSTOMER#<customer id>#PENDING_CARS`, both sorted by id (time).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{
    Car, FuelType,
    create::{NewCar, check, create_ops, registered},
    plate_guard_key, vin_guard_key,
};
use crate::{
    customers::{self, CustomerError, ledger},
    entity::{self, Counts, Entity, EntityIndex, Layout, OnFailure, Outcome, Retries, Settings},
    events::{Event, EventType, RelatedKind, event_op},
    ports::Ports,
    search::SearchIndex,
    store::{
        Index, Item, ItemError, Key, Query, SortKey, StoreError, Table, Value, WriteOp, from_item,
        page::{ListPage, PageRequest, query_page},
        to_item,
    },
    values::{CarId, CarMake, CarModel, CustomerId, LicensePlate, MessageText, Vin},
};

/// Most cars one customer may have waiting for approval.
pub const MAX_WAITING: i64 = 3;

/// Where a car a customer added is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PendingCarStatus))]
#[serde(rename_all = "snake_case")]
pub enum PendingStatus {
    /// Waiting for the garage.
    Pending,
    /// Registered: a car with the same id exists.
    Approved,
    /// Turned down, with the garage's reason.
    Rejected,
}

impl PendingStatus {
    /// Every status.
    pub const ALL: [PendingStatus; 3] = [
        PendingStatus::Pending,
        PendingStatus::Approved,
        PendingStatus::Rejected,
    ];

    /// The status as JSON and filters name it.
    pub fn as_str(self) -> &'static str {
        match self {
            PendingStatus::Pending => "pending",
            PendingStatus::Approved => "approved",
            PendingStatus::Rejected => "rejected",
        }
    }

    /// Parses a status name (`?status=`).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// A car a customer added, as stored and as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingCar {
    /// Opaque, time-sortable id; the car keeps it once approved.
    pub id: CarId,
    /// Whose.
    pub customer_id: CustomerId,
    /// The customer's name, as they added it.
    pub customer_name: String,
    /// Manufacturer.
    pub make: CarMake,
    /// Model.
    pub model: CarModel,
    /// Model year.
    pub year: u16,
    /// Plate, normalized.
    pub license_plate: LicensePlate,
    /// VIN, when known.
    pub vin: Option<Vin>,
    /// Fuel.
    pub fuel_type: FuelType,
    /// Mileage when added (km).
    pub initial_mileage: u32,
    /// Last service before the car came to the garage, if known.
    pub last_service_date: Option<NaiveDate>,
    /// Mileage at that service.
    pub last_service_mileage: Option<u32>,
    /// Where it is; only approving, rejecting and withdrawing change it.
    pub status: PendingStatus,
    /// Why the garage turned it down.
    pub reason: Option<MessageText>,
    /// Incremented by every change; send it back in `If-Match`.
    pub version: u64,
    /// When the customer added it.
    pub created_at: DateTime<Utc>,
    /// Last change time.
    pub updated_at: DateTime<Utc>,
}

impl PendingCar {
    /// How a message names the car: `Peugeot 208 (185 TU 4521)`.
    pub fn label(&self) -> String {
        format!("{} {} ({})", self.make, self.model, self.license_plate)
    }

    /// The registration it asks for.
    fn as_new_car(&self) -> NewCar {
        NewCar {
            customer_id: self.customer_id.clone(),
            make: self.make.clone(),
            model: self.model.clone(),
            year: self.year,
            license_plate: self.license_plate.clone(),
            vin: self.vin.clone(),
            fuel_type: self.fuel_type,
            initial_mileage: self.initial_mileage,
            last_service_date: self.last_service_date,
            last_service_mileage: self.last_service_mileage,
        }
    }
}

/// The key of a car waiting for approval.
pub fn pending_key(id: &CarId) -> Key {
    Key::new(format!("PENDING_CAR#{id}"), "PENDING_CAR")
}

fn by_status(status: PendingStatus) -> String {
    format!("PENDING_CARS#STATUS#{}", status.as_str())
}

fn by_customer(customer_id: &CustomerId) -> String {
    format!("CUSTOMER#{customer_id}#PENDING_CARS")
}

fn waiting(car: Option<&PendingCar>) -> bool {
    car.is_some_and(|car| car.status == PendingStatus::Pending)
}

impl Entity for PendingCar {
    type Id = CarId;
    type Error = CustomerError;
    type Note = ();

    const INDEX: EntityIndex = EntityIndex {
        list: "PENDING_CARS",
        search: SearchIndex {
            name: "PCSEARCH",
            max_items: 0,
        },
        source: "P",
    };
    const RETRIES: Retries = Retries {
        max_attempts: 5,
        step_ms: 10,
        max_steps: 5,
        jitter_ms: 20,
    };

    fn key_of(id: &CarId) -> Key {
        pending_key(id)
    }

    fn id(&self) -> &CarId {
        &self.id
    }

    fn version(&self) -> u64 {
        self.version
    }

    fn stamp(&mut self, version: u64, at: DateTime<Utc>) {
        self.version = version;
        self.updated_at = at;
    }

    fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        let sort = Value::s(self.list_sort_key());
        item.insert("entity".into(), Value::s("pending_car"));
        item.insert("gsi1pk".into(), Value::s(by_status(self.status)));
        item.insert("gsi1sk".into(), sort.clone());
        item.insert("gsi2pk".into(), Value::s(by_customer(&self.customer_id)));
        item.insert("gsi2sk".into(), sort);
        Ok(item)
    }

    fn list_sort_key(&self) -> String {
        self.id.to_string()
    }

    fn tokens(&self) -> Vec<String> {
        Vec::new()
    }

    fn counters(&self, _settings: &Settings) -> Result<Counts, CustomerError> {
        Ok(Counts::new())
    }

    /// The customer's count of cars waiting moves when one starts or stops waiting.
    fn related_ops(
        before: Option<&Self>,
        after: Option<&Self>,
        _note: &(),
    ) -> Vec<(WriteOp, OnFailure)> {
        let Some(car) = after.or(before) else {
            return Vec::new();
        };
        match (waiting(before), waiting(after)) {
            (false, true) => vec![(
                ledger::pending_car_added_op(&car.customer_id, MAX_WAITING),
                OnFailure::Refuse(format!(
                    "You have {MAX_WAITING} cars waiting for the garage's approval already: wait for its answer."
                )),
            )],
            // Approving moves the count in the registration's own write on
            // the profile (a transaction writes an item once).
            (true, false) if after.is_some_and(|car| car.status == PendingStatus::Approved) => {
                Vec::new()
            }
            (true, false) => vec![(
                ledger::pending_car_settled_op(&car.customer_id),
                OnFailure::Refuse("The customer no longer exists.".into()),
            )],
            _ => Vec::new(),
        }
    }
}

type Writer<'a> = entity::Writer<'a, PendingCar>;
type Plan = entity::Plan<PendingCar>;

/// Reads a car waiting for (or past) approval.
pub async fn get(table: &dyn Table, id: &CarId) -> Result<Option<PendingCar>, CustomerError> {
    entity::get::<PendingCar>(table, id).await
}

/// Refuses a plate or VIN a registered car has already.
async fn check_free(table: &dyn Table, new: &NewCar) -> Result<(), CustomerError> {
    if table
        .get(&plate_guard_key(&new.license_plate))
        .await?
        .is_some()
    {
        return Err(CustomerError::Taken("license_plate"));
    }
    if let Some(vin) = &new.vin
        && table.get(&vin_guard_key(vin)).await?.is_some()
    {
        return Err(CustomerError::Taken("vin"));
    }
    Ok(())
}

/// Records a car `customer_id` adds (its `customer_id` is theirs, whatever
/// `new` said), waiting for the garage's approval.
pub async fn create(
    ports: &Ports,
    customer_id: &CustomerId,
    new: NewCar,
) -> Result<PendingCar, CustomerError> {
    let table = ports.table.as_ref();
    let new = NewCar {
        customer_id: customer_id.clone(),
        ..new
    };
    check(&new, ports)?;
    check_free(table, &new).await?;
    let customer = customers::get(table, customer_id)
        .await?
        .ok_or(CustomerError::NotFound)?;
    let now = ports.clock.now();
    let car = PendingCar {
        id: CarId::generate(now),
        customer_id: new.customer_id,
        customer_name: format!("{} {}", customer.first_name, customer.last_name),
        make: new.make,
        model: new.model,
        year: new.year,
        license_plate: new.license_plate,
        vin: new.vin,
        fuel_type: new.fuel_type,
        initial_mileage: new.initial_mileage,
        last_service_date: new.last_service_date,
        last_service_mileage: new.last_service_mileage,
        status: PendingStatus::Pending,
        reason: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let plan = Plan::to(car.clone());
    let layout = Layout::new(Vec::new(), None, &plan, &ports.config.counter_settings())?;
    table
        .transact(layout.ops)
        .await
        .map_err(|error| match error {
            StoreError::ConditionFailed { index } => match layout.failures.at(index) {
                Some(OnFailure::Refuse(reason)) => CustomerError::Refused(reason.clone()),
                _ => CustomerError::Contention,
            },
            other => CustomerError::Store(other),
        })?;
    tracing::info!(car_id = %car.id, customer_id = %car.customer_id, "car added for approval");
    Ok(car)
}

/// What the garage (or the customer) does with a car that waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Staff register it, as the customer described it.
    Approve,
    /// Staff turn it down, telling the customer why.
    Reject(MessageText),
    /// The customer withdraws it (or clears it away once turned down).
    Withdraw,
}

/// Decides on car `id` for the caller: staff (`owner` is `None`) or the
/// customer `owner`, who reaches only their own. Approving answers the car
/// registered; the others answer the record as it is left (`None`: removed).
pub async fn decide(
    ports: &Ports,
    owner: Option<&CustomerId>,
    id: &CarId,
    decision: Decision,
    expected_version: Option<u64>,
    reporter: &str,
) -> Result<Option<PendingCar>, CustomerError> {
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        if owner.is_some_and(|owner| *owner != before.customer_id) {
            return Err(CustomerError::NotFound);
        }
        let plan = match &decision {
            Decision::Withdraw if before.status == PendingStatus::Approved => {
                return Err(CustomerError::Refused(
                    "The car is registered already; the garage can remove it.".into(),
                ));
            }
            Decision::Withdraw => Plan::default(),
            _ if before.status != PendingStatus::Pending => {
                return Err(CustomerError::Refused(format!(
                    "The car is {} already.",
                    before.status.as_str()
                )));
            }
            Decision::Approve => approval(ports, &before, reporter).await?,
            Decision::Reject(reason) => rejection(ports, &before, reason).await?,
        };
        if let Outcome::Done(after) = writer.commit(&before, plan).await? {
            let status = after
                .as_ref()
                .map_or("withdrawn", |car| car.status.as_str());
            tracing::info!(car_id = %id, status, "pending car decided");
            return Ok(after.map(|car| *car));
        }
    }
}

/// Approving: the car registered under the same id, and the customer told.
async fn approval(
    ports: &Ports,
    before: &PendingCar,
    reporter: &str,
) -> Result<Plan, CustomerError> {
    let car: Car = registered(before.id.clone(), &before.as_new_car(), ports);
    let (mut ops, at) = create_ops(&car, None, reporter)?;
    ops[at.customer] = ledger::pending_car_registered_op(&car.customer_id);
    let refusal = |index: usize| {
        if index == at.plate_guard {
            OnFailure::Refuse(
                "Another car has this licence plate now: turn this one down, or correct the other."
                    .into(),
            )
        } else if Some(index) == at.vin_guard {
            OnFailure::Refuse(
                "Another car has this VIN now: turn this one down, or correct the other.".into(),
            )
        } else if index == at.customer {
            OnFailure::Refuse("The customer no longer exists.".into())
        } else {
            OnFailure::Retry
        }
    };
    let extra: Vec<(WriteOp, OnFailure)> = ops
        .into_iter()
        .enumerate()
        .map(|(index, op)| (op, refusal(index)))
        .collect();
    let mut after = before.clone();
    after.status = PendingStatus::Approved;
    let message = format!(
        "Your {} is registered with the garage: you can book it in now.",
        car.label()
    );
    let event = told(ports, before, "Your car is registered", message)
        .await?
        .about(RelatedKind::Car, car.id.as_str());
    let mut plan = Plan::to(after);
    plan.extra = extra;
    Ok(plan.with(event_op(&event)?, OnFailure::Retry))
}

/// Turning down: the reason kept and sent.
async fn rejection(
    ports: &Ports,
    before: &PendingCar,
    reason: &MessageText,
) -> Result<Plan, CustomerError> {
    let mut after = before.clone();
    after.status = PendingStatus::Rejected;
    after.reason = Some(reason.clone());
    let message = format!(
        "The garage did not register your {}: {reason}",
        before.label()
    );
    let event = told(ports, before, "About the car you added", message).await?;
    Ok(Plan::to(after).with(event_op(&event)?, OnFailure::Retry))
}

/// The customer's notification, by push and by text message.
async fn told(
    ports: &Ports,
    car: &PendingCar,
    title: &str,
    message: String,
) -> Result<Event, CustomerError> {
    let now = ports.clock.now();
    let event = Event::new(
        EventType::CarReviewed,
        car.customer_id.clone(),
        title,
        message,
        now,
    );
    Ok(
        match customers::get(ports.table.as_ref(), &car.customer_id).await? {
            Some(customer) => event.with_sms(customer.phone),
            None => event,
        },
    )
}

/// Whose cars a list holds, and in which status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingSelection {
    /// A customer's (all statuses unless `status`), or the garage's in `status`.
    pub customer: Option<CustomerId>,
    /// Only in this status (the garage's list: `pending` unless said).
    pub status: Option<PendingStatus>,
}

/// One page of cars customers added, newest first.
pub async fn page(
    table: &dyn Table,
    selection: &PendingSelection,
    request: PageRequest,
) -> Result<ListPage<PendingCar>, CustomerError> {
    let query = match &selection.customer {
        Some(customer) => Query::partition(Index::Gsi2, by_customer(customer)),
        None => Query::partition(
            Index::Gsi1,
            by_status(selection.status.unwrap_or(PendingStatus::Pending)),
        ),
    }
    .sort(SortKey::Any)
    .backward();
    let status = selection
        .status
        .filter(|_| selection.customer.is_some())
        .map(|status| Value::s(status.as_str()));
    let page = query_page(table, query, request, |item| {
        status
            .as_ref()
            .is_none_or(|s| item.get("status") == Some(s))
    })
    .await?;
    Ok(page.try_map(from_item::<PendingCar>)?)
}
