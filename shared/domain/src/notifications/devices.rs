//! Phones registered for push: one SNS platform endpoint each.
//!
//! Items:
//! - the device: `pk = NOTIFICATIONS#CUSTOMER#<customer id>`,
//!   `sk = DEVICE#<device id>` (a customer's devices are one partition);
//! - the endpoint guard: `pk = DEVICE_ENDPOINT#<endpoint>`,
//!   `sk = DEVICE_ENDPOINT`, naming the one device that holds the endpoint.
//!   SNS gives the same endpoint to the same token, so when a phone changes
//!   hands (the last login on a device owns it) the endpoint moves to its new
//!   owner, and the old owner's device is ended in the same transaction:
//!   nobody is pushed another customer's news, and the old owner sees in
//!   their device list that the phone was registered by another account.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{NotificationError, items::customer_partition};
use crate::{
    notify::{Notifier, Platform, validate_token},
    store::{
        Condition, Item, ItemError, Key, Query, SortKey, StoreError, Table, Value, WriteOp,
        from_item, to_item,
    },
    values::{CustomerId, DeviceId},
};

/// Sort key prefix of device items.
const DEVICE_PREFIX: &str = "DEVICE#";
/// Sort key of endpoint guards.
const GUARD_SK: &str = "DEVICE_ENDPOINT";
/// How many times a registration is decided again after losing a race.
const MAX_ATTEMPTS: usize = 3;

/// A registered phone, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The id the app removes it by.
    pub id: DeviceId,
    /// Its owner.
    pub customer_id: CustomerId,
    /// Its push platform.
    pub platform: Platform,
    /// The SNS platform endpoint (an ARN on AWS).
    pub endpoint: String,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// When it stopped receiving pushes because another account registered
    /// the same phone; an ended device is kept so its owner can see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<Utc>>,
}

impl Device {
    /// Whether pushes still go to it.
    pub fn is_active(&self) -> bool {
        self.ended_at.is_none()
    }
}

/// A registered phone, as the API shows it (the endpoint stays inside).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceView {
    /// The id to remove it by.
    pub id: DeviceId,
    /// Its push platform.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "fcm"))]
    pub platform: Platform,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// When another account registered this phone, which then stopped
    /// receiving this account's pushes; `null` while it receives them.
    pub ended_at: Option<DateTime<Utc>>,
}

impl From<&Device> for DeviceView {
    fn from(device: &Device) -> Self {
        Self {
            id: device.id.clone(),
            platform: device.platform,
            created_at: device.created_at,
            ended_at: device.ended_at,
        }
    }
}

/// The endpoint guard, as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Guard {
    customer_id: CustomerId,
    device_id: DeviceId,
}

/// The key of a device.
pub fn device_key(customer_id: &CustomerId, id: &DeviceId) -> Key {
    Key::new(
        customer_partition(customer_id),
        format!("{DEVICE_PREFIX}{id}"),
    )
}

fn guard_key(endpoint: &str) -> Key {
    Key::new(format!("DEVICE_ENDPOINT#{endpoint}"), GUARD_SK)
}

impl Device {
    fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(device_key(&self.customer_id, &self.id).to_item());
        item.insert("entity".into(), Value::s("device"));
        Ok(item)
    }

    fn guard_item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(&Guard {
            customer_id: self.customer_id.clone(),
            device_id: self.id.clone(),
        })?;
        item.extend(guard_key(&self.endpoint).to_item());
        Ok(item)
    }
}

/// What a registration did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Registered {
    /// A new device.
    New(Device),
    /// The phone was already registered to this customer.
    Existing(Device),
}

/// What a registration did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    /// The customer's device.
    pub outcome: Registered,
    /// The customer who held the phone before, whose device was ended.
    pub taken_from: Option<CustomerId>,
}

/// Registers a phone's push token for a customer (again: same device).
pub async fn register(
    table: &dyn Table,
    notifier: &dyn Notifier,
    customer_id: &CustomerId,
    platform: Platform,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Registration, NotificationError> {
    validate_token(platform, token).map_err(|_| NotificationError::Invalid {
        field: "token",
        message: format!("is not a valid {} device token", platform_name(platform)),
    })?;
    // The endpoint keeps the customer id, nothing more personal.
    let endpoint = notifier
        .register_device(platform, token, customer_id.as_str())
        .await?;
    for _ in 0..MAX_ATTEMPTS {
        let guard = match table.get(&guard_key(&endpoint)).await? {
            Some(item) => Some(from_item::<Guard>(item)?),
            None => None,
        };
        let device = Device {
            id: DeviceId::generate(now),
            customer_id: customer_id.clone(),
            platform,
            endpoint: endpoint.clone(),
            created_at: now,
            ended_at: None,
        };
        let mut ops = Vec::new();
        let mut taken_from = None;
        match &guard {
            Some(guard) if guard.customer_id == *customer_id => {
                if let Some(item) = table
                    .get(&device_key(customer_id, &guard.device_id))
                    .await?
                {
                    return Ok(Registration {
                        outcome: Registered::Existing(from_item(item)?),
                        taken_from: None,
                    });
                }
                // The device went (removed meanwhile): register it anew.
                ops.push(replace_guard(&device, &guard.device_id)?);
            }
            Some(guard) => {
                ops.push(replace_guard(&device, &guard.device_id)?);
                ops.push(end_device(&guard.customer_id, &guard.device_id, now));
                taken_from = Some(guard.customer_id.clone());
            }
            None => ops.push(WriteOp::create(device.guard_item()?)),
        }
        ops.push(WriteOp::create(device.item()?));
        match table.transact(ops).await {
            Ok(()) => {
                return Ok(Registration {
                    outcome: Registered::New(device),
                    taken_from,
                });
            }
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::Conflict.into())
}

/// The write ending another customer's device that held the phone (if the
/// device was removed meanwhile, nothing is left to end).
fn end_device(customer_id: &CustomerId, device_id: &DeviceId, now: DateTime<Utc>) -> WriteOp {
    WriteOp::Update {
        key: device_key(customer_id, device_id),
        changes: vec![crate::store::Change::Set(
            "ended_at".into(),
            Value::s(now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        )],
        condition: Some(Condition::Exists),
    }
}

/// The write moving the endpoint guard from `previous` device to `device`.
fn replace_guard(device: &Device, previous: &DeviceId) -> Result<WriteOp, NotificationError> {
    Ok(WriteOp::Put {
        item: device.guard_item()?,
        condition: Some(Condition::Equals(
            "device_id".into(),
            Value::s(previous.as_str()),
        )),
    })
}

fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Fcm => "FCM",
        Platform::Apns => "APNs",
    }
}

/// Reads one device of a customer.
pub async fn get(
    table: &dyn Table,
    customer_id: &CustomerId,
    id: &DeviceId,
) -> Result<Option<Device>, NotificationError> {
    match table.get(&device_key(customer_id, id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// Every device of a customer.
pub async fn devices_of(
    table: &dyn Table,
    customer_id: &CustomerId,
) -> Result<Vec<Device>, NotificationError> {
    let mut query = Query::partition(
        crate::store::Index::Primary,
        customer_partition(customer_id),
    )
    .sort(SortKey::BeginsWith(DEVICE_PREFIX.into()));
    let mut devices = Vec::new();
    loop {
        let page = table.query(&query).await?;
        for item in page.items {
            devices.push(from_item(item)?);
        }
        match page.last_key {
            Some(last) => query.start_after = Some(last),
            None => return Ok(devices),
        }
    }
}

/// Forgets a device: its endpoint at the push service (unless the endpoint
/// has moved to another device), its item and its guard.
pub async fn remove(
    table: &dyn Table,
    notifier: &dyn Notifier,
    device: &Device,
) -> Result<(), NotificationError> {
    let holds_endpoint = match table.get(&guard_key(&device.endpoint)).await? {
        Some(item) => from_item::<Guard>(item)?.device_id == device.id,
        None => true,
    };
    if holds_endpoint {
        notifier.remove_device(&device.endpoint).await?;
    }
    let delete_device = WriteOp::Delete {
        key: device_key(&device.customer_id, &device.id),
        condition: None,
    };
    let delete_guard = WriteOp::Delete {
        key: guard_key(&device.endpoint),
        condition: Some(Condition::Equals(
            "device_id".into(),
            Value::s(device.id.as_str()),
        )),
    };
    match table
        .transact(vec![delete_guard, delete_device.clone()])
        .await
    {
        Ok(()) => Ok(()),
        // The endpoint is another device's now: only this device goes.
        Err(StoreError::ConditionFailed { index: 0 }) => Ok(table.write(delete_device).await?),
        Err(error) => Err(error.into()),
    }
}
