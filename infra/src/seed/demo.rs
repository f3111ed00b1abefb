//! `ecar seed --demo`: a small garage to try the app on: customers who can
//! log in, their cars, services in every status and invoices from draft to
//! paid, and a technician who has the open jobs.

use chrono::Days;
use ecar_http::{
    AppState,
    accounts::{self, NewAccount},
    auth::role::Role,
    customers,
    domain::{CustomerId, Money, Notes},
    idempotency::Created,
    invoices::{
        PaymentMethod,
        create::{self as invoice, NewInvoice},
        workflow::{self as invoicing, Payment},
    },
    services::{assignment, views::today},
};

use super::{Error, data, data::Fate};

/// Customers of the demo garage.
const CUSTOMERS: u64 = 6;
/// The password of every demo login (a customer's email is their username).
const PASSWORD: &str = "garage-demo-2026";
/// The demo technician's username.
const TECHNICIAN: &str = "samir.technicien";
/// Where each car's two services end up, in turn: every status appears.
const FATES: [(Fate, Fate); 5] = [
    (Fate::Completed, Fate::Scheduled),
    (Fate::Completed, Fate::InProgress),
    (Fate::Cancelled, Fate::Completed),
    (Fate::Completed, Fate::Completed),
    (Fate::Completed, Fate::Cancelled),
];

/// What the completed services' invoices become, in turn.
#[derive(Clone, Copy)]
enum Billing {
    Draft,
    Issued,
    Paid,
}

const BILLING: [Billing; 3] = [Billing::Paid, Billing::Issued, Billing::Draft];

/// Seeds the demo garage; returns what it wrote.
pub async fn seed(state: &AppState) -> Result<String, Error> {
    let today = today(state);
    let country = state.config.default_country_code.clone();
    let mut logins = Vec::new();
    let mut owners: Vec<CustomerId> = Vec::new();
    for index in 0..CUSTOMERS {
        let mut new = data::customer(index, &country)?;
        new.password = Some(PASSWORD.into());
        logins.push(new.profile.email.to_string());
        match customers::create::create(state, new, None).await? {
            Created::New(customer) => {
                owners.extend((0..data::share(index, 1.5)).map(|_| customer.id.clone()))
            }
            Created::Replayed(_) => return Err("a customer create was replayed".into()),
        }
    }
    let (mut services, mut invoices) = (0, 0);
    let mut open_jobs = Vec::new();
    for (index, owner) in owners.iter().enumerate() {
        let new = data::car(index as u64, owner.clone(), today)?;
        let car = match ecar_http::cars::create::create(state, new, None, "seed").await? {
            Created::New(car) => car.id,
            Created::Replayed(_) => return Err("a car create was replayed".into()),
        };
        let (older, latest) = FATES[index % FATES.len()];
        for (nth, fate) in [older, latest].into_iter().enumerate() {
            let plan = data::service(index as u64, nth as u64, 2, today, Some(fate))?;
            let service = super::service(state, &car, plan, today).await?;
            services += 1;
            if matches!(fate, Fate::Scheduled | Fate::InProgress) {
                open_jobs.push(service.clone());
            }
            if fate == Fate::Completed {
                bill(state, service, BILLING[invoices % BILLING.len()]).await?;
                invoices += 1;
            }
        }
    }
    let technician = technician(state).await?;
    for job in &open_jobs {
        assignment::assign(state, job, Some(&technician), None).await?;
    }
    println!("demo customers log in with their email and the password {PASSWORD}:");
    for login in &logins {
        println!("  {login}");
    }
    println!("the demo technician logs in as {TECHNICIAN}, with the same password");
    Ok(format!(
        "a demo garage ({CUSTOMERS} customers, {} cars, {services} services, {invoices} invoices)",
        owners.len()
    ))
}

/// The demo technician's account; returns its id.
async fn technician(state: &AppState) -> Result<String, Error> {
    let account = NewAccount {
        username: TECHNICIAN.into(),
        email: format!("{TECHNICIAN}@garage.tn"),
        password: PASSWORD.into(),
        role: Role::Technician,
        first_name: "Samir".into(),
        last_name: "Jaziri".into(),
    };
    let user = accounts::create_user(
        state.table.as_ref(),
        &state.passwords,
        &state.clock,
        account,
    )
    .await?;
    Ok(user.id)
}

/// Invoices a completed service and takes the invoice to `billing`.
async fn bill(
    state: &AppState,
    service: ecar_http::domain::ServiceId,
    billing: Billing,
) -> Result<(), Error> {
    let due_date = today(state)
        .checked_add_days(Days::new(30))
        .ok_or("no date 30 days from today")?;
    let new = NewInvoice {
        service_id: service,
        due_date,
        notes: Notes::parse("Merci de votre confiance.")?,
        discount: Money::zero(state.config.currency_decimals),
    };
    let draft = match invoice::create(state, new, None).await? {
        invoice::Created::New(draft) => draft,
        invoice::Created::Replayed(_) => return Err("an invoice create was replayed".into()),
    };
    if matches!(billing, Billing::Draft) {
        return Ok(());
    }
    let issued = invoicing::issue(state, &super::seeding(), &draft.id, None).await?;
    if matches!(billing, Billing::Paid) {
        let payment = Payment {
            method: PaymentMethod::Cash,
            paid_at: None,
        };
        invoicing::mark_as_paid(state, &super::seeding(), &issued.id, &payment, None).await?;
    }
    Ok(())
}
