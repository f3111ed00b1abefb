//! Request bodies and query filters of the invoice routes, and their
//! conversion into the domain's inputs.

use chrono::{DateTime, NaiveDate, Utc};
use ecar_http::{
    domain::{CustomerId, MessageText, Money, Notes, RefundReason, ServiceId},
    events::Channel,
    http::{ApiError, non_null, restated, restated::NullOnly},
    invoices::{
        PaymentMethod, create::NewInvoice, status::parse_status, update::DraftChanges,
        views::ListFilter, workflow::Payment,
    },
    search::SearchQuery,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A draft invoice to create for a service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInvoiceRequest {
    /// The service invoiced (one live invoice per service).
    #[schema(value_type = String)]
    pub service_id: ServiceId,
    /// When payment is due (`YYYY-MM-DD`).
    pub due_date: NaiveDate,
    /// Notes printed on the invoice.
    #[serde(default)]
    pub notes: Option<Notes>,
    /// Discount off the subtotal, before tax (default `"0"`).
    #[serde(default)]
    pub discount: Option<Money>,
    /// The Django ECAR's form field: only `draft` (an invoice starts as a
    /// draft; `issue` makes it pending).
    #[serde(default)]
    #[schema(example = "draft")]
    pub status: Option<String>,
    /// The Django ECAR's refund fields: only `null` (a refund is made with
    /// `POST /api/invoices/{id}/refund`).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub refund_date: Option<NullOnly>,
    /// See `refund_date`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub refund_amount: Option<NullOnly>,
    /// See `refund_date`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub refund_reason: Option<NullOnly>,
}

impl CreateInvoiceRequest {
    /// Refuses a status other than the draft every invoice starts as.
    pub fn check_status(&self) -> Result<(), ApiError> {
        restated(
            "status",
            self.status.as_deref(),
            "draft",
            "an invoice is created as a draft; POST /api/invoices/{id}/issue issues it",
        )
    }

    /// The domain's input.
    pub fn into_new(self, decimals: u32) -> NewInvoice {
        NewInvoice {
            service_id: self.service_id,
            due_date: self.due_date,
            notes: self.notes.unwrap_or_default(),
            discount: self.discount.unwrap_or_else(|| Money::zero(decimals)),
        }
    }
}

/// A whole draft (`PUT`): absent optional fields become empty or zero.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceInvoiceRequest {
    /// When payment is due.
    pub due_date: NaiveDate,
    /// Notes printed on the invoice.
    #[serde(default)]
    pub notes: Option<Notes>,
    /// Discount off the subtotal, before tax.
    #[serde(default)]
    pub discount: Option<Money>,
    /// The version replaced (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
    /// The Django ECAR's form field: the invoice's own service (an invoice
    /// never moves to another).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub service_id: Option<ServiceId>,
    /// The Django ECAR's form field: `draft` (no change) or `pending` (issues
    /// the draft after the other changes).
    #[serde(default)]
    #[schema(example = "draft")]
    pub status: Option<String>,
    /// The Django ECAR's refund fields: only `null`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub refund_date: Option<NullOnly>,
    /// See `refund_date`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub refund_amount: Option<NullOnly>,
    /// See `refund_date`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub refund_reason: Option<NullOnly>,
}

impl ReplaceInvoiceRequest {
    /// Whether the replacement issues the draft.
    pub fn issues(&self) -> Result<bool, ApiError> {
        issues(self.status.as_deref())
    }

    /// The domain's changes.
    pub fn changes(&self, decimals: u32) -> DraftChanges {
        DraftChanges {
            due_date: Some(self.due_date),
            notes: Some(self.notes.clone().unwrap_or_default()),
            discount: Some(self.discount.unwrap_or_else(|| Money::zero(decimals))),
        }
    }
}

/// Some fields of a draft (`PATCH`); `"status": "pending"` issues it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchInvoiceRequest {
    /// When payment is due.
    #[serde(default, deserialize_with = "non_null")]
    pub due_date: Option<NaiveDate>,
    /// Notes printed on the invoice.
    #[serde(default, deserialize_with = "non_null")]
    pub notes: Option<Notes>,
    /// Discount off the subtotal, before tax.
    #[serde(default, deserialize_with = "non_null")]
    pub discount: Option<Money>,
    /// `pending` issues the draft (after the other changes); `draft`
    /// changes nothing.
    #[serde(default, deserialize_with = "non_null")]
    #[schema(example = "pending")]
    pub status: Option<String>,
    /// The version changed (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
    /// The Django ECAR's form field: the invoice's own service.
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = Option<String>)]
    pub service_id: Option<ServiceId>,
    /// The Django ECAR's refund fields: only `null`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub refund_date: Option<NullOnly>,
    /// See `refund_date`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub refund_amount: Option<NullOnly>,
    /// See `refund_date`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub refund_reason: Option<NullOnly>,
}

impl PatchInvoiceRequest {
    /// The domain's changes.
    pub fn changes(&self) -> DraftChanges {
        DraftChanges {
            due_date: self.due_date,
            notes: self.notes.clone(),
            discount: self.discount,
        }
    }

    /// Whether the patch issues the draft; any other status is refused.
    pub fn issues(&self) -> Result<bool, ApiError> {
        issues(self.status.as_deref())
    }
}

/// Whether a draft's `status` field issues it: `pending` does, `draft` (the
/// status every editable invoice has) changes nothing, any other is refused.
fn issues(status: Option<&str>) -> Result<bool, ApiError> {
    match status {
        None | Some("draft") => Ok(false),
        Some("pending") => Ok(true),
        Some(_) => Err(ApiError::invalid_field(
            "status",
            "only \"pending\" (issue) may be set here; use the workflow routes",
        )),
    }
}

/// A workflow action with no fields but the version.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    /// The version acted on (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

/// A payment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkPaidRequest {
    /// How it was paid.
    pub payment_method: PaymentMethod,
    /// When (RFC 3339); now when absent.
    #[serde(default, deserialize_with = "non_null")]
    pub paid_at: Option<DateTime<Utc>>,
    /// The version paid (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

impl MarkPaidRequest {
    /// The domain's payment.
    pub fn payment(&self) -> Payment {
        Payment {
            method: self.payment_method,
            paid_at: self.paid_at,
        }
    }
}

/// A refund.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundRequest {
    /// How much is given back: more than 0, at most the total (the whole
    /// total when absent). The Django ECAR's `refund_amount` is accepted too.
    #[serde(default, alias = "refund_amount")]
    pub amount: Option<Money>,
    /// Why (required); the Django ECAR's `refund_reason` is accepted too.
    #[serde(alias = "refund_reason")]
    pub reason: RefundReason,
    /// The version refunded (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

/// A presigned upload to prepare.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadUrlRequest {
    /// The exact size of the file, in bytes (at most 10 MB).
    pub size: u64,
    /// Must be `application/pdf` (the default).
    #[serde(default)]
    pub content_type: Option<String>,
}

/// A presigned upload to make.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadUrlResponse {
    /// `PUT`.
    pub method: String,
    /// Where to send the file; it works once, until `expires_at`.
    pub url: String,
    /// Headers to send exactly as given (content type and length).
    pub headers: std::collections::BTreeMap<String, String>,
    /// When the URL stops working.
    pub expires_at: DateTime<Utc>,
    /// The id the PDF gets once checked and attached (see the invoice's `pdf.id`).
    pub pdf_id: String,
}

/// A message to the invoice's customer (as for services).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = InvoiceNotificationRequest)]
#[serde(deny_unknown_fields)]
pub struct SendNotificationRequest {
    /// The text; a payment reminder by default.
    #[serde(default)]
    pub message: Option<MessageText>,
    /// `push` (the app, on every registered phone) and/or `sms`.
    #[schema(min_items = 1, max_items = 2)]
    pub channels: Vec<Channel>,
}

/// A text message to the invoice's customer (the Django ECAR's
/// `send_sms_notification`, which took no field).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = InvoiceSmsRequest)]
#[serde(deny_unknown_fields)]
pub struct SmsRequest {
    /// The text; a payment reminder by default.
    #[serde(default)]
    pub message: Option<MessageText>,
}

/// `?redirect=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DownloadParams {
    /// `false` answers `{"url", "expires_at"}` instead of a redirect.
    pub redirect: Option<bool>,
}

/// A presigned download.
#[derive(Debug, Serialize, ToSchema)]
pub struct DownloadResponse {
    /// The URL; it works until `expires_at` (at most 5 minutes).
    pub url: String,
    /// When the URL stops working.
    pub expires_at: DateTime<Utc>,
}

/// Filters of the invoice lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvoiceFilters {
    /// `draft`, `pending`, `paid`, `cancelled` or `refunded`.
    pub status: Option<String>,
    /// Only this customer's invoices.
    pub customer_id: Option<String>,
    /// Issued on or after (`YYYY-MM-DD`).
    pub issued_after: Option<String>,
    /// Issued on or before (`YYYY-MM-DD`).
    pub issued_before: Option<String>,
    /// `true`: pending and past their due date; `false`: not.
    pub overdue: Option<bool>,
    /// The number (`INV-2026-000042`, `42`), or words of the customer's name.
    pub search: Option<String>,
    /// The Django ECAR's id of an imported invoice: a page of that one
    /// invoice (only on the full list, and no other filter goes with it).
    #[param(minimum = 1)]
    pub legacy_id: Option<i64>,
}

impl InvoiceFilters {
    /// Whether a filter other than `legacy_id` is set.
    pub fn others_than_legacy_id(&self) -> bool {
        self.status.is_some()
            || self.customer_id.is_some()
            || self.issued_after.is_some()
            || self.issued_before.is_some()
            || self.overdue.is_some()
            || self.search.is_some()
    }
}

fn date(field: &'static str, text: &str) -> Result<NaiveDate, ApiError> {
    text.parse()
        .map_err(|_| ApiError::invalid_field(field, "must be a date, YYYY-MM-DD"))
}

impl InvoiceFilters {
    /// The domain's filter.
    pub fn into_filter(self) -> Result<ListFilter, ApiError> {
        Ok(ListFilter {
            status: self
                .status
                .map(|text| {
                    parse_status(&text).ok_or_else(|| {
                        ApiError::invalid_field(
                            "status",
                            "must be one of draft, pending, paid, cancelled, refunded",
                        )
                    })
                })
                .transpose()?,
            customer_id: self
                .customer_id
                .map(|text| {
                    CustomerId::parse(&text).map_err(|e| ApiError::invalid_field("customer_id", e))
                })
                .transpose()?,
            issued_after: self
                .issued_after
                .map(|text| date("issued_after", &text))
                .transpose()?,
            issued_before: self
                .issued_before
                .map(|text| date("issued_before", &text))
                .transpose()?,
            overdue: self.overdue,
            search: match &self.search {
                Some(text) => {
                    SearchQuery::parse(text).map_err(|e| ApiError::invalid_field("search", e))?
                }
                None => None,
            },
        })
    }
}
