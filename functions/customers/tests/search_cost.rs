//! The cost of a search follows the size of its answer, not of the table:
//! with 10,000 customers, a page reads about two items per customer returned
//! (counted by the capacity-counting table wrapper).

mod common;

use std::sync::Arc;

use async_trait::async_trait;
use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    AppState, Clock,
    customers::{
        Profile,
        create::{self, NewCustomer},
    },
    domain::{Address, Email, Notes, PersonName, PhoneNumber},
    store::{Item, Key, Page, Query, StoreError, Table, WriteOp},
    testing::app::{TestApp, start},
};
use ecar_store::table::{CountingTable, EmbeddedTable};

use futures::{StreamExt, stream};

const CUSTOMERS: usize = 10_000;
const FIRST_NAMES: [&str; 40] = [
    "Ahmed", "Amira", "Sami", "Leila", "Mohamed", "Ines", "Youssef", "Salma", "Karim", "Nour",
    "Hatem", "Rim", "Walid", "Sonia", "Nizar", "Hela", "Fares", "Meriem", "Bilel", "Olfa", "Anis",
    "Dorra", "Slim", "Emna", "Omar", "Yosra", "Tarek", "Asma", "Mehdi", "Wafa", "Riadh", "Sarra",
    "Zied", "Maha", "Skander", "Lina", "Aymen", "Rania", "Hichem", "Nadia",
];
const LAST_NAMES: [&str; 25] = [
    "Trabelsi",
    "Ben Ali",
    "Gharbi",
    "Jebali",
    "Mansour",
    "Haddad",
    "Bouzid",
    "Karoui",
    "Zouari",
    "Chaabane",
    "Mejri",
    "Dridi",
    "Hammami",
    "Sassi",
    "Baccouche",
    "Ferchichi",
    "Jaziri",
    "Khelifi",
    "Masmoudi",
    "Nasri",
    "Rekik",
    "Saidi",
    "Tlili",
    "Zaouali",
    "Ayari",
];

/// The embedded table shared between the counted app and the uncounted
/// seeding (which is only there to make the table big).
struct Uncounted(Arc<EmbeddedTable>);

#[async_trait]
impl Table for Uncounted {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.0.get(key).await
    }
    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        self.0.get_many(keys).await
    }
    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        self.0.query(query).await
    }
    async fn write(&self, op: WriteOp) -> Result<(), StoreError> {
        self.0.write(op).await
    }
    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        self.0.transact(ops).await
    }
}

/// Creates the customers through the domain's create, as the route would.
async fn seed(state: &AppState) {
    let creates = (0..CUSTOMERS).map(|i| {
        let first = FIRST_NAMES[i % FIRST_NAMES.len()];
        let last = LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()];
        // Emails start like the first name, as real ones often do: such a
        // customer matches a first-name prefix twice.
        let email = format!(
            "{}.{}{i}@example.tn",
            first.to_lowercase(),
            last.replace(' ', "").to_lowercase()
        );
        let new = NewCustomer {
            profile: Profile {
                first_name: PersonName::parse(first).unwrap(),
                last_name: PersonName::parse(last).unwrap(),
                email: Email::parse(&email).unwrap(),
                phone: PhoneNumber::parse(&format!("{}", 20_000_000 + i), "216").unwrap(),
                address: Address::default(),
                notes: Notes::default(),
            },
            username: None,
            password: None,
        };
        create::create(state, new, None)
    });
    let created: Vec<_> = stream::iter(creates).buffer_unordered(4).collect().await;
    assert!(created.iter().all(Result::is_ok));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_page_reads_about_two_items_per_result_with_10_000_customers() {
    let clock = Clock::fixed(start());
    let embedded = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
    let counting = Arc::new(CountingTable::new(Uncounted(embedded.clone())));
    let table: Arc<dyn Table> = counting.clone();
    let world = World::over(TestApp::over(ecar_customers::router(), table, clock)).await;
    let mut seeding = world.app.state.clone();
    seeding.ports.table = Arc::new(Uncounted(embedded));
    seed(&seeding).await;

    println!("search cost with {CUSTOMERS} customers (items read include the caller's session):");
    // A first name shared by 250 customers, whose emails match too; a last
    // name shared by 400; a phone prefix shared by 10; an email prefix
    // shared by 10.
    for (search, expected_total) in [
        ("ahm", 250),
        ("trab", 400),
        ("2000012", 10),
        ("amira.tr", 10),
    ] {
        let mut cursor: Option<String> = None;
        let (mut returned, mut read, mut pages) = (0u64, 0u64, 0u64);
        loop {
            let path = match &cursor {
                Some(cursor) => format!("/api/customers?search={search}&cursor={cursor}"),
                None => format!("/api/customers?search={search}"),
            };
            counting.reset();
            let answer = world
                .call(Method::GET, &path, Some(&world.staff), None)
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
            let usage = counting.snapshot();
            let page = answer.body["results"].as_array().unwrap().len() as u64;
            println!(
                "  search={search:<18} page {pages}: {page:>3} customers, {:>3} items read ({:.2} per customer), {:.1} read units",
                usage.items_read,
                usage.items_read as f64 / page.max(1) as f64,
                usage.read_units,
            );
            // Two index items per customer at most (name and email), one
            // more to know whether a next page exists, and the session.
            assert!(
                usage.items_read <= 2 * page + 2,
                "{search}: {usage:?} for {page}"
            );
            returned += page;
            read += usage.items_read;
            pages += 1;
            match answer.body["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => break,
            }
        }
        assert_eq!(returned, expected_total, "{search}: every match, each once");
        println!(
            "  search={search:<18} total: {returned} customers in {pages} page(s), {read} items read ({:.2} per customer)",
            read as f64 / returned as f64
        );
    }

    // A term longer than the longest indexed prefix (10 characters) reads the
    // items of its first 10 characters ("amira.trab": 10 customers) and keeps
    // those whose token goes on like the term.
    counting.reset();
    let long = "amira.trabelsi1001@example.tn";
    let answer = world
        .call(
            Method::GET,
            &format!("/api/customers?search={long}"),
            Some(&world.staff),
            None,
        )
        .await;
    let usage = counting.snapshot();
    assert_eq!(answer.body["results"].as_array().unwrap().len(), 1);
    println!(
        "  search={long}: 1 customer, {} items read, {:.1} read units",
        usage.items_read, usage.read_units
    );
    assert!(usage.items_read <= 10 + 1 + 1, "{usage:?}");
}
