// Direct API calls for the data a scenario needs but does not exercise through the UI
// (another customer's invoice), with the admin's bearer token.

/** Logs in through the API (body mode) and returns a JSON caller bound to that token. */
export async function apiAs(baseUrl, username, password) {
  const login = await fetch(`${baseUrl}/api/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login of ${username}: HTTP ${login.status}`);
  const { access } = await login.json();
  return async (method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${access}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
}

/** Creates a second customer with a car, a service and an issued invoice; returns the car's and the invoice's ids. */
export async function otherCustomersInvoice(call, today) {
  const customer = await call('POST', '/api/customers', {
    first_name: 'Other',
    last_name: 'Customer',
    email: 'other.customer@example.com',
    phone: '+21655000111',
  });
  const car = await call('POST', '/api/cars', {
    customer_id: customer.id,
    make: 'Renault',
    model: 'Clio',
    year: 2018,
    license_plate: '987 TU 6543',
    fuel_type: 'diesel',
  });
  const service = await call('POST', '/api/services', { car_id: car.id, title: 'Freins', scheduled_date: today });
  await call('POST', `/api/services/${service.id}/items`, {
    item_type: 'labor',
    name: 'Plaquettes',
    quantity: '1',
    unit_price: '80.000',
  });
  const invoice = await call('POST', '/api/invoices', { service_id: service.id, due_date: today });
  await call('POST', `/api/invoices/${invoice.id}/issue`, {});
  return { carId: car.id, invoiceId: invoice.id };
}
