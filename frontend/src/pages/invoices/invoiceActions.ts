import type { InvoiceStatus } from '../../api/types';

/** What staff may do to an invoice's status. */
export type InvoiceAction = 'issue' | 'markPaid' | 'refund' | 'cancel' | 'delete';

/** The status changes an invoice's status allows, as the API's state machine does. */
export function invoiceActions(status: InvoiceStatus): InvoiceAction[] {
  switch (status) {
    case 'draft':
      return ['issue', 'cancel', 'delete'];
    case 'pending':
      return ['markPaid', 'cancel'];
    case 'paid':
      return ['refund'];
    case 'cancelled':
    case 'refunded':
      return [];
  }
}

/** Whether staff may attach or generate a PDF: not on a cancelled invoice. */
export function canChangePdf(status: InvoiceStatus): boolean {
  return status !== 'cancelled';
}
