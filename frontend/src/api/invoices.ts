import { api, ifMatch } from './client';
import { putWithProgress } from './upload';
import type { DownloadUrl, Invoice, InvoiceCreate, InvoiceQuery, InvoiceStatistics, Page, PaymentMethod } from './types';

/** One page of invoices (staff: all; a customer: their own, never drafts). */
export function listInvoices(params: InvoiceQuery, signal?: AbortSignal): Promise<Page<Invoice>> {
  return api.get('/api/invoices', { query: { ...params, search: params.search?.trim() || undefined }, signal });
}

/** One invoice. */
export function fetchInvoice(id: string, signal?: AbortSignal): Promise<Invoice> {
  return api.get('/api/invoices/{id}', { path: { id }, signal });
}

/** Creates the draft invoice of a service (one per service). */
export function createInvoice(body: InvoiceCreate): Promise<Invoice> {
  return api.post('/api/invoices', { body });
}

/** Deletes a draft. */
export async function deleteInvoice(id: string): Promise<void> {
  await api.delete('/api/invoices/{id}', { path: { id } });
}

/** `draft → pending`: fixes lines and totals, assigns the number, notifies the customer. */
export function issueInvoice(invoice: Invoice): Promise<Invoice> {
  return api.post('/api/invoices/{id}/issue', { path: { id: invoice.id }, headers: ifMatch(invoice.version) });
}

/** `pending → paid`; notifies the customer. */
export function markInvoicePaid(invoice: Invoice, paymentMethod: PaymentMethod): Promise<Invoice> {
  return api.post('/api/invoices/{id}/mark_as_paid', {
    path: { id: invoice.id },
    body: { payment_method: paymentMethod },
    headers: ifMatch(invoice.version),
  });
}

/** `draft|pending → cancelled`. */
export function cancelInvoice(invoice: Invoice): Promise<Invoice> {
  return api.post('/api/invoices/{id}/cancel', { path: { id: invoice.id }, headers: ifMatch(invoice.version) });
}

/** `paid → refunded`, for at most the total. */
export function refundInvoice(invoice: Invoice, amount: string, reason: string): Promise<Invoice> {
  return api.post('/api/invoices/{id}/refund', {
    path: { id: invoice.id },
    body: { amount, reason },
    headers: ifMatch(invoice.version),
  });
}

/** Renders the invoice as a PDF and stores it. */
export function generateInvoicePdf(id: string): Promise<Invoice> {
  return api.post('/api/invoices/{id}/generate_pdf', { path: { id } });
}

/** A short-lived link to the invoice's PDF. */
export function fetchInvoiceDownload(id: string): Promise<DownloadUrl> {
  return api.get('/api/invoices/{id}/download', { path: { id }, query: { redirect: false } });
}

/** The invoices dashboard figures (staff). */
export function fetchInvoiceStatistics(signal?: AbortSignal): Promise<InvoiceStatistics> {
  return api.get('/api/invoices/statistics', { signal });
}

/** Largest PDF the API takes in a request body. */
export const MAX_PDF_BYTES = 10 * 1024 * 1024;

/** How long the SPA waits for an uploaded PDF to be checked and attached. */
const ATTACH_TIMEOUT_MS = 60_000;
const ATTACH_POLL_MS = 500;

/** The uploaded file was not attached in time: the check refused it (not a PDF). */
export class PdfNotAttached extends Error {
  constructor() {
    super('the uploaded PDF was not attached');
  }
}

/**
 * Uploads the invoice's PDF straight to storage through a presigned PUT, with
 * progress: a request through the API is limited to a few megabytes once
 * deployed (Lambda takes 6 MB with base64), the bucket takes MAX_PDF_BYTES.
 * The file is checked by its bytes after the upload (at once locally, within
 * seconds on AWS); this resolves once it is attached to the invoice.
 */
export async function uploadInvoicePdf(id: string, file: Blob, onProgress: (fraction: number) => void): Promise<Invoice> {
  const ticket = await api.post('/api/invoices/{id}/upload_url', {
    path: { id },
    body: { size: file.size, content_type: 'application/pdf' },
  });
  await putWithProgress(ticket.url, ticket.headers, file, onProgress);
  const deadline = Date.now() + ATTACH_TIMEOUT_MS;
  for (;;) {
    const invoice = await fetchInvoice(id);
    // PDF ids sort by time: a later one means ours was attached, then replaced.
    if (invoice.pdf && invoice.pdf.id >= ticket.pdf_id) return invoice;
    if (Date.now() > deadline) throw new PdfNotAttached();
    await new Promise((resolve) => setTimeout(resolve, ATTACH_POLL_MS));
  }
}
