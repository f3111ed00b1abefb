import { api, ifMatch } from './client';
import { uploadWithProgress } from './upload';
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

/** Uploads the invoice's PDF (`application/pdf`), reporting progress. */
export function uploadInvoicePdf(id: string, file: Blob, onProgress: (fraction: number) => void): Promise<Invoice> {
  return uploadWithProgress<Invoice>('/api/invoices/{id}/upload_pdf', { id }, {
    body: file,
    contentType: 'application/pdf',
    onProgress,
  });
}
