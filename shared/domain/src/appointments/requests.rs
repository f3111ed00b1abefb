//! Customers' requests: a customer describes a problem with one of their
//! cars and the days that suit them; staff turn it into an appointment or a
//! service, or close it with an answer; the customer may withdraw it while
//! it is open. Each outcome is written in one transaction with what it
//! creates and the customer's notification.
//!
//! Items: `pk = REQUEST#<id>`, `sk = REQUEST`, the fields of
//! [`ServiceRequest`], listed by `gsi1pk = REQUESTS#STATUS#<status>` and
//! `gsi2pk = REQUESTS#CUSTOMER#<customer id>`, both sorted by `<created>#<id>`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{
    AppointmentError, CarSummary,
    book::{self, Actor, NewAppointment, bookable_car, phone_of},
    instant_key,
};
use crate::{
    entity::{self, Counts, Entity, EntityIndex, Layout, OnFailure, Outcome, Retries, Settings},
    events::{Event, EventType, RelatedKind, event_op},
    ports::Ports,
    search::SearchIndex,
    services::{self, Service, commit::create_ops},
    store::{
        Index, Item, ItemError, Key, Query, SortKey, Table, Value, WriteOp, from_item,
        page::{ListPage, PageRequest, query_page},
        to_item,
    },
    values::{
        AppointmentId, CarId, CustomerId, MessageText, Money, Notes, ProblemText, ServiceId,
        ServiceRequestId, ServiceTitle, ServiceType,
    },
};

/// Most preferred days in one request.
pub const MAX_PREFERRED_DAYS: usize = 5;

/// Where a request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = RequestStatus))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for the garage.
    Open,
    /// The garage booked an appointment for it.
    Booked,
    /// The garage opened a service for it.
    Serviced,
    /// The garage closed it with an answer.
    Closed,
    /// The customer withdrew it.
    Withdrawn,
}

impl RequestStatus {
    /// Every status.
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::Open,
        RequestStatus::Booked,
        RequestStatus::Serviced,
        RequestStatus::Closed,
        RequestStatus::Withdrawn,
    ];

    /// The status as JSON and filters name it.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Booked => "booked",
            RequestStatus::Serviced => "serviced",
            RequestStatus::Closed => "closed",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    /// Parses a status name (`?status=`).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// A customer's request, as stored and as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRequest {
    /// Opaque, time-sortable id.
    pub id: ServiceRequestId,
    /// Whose.
    pub customer_id: CustomerId,
    /// The customer's name, as asked.
    pub customer_name: String,
    /// The car.
    pub car_id: CarId,
    /// The car, as asked.
    pub car: CarSummary,
    /// What the customer describes.
    pub description: ProblemText,
    /// Days that suit the customer (none: any).
    pub preferred_days: Vec<NaiveDate>,
    /// Where it is; only the routes of its outcomes change it.
    pub status: RequestStatus,
    /// The garage's answer, when it closed it.
    pub answer: Option<MessageText>,
    /// The appointment booked for it.
    pub appointment_id: Option<AppointmentId>,
    /// The service opened for it.
    pub service_id: Option<ServiceId>,
    /// Incremented by every change; send it back in `If-Match`.
    pub version: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change time.
    pub updated_at: DateTime<Utc>,
}

/// The key of a request.
pub fn request_key(id: &ServiceRequestId) -> Key {
    Key::new(format!("REQUEST#{id}"), "REQUEST")
}

fn by_status(status: RequestStatus) -> String {
    format!("REQUESTS#STATUS#{}", status.as_str())
}

fn by_customer(customer_id: &CustomerId) -> String {
    format!("REQUESTS#CUSTOMER#{customer_id}")
}

impl Entity for ServiceRequest {
    type Id = ServiceRequestId;
    type Error = AppointmentError;
    type Note = ();

    const INDEX: EntityIndex = EntityIndex {
        list: "REQUESTS",
        search: SearchIndex {
            name: "RSEARCH",
            max_items: 0,
        },
        source: "R",
    };
    const RETRIES: Retries = Retries {
        max_attempts: 5,
        step_ms: 10,
        max_steps: 5,
        jitter_ms: 20,
    };

    fn key_of(id: &ServiceRequestId) -> Key {
        request_key(id)
    }

    fn id(&self) -> &ServiceRequestId {
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
        item.insert("entity".into(), Value::s("request"));
        item.insert("gsi1pk".into(), Value::s(by_status(self.status)));
        item.insert("gsi1sk".into(), sort.clone());
        item.insert("gsi2pk".into(), Value::s(by_customer(&self.customer_id)));
        item.insert("gsi2sk".into(), sort);
        Ok(item)
    }

    fn list_sort_key(&self) -> String {
        format!("{}#{}", instant_key(self.created_at), self.id)
    }

    fn tokens(&self) -> Vec<String> {
        Vec::new()
    }

    fn counters(&self, _settings: &Settings) -> Result<Counts, AppointmentError> {
        Ok(Counts::new())
    }
}

type Writer<'a> = entity::Writer<'a, ServiceRequest>;
type Plan = entity::Plan<ServiceRequest>;

/// A request to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRequest {
    /// One of the customer's cars.
    pub car_id: CarId,
    /// What they describe.
    pub description: ProblemText,
    /// Days that suit them.
    pub preferred_days: Vec<NaiveDate>,
}

/// Reads a request.
pub async fn get(
    table: &dyn Table,
    id: &ServiceRequestId,
) -> Result<Option<ServiceRequest>, AppointmentError> {
    entity::get::<ServiceRequest>(table, id).await
}

/// Records `customer_id`'s request about one of their cars.
pub async fn create(
    ports: &Ports,
    customer_id: &CustomerId,
    new: NewRequest,
) -> Result<ServiceRequest, AppointmentError> {
    let table = ports.table.as_ref();
    let now = ports.clock.now();
    let today = now.with_timezone(&ports.config.time_zone).date_naive();
    let mut days = new.preferred_days;
    days.sort_unstable();
    days.dedup();
    if days.len() > MAX_PREFERRED_DAYS {
        return Err(AppointmentError::invalid(
            "preferred_days",
            format!("at most {MAX_PREFERRED_DAYS} days"),
        ));
    }
    if days
        .iter()
        .any(|day| *day < today || *day > today + Duration::days(366))
    {
        return Err(AppointmentError::invalid(
            "preferred_days",
            "must be days from today to a year ahead",
        ));
    }
    let actor = Actor::Customer(customer_id.clone());
    let car = bookable_car(table, &actor, &new.car_id).await?;
    let customer = crate::customers::get(table, customer_id)
        .await?
        .ok_or(AppointmentError::NotFound)?;
    let request = ServiceRequest {
        id: ServiceRequestId::generate(now),
        customer_id: customer_id.clone(),
        customer_name: format!("{} {}", customer.first_name, customer.last_name),
        car_id: car.id.clone(),
        car: CarSummary::of(&car),
        description: new.description,
        preferred_days: days,
        status: RequestStatus::Open,
        answer: None,
        appointment_id: None,
        service_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let layout = Layout::new(
        Vec::new(),
        None,
        &Plan::to(request.clone()),
        &ports.config.counter_settings(),
    )?;
    table.transact(layout.ops).await?;
    tracing::info!(request_id = %request.id, car_id = %request.car_id, "request received");
    Ok(request)
}

/// What the garage (or the customer) does with an open request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Staff book an appointment (confirmed) at the start of a slot.
    Book(DateTime<Utc>),
    /// Staff open a service on the day given.
    OpenService {
        /// Its title.
        title: ServiceTitle,
        /// Its kind.
        service_type: ServiceType,
        /// The day it is booked for.
        scheduled_date: NaiveDate,
    },
    /// Staff close it with an answer.
    Close(MessageText),
    /// The customer withdraws it.
    Withdraw,
}

/// Resolves open request `id` as `resolution`, for `actor`.
pub async fn resolve(
    ports: &Ports,
    actor: &Actor,
    id: &ServiceRequestId,
    resolution: Resolution,
    expected_version: Option<u64>,
) -> Result<ServiceRequest, AppointmentError> {
    let table = ports.table.as_ref();
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        if !actor.reaches(&before.customer_id) {
            return Err(AppointmentError::NotFound);
        }
        if before.status != RequestStatus::Open {
            return Err(AppointmentError::Refused(format!(
                "The request is {} already.",
                before.status.as_str()
            )));
        }
        let now = ports.clock.now();
        let mut after = before.clone();
        let mut extra: Vec<(WriteOp, OnFailure)> = Vec::new();
        let settings = ports.config.counter_settings();
        let told = match &resolution {
            Resolution::Book(starts_at) => {
                let new = NewAppointment {
                    car_id: before.car_id.clone(),
                    starts_at: *starts_at,
                    description: Notes::parse(before.description.as_str()).unwrap_or_default(),
                };
                // The appointment's own booking event tells the customer.
                let prepared = book::prepare(ports, &Actor::Staff, &new).await?;
                extra.extend(prepared.layout(Vec::new(), &settings)?.into_extra());
                after.status = RequestStatus::Booked;
                after.appointment_id = Some(prepared.appointment.id.clone());
                None
            }
            Resolution::OpenService {
                title,
                service_type,
                scheduled_date,
            } => {
                let service =
                    opened_service(&before, title, service_type, *scheduled_date, ports, now);
                extra.extend(create_ops(Vec::new(), &service, &settings)?.into_extra());
                after.status = RequestStatus::Serviced;
                after.service_id = Some(service.id.clone());
                Some(format!(
                    "Your {} is booked in for {} on {}.",
                    before.car.label(),
                    service.title,
                    scheduled_date
                ))
            }
            Resolution::Close(answer) => {
                after.status = RequestStatus::Closed;
                after.answer = Some(answer.clone());
                Some(answer.to_string())
            }
            Resolution::Withdraw => {
                after.status = RequestStatus::Withdrawn;
                None
            }
        };
        let mut plan = Plan::to(after);
        plan.extra = extra;
        if let Some(message) = told {
            let phone = phone_of(table, &before.customer_id).await?;
            let mut event = Event::new(
                EventType::RequestAnswered,
                before.customer_id.clone(),
                "About your request",
                message,
                now,
            )
            .about(RelatedKind::Request, before.id.as_str());
            if let Some(phone) = phone {
                event = event.with_sms(phone);
            }
            plan = plan.with(event_op(&event)?, OnFailure::Retry);
        }
        if let Outcome::Done(Some(after)) = writer.commit(&before, plan).await? {
            tracing::info!(request_id = %id, status = after.status.as_str(), "request resolved");
            return Ok(*after);
        }
    }
}

fn opened_service(
    request: &ServiceRequest,
    title: &ServiceTitle,
    service_type: &ServiceType,
    scheduled_date: NaiveDate,
    ports: &Ports,
    now: DateTime<Utc>,
) -> Service {
    Service {
        id: ServiceId::generate(now),
        car_id: request.car_id.clone(),
        customer_id: request.customer_id.clone(),
        title: title.clone(),
        description: Notes::parse(request.description.as_str()).unwrap_or_default(),
        service_type: service_type.clone(),
        status: services::Status::Scheduled,
        scheduled_date,
        started_at: None,
        completed_date: None,
        completed_at: None,
        service_mileage: None,
        technician_notes: Notes::default(),
        cancel_reason: None,
        items: Vec::new(),
        subtotal: Money::zero(ports.config.currency_decimals),
        invoice_id: None,
        invoice_status: None,
        legacy_id: None,
        appointment_id: None,
        technician_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// Whose requests a list holds, and in which status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestSelection {
    /// A customer's (all statuses unless `status`), or the garage's in `status`.
    pub customer: Option<CustomerId>,
    /// Only in this status (the garage's list: `open` unless said).
    pub status: Option<RequestStatus>,
}

/// One page of requests, newest first.
pub async fn page(
    table: &dyn Table,
    selection: &RequestSelection,
    request: PageRequest,
) -> Result<ListPage<ServiceRequest>, AppointmentError> {
    let query = match &selection.customer {
        Some(customer) => Query::partition(Index::Gsi2, by_customer(customer)),
        None => Query::partition(
            Index::Gsi1,
            by_status(selection.status.unwrap_or(RequestStatus::Open)),
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
    Ok(page.try_map(from_item::<ServiceRequest>)?)
}
