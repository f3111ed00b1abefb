//! Realistic garage data, the same for the same index: Tunisian names,
//! phones and addresses, the cars of the Tunisian market, and the work a
//! garage does on them.

use chrono::{Days, NaiveDate};
use ecar_http::{
    cars::{FuelType, create::NewCar},
    customers::{Profile, create::NewCustomer},
    domain::{
        Address, CarMake, CarModel, CustomerId, InvalidValue, ItemDescription, ItemName,
        LicensePlate, Money, Notes, PersonName, PhoneNumber, Quantity, ServiceTitle, ServiceType,
    },
    search::fold,
    services::{ItemType, items::ItemFields},
};
use rand::{Rng, SeedableRng, rngs::StdRng, seq::SliceRandom};

const FIRST_NAMES: &[&str] = &[
    "Mohamed", "Ahmed", "Ali", "Youssef", "Sami", "Karim", "Walid", "Hichem", "Nizar", "Amine",
    "Fatma", "Amira", "Mariem", "Salma", "Ines", "Nour", "Leïla", "Sonia", "Rim", "Hela",
    "Yasmine", "Sarra", "Khaled", "Mehdi", "Anis", "Rania", "Houda", "Olfa", "Imed", "Riadh",
    "Hélène", "Skander", "Oussema", "Chaïma", "Aziz", "Emna", "Bilel", "Malek", "Wafa", "Tarek",
];

const LAST_NAMES: &[&str] = &[
    "Ben Ali",
    "Trabelsi",
    "Gharbi",
    "Jebali",
    "Ben Salah",
    "Hammami",
    "Bouazizi",
    "Mejri",
    "Ayari",
    "Chaabane",
    "Dridi",
    "Khelifi",
    "Saidi",
    "Ferchichi",
    "Ben Amor",
    "Jlassi",
    "Zouari",
    "Mansouri",
    "Baccouche",
    "Karoui",
    "Sassi",
    "Guesmi",
    "Rekik",
    "Masmoudi",
    "Ben Youssef",
    "Tlili",
    "Abidi",
    "Chebbi",
    "Bouzid",
    "Hamdi",
    "Ben Romdhane",
    "Kefi",
    "Louati",
    "Maâlej",
];

const STREETS: &[&str] = &[
    "rue de Marseille",
    "avenue Habib Bourguiba",
    "rue Ibn Khaldoun",
    "avenue de la Liberté",
    "rue de Palestine",
    "avenue Mohamed V",
    "rue du Lac Léman",
    "avenue Hédi Nouira",
    "rue Tahar Sfar",
    "route de la Marsa",
];

const CITIES: &[&str] = &[
    "1000 Tunis",
    "2080 Ariana",
    "2013 Ben Arous",
    "2070 La Marsa",
    "4000 Sousse",
    "3000 Sfax",
    "8000 Nabeul",
    "7000 Bizerte",
    "5000 Monastir",
    "3100 Kairouan",
];

/// Make, model, and the fuel most of them run on.
const MODELS: &[(&str, &str, FuelType)] = &[
    ("Peugeot", "208", FuelType::Gasoline),
    ("Peugeot", "301", FuelType::Diesel),
    ("Peugeot", "3008", FuelType::Diesel),
    ("Renault", "Clio", FuelType::Gasoline),
    ("Renault", "Symbol", FuelType::Gasoline),
    ("Volkswagen", "Polo", FuelType::Gasoline),
    ("Volkswagen", "Golf", FuelType::Diesel),
    ("Kia", "Picanto", FuelType::Gasoline),
    ("Kia", "Rio", FuelType::Gasoline),
    ("Hyundai", "i10", FuelType::Gasoline),
    ("Hyundai", "Tucson", FuelType::Hybrid),
    ("Toyota", "Yaris", FuelType::Hybrid),
    ("Toyota", "Hilux", FuelType::Diesel),
    ("Citroën", "C3", FuelType::Gasoline),
    ("Citroën", "C-Elysée", FuelType::Diesel),
    ("Fiat", "Tipo", FuelType::Gasoline),
    ("Dacia", "Logan", FuelType::Lpg),
    ("Suzuki", "Swift", FuelType::Gasoline),
    ("Seat", "Ibiza", FuelType::Gasoline),
    ("Isuzu", "D-Max", FuelType::Diesel),
    ("Renault", "Zoe", FuelType::Electric),
];

/// Title, type, and the parts and labour it usually takes
/// (name, quantity, unit price in TND).
type Work = (
    &'static str,
    &'static str,
    &'static [(ItemType, &'static str, &'static str, &'static str)],
);

const WORKS: &[Work] = &[
    (
        "Vidange et filtres",
        "maintenance",
        &[
            (ItemType::Part, "Huile moteur 5W-30", "4.5", "18.500"),
            (ItemType::Part, "Filtre à huile", "1", "22.000"),
            (ItemType::Labor, "Main d'œuvre vidange", "0.5", "40.000"),
        ],
    ),
    (
        "Plaquettes de frein avant",
        "repair",
        &[
            (ItemType::Part, "Jeu de plaquettes avant", "1", "95.000"),
            (ItemType::Labor, "Main d'œuvre freinage", "1", "40.000"),
        ],
    ),
    (
        "Révision des 60 000 km",
        "maintenance",
        &[
            (ItemType::Part, "Kit de distribution", "1", "420.000"),
            (ItemType::Part, "Pompe à eau", "1", "135.000"),
            (
                ItemType::Labor,
                "Main d'œuvre distribution",
                "3.5",
                "40.000",
            ),
        ],
    ),
    (
        "Contrôle avant visite technique",
        "inspection",
        &[(ItemType::Labor, "Contrôle général", "1", "35.000")],
    ),
    (
        "Climatisation: recharge",
        "maintenance",
        &[
            (ItemType::Part, "Gaz R134a", "0.6", "90.000"),
            (
                ItemType::Labor,
                "Recharge et contrôle d'étanchéité",
                "1",
                "40.000",
            ),
        ],
    ),
    (
        "Remplacement batterie",
        "repair",
        &[
            (ItemType::Part, "Batterie 70 Ah", "1", "260.000"),
            (ItemType::Labor, "Pose et test de charge", "0.25", "40.000"),
        ],
    ),
    (
        "Pneus avant",
        "tires",
        &[
            (ItemType::Part, "Pneu 185/65 R15", "2", "175.000"),
            (ItemType::Labor, "Montage et équilibrage", "2", "10.000"),
        ],
    ),
];

const CANCEL_REASONS: &[&str] = &[
    "Le client a reporté le rendez-vous.",
    "Pièce en rupture chez le fournisseur.",
    "Le client a vendu la voiture.",
];

/// A random source of its own for each entity, so data depends only on indexes.
fn rng(kind: u64, index: u64) -> StdRng {
    StdRng::seed_from_u64(kind.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index)
}

fn pick<T: Copy>(rng: &mut StdRng, from: &[T]) -> T {
    // The lists above are not empty.
    *from.choose(rng).unwrap_or(&from[0])
}

/// The customer of index `index` (no password: their login is set up later).
pub fn customer(index: u64, country_code: &str) -> Result<NewCustomer, InvalidValue> {
    let mut rng = rng(1, index);
    let first = pick(&mut rng, FIRST_NAMES);
    let last = pick(&mut rng, LAST_NAMES);
    let handle = |name: &str| -> String {
        fold(name)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    let email = format!("{}.{}.{index}@example.tn", handle(first), handle(last));
    let mobile = [2, 5, 9][rng.gen_range(0..3)] * 10_000_000 + rng.gen_range(0..10_000_000);
    let address = format!(
        "{} {}, {}",
        rng.gen_range(1..200),
        pick(&mut rng, STREETS),
        pick(&mut rng, CITIES)
    );
    let notes = if rng.gen_ratio(1, 10) {
        "Préfère être appelé après 17h."
    } else {
        ""
    };
    Ok(NewCustomer {
        profile: Profile {
            first_name: PersonName::parse(first)?,
            last_name: PersonName::parse(last)?,
            email: ecar_http::domain::Email::parse(&email)?,
            phone: PhoneNumber::parse(&mobile.to_string(), country_code)?,
            address: Address::parse(&address)?,
            notes: Notes::parse(notes)?,
        },
        username: None,
        password: None,
    })
}

/// The car of index `index`, owned by `customer_id`, built before `today`.
pub fn car(index: u64, customer_id: CustomerId, today: NaiveDate) -> Result<NewCar, InvalidValue> {
    use chrono::Datelike;
    let mut rng = rng(2, index);
    let (make, model, fuel) = pick(&mut rng, MODELS);
    let age = rng.gen_range(0..18);
    // `123 TU 4567`: series and number from the index, so plates never repeat.
    let plate = format!("{} TU {}", 1 + index / 9999, 1 + index % 9999);
    Ok(NewCar {
        customer_id,
        make: CarMake::parse(make)?,
        model: CarModel::parse(model)?,
        year: u16::try_from(today.year() - age).unwrap_or(2020),
        license_plate: LicensePlate::parse(&plate)?,
        vin: None,
        fuel_type: fuel,
        initial_mileage: 5_000 + age as u32 * rng.gen_range(8_000..20_000),
        last_service_date: None,
        last_service_mileage: None,
    })
}

/// Where a seeded service ends up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Booked ahead.
    Scheduled,
    /// In the workshop today.
    InProgress,
    /// Done, on its date.
    Completed,
    /// Called off.
    Cancelled,
}

/// A service of a car: what it is, its date, its items and where it ends up.
pub struct ServicePlan {
    /// What the service is.
    pub title: ServiceTitle,
    /// The kind of service.
    pub service_type: ServiceType,
    /// The day it is booked for.
    pub date: NaiveDate,
    /// Parts and labour.
    pub items: Vec<ItemFields>,
    /// Where it ends up.
    pub fate: Fate,
    /// Why, when cancelled.
    pub cancel_reason: &'static str,
}

/// Service `nth` of the `count` services of car `car_index`: the earlier
/// ones completed months apart (a few cancelled), the latest one anywhere
/// from completed to booked ahead, unless `fate` says where it ends up.
pub fn service(
    car_index: u64,
    nth: u64,
    count: u64,
    today: NaiveDate,
    fate: Option<Fate>,
) -> Result<ServicePlan, InvalidValue> {
    let mut rng = rng(3, car_index * 1_000 + nth);
    let (title, service_type, lines) = pick(&mut rng, WORKS);
    let fate = if let Some(fate) = fate {
        fate
    } else if nth + 1 < count {
        if rng.gen_ratio(1, 12) {
            Fate::Cancelled
        } else {
            Fate::Completed
        }
    } else {
        match rng.gen_range(0..100) {
            0..50 => Fate::Completed,
            50..75 => Fate::Scheduled,
            75..90 => Fate::InProgress,
            _ => Fate::Cancelled,
        }
    };
    let months_ago = (count - 1 - nth) * 6;
    let date = match fate {
        Fate::Scheduled => today.checked_add_days(Days::new(rng.gen_range(1..30))),
        Fate::InProgress => Some(today),
        Fate::Completed | Fate::Cancelled => {
            today.checked_sub_days(Days::new(months_ago * 30 + rng.gen_range(1..60)))
        }
    }
    .unwrap_or(today);
    let items = lines
        .iter()
        .map(|(item_type, name, quantity, price)| {
            Ok(ItemFields {
                item_type: *item_type,
                name: ItemName::parse(name)?,
                description: ItemDescription::default(),
                quantity: Quantity::parse(quantity)?,
                unit_price: money(price)?,
            })
        })
        .collect::<Result<_, InvalidValue>>()?;
    Ok(ServicePlan {
        title: ServiceTitle::parse(title)?,
        service_type: ServiceType::parse(service_type)?,
        date,
        items,
        fate,
        cancel_reason: pick(&mut rng, CANCEL_REASONS),
    })
}

/// An amount as written in the lists above.
fn money(text: &str) -> Result<Money, InvalidValue> {
    serde_json::from_value(serde_json::Value::String(text.into()))
        .map_err(|error| InvalidValue::new(error.to_string()))
}

/// How many of `total` things (spread at `per_owner` an owner) owner `index` gets.
pub fn share(index: u64, per_owner: f64) -> u64 {
    let upto = |n: u64| (n as f64 * per_owner).floor() as u64;
    upto(index + 1) - upto(index)
}
