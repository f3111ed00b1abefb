//! Technicians: staff assign a job, the technician sees it on their day
//! (with the car and who to call), starts it, adds a part, notes, completes;
//! nobody else's technician reaches it; staff see the workshop's load.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::auth::Role;
use serde_json::{Value as Json, json};

/// Today on the test clock, in the garage's calendar.
const TODAY: &str = "2026-03-02";

struct Workshop {
    world: World,
    samir: String,
    samir_token: String,
    leila_token: String,
    service: String,
}

impl Workshop {
    /// A customer's car with a service booked today, assigned to Samir; Leila
    /// is another technician.
    async fn new() -> Self {
        let world = World::new().await;
        let samir = world
            .app
            .staff_account("samir.tech", Role::Technician)
            .await;
        let samir_token = world.app.token_of(&samir).await;
        let leila_token = world.app.staff_token("leila.tech", Role::Technician).await;
        let customer = world.customer("Amira", "amira@example.tn").await;
        let car = world.car(&customer, 120_000).await;
        let service = world.schedule(&car, "Freins avant", TODAY).await;
        let service = service["id"].as_str().unwrap().to_string();
        let assigned = world
            .act(&service, "assign", json!({"technician_id": samir}))
            .await;
        assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
        assert_eq!(assigned.body["technician_id"], json!(samir));
        Self {
            world,
            samir,
            samir_token,
            leila_token,
            service,
        }
    }

    async fn as_tech(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Json>,
    ) -> (StatusCode, Json) {
        let answer = self.world.call(method, path, Some(token), body).await;
        (answer.status, answer.body)
    }

    /// Moves the clock on, with fresh tokens for everyone.
    async fn advance(&mut self, minutes: i64) {
        self.world
            .app
            .state
            .clock
            .advance(chrono::Duration::minutes(minutes));
        self.world.renew_tokens().await;
        self.samir_token = self.world.app.token_of(&self.samir).await;
        let leila = users_id(self, "leila.tech").await;
        self.leila_token = self.world.app.token_of(&leila).await;
    }

    /// Samir clocks on `job`.
    async fn clock_on(&self, job: &str) -> (StatusCode, Json) {
        let body = json!({"service_id": job});
        self.as_tech(
            &self.samir_token,
            Method::POST,
            "/api/technicians/me/clock_on",
            Some(body),
        )
        .await
    }

    /// Samir clocks off.
    async fn clock_off(&self) -> (StatusCode, Json) {
        self.as_tech(
            &self.samir_token,
            Method::POST,
            "/api/technicians/me/clock_off",
            None,
        )
        .await
    }

    /// Samir works `minutes` on the job, clocked on and off.
    async fn record(&mut self, minutes: i64) {
        assert_eq!(self.clock_on(&self.service.clone()).await.0, StatusCode::OK);
        self.advance(minutes).await;
        assert_eq!(self.clock_off().await.0, StatusCode::OK);
    }

    fn path(&self, tail: &str) -> String {
        format!("/api/services/{}{tail}", self.service)
    }
}

#[tokio::test]
async fn a_technician_works_the_job_assigned_to_them() {
    let shop = Workshop::new().await;
    let samir = shop.samir_token.as_str();

    let (status, day) = shop
        .as_tech(samir, Method::GET, "/api/technicians/me/jobs", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{day}");
    assert_eq!(day["date"], TODAY);
    let job = &day["results"][0];
    assert_eq!(job["service"]["id"], json!(shop.service));
    assert_eq!(job["customer"]["name"], "Amira Test");
    assert_eq!(job["customer"]["phone"], "+21698123456");
    assert_eq!(job["car"]["mileage"], 120_000);
    assert_eq!(job["service"]["invoice_id"], Json::Null);

    let (status, list) = shop
        .as_tech(samir, Method::GET, "/api/services", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["results"].as_array().unwrap().len(), 1);

    let (status, started) = shop
        .as_tech(samir, Method::POST, &shop.path("/start"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["status"], "in_progress");
    let part =
        json!({"item_type": "part", "name": "Plaquettes", "quantity": "1", "unit_price": "85"});
    let (status, with_part) = shop
        .as_tech(samir, Method::POST, &shop.path("/items"), Some(part))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{with_part}");
    let (status, noted) = shop
        .as_tech(
            samir,
            Method::POST,
            &shop.path("/notes"),
            Some(json!({"technician_notes": "Disques à 22 mm, à surveiller"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{noted}");
    let (status, done) = shop
        .as_tech(
            samir,
            Method::POST,
            &shop.path("/complete"),
            Some(json!({"service_mileage": 120_450})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "completed");
    assert_eq!(done["technician_notes"], "Disques à 22 mm, à surveiller");

    // Completed today, it stays on the day's screen, last; the items are now staff's.
    let (_, day) = shop
        .as_tech(samir, Method::GET, "/api/technicians/me/jobs", None)
        .await;
    assert_eq!(day["results"][0]["service"]["status"], "completed");
    let late_part = json!({"item_type": "part", "name": "Vis", "quantity": "1", "unit_price": "1"});
    let (status, refused) = shop
        .as_tech(samir, Method::POST, &shop.path("/items"), Some(late_part))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let read = shop.world.read(&shop.service).await;
    assert_eq!(read["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn another_technician_reaches_nothing_of_the_job() {
    let shop = Workshop::new().await;
    let leila = shop.leila_token.as_str();
    for (method, tail, body) in [
        (Method::GET, "", None),
        (Method::GET, "/items", None),
        (Method::POST, "/start", None),
        (
            Method::POST,
            "/notes",
            Some(json!({"technician_notes": "x"})),
        ),
        (Method::POST, "/complete", Some(json!({}))),
        (
            Method::POST,
            "/items",
            Some(json!({"item_type": "part", "name": "Vis", "quantity": "1", "unit_price": "1"})),
        ),
    ] {
        let (status, body) = shop
            .as_tech(leila, method.clone(), &shop.path(tail), body)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {tail}: {body}");
    }
    let (_, list) = shop
        .as_tech(leila, Method::GET, "/api/services", None)
        .await;
    assert_eq!(list["results"], json!([]));
    let (_, day) = shop
        .as_tech(leila, Method::GET, "/api/technicians/me/jobs", None)
        .await;
    assert_eq!(day["results"], json!([]));
    // Nothing moved.
    let read = shop.world.read(&shop.service).await;
    assert_eq!(read["status"], "scheduled");
    assert_eq!(read["version"], 2);
}

#[tokio::test]
async fn a_reassigned_job_leaves_the_first_technician() {
    let shop = Workshop::new().await;
    let leila = users_id(&shop, "leila.tech").await;
    let moved = shop
        .world
        .act(&shop.service, "assign", json!({"technician_id": leila}))
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    let (status, _) = shop
        .as_tech(&shop.samir_token, Method::POST, &shop.path("/start"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, day) = shop
        .as_tech(
            &shop.leila_token,
            Method::GET,
            "/api/technicians/me/jobs",
            None,
        )
        .await;
    assert_eq!(day["results"][0]["service"]["id"], json!(shop.service));
    let (_, day) = shop
        .as_tech(
            &shop.samir_token,
            Method::GET,
            "/api/technicians/me/jobs",
            None,
        )
        .await;
    assert_eq!(day["results"], json!([]));

    let unassigned = shop
        .world
        .act(&shop.service, "assign", json!({"technician_id": null}))
        .await;
    assert_eq!(unassigned.body["technician_id"], Json::Null);
    let (_, day) = shop
        .as_tech(
            &shop.leila_token,
            Method::GET,
            "/api/technicians/me/jobs",
            None,
        )
        .await;
    assert_eq!(day["results"], json!([]));
}

async fn users_id(shop: &Workshop, username: &str) -> String {
    ecar_http::auth::users::find_for_login(shop.world.table(), username)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn only_an_active_technician_takes_an_open_job() {
    let shop = Workshop::new().await;
    let staff_member = users_id(&shop, "staff.member").await;
    for (technician, why) in [
        (json!(staff_member), "a staff member"),
        (json!("01JDQ8Z3N4W5X6Y7Z8A9B0C1D2"), "nobody"),
        (json!(42), "not an id"),
    ] {
        let answer = shop
            .world
            .act(
                &shop.service,
                "assign",
                json!({"technician_id": technician}),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{why}: {}",
            answer.text
        );
    }
    let missing = shop.world.act(&shop.service, "assign", json!({})).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.text);
    assert_eq!(
        shop.world.read(&shop.service).await["technician_id"],
        json!(shop.samir)
    );

    let cancelled = shop
        .world
        .act(&shop.service, "cancel", json!({"reason": "Client absent"}))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.text);
    let answer = shop
        .world
        .act(&shop.service, "assign", json!({"technician_id": null}))
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.text);
}

#[tokio::test]
async fn customers_do_not_see_who_does_the_work() {
    let world = World::new().await;
    let samir = world
        .app
        .staff_account("samir.tech", Role::Technician)
        .await;
    let (amira, token) = world.customer_with_token("Amira", "amira@example.tn").await;
    let car = world.car(&amira, 90_000).await;
    let service = world.schedule(&car, "Vidange", TODAY).await;
    let id = service["id"].as_str().unwrap();
    world
        .act(id, "assign", json!({"technician_id": samir}))
        .await;
    let own = world
        .call(
            Method::GET,
            &format!("/api/services/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body["technician_id"], Json::Null);
}

#[tokio::test]
async fn staff_see_each_technicians_load_and_the_jobs_nobody_has() {
    let shop = Workshop::new().await;
    let world = &shop.world;
    let labour = json!({"item_type": "labor", "name": "Main-d'oeuvre", "quantity": "2.5", "unit_price": "40"});
    let added = world.act(&shop.service, "items", labour).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let customer = world.customer("Karim", "karim@example.tn").await;
    let car = world.car(&customer, 50_000).await;
    world.schedule(&car, "Vidange", "2026-03-03").await;

    let technicians = world.staff(Method::GET, "/api/technicians", None).await;
    assert_eq!(technicians.status, StatusCode::OK);
    let names: Vec<&str> = technicians.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["samir.tech", "leila.tech"]);
    assert_eq!(technicians.body["results"][0]["clock"], Json::Null);

    let load = world
        .staff(
            Method::GET,
            "/api/technicians/workload?from=2026-03-02&to=2026-03-04",
            None,
        )
        .await;
    assert_eq!(load.status, StatusCode::OK, "{}", load.text);
    let samir = &load.body["technicians"][0];
    assert_eq!(samir["technician"]["id"], json!(shop.samir));
    assert_eq!(samir["days"].as_array().unwrap().len(), 3);
    assert_eq!(samir["days"][0]["jobs"], 1);
    assert_eq!(samir["days"][0]["open"], 1);
    assert_eq!(samir["days"][0]["booked_hours"], "2.5");
    assert_eq!(samir["days"][1]["jobs"], 0);
    assert_eq!(load.body["unassigned"][1]["jobs"], 1);
    assert_eq!(load.body["unassigned"][0]["jobs"], 0);

    let too_long = world
        .staff(
            Method::GET,
            "/api/technicians/workload?from=2026-03-01&to=2026-05-01",
            None,
        )
        .await;
    assert_eq!(
        too_long.status,
        StatusCode::BAD_REQUEST,
        "{}",
        too_long.text
    );
    let technician = world
        .call(
            Method::GET,
            "/api/technicians/workload",
            Some(&shop.samir_token),
            None,
        )
        .await;
    assert_eq!(technician.status, StatusCode::FORBIDDEN);
}

/// Schedules another job today for Samir; returns its id.
async fn second_job(shop: &Workshop) -> String {
    let customer = shop.world.customer("Karim", "karim@example.tn").await;
    let car = shop.world.car(&customer, 40_000).await;
    let service = shop.world.schedule(&car, "Vidange", TODAY).await;
    let id = service["id"].as_str().unwrap().to_string();
    let assigned = shop
        .world
        .act(&id, "assign", json!({"technician_id": shop.samir}))
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    id
}

fn minutes(n: i64) -> chrono::Duration {
    chrono::Duration::minutes(n)
}
#[tokio::test]
async fn one_clock_runs_per_technician_and_moves_with_them() {
    let mut shop = Workshop::new().await;
    let other = second_job(&shop).await;

    let (status, on) = shop
        .as_tech(
            &shop.samir_token,
            Method::POST,
            "/api/technicians/me/clock_on",
            Some(json!({"service_id": shop.service})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{on}");
    let floor = shop
        .world
        .staff(Method::GET, "/api/technicians", None)
        .await;
    assert_eq!(
        floor.body["results"][0]["clock"]["service_id"],
        json!(shop.service)
    );
    // Clocking on the same job again changes nothing.
    let (_, again) = shop
        .as_tech(
            &shop.samir_token,
            Method::POST,
            "/api/technicians/me/clock_on",
            Some(json!({"service_id": shop.service})),
        )
        .await;
    assert_eq!(again["open"]["id"], on["open"]["id"]);

    shop.advance(90).await;
    let (status, moved) = shop
        .as_tech(
            &shop.samir_token,
            Method::POST,
            "/api/technicians/me/clock_on",
            Some(json!({"service_id": other})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["open"]["service_id"], json!(other));
    let (_, time) = shop
        .as_tech(&shop.samir_token, Method::GET, &shop.path("/time"), None)
        .await;
    assert_eq!(time["results"].as_array().unwrap().len(), 1);
    assert_eq!(time["results"][0]["seconds"], 5400);
    assert_eq!(time["total_hours"], "1.50");

    shop.advance(30).await;
    let (status, off) = shop
        .as_tech(
            &shop.samir_token,
            Method::POST,
            "/api/technicians/me/clock_off",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{off}");
    assert_eq!(off["service_id"], json!(other));
    assert_eq!(off["seconds"], 1800);
    let (status, _) = shop
        .as_tech(
            &shop.samir_token,
            Method::POST,
            "/api/technicians/me/clock_off",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, state) = shop
        .as_tech(
            &shop.samir_token,
            Method::GET,
            "/api/technicians/me/clock",
            None,
        )
        .await;
    assert_eq!(state["open"], Json::Null);

    // Not Leila's job; and a closed job takes no more time.
    let (status, _) = shop
        .as_tech(
            &shop.leila_token,
            Method::POST,
            "/api/technicians/me/clock_on",
            Some(json!({"service_id": shop.service})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    shop.world
        .act(&other, "cancel", json!({"reason": "Pièce manquante"}))
        .await;
    let (status, _) = shop
        .as_tech(
            &shop.samir_token,
            Method::POST,
            "/api/technicians/me/clock_on",
            Some(json!({"service_id": other})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn completing_or_reassigning_a_job_stops_its_clock() {
    let mut shop = Workshop::new().await;
    shop.as_tech(&shop.samir_token, Method::POST, &shop.path("/start"), None)
        .await;
    shop.as_tech(
        &shop.samir_token,
        Method::POST,
        "/api/technicians/me/clock_on",
        Some(json!({"service_id": shop.service})),
    )
    .await;
    shop.advance(45).await;
    let (status, done) = shop
        .as_tech(
            &shop.samir_token,
            Method::POST,
            &shop.path("/complete"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let (_, state) = shop
        .as_tech(
            &shop.samir_token,
            Method::GET,
            "/api/technicians/me/clock",
            None,
        )
        .await;
    assert_eq!(state["open"], Json::Null);
    let (_, time) = shop
        .as_tech(&shop.samir_token, Method::GET, &shop.path("/time"), None)
        .await;
    assert_eq!(time["results"][0]["seconds"], 2700);

    let other = second_job(&shop).await;
    shop.as_tech(
        &shop.samir_token,
        Method::POST,
        "/api/technicians/me/clock_on",
        Some(json!({"service_id": other})),
    )
    .await;
    shop.advance(10).await;
    shop.world
        .act(&other, "assign", json!({"technician_id": null}))
        .await;
    let (_, state) = shop
        .as_tech(
            &shop.samir_token,
            Method::GET,
            "/api/technicians/me/clock",
            None,
        )
        .await;
    assert_eq!(state["open"], Json::Null);
}

#[tokio::test]
async fn staff_close_a_forgotten_clock_at_the_time_work_stopped() {
    let mut shop = Workshop::new().await;
    shop.as_tech(
        &shop.samir_token,
        Method::POST,
        "/api/technicians/me/clock_on",
        Some(json!({"service_id": shop.service})),
    )
    .await;
    let started = shop.world.app.state.clock.now();
    shop.advance(14 * 60).await;
    let path = format!("/api/technicians/{}/clock_off", shop.samir);
    let future = (shop.world.app.state.clock.now() + minutes(5)).to_rfc3339();
    let refused = shop
        .world
        .staff(Method::POST, &path, Some(json!({"ended_at": future})))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    let stopped = (started + minutes(8 * 60)).to_rfc3339();
    let closed = shop
        .world
        .staff(Method::POST, &path, Some(json!({"ended_at": stopped})))
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text);
    assert_eq!(closed.body["seconds"], 8 * 3600);
    let again = shop.world.staff(Method::POST, &path, None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let not_a_technician = shop
        .world
        .staff(
            Method::POST,
            &format!(
                "/api/technicians/{}/clock_off",
                users_id(&shop, "staff.member").await
            ),
            None,
        )
        .await;
    assert_eq!(not_a_technician.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn recorded_time_is_billed_once_as_a_labour_line() {
    let mut shop = Workshop::new().await;
    shop.record(75).await;

    // No rate configured, none given.
    let no_rate = shop.world.act(&shop.service, "bill_time", json!({})).await;
    assert_eq!(no_rate.status, StatusCode::BAD_REQUEST, "{}", no_rate.text);
    let billed = shop
        .world
        .act(&shop.service, "bill_time", json!({"unit_price": "40"}))
        .await;
    assert_eq!(billed.status, StatusCode::OK, "{}", billed.text);
    let line = &billed.body["items"][0];
    assert_eq!(line["item_type"], "labor");
    assert_eq!(line["quantity"], "1.25");
    assert_eq!(line["total_price"], "50.000");
    assert!(line["description"].as_str().unwrap().contains("1.25 h"));

    let twice = shop
        .world
        .act(&shop.service, "bill_time", json!({"unit_price": "40"}))
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    assert_eq!(
        shop.world.read(&shop.service).await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let time = shop
        .world
        .staff(Method::GET, &shop.path("/time"), None)
        .await;
    assert_eq!(time.body["unbilled_hours"], "0.00");
    let technician = shop
        .world
        .call(
            Method::POST,
            &shop.path("/bill_time"),
            Some(&shop.samir_token),
            Some(json!({})),
        )
        .await;
    assert_eq!(technician.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn hours_are_reported_per_technician_and_exported_by_admins() {
    let mut shop = Workshop::new().await;
    shop.record(120).await;

    let report = shop
        .world
        .staff(
            Method::GET,
            &format!("/api/technicians/hours?from={TODAY}&to={TODAY}"),
            None,
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let samir_hours = &report.body["technicians"][0];
    assert_eq!(samir_hours["technician_id"], json!(shop.samir));
    assert_eq!(samir_hours["total_hours"], "2.00");
    assert_eq!(samir_hours["days"][0]["date"], TODAY);
    let before = shop
        .world
        .staff(
            Method::GET,
            "/api/technicians/hours?from=2026-03-01&to=2026-03-01",
            None,
        )
        .await;
    assert_eq!(before.body["technicians"], json!([]));

    let path = format!("/api/technicians/hours/export?from={TODAY}&to={TODAY}");
    let staff = shop.world.staff(Method::GET, &path, None).await;
    assert_eq!(staff.status, StatusCode::FORBIDDEN);
    let csv = shop
        .world
        .call(Method::GET, &path, Some(&shop.world.admin), None)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines.len(), 2, "{}", csv.text);
    assert!(lines[0].starts_with("technician_name,technician_id,service_title"));
    assert!(
        lines[1].contains("Freins avant") && lines[1].contains(",2.00,"),
        "{}",
        lines[1]
    );
}
