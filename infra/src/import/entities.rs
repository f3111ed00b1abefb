//! The Django ECAR's rows as this system's entities: each field parsed by
//! the same value types the API parses, so a row this system would refuse
//! through the API is refused here, with the field and the reason.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use ecar_http::{
    Config,
    auth::{
        Role,
        users::{NewUser, User, Username},
    },
    cars::{self, Car, FuelType, mileage::Reading, mileage::ReadingSource},
    customers::{Customer, Profile},
    domain::{
        Address, CarId, CarMake, CarModel, CustomerId, Email, InvoiceId, InvoiceStatus,
        ItemDescription, ItemName, LicensePlate, Money, Notes, NotificationId, PersonName,
        PhoneNumber, Quantity, RefundReason, ServiceId, ServiceItemId, ServiceTitle, ServiceType,
        Vin, decimal::parse_decimal,
    },
    invoices::{Invoice, InvoiceFee, InvoiceNumber, PaymentMethod, totals},
    notifications::items::{Notification, NotificationType},
    services::{self, ItemType, Service, Status, items::ItemFields},
};
use rust_decimal::Decimal;

use super::django;

/// Why a row cannot become an entity: `field: reason`.
pub type Refusal = String;

fn refuse(field: &str, reason: impl std::fmt::Display) -> Refusal {
    format!("{field}: {reason}")
}

/// A stored Django password as this system keeps it, and what a person
/// should know about it.
pub fn password_hash(stored: &str) -> (Option<String>, Option<&'static str>) {
    if stored.starts_with("pbkdf2_sha256$") {
        (Some(stored.to_string()), None)
    } else if stored.starts_with('!') || stored.is_empty() {
        (
            None,
            Some("unusable password: no password login until one is set"),
        )
    } else {
        (
            None,
            Some("password in a hash form other than pbkdf2_sha256: a new one must be set"),
        )
    }
}

/// The login of a Django user, as `role`, owning `customer_id` if a customer.
pub fn login(
    user: &django::User,
    role: Role,
    customer_id: Option<&CustomerId>,
) -> Result<(User, Option<&'static str>), Refusal> {
    let username = Username::parse(&user.username).map_err(|e| refuse("username", e))?;
    if user.email.trim().is_empty() {
        return Err(refuse(
            "email",
            "none: ECAR needs one per account (add it in the export and run again)",
        ));
    }
    let email = Email::parse(&user.email).map_err(|e| refuse("email", e))?;
    let (hash, warning) = password_hash(&user.password);
    let mut login = NewUser {
        username,
        email,
        first_name: user.first_name.trim().to_string(),
        last_name: user.last_name.trim().to_string(),
        role,
        customer_id: customer_id.map(ToString::to_string),
        password_hash: hash,
    }
    .into_user(user.date_joined);
    login.is_active = user.is_active;
    Ok((login, warning))
}

/// The role of a Django user who is not a customer.
pub fn staff_role(user: &django::User) -> Result<Role, Refusal> {
    match (user.is_superuser, user.is_staff) {
        (true, _) => Ok(Role::Admin),
        (false, true) => Ok(Role::Staff),
        (false, false) => Err(refuse(
            "is_staff",
            "neither staff nor a customer: ECAR has no account of that kind",
        )),
    }
}

/// A customer profile and its login.
pub fn customer(
    pk: u64,
    row: &django::Customer,
    user: &django::User,
    config: &Config,
) -> Result<(User, Customer, Option<&'static str>), Refusal> {
    let id = CustomerId::generate(row.created_at);
    let (login, warning) = login(user, Role::Customer, Some(&id))?;
    let profile = Profile {
        first_name: PersonName::parse(&user.first_name).map_err(|e| refuse("first_name", e))?,
        last_name: PersonName::parse(&user.last_name).map_err(|e| refuse("last_name", e))?,
        email: login.email.clone(),
        phone: PhoneNumber::parse(&row.phone, &config.default_country_code)
            .map_err(|e| refuse("phone", e))?,
        address: Address::parse(row.address.as_deref().unwrap_or(""))
            .map_err(|e| refuse("address", e))?,
        notes: Notes::default(),
    };
    let mut customer = Customer::new(id, login.id.clone(), profile, row.created_at);
    customer.updated_at = row.updated_at;
    customer.legacy_id = Some(pk);
    Ok((login, customer, warning))
}

fn fuel(text: &str) -> Result<FuelType, Refusal> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|_| refuse("fuel_type", format!("{text:?} is not a fuel ECAR knows")))
}

fn kilometres(field: &str, value: u64) -> Result<u32, Refusal> {
    u32::try_from(value)
        .ok()
        .filter(|km| *km <= cars::MAX_MILEAGE)
        .ok_or_else(|| refuse(field, format!("must be at most {} km", cars::MAX_MILEAGE)))
}

/// The VIN of a car row (empty is none), or why it is left out: the
/// original did not check VINs, and a car is worth keeping without one.
pub fn vin(row: &django::Car) -> Result<Option<Vin>, Refusal> {
    match row.vin.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => Vin::parse(text)
            .map(Some)
            .map_err(|e| refuse("vin", format!("{text}: {e}: imported without it"))),
    }
}

/// A car of `customer_id`, its odometer last read at `mileage_read_at`.
/// (Its VIN is set by the caller, from [`vin`].)
pub fn car(
    pk: u64,
    row: &django::Car,
    customer_id: &CustomerId,
    mileage_read_at: DateTime<Utc>,
    config: &Config,
) -> Result<Car, Refusal> {
    let year = u16::try_from(row.year).map_err(|_| refuse("year", "out of range"))?;
    cars::check_year(year, row.created_at).map_err(|e| e.to_string())?;
    let initial_mileage = kilometres("initial_mileage", row.initial_mileage)?;
    let mileage = kilometres("mileage", row.mileage)?;
    if mileage < initial_mileage {
        return Err(refuse("mileage", "is below the initial mileage"));
    }
    let last_service_mileage = row
        .last_service_mileage
        .map(|km| kilometres("last_service_mileage", km))
        .transpose()?;
    let mut car = Car {
        id: CarId::generate(row.created_at),
        customer_id: customer_id.clone(),
        make: CarMake::parse(&row.make).map_err(|e| refuse("make", e))?,
        model: CarModel::parse(&row.model).map_err(|e| refuse("model", e))?,
        year,
        license_plate: LicensePlate::parse(&row.license_plate)
            .map_err(|e| refuse("license_plate", e))?,
        vin: None,
        fuel_type: fuel(&row.fuel_type)?,
        initial_mileage,
        mileage,
        mileage_recorded_at: mileage_read_at.max(row.created_at),
        average_daily_mileage: None,
        last_service_date: row.last_service_date,
        last_service_mileage,
        next_service_date: None,
        next_service_mileage: None,
        legacy_id: Some(pk),
        version: 1,
        created_at: row.created_at,
        updated_at: row.updated_at,
    };
    // The prediction is this system's, from the same readings.
    car.refresh(&config.service_intervals, config.time_zone);
    Ok(car)
}

/// A reading of a car's odometer.
pub fn reading(row: &django::MileageUpdate) -> Result<Reading, Refusal> {
    Ok(Reading {
        mileage: kilometres("mileage", row.mileage)?,
        recorded_at: row.reported_date,
        source: ReadingSource::Report,
        reported_by: Some("import".into()),
    })
}

/// The day `at` falls on in the garage's calendar.
fn local_date(at: DateTime<Utc>, time_zone: Tz) -> NaiveDate {
    at.with_timezone(&time_zone).date_naive()
}

/// Noon of `day` in the garage's calendar: the same day in any time zone.
fn noon(day: NaiveDate, time_zone: Tz) -> DateTime<Utc> {
    day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
        .and_local_timezone(time_zone)
        .earliest()
        .map_or_else(|| day.and_time(NaiveTime::MIN).and_utc(), |at| at.to_utc())
}

/// An amount of the original (a decimal string), exactly in the currency.
fn money(field: &str, text: &str, decimals: u32) -> Result<Money, Refusal> {
    let value = parse_decimal(text).map_err(|e| refuse(field, e))?;
    let amount = Money::rounded(value, decimals);
    if amount.value() != value {
        return Err(refuse(
            field,
            format!("{text} has more decimals than the currency"),
        ));
    }
    Ok(amount)
}

/// A part or labour line.
pub fn item(
    row: &django::ServiceItem,
    id: ServiceItemId,
    decimals: u32,
) -> Result<services::ServiceItem, Refusal> {
    let item_type = match row.item_type.as_str() {
        "part" => ItemType::Part,
        "labor" => ItemType::Labor,
        other => {
            return Err(refuse(
                "item_type",
                format!("{other:?} is neither part nor labor"),
            ));
        }
    };
    let fields = ItemFields {
        item_type,
        name: ItemName::parse(&row.name).map_err(|e| refuse("name", e))?,
        description: ItemDescription::parse(row.description.as_deref().unwrap_or(""))
            .map_err(|e| refuse("description", e))?,
        quantity: Quantity::new(Decimal::from(row.quantity)).map_err(|e| refuse("quantity", e))?,
        unit_price: money("unit_price", &row.unit_price, decimals)?,
    };
    fields.priced(id, decimals).map_err(|e| e.to_string())
}

/// Where a service row's car is, here.
pub struct CarRef {
    pub id: CarId,
    pub customer_id: CustomerId,
}

/// A service in the status it was left in, with its items.
pub fn service(
    pk: u64,
    row: &django::Service,
    items: Vec<services::ServiceItem>,
    car: &CarRef,
    service_type: Option<&str>,
    config: &Config,
) -> Result<Service, Refusal> {
    let time_zone = config.time_zone;
    let status = match row.status.as_str() {
        "scheduled" => Status::Scheduled,
        "in_progress" => Status::InProgress,
        "completed" => Status::Completed,
        "cancelled" => Status::Cancelled,
        other => {
            return Err(refuse(
                "status",
                format!("{other:?} is not a service status"),
            ));
        }
    };
    if items.len() > services::MAX_ITEMS {
        return Err(refuse(
            "items",
            format!("more than {} on one service", services::MAX_ITEMS),
        ));
    }
    let kind = service_type.unwrap_or(if row.is_routine_maintenance {
        "maintenance"
    } else {
        "repair"
    });
    // The original kept no start time: an open job started when it last changed.
    let started_at = (status == Status::InProgress).then_some(row.updated_at);
    let completed_at =
        (status == Status::Completed).then(|| row.completed_date.unwrap_or(row.updated_at));
    let service_mileage = match row.service_mileage {
        Some(km) if km > services::MAX_MILEAGE => {
            return Err(refuse("service_mileage", "out of range"));
        }
        km => km,
    };
    let subtotal = services::items::subtotal(&items, config.currency_decimals);
    Ok(Service {
        id: ServiceId::generate(row.created_at),
        car_id: car.id.clone(),
        customer_id: car.customer_id.clone(),
        title: ServiceTitle::parse(&row.title).map_err(|e| refuse("title", e))?,
        description: Notes::parse(&row.description).map_err(|e| refuse("description", e))?,
        service_type: ServiceType::parse(kind).map_err(|e| refuse("service_type", e))?,
        status,
        scheduled_date: local_date(row.scheduled_date, time_zone),
        started_at,
        completed_date: completed_at.map(|at| local_date(at, time_zone)),
        completed_at,
        service_mileage,
        technician_notes: Notes::parse(row.technician_notes.as_deref().unwrap_or(""))
            .map_err(|e| refuse("technician_notes", e))?,
        cancel_reason: None,
        items,
        subtotal,
        invoice_id: None,
        invoice_status: None,
        legacy_id: Some(pk),
        appointment_id: None,
        technician_id: None,
        version: 1,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// How the original's payment note names the method (`Payment: Virement`).
fn payment_method(notes: &str) -> PaymentMethod {
    let Some((_, method)) = notes.rsplit_once("Payment:") else {
        return PaymentMethod::Other;
    };
    let method = method.trim().to_lowercase();
    if method.starts_with("esp") || method.starts_with("cash") {
        PaymentMethod::Cash
    } else if method.starts_with("ch") {
        PaymentMethod::Check
    } else if method.starts_with("vir") || method.starts_with("transfer") {
        PaymentMethod::Transfer
    } else if method.starts_with("tpe") || method.starts_with("carte") || method.starts_with("card")
    {
        PaymentMethod::Card
    } else {
        PaymentMethod::Other
    }
}

/// An imported invoice and what this system would have billed for it.
pub struct Billed {
    pub invoice: Invoice,
    /// The total this system's rules (tax, fees) give for the same lines.
    pub recomputed: Money,
}

/// An invoice in the status it was left in, for `service`, billed for
/// `customer_name`. It keeps the amount the customer was billed (the
/// original's custom amount, or the sum of the lines): the difference from
/// the lines shows as a discount or as one fee, so its total adds up.
pub fn invoice(
    pk: u64,
    row: &django::Invoice,
    service: &Service,
    customer_name: &str,
    config: &Config,
) -> Result<Billed, Refusal> {
    let decimals = config.currency_decimals;
    let status = match row.status.as_str() {
        "draft" => InvoiceStatus::Draft,
        "pending" => InvoiceStatus::Pending,
        "paid" => InvoiceStatus::Paid,
        "refunded" => InvoiceStatus::Refunded,
        "cancelled" => InvoiceStatus::Cancelled,
        other => {
            return Err(refuse(
                "status",
                format!("{other:?} is not an invoice status"),
            ));
        }
    };
    let due_date =
        ecar_http::invoices::create::check_due_date(row.due_date).map_err(|e| e.to_string())?;
    // A draft gets its number when it is issued, here as in the original's
    // successor; the original's is in the report.
    let invoice_number = match status {
        InvoiceStatus::Draft => None,
        _ => Some(
            row.invoice_number
                .parse::<InvoiceNumber>()
                .map_err(|e| refuse("invoice_number", e))?,
        ),
    };
    let lines = service.items.clone();
    let subtotal = service.subtotal;
    let billed = match row.final_amount.as_deref() {
        Some(text) => money("final_amount", text, decimals)?,
        None => subtotal,
    };
    let zero = Money::zero(decimals);
    let (discount, fees) = match billed.value().cmp(&subtotal.value()) {
        std::cmp::Ordering::Equal => (zero, Vec::new()),
        std::cmp::Ordering::Less => (
            Money::rounded(subtotal.value() - billed.value(), decimals),
            Vec::new(),
        ),
        std::cmp::Ordering::Greater => (
            zero,
            vec![InvoiceFee {
                label: "Taxes et frais (montant facturé)".into(),
                amount: Money::rounded(billed.value() - subtotal.value(), decimals),
            }],
        ),
    };
    let recomputed = totals::with_config(config, &lines, zero)
        .map_err(|e| refuse("lines", e))?
        .total;
    let notes = row.notes.as_deref().unwrap_or("");
    let time_zone = config.time_zone;
    let refund_amount = match (status, row.refund_amount.as_deref()) {
        (InvoiceStatus::Refunded, Some(text)) => Some(money("refund_amount", text, decimals)?),
        (InvoiceStatus::Refunded, None) => Some(billed),
        _ => None,
    };
    if refund_amount.is_some_and(|amount| amount > billed) {
        return Err(refuse("refund_amount", "exceeds the amount billed"));
    }
    let refund_reason = match (status, row.refund_reason.as_deref().map(str::trim)) {
        (InvoiceStatus::Refunded, Some(text)) if !text.is_empty() => {
            Some(RefundReason::parse(text).map_err(|e| refuse("refund_reason", e))?)
        }
        _ => None,
    };
    let paid = matches!(status, InvoiceStatus::Paid | InvoiceStatus::Refunded);
    Ok(Billed {
        invoice: Invoice {
            id: InvoiceId::generate(row.created_at),
            invoice_number,
            service_id: service.id.clone(),
            customer_id: service.customer_id.clone(),
            customer_name: customer_name.to_string(),
            car_id: service.car_id.clone(),
            status,
            issued_date: (status != InvoiceStatus::Draft).then_some(row.issued_date),
            due_date,
            notes: Notes::parse(notes).map_err(|e| refuse("notes", e))?,
            lines,
            subtotal,
            tax_rate: Decimal::ZERO,
            tax_amount: zero,
            fees,
            discount,
            total: billed,
            // The original kept no payment time: a paid invoice was paid when
            // it last changed; a refunded one's last change is its refund.
            paid_at: match status {
                InvoiceStatus::Paid => Some(row.updated_at),
                InvoiceStatus::Refunded => Some(noon(row.issued_date, time_zone)),
                _ => None,
            },
            payment_method: paid.then(|| payment_method(notes)),
            refund_amount,
            refund_reason,
            refunded_at: (status == InvoiceStatus::Refunded).then(|| {
                row.refund_date
                    .map_or(row.updated_at, |day| noon(day, time_zone))
            }),
            cancelled_at: (status == InvoiceStatus::Cancelled).then_some(row.updated_at),
            pdf: None,
            legacy_id: Some(pk),
            version: 1,
            created_at: row.created_at,
            updated_at: row.updated_at,
        },
        recomputed,
    })
}

/// A notification in `customer_id`'s inbox.
pub fn notification(
    row: &django::Notification,
    customer_id: &CustomerId,
) -> Result<Notification, Refusal> {
    let notification_type = match row.notification_type.as_str() {
        "service_reminder" => NotificationType::ServiceReminder,
        "service_update" => NotificationType::ServiceUpdate,
        "invoice" => NotificationType::Invoice,
        "general" => NotificationType::General,
        other => {
            return Err(refuse(
                "notification_type",
                format!("{other:?} is not a notification type"),
            ));
        }
    };
    if row.title.trim().is_empty() {
        return Err(refuse("title", "must not be blank"));
    }
    Ok(Notification {
        id: NotificationId::generate(row.created_at),
        customer_id: customer_id.clone(),
        title: row.title.trim().to_string(),
        message: row.message.clone(),
        notification_type,
        is_read: row.is_read,
        created_at: row.created_at,
        read_at: None,
        related: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payment_note_names_the_method() {
        for (note, method) in [
            ("Payment: Virement", PaymentMethod::Transfer),
            (
                "Paiement par chèque accepté.\n\nPayment: Espèces",
                PaymentMethod::Cash,
            ),
            ("Payment: Chèque n° 447422", PaymentMethod::Check),
            ("Payment: TPE", PaymentMethod::Card),
            ("Payment: bon d'achat", PaymentMethod::Other),
            ("", PaymentMethod::Other),
        ] {
            assert_eq!(payment_method(note), method, "{note}");
        }
    }

    #[test]
    fn django_passwords_are_kept_only_in_the_form_that_verifies() {
        let hash = "pbkdf2_sha256$870000$salt$key=";
        assert_eq!(password_hash(hash), (Some(hash.to_string()), None));
        assert_eq!(password_hash("!FvxNi5VKzrLp6").0, None);
        assert!(password_hash("argon2$argon2id$v=19$...").1.is_some());
    }

    #[test]
    fn amounts_are_exact_in_the_currency() {
        assert_eq!(
            money("x", "126.50", 3).unwrap(),
            Money::from_minor(126_500, 3)
        );
        assert!(money("x", "1.0005", 3).is_err());
        assert!(money("x", "abc", 3).is_err());
    }
}
