// The end-to-end scenario of issue 9, in the browser against `ecar serve --in-memory`, or
// with ECAR_E2E_HOST=local-aws against the Lambdas of `ecar local-aws` (e2e/server.mjs):
// the admin creates a staff account, sets a new password for it (the old one no longer logs
// in, the new one does, in another browser), makes it an admin and finds that change in the audit
// log (filtered by its action, and in its CSV export); then the admin takes a customer
// from creation to a paid invoice; then the customer sees
// their notification, invoice and car, and cannot open another customer's invoice or car;
// a phone registered for them (as the mobile app does) shows on their profile as active.
// Then the customer books an appointment, staff confirm and check the car in, its service
// starts on the board, and the customer sees it in progress. The customer adds a second
// car in the portal, which waits until staff approve it on the cars to approve screen;
// then it is among the customer's cars. The admin creates a technician account; staff book
// a job on the customer's car and assign it to them on the service's page; the technician
// logs in to their jobs, finds the customer's phone and starts the job, which clocks them
// on it; staff see them clocked on it on the workload; the technician adds labour and
// completes the job, which stops the clock, with no request refused; staff see the day on
// the workload, the time on the job's page (and bill it), and the technician's hours, which
// the admin exports as CSV.
// Then an Arabic pass in a second browser that asks for Arabic: right to left, Arabic
// headings and Tunisian formats, and the dark theme following the system.
// Each step needs the ones before it: after a failure, the rest are skipped.
import assert from 'node:assert/strict';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { apiAs, otherCustomersInvoice } from './api.mjs';
import { launchBrowser } from './browser.mjs';
import { watchCspViolations } from './csp.mjs';
import { tinyPdf } from './pdf.mjs';
import { startServer } from './server.mjs';

// The local AWS run keeps its screenshots apart from the local runner's.
const SCREENSHOTS = fileURLToPath(
  new URL(process.env.ECAR_E2E_HOST === 'local-aws' ? './screenshots/local-aws/' : './screenshots/', import.meta.url),
);
const STEP_TIMEOUT_MS = 15_000;

const CUSTOMER = {
  firstName: 'Amina',
  lastName: 'Ben Salah',
  email: 'amina.bensalah@example.com',
  phone: '+21698123456',
  password: 'a long customer passphrase',
};

let server;
let browser;
/** The browser of the Arabic pass (its profile asks for ar-TN). */
let arabicBrowser;
/** The page the steps drive (and the failure screenshot shows): the Arabic one in its pass. */
let page;
let failed = null;
let cspViolations = [];
/** What the steps learn and pass on (ids, numbers). */
const state = {};

before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  // A failure screenshot from an earlier run would read as this run's.
  await rm(`${SCREENSHOTS}failed-step.png`, { force: true });
  server = await startServer();
  browser = await launchBrowser();
  browser.context.setDefaultTimeout(STEP_TIMEOUT_MS);
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  cspViolations = watchCspViolations(page);
});

after(async () => {
  await arabicBrowser?.close();
  await browser?.close();
  await server?.stop();
});

/** A step of the scenario: skipped once one before it failed. */
function step(name, body) {
  test(name, async (t) => {
    if (failed !== null) {
      t.skip(`needs "${failed}"`);
      return;
    }
    try {
      await body();
    } catch (error) {
      failed = name;
      await page?.screenshot({ path: `${SCREENSHOTS}failed-step.png`, fullPage: true }).catch(() => {});
      throw error;
    }
  });
}

/**
 * A screenshot once the screen has settled: no table or card still loading, and the
 * menu's and tables' transitions finished (`animations: 'disabled'` fast-forwards them).
 */
async function shot(name) {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true, animations: 'disabled' });
}
const dialog = () => page.getByRole('dialog');
const visible = (locator) => locator.waitFor({ state: 'visible' });
const toast = (text) => visible(page.getByText(text, { exact: true }).first());
/** Today on the garage's clock (the server's `ECAR_TIME_ZONE`), not UTC's: they differ around midnight. */
const today = () => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: process.env.ECAR_TIME_ZONE ?? 'Africa/Tunis',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
};

async function logIn(username, password) {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('Identifiant ou e-mail').fill(username);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

step('the admin logs in with the password printed by ecar serve', async () => {
  await page.goto(`${server.baseUrl}/login`);
  await shot('login');
  await logIn('admin', server.adminPassword);
  await visible(page.getByRole('heading', { name: 'Tableau de bord' }));
  await shot('dashboard');
});

step('the admin creates a staff account on the users screen', async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Utilisateurs').click();
  await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
  await dialog().getByLabel("Nom d'utilisateur").fill('nour');
  await dialog().getByLabel('E-mail').fill('nour@garage.example');
  await dialog().getByLabel('Mot de passe').fill('a long staff passphrase');
  await dialog().getByRole('button', { name: 'Créer' }).click();
  await toast('Utilisateur créé.');
  await visible(page.getByRole('cell', { name: 'nour', exact: true }));
  await shot('users');
});

step('the admin sets a new password for the staff account, which logs in with it in another browser', async () => {
  const account = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'nour', exact: true }) });
  await account.getByRole('button', { name: 'Définir un mot de passe' }).click();
  await visible(dialog().getByText('il faudra se reconnecter avec ce nouveau mot de passe', { exact: false }));
  await dialog().getByLabel('Nouveau mot de passe').fill('a fresh staff passphrase');
  await dialog().getByLabel('Confirmez le mot de passe').fill('a fresh staff passphrase');
  await dialog().getByRole('button', { name: 'Enregistrer' }).click();
  await toast('Mot de passe de nour défini. Ses sessions sont fermées.');
  await visible(page.getByRole('cell', { name: 'nour', exact: true }));
  // A fresh profile: no cookie of the admin's session.
  const staffBrowser = await launchBrowser();
  try {
    staffBrowser.context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const staffPage = staffBrowser.context.pages()[0] ?? (await staffBrowser.context.newPage());
    watchCspViolations(staffPage, cspViolations);
    await staffPage.goto(`${server.baseUrl}/login`);
    await staffPage.getByLabel('Identifiant ou e-mail').fill('nour');
    await staffPage.getByLabel('Mot de passe').fill('a long staff passphrase');
    await staffPage.getByRole('button', { name: 'Se connecter' }).click();
    await visible(staffPage.getByText('Identifiant ou mot de passe incorrect.'));
    await staffPage.getByLabel('Mot de passe').fill('a fresh staff passphrase');
    await staffPage.getByRole('button', { name: 'Se connecter' }).click();
    await visible(staffPage.getByRole('heading', { name: 'Tableau de bord' }));
  } finally {
    await staffBrowser.close();
  }
});

step('the admin makes the staff account an admin, and the audit log shows who changed what', async () => {
  // The select's box, not its search input, takes the click.
  const account = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'nour', exact: true }) });
  await account.locator('.ant-select-selector').click();
  await page.locator('.ant-select-item-option[title="Administrateur"]').click();
  await dialog().getByRole('button', { name: 'Enregistrer' }).click();
  await toast('Utilisateur mis à jour.');
  await page.getByRole('menu', { name: 'Menu principal' }).getByText("Journal d'audit").click();
  await visible(page.getByRole('heading', { name: "Journal d'audit" }));
  await page.getByRole('combobox', { name: 'Action' }).fill('Rôle modifié');
  await page.locator('.ant-select-item-option[title="Rôle modifié"]').click();
  // The record names the account changed (a link to the users screen), who changed it, and the change.
  const record = page.getByRole('row').filter({ hasText: 'role: staff → admin' });
  await visible(record.getByRole('link', { name: 'nour', exact: true }));
  await visible(record.getByText('Garage Admin'));
  assert.equal(await page.getByRole('row').filter({ hasText: 'Rôle modifié' }).count(), 1);
  await shot('audit');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter en CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'audit.csv');
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /user_role_changed/);
  assert.doesNotMatch(csv, /admin_login/);
});

step('the admin creates a customer with an initial password', async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Clients').click();
  await page.getByRole('button', { name: 'Nouveau client' }).click();
  await dialog().getByLabel('Prénom').fill(CUSTOMER.firstName);
  await dialog().getByLabel('Nom de famille').fill(CUSTOMER.lastName);
  await dialog().getByLabel('E-mail').fill(CUSTOMER.email);
  await dialog().getByLabel('Téléphone').fill(CUSTOMER.phone);
  await dialog().getByLabel('Mot de passe initial').fill(CUSTOMER.password);
  await dialog().getByRole('button', { name: 'Créer' }).click();
  await toast('Client créé.');
  await shot('customers');
  await page.getByRole('link', { name: `Ouvrir ${CUSTOMER.firstName} ${CUSTOMER.lastName}` }).click();
  await visible(page.getByRole('heading', { name: `${CUSTOMER.firstName} ${CUSTOMER.lastName}` }));
});

step('the admin adds a car to the customer', async () => {
  await page.getByRole('button', { name: 'Ajouter un véhicule' }).click();
  await dialog().getByLabel('Immatriculation').fill('123 TU 4567');
  await dialog().getByLabel('Marque').fill('Peugeot');
  await dialog().getByLabel('Modèle').fill('208');
  await dialog().getByLabel('Année').fill('2020');
  await dialog().getByLabel('Kilométrage initial').fill('42000');
  await dialog().getByRole('button', { name: 'Créer' }).click();
  await page.waitForURL(/\/cars\/[^/]+$/);
  await visible(page.getByRole('heading', { name: /Peugeot 208/ }));
  await shot('car');
});

step('the admin schedules a service on the car', async () => {
  await page.getByRole('button', { name: 'Planifier une intervention' }).click();
  await dialog().getByLabel('Intitulé').fill('Vidange et filtres');
  await dialog().getByRole('button', { name: 'Créer' }).click();
  await page.waitForURL(/\/services\/[^/]+$/);
  await visible(page.getByRole('heading', { name: 'Vidange et filtres' }));
});

step('the admin adds parts and labour, with live totals', async () => {
  const addLine = async (name, quantity, price) => {
    await page.getByLabel('Désignation Nouvelle ligne').fill(name);
    await page.getByLabel('Quantité Nouvelle ligne').fill(quantity);
    await page.getByLabel('Prix unitaire Nouvelle ligne').fill(price);
    await page.getByRole('button', { name: 'Ajouter la ligne' }).click();
    await visible(page.getByLabel(`Total ${name}`));
    // The live subtotal counts the new-line row until the added line clears it.
    await page.waitForFunction(() => document.querySelector('[aria-label="Désignation Nouvelle ligne"]')?.value === '');
  };
  await addLine('Huile 5W30', '4', '12.500');
  await addLine('Filtre à huile', '1', '18,750');
  const subtotal = (await page.getByLabel('Sous-total').textContent()).replace(/[\u00a0\u202f]/g, ' ');
  assert.equal(subtotal, '68,750 TND');
  await shot('service');
});

step('the admin completes the service', async () => {
  await page.getByRole('button', { name: 'Terminer', exact: true }).click();
  await dialog().getByLabel("Kilométrage à l'intervention").fill('42500');
  await dialog().getByRole('button', { name: 'Terminer' }).click();
  await toast('Intervention terminée.');
  await visible(page.getByText('Terminée', { exact: true }).first());
});

step('the admin creates the invoice and issues it', async () => {
  await page.getByRole('button', { name: 'Créer la facture' }).click();
  await dialog().getByRole('button', { name: 'Créer' }).click();
  await page.waitForURL(/\/invoices\/[^/]+$/);
  state.invoiceUrl = page.url();
  await page.getByRole('button', { name: 'Émettre' }).click();
  await dialog().getByRole('button', { name: 'Émettre' }).click();
  await toast('Facture émise.');
  const heading = page.getByRole('heading', { name: /INV-\d{4}-\d{6}/ });
  await visible(heading);
  state.invoiceNumber = /INV-\d{4}-\d{6}/.exec(await heading.textContent())[0];
});

step('the admin uploads the invoice PDF', async () => {
  await page.locator('input[type=file]').setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
  await toast('PDF enregistré.');
  await visible(page.getByRole('button', { name: 'Télécharger le PDF' }));
});

step('the admin marks the invoice paid', async () => {
  await page.getByRole('button', { name: 'Marquer payée' }).click();
  await dialog().getByRole('button', { name: 'Marquer payée' }).click();
  await toast('Facture payée.');
  await shot('invoice');
});

step("another customer's car and invoice exist (set up through the API)", async () => {
  const call = await apiAs(server.baseUrl, 'admin', server.adminPassword);
  const other = await otherCustomersInvoice(call, today());
  state.otherCarId = other.carId;
  state.otherInvoiceId = other.invoiceId;
});

step('the customer logs in and sees the notification', async () => {
  await page.getByRole('button', { name: 'Garage Admin' }).click();
  await page.getByText('Se déconnecter').click();
  await visible(page.getByRole('button', { name: 'Se connecter' }));
  await logIn(CUSTOMER.email, CUSTOMER.password);
  await visible(page.getByText('Mon profil').first());
  await page.getByRole('link', { name: 'Ouvrir les notifications' }).click();
  await visible(page.getByRole('heading', { name: 'Notifications' }));
  await visible(page.locator('.ant-list-item').first());
  await shot('portal-notifications');
});

step('the customer sees the invoice', async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Factures').click();
  await page.getByRole('link', { name: `Ouvrir la facture ${state.invoiceNumber}` }).click();
  await visible(page.getByRole('heading', { name: new RegExp(state.invoiceNumber) }));
  await visible(page.getByText('Payée', { exact: true }).first());
  assert.equal(await page.getByRole('button', { name: 'Marquer payée' }).count(), 0);
  await shot('portal-invoice');
});

step("the customer cannot open another customer's invoice", async () => {
  await page.goto(`${server.baseUrl}/invoices/${state.otherInvoiceId}`);
  await visible(page.getByText("Cet élément n'existe pas ou n'est plus visible."));
  assert.equal(await page.getByText('Plaquettes').count(), 0);
});

step('the customer sees their own car, reports its mileage, and cannot open another customer\'s car', async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Véhicules').click();
  await visible(page.getByRole('link', { name: 'Ouvrir 123TU4567' }));
  assert.equal(await page.getByRole('link', { name: 'Ouvrir 987TU6543' }).count(), 0);
  await page.getByRole('link', { name: 'Ouvrir 123TU4567' }).click();
  await visible(page.getByRole('heading', { name: /Peugeot 208/ }));
  await page.getByRole('spinbutton', { name: 'Kilométrage' }).fill('43100');
  await page.getByRole('button', { name: 'Enregistrer le relevé' }).click();
  await toast('Kilométrage enregistré.');
  await visible(page.getByText(/43\s100\skm/).first());
  await shot('portal-car');
  await page.goto(`${server.baseUrl}/cars/${state.otherCarId}`);
  await visible(page.getByText("Cet élément n'existe pas ou n'est plus visible."));
  assert.equal(await page.getByText('Renault Clio').count(), 0);
});

step("the customer's phone registers for notifications (the mobile app's call, through the API)", async () => {
  const call = await apiAs(server.baseUrl, CUSTOMER.email, CUSTOMER.password);
  // Shaped like an FCM registration token: 140+ characters of [A-Za-z0-9_:-].
  const token = `e2eAmina:APA91b${'Xy7_Kq-9'.repeat(18)}`;
  const device = await call('POST', '/api/notifications/devices', { platform: 'fcm', token });
  assert.equal(device.ended_at ?? null, null);
  state.deviceRegisteredAt = device.created_at;
});

step('the customer\'s profile lists that phone as active', async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Mon profil').click();
  const card = page.locator('.ant-card').filter({ hasText: 'Téléphones recevant les notifications' });
  const phone = card.locator('.ant-list-item').filter({ hasText: 'Android' });
  await visible(phone.getByText('Actif', { exact: true }));
  assert.equal(await card.locator('.ant-list-item').count(), 1);
  // The day the API recorded, as the app writes it (French, the garage's time zone).
  const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'Africa/Tunis' }).format(
    new Date(state.deviceRegisteredAt),
  );
  const plain = (text) => text.replace(/[\u00a0\u202f]/g, ' ');
  assert.ok(plain(await phone.innerText()).includes(plain(`Enregistré le ${day}`)), await phone.innerText());
  assert.equal(await phone.getByText(/autre compte/).count(), 0);
  await shot('portal-profile');
});

async function logOut(name) {
  await page.getByRole('button', { name }).click();
  await page.getByText('Se déconnecter').click();
  await visible(page.getByRole('button', { name: 'Se connecter' }));
}

step('the customer books an appointment for their car in a free slot', async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Mes rendez-vous').click();
  await page.getByRole('button', { name: /demander un rendez-vous/i }).click();
  // The first day with a free place is shown; its first free slot is taken.
  const slots = dialog().getByRole('group', { name: /^Créneaux du / });
  await visible(slots);
  const slot = slots.locator('button:not([disabled])').first();
  state.slotLabel = (await slot.textContent()).slice(0, 5);
  await slot.click();
  await dialog().getByLabel('Travaux demandés').fill('Bruit au freinage\nÀ vérifier avant la route');
  await dialog().getByRole('button', { name: 'Envoyer la demande' }).click();
  await toast('Demande envoyée : le garage va la confirmer.');
  await visible(page.getByText('Demandé', { exact: true }).first());
  const call = await apiAs(server.baseUrl, CUSTOMER.email, CUSTOMER.password);
  const { results } = await call('GET', '/api/appointments');
  assert.equal(results.length, 1);
  assert.equal(results[0].status, 'requested');
  state.appointment = results[0];
  await shot('portal-appointment-booked');
});

step('staff confirm the request on the calendar and check the car in', async () => {
  await logOut(`${CUSTOMER.firstName} ${CUSTOMER.lastName}`);
  await logIn('admin', server.adminPassword);
  await visible(page.getByRole('heading', { name: 'Tableau de bord' }));
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Tunis' }).format(new Date(state.appointment.starts_at));
  await page.goto(`${server.baseUrl}/appointments?date=${day}`);
  const card = page.getByRole('button', {
    name: `Ouvrir le rendez-vous de 123TU4567 (${CUSTOMER.firstName} ${CUSTOMER.lastName}) à ${state.slotLabel}`,
  });
  await visible(card);
  await shot('appointments-calendar');
  await card.click();
  await page.getByRole('button', { name: 'Confirmer', exact: true }).click();
  await toast('Rendez-vous confirmé.');
  await page.getByRole('button', { name: 'Accueillir le véhicule' }).click();
  // The check-in dialog opens over the appointment's drawer (a dialog too).
  const checkIn = page.getByRole('dialog', { name: 'Arrivée de 123TU4567' });
  await checkIn.getByRole('button', { name: 'Accueillir le véhicule' }).click();
  await toast('Véhicule accueilli : intervention ouverte.');
  await page.getByRole('link', { name: "Voir l'intervention" }).first().click();
  await page.waitForURL(/\/services\/[^/]+$/);
  await visible(page.getByRole('heading', { name: 'Bruit au freinage' }));
});

step("the checked-in car's service starts and shows in progress on the board", async () => {
  await page.getByRole('button', { name: 'Commencer', exact: true }).click();
  await dialog().getByRole('button', { name: 'Commencer' }).click();
  await toast('Intervention commencée.');
  await visible(page.getByText('En cours', { exact: true }).first());
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Interventions').click();
  await page.getByText('Tableau', { exact: true }).click();
  const column = page.getByRole('region', { name: 'En cours', exact: true });
  await visible(column.getByRole('link', { name: 'Bruit au freinage' }));
  await shot('services-board-checked-in');
});

step('the customer sees the appointment checked in and its service in progress', async () => {
  await logOut('Garage Admin');
  await logIn(CUSTOMER.email, CUSTOMER.password);
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Mes rendez-vous').click();
  await visible(page.getByText('Arrivé', { exact: true }).first());
  await page.goto(`${server.baseUrl}/appointments/${state.appointment.id}`);
  await page.getByRole('link', { name: "Voir l'intervention" }).first().click();
  await visible(page.getByRole('heading', { name: 'Bruit au freinage' }));
  await visible(page.getByText('En cours', { exact: true }).first());
  await shot('portal-appointment-in-progress');
});

step('the customer describes a problem to the garage', async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Mes demandes').click();
  await page.getByRole('button', { name: 'Décrire un problème' }).click();
  await dialog().getByLabel('Problème rencontré').fill('Voyant moteur allumé depuis hier');
  await dialog().getByRole('button', { name: 'Envoyer au garage' }).click();
  await toast('Demande envoyée au garage.');
  await visible(page.getByText('Ouverte', { exact: true }).first());
});

step('the customer adds a car of theirs, which waits for the garage', async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Véhicules').click();
  await page.getByRole('button', { name: 'Ajouter un véhicule' }).click();
  await dialog().getByLabel('Immatriculation').fill('200 TU 1234');
  await dialog().getByLabel('Marque').fill('Kia');
  await dialog().getByLabel('Modèle').fill('Picanto');
  await dialog().getByLabel('Année').fill('2019');
  await dialog().getByLabel('Kilométrage initial').fill('61000');
  await dialog().getByRole('button', { name: 'Envoyer au garage' }).click();
  await toast('Véhicule envoyé : le garage va le confirmer.');
  const waiting = page.locator('.ant-card').filter({ hasText: 'En attente de validation' });
  await visible(waiting.getByText('200TU1234'));
  await visible(waiting.getByText('En attente', { exact: true }));
  // Not a car until approved: it is not among the cars.
  assert.equal(await page.getByRole('link', { name: 'Ouvrir 200TU1234' }).count(), 0);
  await shot('portal-car-waiting');
});

step('staff answer the request, and it is closed', async () => {
  await logOut(`${CUSTOMER.firstName} ${CUSTOMER.lastName}`);
  await logIn('admin', server.adminPassword);
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Demandes', { exact: true }).click();
  await visible(page.getByText('Voyant moteur allumé depuis hier'));
  await shot('requests');
  await page.getByRole('button', { name: 'Répondre et clôturer' }).click();
  await dialog().getByLabel('Réponse').fill('Passez demain matin sans rendez-vous, nous regarderons.');
  await dialog().getByRole('button', { name: 'Envoyer la réponse' }).click();
  await toast('Réponse envoyée ; demande clôturée.');
  const call = await apiAs(server.baseUrl, CUSTOMER.email, CUSTOMER.password);
  const { results } = await call('GET', '/api/appointments/requests');
  assert.equal(results[0].status, 'closed');
  assert.equal(results[0].answer, 'Passez demain matin sans rendez-vous, nous regarderons.');
});

step('staff approve the added car on the cars to approve screen, and open it', async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Véhicules à valider').click();
  const row = page.getByRole('row').filter({ hasText: '200TU1234' });
  await visible(row.getByRole('link', { name: `${CUSTOMER.firstName} ${CUSTOMER.lastName}` }));
  await shot('cars-pending');
  await row.getByRole('button', { name: 'Valider', exact: true }).click();
  const approved = page.getByRole('alert').filter({ hasText: 'Kia Picanto (200TU1234) est enregistré' });
  await approved.getByRole('link', { name: 'Ouvrir le véhicule' }).click();
  await visible(page.getByRole('heading', { name: /Kia Picanto/ }));
});

step('the customer sees the approved car among their cars', async () => {
  await logOut('Garage Admin');
  await logIn(CUSTOMER.email, CUSTOMER.password);
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Véhicules').click();
  await visible(page.getByRole('link', { name: 'Ouvrir 200TU1234' }));
  await visible(page.getByRole('link', { name: 'Ouvrir 123TU4567' }));
  assert.equal(await page.getByText('En attente de validation').count(), 0);
  await shot('portal-car-approved');
});

const TECHNICIAN = {
  username: 'karim',
  firstName: 'Karim',
  lastName: 'Haddad',
  email: 'karim@garage.example',
  password: 'a long technician passphrase',
};
const TECHNICIAN_JOB = 'Plaquettes avant';
/** A role's Select on a page: its box takes the click, not its search input. */
const selectBox = (name) =>
  page.locator('.ant-select').filter({ has: page.getByRole('combobox', { name }) }).locator('.ant-select-selector');

step('the admin creates a technician account with a password on the users screen', async () => {
  await logOut(`${CUSTOMER.firstName} ${CUSTOMER.lastName}`);
  await logIn('admin', server.adminPassword);
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Utilisateurs').click();
  await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
  await dialog().getByLabel("Nom d'utilisateur").fill(TECHNICIAN.username);
  await dialog().getByLabel('E-mail').fill(TECHNICIAN.email);
  await dialog().getByLabel('Prénom').fill(TECHNICIAN.firstName);
  await dialog().getByLabel('Nom de famille').fill(TECHNICIAN.lastName);
  await dialog().getByLabel('Mot de passe').fill(TECHNICIAN.password);
  await dialog().locator('.ant-select-selector').click();
  await page.locator('.ant-select-item-option[title="Technicien"]').click();
  await dialog().getByRole('button', { name: 'Créer' }).click();
  await toast('Utilisateur créé.');
  const account = page.getByRole('row').filter({ has: page.getByRole('cell', { name: TECHNICIAN.username, exact: true }) });
  await visible(account.getByText('Technicien', { exact: true }));
});

step("staff book a job for today on the customer's car and assign it to the technician on the service page", async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Véhicules', { exact: true }).click();
  await page.getByRole('link', { name: 'Ouvrir 123TU4567' }).click();
  await visible(page.getByRole('heading', { name: /Peugeot 208/ }));
  await page.getByRole('button', { name: 'Planifier une intervention' }).click();
  await dialog().getByLabel('Intitulé').fill(TECHNICIAN_JOB);
  await dialog().getByLabel('Description').fill('Bruit métallique au freinage');
  await dialog().getByRole('button', { name: 'Créer' }).click();
  await page.waitForURL(/\/services\/[^/]+$/);
  state.technicianJobId = new URL(page.url()).pathname.split('/').pop();
  await visible(page.getByRole('heading', { name: TECHNICIAN_JOB }));
  await selectBox('Technicien').click();
  await page.locator(`.ant-select-item-option[title="${TECHNICIAN.firstName} ${TECHNICIAN.lastName}"]`).click();
  await toast(`Intervention attribuée à ${TECHNICIAN.firstName} ${TECHNICIAN.lastName}.`);
  await visible(selectBox('Technicien').getByText(`${TECHNICIAN.firstName} ${TECHNICIAN.lastName}`));
  await shot('service-assigned');
});

step('the technician logs in, lands on their jobs and finds the job with the car and the phone to call', async () => {
  await logOut('Garage Admin');
  // Nothing a technician's screens ask for may be refused to them.
  state.refusedToTechnician = [];
  state.watchRefusals = (response) => {
    if (response.status() === 403) state.refusedToTechnician.push(response.url());
  };
  page.on('response', state.watchRefusals);
  await logIn(TECHNICIAN.username, TECHNICIAN.password);
  await page.waitForURL(/\/my-jobs$/);
  await visible(page.getByRole('heading', { name: 'Mes travaux' }));
  const menu = page.getByRole('menu', { name: 'Menu principal' });
  assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['Mes travaux']);
  const job = page.getByRole('region', { name: TECHNICIAN_JOB });
  await visible(job.getByText('Bruit métallique au freinage'));
  await visible(job.getByText('123TU4567'));
  await visible(job.getByText('Peugeot 208 2020'));
  const call = job.getByRole('link', { name: `Appeler ${CUSTOMER.firstName} ${CUSTOMER.lastName} au ${CUSTOMER.phone}` });
  assert.equal(await call.getAttribute('href'), `tel:${CUSTOMER.phone}`);
  await shot('my-jobs');
});

const TECHNICIAN_NAME = `${TECHNICIAN.firstName} ${TECHNICIAN.lastName}`;
/** The technician's clock at the top of their jobs, while it runs. */
const clockBanner = () => page.getByRole('region', { name: 'Pointage en cours', exact: true });

step('the technician starts the job, which clocks them on it', async () => {
  const job = page.getByRole('region', { name: TECHNICIAN_JOB });
  await visible(page.getByText('Aucun pointage en cours', { exact: false }));
  await job.getByRole('button', { name: 'Commencer' }).click();
  await dialog().getByRole('button', { name: 'Commencer' }).click();
  await toast('Intervention commencée.');
  await visible(job.getByText('En cours', { exact: true }));
  await visible(job.getByText('Pointage en cours', { exact: true }));
  await visible(clockBanner().getByText(`Pointé sur « ${TECHNICIAN_JOB} » depuis`, { exact: false }));
  assert.match(await clockBanner().getByRole('timer', { name: 'Temps écoulé' }).innerText(), /^\d+:\d{2}:\d{2}$/);
  await shot('my-jobs-clocked-on');
});

step('staff see the technician clocked on the job on the workload page', async () => {
  // Another role's requests are not the technician's: the watch pauses meanwhile.
  page.off('response', state.watchRefusals);
  await logOut(TECHNICIAN_NAME);
  await logIn('admin', server.adminPassword);
  await visible(page.getByRole('heading', { name: 'Tableau de bord' }));
  await page.getByRole('menu', { name: 'Menu principal' }).getByText("Charge de l'atelier").click();
  const row = page.getByRole('row').filter({ hasText: TECHNICIAN_NAME });
  await visible(row.getByLabel(new RegExp(`^${TECHNICIAN_NAME} est pointé sur « ${TECHNICIAN_JOB} » depuis \\d{2}:\\d{2}$`)));
  await visible(row.getByRole('link', { name: TECHNICIAN_JOB }));
  await visible(row.getByRole('button', { name: 'Arrêter le pointage…' }));
  await shot('workload-clocked-on');
});

step('the technician adds the labour and completes the job, which stops the clock', async () => {
  await logOut('Garage Admin');
  page.on('response', state.watchRefusals);
  await logIn(TECHNICIAN.username, TECHNICIAN.password);
  await page.waitForURL(/\/my-jobs$/);
  const job = page.getByRole('region', { name: TECHNICIAN_JOB });
  await visible(job.getByText('Pointage en cours', { exact: true }));
  await visible(clockBanner());
  await job.getByRole('button', { name: "Ajouter pièce ou main-d'œuvre" }).click();
  await dialog().getByText("Main-d'œuvre", { exact: true }).click();
  await dialog().getByLabel('Désignation').fill('Remplacement des plaquettes');
  await dialog().getByLabel('Quantité').fill('1,5');
  await dialog().getByRole('button', { name: 'Ajouter la ligne' }).click();
  await toast('Ligne ajoutée.');
  await visible(job.getByRole('cell', { name: 'Remplacement des plaquettes' }));
  await job.getByRole('button', { name: 'Terminer' }).click();
  await dialog().getByLabel("Kilométrage à l'intervention").fill('43300');
  await dialog().getByLabel('Notes du technicien').fill('Plaquettes avant remplacées');
  await dialog().getByRole('button', { name: 'Terminer' }).click();
  await toast('Intervention terminée.');
  await visible(job.getByText('Terminée', { exact: true }));
  await visible(job.getByText('Plaquettes avant remplacées'));
  assert.equal(await job.getByRole('button').count(), 0);
  // The server stopped the clock with the job.
  await visible(page.getByText('Aucun pointage en cours', { exact: false }));
  assert.equal(await clockBanner().count(), 0);
  page.off('response', state.watchRefusals);
  assert.deepEqual(state.refusedToTechnician, []);
  await shot('my-jobs-done');
});

step("staff see the technician's day on the workload page", async () => {
  await logOut(TECHNICIAN_NAME);
  await logIn('admin', server.adminPassword);
  await visible(page.getByRole('heading', { name: 'Tableau de bord' }));
  await page.getByRole('menu', { name: 'Menu principal' }).getByText("Charge de l'atelier").click();
  await visible(page.getByRole('heading', { name: "Charge de l'atelier" }));
  const row = page.getByRole('row').filter({ hasText: TECHNICIAN_NAME });
  // Today: one job, done, with an hour and a half of labour; no clock runs any more.
  await visible(row.getByLabel('1 intervention(s), 0 à faire, 1,5 h réservées'));
  assert.equal(await row.getByRole('button', { name: 'Arrêter le pointage…' }).count(), 0);
  await visible(page.getByRole('row').filter({ hasText: 'Non attribuées' }));
  await shot('workload');
});

step("staff find the technician's time on the job's page, and bill it at a rate", async () => {
  await page.goto(`${server.baseUrl}/services/${state.technicianJobId}`);
  await visible(page.getByRole('heading', { name: TECHNICIAN_JOB }));
  const card = page.locator('.ant-card').filter({ has: page.getByText('Temps passé', { exact: true }) });
  const entry = card.getByRole('row').filter({ hasText: TECHNICIAN.firstName });
  await visible(entry.getByText('Non facturé', { exact: true }));
  assert.equal(await entry.count(), 1);
  await shot('service-time');
  // The time recorded is the seconds the scenario took: under 0.005 h it rounds to nothing,
  // which the server refuses to bill.
  const call = await apiAs(server.baseUrl, 'admin', server.adminPassword);
  const time = await call('GET', `/api/services/${state.technicianJobId}/time`);
  assert.equal(time.results.length, 1);
  await card.getByRole('button', { name: 'Facturer le temps' }).click();
  await visible(dialog().getByText('Facturer le temps non facturé', { exact: false }));
  assert.equal(await dialog().getByLabel('Désignation').inputValue(), "Main-d'œuvre");
  await dialog().getByLabel('Taux horaire').fill('45');
  await dialog().getByRole('button', { name: 'Facturer le temps' }).click();
  if (time.unbilled_hours === '0.00') {
    await visible(dialog().getByText('Conflit : There is no unbilled time on this job.'));
    await dialog().getByRole('button', { name: 'Annuler' }).click();
    await visible(entry.getByText('Non facturé', { exact: true }));
  } else {
    await toast('Temps facturé : ligne ajoutée.');
    await visible(entry.getByText('Facturé', { exact: true }));
    await visible(page.getByLabel("Total Main-d'œuvre"));
  }
});

step("staff see the technician's hours, which the admin exports as CSV", async () => {
  await page.getByRole('menu', { name: 'Menu principal' }).getByText('Heures', { exact: true }).click();
  await visible(page.getByRole('heading', { name: 'Heures des techniciens' }));
  const row = page.getByRole('row').filter({ hasText: TECHNICIAN.firstName });
  await visible(row.getByText(/^\d+(,\d+)? h$/).first());
  await shot('hours');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter en CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'hours.csv');
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /^technician_name,/);
  assert.match(csv, new RegExp(TECHNICIAN_JOB));
});

// The Arabic pass: a fresh browser whose language is Arabic, with no stored choice.
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/;
const html = (attribute) => page.locator('html').getAttribute(attribute);
const menu = () => page.getByRole('menu', { name: 'القائمة الرئيسية' });

async function assertRightToLeft() {
  assert.equal(await html('dir'), 'rtl');
  assert.equal(await html('lang'), 'ar');
}

/** The page background's brightness (0 to 255), as the browser paints it. */
async function backgroundBrightness() {
  const colour = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = colour.match(/\d+/g).map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

step('in a browser that asks for Arabic, the login page reads right to left', async () => {
  arabicBrowser = await launchBrowser({ locale: 'ar-TN' });
  arabicBrowser.context.setDefaultTimeout(STEP_TIMEOUT_MS);
  page = arabicBrowser.context.pages()[0] ?? (await arabicBrowser.context.newPage());
  watchCspViolations(page, cspViolations);
  await page.goto(`${server.baseUrl}/login`);
  await visible(page.getByRole('heading', { name: 'تسجيل الدخول' }));
  await assertRightToLeft();
  await shot('ar-login');
});

step('in Arabic, the admin logs in and sees the dashboard, the menu on the right', async () => {
  await page.getByLabel('اسم المستخدم أو البريد الإلكتروني').fill('admin');
  await page.getByLabel('كلمة المرور').fill(server.adminPassword);
  await page.getByRole('button', { name: 'دخول' }).click();
  await visible(page.getByRole('heading', { name: 'لوحة القيادة' }));
  await assertRightToLeft();
  const sider = await page.locator('.ant-layout-sider').boundingBox();
  const viewport = page.viewportSize();
  assert.ok(sider.x > viewport.width / 2, `the side menu is at x=${sider.x}, not on the right`);
  // The paid invoice counts in the revenue, in dinars and Latin digits.
  const revenue = page.locator('.ant-statistic').filter({ hasText: 'المبالغ المحصّلة' });
  const amount = await revenue.locator('.ant-statistic-content').textContent();
  assert.match(amount, /\d,\d{3}\sد\.ت\./u);
  assert.doesNotMatch(amount, ARABIC_INDIC_DIGITS);
  await shot('ar-dashboard');
});

step('in Arabic, the customers and invoices lists', async () => {
  await menu().getByText('الحرفاء').click();
  await visible(page.getByRole('heading', { name: 'الحرفاء' }));
  await visible(page.getByRole('link', { name: `فتح ${CUSTOMER.firstName} ${CUSTOMER.lastName}` }));
  await shot('ar-customers');
  await menu().getByText('الفواتير').click();
  await visible(page.getByRole('heading', { name: 'الفواتير' }));
  await visible(page.getByRole('link', { name: `فتح الفاتورة ${state.invoiceNumber}` }));
  await visible(page.getByText('مدفوعة', { exact: true }).first());
  await assertRightToLeft();
  await shot('ar-invoices');
});

step('the dark theme follows the system, and the header switch overrides it', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.ok((await backgroundBrightness()) < 60, 'the page background stays light in dark mode');
  await menu().getByText('السيارات').click();
  await page.getByRole('link', { name: 'فتح 123TU4567' }).click();
  await visible(page.getByRole('heading', { name: /Peugeot 208/ }));
  await visible(page.locator('.recharts-line').first());
  await shot('ar-car-dark');
  await menu().getByText('لوحة القيادة').click();
  await visible(page.getByRole('heading', { name: 'لوحة القيادة' }));
  await visible(page.locator('.recharts-bar-rectangle').first());
  await shot('ar-dashboard-dark');

  await page.getByRole('button', { name: 'المظهر' }).click();
  await page.getByRole('menuitem', { name: 'فاتح' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.ok((await backgroundBrightness()) > 200, 'the light theme keeps a dark background');
  // Remembered: a reload on a dark system stays light.
  await page.reload();
  await visible(page.getByRole('heading', { name: 'لوحة القيادة' }));
  assert.equal(await html('data-theme'), 'light');
  await assertRightToLeft();
});

step('every page ran under the content security policy without a violation', async () => {
  const response = await fetch(`${server.baseUrl}/`);
  const policy = response.headers.get('content-security-policy') ?? '';
  assert.match(policy, /script-src 'self'/);
  assert.match(policy, /frame-ancestors 'none'/);
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  assert.deepEqual(cspViolations, []);
});
