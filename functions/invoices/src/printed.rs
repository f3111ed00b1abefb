//! An invoice as the PDF renderer prints it: the invoice, its customer and
//! its car mapped to `ecar_pdf`'s document, in French.

use ecar_http::{
    Config,
    cars::Car,
    customers::Customer,
    domain::{InvoiceStatus, Money},
    invoices::{Invoice, status_name},
};
use ecar_pdf::{Discount, Document, Fee, Garage, Kind, LabelledDate, Line, Stamp, Totals};

/// The document printed for `invoice`; the customer and the car are
/// printed from the invoice alone when they could not be read.
pub fn document(
    config: &Config,
    invoice: &Invoice,
    customer: Option<&Customer>,
    car: Option<&Car>,
) -> Document {
    let mut dates = Vec::new();
    if let Some(issued) = invoice.issued_date {
        dates.push(dated("Date d'émission", issued));
    }
    dates.push(dated("Échéance", invoice.due_date));
    Document {
        kind: Kind::Invoice,
        garage: Garage {
            name: config.garage_name.clone(),
            address: config.garage_address.clone(),
        },
        currency: config.currency.clone(),
        number: invoice.invoice_number.as_ref().map(ToString::to_string),
        status: status_name(invoice.status).to_string(),
        dates,
        stamp: stamp(invoice),
        customer: customer_block(invoice, customer),
        car: car_block(invoice, car),
        lines: invoice
            .lines
            .iter()
            .map(|item| Line {
                name: item.name.as_str().to_string(),
                details: item.description.as_str().to_string(),
                quantity: item.quantity.value(),
                unit_price: item.unit_price.value(),
                amount: item.total_price.value(),
            })
            .collect(),
        totals: totals(invoice),
        notes: invoice.notes.as_str().to_string(),
    }
}

fn dated(label: &str, date: chrono::NaiveDate) -> LabelledDate {
    LabelledDate {
        label: label.to_string(),
        date,
    }
}

/// Every status but pending is stamped; a payment with its day.
fn stamp(invoice: &Invoice) -> Option<Stamp> {
    let word = match invoice.status {
        InvoiceStatus::Draft => "BROUILLON",
        InvoiceStatus::Paid => "RÉGLÉE",
        InvoiceStatus::Cancelled => "ANNULÉE",
        InvoiceStatus::Refunded => "REMBOURSÉE",
        InvoiceStatus::Pending => return None,
    };
    let on = match invoice.status {
        InvoiceStatus::Paid => invoice.paid_at.map(|at| at.date_naive()),
        _ => None,
    };
    Some(Stamp {
        word: word.to_string(),
        on,
    })
}

/// Name, address lines and contact; only the name (as the invoice keeps
/// it) without the customer's profile.
fn customer_block(invoice: &Invoice, customer: Option<&Customer>) -> Vec<String> {
    let Some(customer) = customer else {
        return vec![invoice.customer_name.clone()];
    };
    let mut block = vec![format!("{} {}", customer.first_name, customer.last_name)];
    block.extend(
        customer
            .address
            .as_str()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_string()),
    );
    block.push(format!("{} · {}", customer.phone, customer.email));
    block
}

/// Make, model and plate; the car's id without it.
fn car_block(invoice: &Invoice, car: Option<&Car>) -> Vec<String> {
    match car {
        Some(car) => vec![
            format!("{} {}", car.make, car.model),
            format!("Immatriculation : {}", car.license_plate),
        ],
        None => vec![format!("Réf. {}", invoice.car_id)],
    }
}

fn totals(invoice: &Invoice) -> Totals {
    let discount = (!invoice.discount.value().is_zero()).then(|| Discount {
        amount: invoice.discount.value(),
        net: Money::rounded(
            invoice.subtotal.value() - invoice.discount.value(),
            invoice.subtotal.value().scale(),
        )
        .value(),
    });
    Totals {
        subtotal: invoice.subtotal.value(),
        discount,
        tax_rate: invoice.tax_rate,
        tax: invoice.tax_amount.value(),
        fees: invoice
            .fees
            .iter()
            .map(|fee| Fee {
                label: fee.label.clone(),
                amount: fee.amount.value(),
            })
            .collect(),
        total: invoice.total.value(),
        refunded: invoice.refund_amount.map(Money::value),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn invoice(status: &str) -> Invoice {
        serde_json::from_value(json!({
            "id": "01JNQ8Z6Y3K2M4N5P6Q7R8S9T0", "invoice_number": "INV-2026-000042",
            "service_id": "01JNQ8Z6Y3K2M4N5P6Q7R8S9T1", "customer_id": "01JNQ8Z6Y3K2M4N5P6Q7R8S9T2",
            "customer_name": "Hélène Ben Ali", "car_id": "01JNQ8Z6Y3K2M4N5P6Q7R8S9T3",
            "status": status, "issued_date": "2026-03-02", "due_date": "2026-04-01", "notes": "",
            "lines": [], "subtotal": "100.000", "tax_rate": "19.00", "tax_amount": "18.050",
            "fees": [], "discount": "5.000", "total": "113.050",
            "paid_at": "2026-03-10T09:30:00Z", "version": 1,
            "created_at": "2026-03-01T08:00:00Z", "updated_at": "2026-03-10T09:30:00Z",
        }))
        .unwrap()
    }

    #[test]
    fn every_status_but_pending_is_stamped_and_a_payment_with_its_day() {
        let stamped = |status| stamp(&invoice(status)).map(|s| (s.word, s.on));
        let paid_on = "2026-03-10".parse().ok();
        assert_eq!(stamped("paid"), Some(("RÉGLÉE".into(), paid_on)));
        assert_eq!(stamped("draft"), Some(("BROUILLON".into(), None)));
        assert_eq!(stamped("cancelled"), Some(("ANNULÉE".into(), None)));
        assert_eq!(stamped("refunded"), Some(("REMBOURSÉE".into(), None)));
        assert_eq!(stamped("pending"), None);
    }

    #[test]
    fn without_the_customer_and_car_the_invoice_names_them() {
        let document = document(&Config::default(), &invoice("pending"), None, None);
        assert_eq!(document.customer, ["Hélène Ben Ali"]);
        assert_eq!(document.car, ["Réf. 01JNQ8Z6Y3K2M4N5P6Q7R8S9T3"]);
        assert_eq!(document.dates.len(), 2);
        let discount = document.totals.discount.unwrap();
        assert_eq!(discount.net.to_string(), "95.000");
    }
}
