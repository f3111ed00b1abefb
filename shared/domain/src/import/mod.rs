//! Writing entities moved over from another system (the Django ECAR), each
//! as it was left there, with the same writes the API makes (guards, search
//! index items, list indexes, counters, statistics, aggregates), and without
//! an outbox event: history is not news to a customer.
//!
//! Each row is one transaction, led by its legacy id guard
//! ([`crate::legacy`]): a row is all written or not at all, and an import run
//! again (after a crash, or after fixing refused rows) writes only what is
//! missing.

use chrono::NaiveDate;

use crate::{
    auth::users::{self, TakenFields, User},
    cars::{self, Car, mileage::Reading},
    customers::{Customer, ledger},
    entity::{OnFailure, Settings},
    invoices::{self, Invoice, numbering},
    legacy::{self, LegacyModel},
    notifications::{items::Notification, unread::add_unread},
    ports::Ports,
    services::{self, Service, invoice::link_op},
    store::{ItemError, StoreError, Table, WriteOp},
    values::{CarId, InvoiceStatus},
};

/// What writing a row did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// Written now, as this id.
    Imported(String),
    /// Written by an earlier run, as this id; nothing was written now.
    AlreadyImported(String),
}

impl Written {
    /// The entity's id, whichever run wrote it.
    pub fn id(&self) -> &str {
        match self {
            Written::Imported(id) | Written::AlreadyImported(id) => id,
        }
    }
}

/// Why a row was not written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A unique value (`email`, `username`, `license_plate`, `vin`,
    /// `invoice_number`) belongs to another entity already.
    #[error("{0} already taken")]
    Taken(&'static str),
    /// Something the row needs is missing or changed (safe to show).
    #[error("{0}")]
    Refused(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An entity could not become an item.
    #[error(transparent)]
    Item(#[from] ItemError),
}

/// What a failed condition on the write at some index means.
type Explain<'a> = &'a dyn Fn(usize) -> Option<ImportError>;

/// Writes row `legacy_id` of `model` as entity `id` with `ops` (whose
/// indexes `explain` knows, counting from 1: the guard is at 0), unless an
/// earlier run did.
async fn write(
    table: &dyn Table,
    model: LegacyModel,
    legacy_id: u64,
    id: &str,
    ops: Vec<WriteOp>,
    explain: Explain<'_>,
) -> Result<Written, ImportError> {
    if let Some(existing) = legacy::find(table, model, legacy_id).await? {
        return Ok(Written::AlreadyImported(existing));
    }
    let mut all = vec![legacy::guard_op(model, legacy_id, id)];
    all.extend(ops);
    match table.transact(all).await {
        Ok(()) => Ok(Written::Imported(id.to_string())),
        Err(StoreError::ConditionFailed { index: 0 }) => {
            let existing = legacy::find(table, model, legacy_id).await?;
            Ok(Written::AlreadyImported(existing.unwrap_or_default()))
        }
        Err(StoreError::ConditionFailed { index }) => Err(explain(index).unwrap_or_else(|| {
            ImportError::Refused(format!("a condition of write {index} failed"))
        })),
        Err(other) => Err(other.into()),
    }
}

/// The login field a failed guard of `ops` (after the legacy guard) stands for.
fn taken_login(ops: &[WriteOp]) -> impl Fn(usize) -> Option<ImportError> + use<> {
    let taken = TakenFields::of(ops);
    move |index| {
        let error = StoreError::ConditionFailed { index: index - 1 };
        taken.field(&error).map(ImportError::Taken)
    }
}

/// A staff or admin account.
pub async fn account(
    table: &dyn Table,
    legacy_id: u64,
    user: &User,
) -> Result<Written, ImportError> {
    let ops = users::create_ops(user).map_err(|e| ImportError::Refused(e.to_string()))?;
    let explain = taken_login(&ops);
    write(table, LegacyModel::User, legacy_id, &user.id, ops, &explain).await
}

/// A customer and their login.
pub async fn customer(
    table: &dyn Table,
    legacy_id: u64,
    user: &User,
    customer: &Customer,
) -> Result<Written, ImportError> {
    let mut ops = users::create_ops(user).map_err(|e| ImportError::Refused(e.to_string()))?;
    ops.extend(customer.create_ops()?);
    let explain = taken_login(&ops);
    let id = customer.id.to_string();
    write(table, LegacyModel::Customer, legacy_id, &id, ops, &explain).await
}

/// A car, with its first reading (the initial mileage, when it was created).
pub async fn car(table: &dyn Table, legacy_id: u64, car: &Car) -> Result<Written, ImportError> {
    let (ops, at) = cars::create::create_ops(car, None, "import")
        .map_err(|e| ImportError::Refused(e.to_string()))?;
    // The legacy guard goes first, so every position moves by one.
    let explain = |index: usize| match index - 1 {
        i if i == at.plate_guard => Some(ImportError::Taken("license_plate")),
        i if Some(i) == at.vin_guard => Some(ImportError::Taken("vin")),
        i if i == at.customer => Some(ImportError::Refused("its customer is missing".into())),
        _ => None,
    };
    let id = car.id.to_string();
    write(table, LegacyModel::Car, legacy_id, &id, ops, &explain).await
}

/// A mileage reading of car `car_id`.
pub async fn reading(
    table: &dyn Table,
    legacy_id: u64,
    car_id: &CarId,
    reading: &Reading,
) -> Result<Written, ImportError> {
    let op = cars::mileage::reading_op(car_id, reading)
        .map_err(|e| ImportError::Refused(e.to_string()))?;
    let id = format!("{car_id}@{}", reading.recorded_at.to_rfc3339());
    write(
        table,
        LegacyModel::MileageUpdate,
        legacy_id,
        &id,
        vec![op],
        &|_| None,
    )
    .await
}

/// A service in the status it was left in, with its items; when it is its
/// customer's latest completed one, `last_service_date` records it.
pub async fn service(
    table: &dyn Table,
    settings: &Settings,
    legacy_id: u64,
    service: &Service,
    last_service_date: Option<NaiveDate>,
) -> Result<Written, ImportError> {
    let layout = services::commit::import_ops(Vec::new(), service, last_service_date, settings)
        .map_err(|e| ImportError::Refused(e.to_string()))?;
    // The legacy guard comes first; of the service's related writes, its
    // customer's aggregates refuse and its car's count retries.
    let explain = |index: usize| match layout.failures.at(index - 1)? {
        OnFailure::Refuse(_) => Some(ImportError::Refused("its customer is missing".into())),
        OnFailure::Retry => Some(ImportError::Refused(
            "its car is missing or another customer's".into(),
        )),
    };
    let id = service.id.to_string();
    let ops = layout.ops.clone();
    write(table, LegacyModel::Service, legacy_id, &id, ops, &explain).await
}

/// An invoice in the status it was left in, for `service` (as read now):
/// its number guarded, its service linked, its customer's and car's
/// aggregates moved by the net of its life. A sequential number raises its
/// year's counter, so that numbering continues after it.
pub async fn invoice(
    ports: &Ports,
    legacy_id: u64,
    invoice: &Invoice,
    service: &Service,
) -> Result<Written, ImportError> {
    let decimals = ports.config.currency_decimals;
    let minor = |amount: Option<&crate::values::Money>| -> Result<i64, ImportError> {
        amount.map_or(Ok(0), |money| {
            money
                .to_minor(decimals)
                .ok_or_else(|| ImportError::Refused("an amount is out of range".into()))
        })
    };
    let total = minor(Some(&invoice.total))?;
    let refunded = minor(invoice.refund_amount.as_ref())?;
    let mut extra = vec![link_op(
        service,
        invoice.id.as_str(),
        invoice.status,
        invoice.updated_at,
    )?];
    let link_at = 0;
    let mut number_at = None;
    if let Some(number) = &invoice.invoice_number {
        number_at = Some(extra.len());
        extra.push(numbering::guard_op(number, &invoice.id));
        if let (Some(year), Some(sequence)) = (number.year(), number.sequence()) {
            let last = numbering::last_given(ports.table.as_ref(), year)
                .await
                .map_err(|e| ImportError::Refused(e.to_string()))?;
            if sequence > last {
                extra.push(numbering::raise_counter_op(year, last, sequence));
            }
        }
    }
    extra.extend(ledger::invoice_imported_ops(
        &invoice.customer_id,
        invoice.id.as_str(),
        invoice.status,
        total,
        refunded,
    ));
    if matches!(
        invoice.status,
        InvoiceStatus::Paid | InvoiceStatus::Refunded
    ) {
        extra.push(cars::spent_op(&invoice.car_id, total - refunded));
    }
    let ops = invoices::commit::create_ops(
        &ports.config.counter_settings(),
        Vec::new(),
        invoice,
        extra.clone(),
    )
    .map_err(|e| ImportError::Refused(e.to_string()))?;
    // The extra writes come last, after the invoice's own.
    let first_extra = 1 + ops.len() - extra.len();
    let explain = |index: usize| {
        let at = index.checked_sub(first_extra);
        if at == Some(link_at) {
            Some(ImportError::Refused(
                "its service changed or is missing".into(),
            ))
        } else if at.is_some() && at == number_at {
            Some(ImportError::Taken("invoice_number"))
        } else {
            at.map(|_| {
                ImportError::Refused(
                    "its customer or car is missing, or a counter moved meanwhile".into(),
                )
            })
        }
    };
    let id = invoice.id.to_string();
    write(
        ports.table.as_ref(),
        LegacyModel::Invoice,
        legacy_id,
        &id,
        ops,
        &explain,
    )
    .await
}

/// A notification in its customer's inbox, read or not as it was.
pub async fn notification(
    table: &dyn Table,
    legacy_id: u64,
    notification: &Notification,
) -> Result<Written, ImportError> {
    let mut ops = vec![WriteOp::create(notification.item()?)];
    if !notification.is_read {
        ops.push(add_unread(&notification.customer_id, 1));
    }
    let id = notification.id.to_string();
    write(
        table,
        LegacyModel::Notification,
        legacy_id,
        &id,
        ops,
        &|_| None,
    )
    .await
}
