import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchInvoice, listInvoices } from '../../api/invoices';
import type { Invoice, InvoiceQuery } from '../../api/types';
import { useInvalidate } from '../../hooks/useInvalidate';

/** Root query key of the invoices. */
export const INVOICES_KEY = ['invoices'] as const;

/** The query key of one invoice. */
export const invoiceKey = (id: string) => [...INVOICES_KEY, 'detail', id] as const;

/** A page of invoices; the previous page stays shown while the next loads. */
export function useInvoiceList(params: InvoiceQuery, enabled = true) {
  return useQuery({
    queryKey: [...INVOICES_KEY, 'list', params],
    queryFn: ({ signal }) => listInvoices(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One invoice. */
export function useInvoice(id: string) {
  return useQuery({ queryKey: invoiceKey(id), queryFn: ({ signal }) => fetchInvoice(id, signal) });
}

/** A change that answers the changed invoice: cached at once, and what it feeds refreshed. */
export function useInvoiceChange<Input>(change: (input: Input) => Promise<Invoice>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: change,
    onSuccess: async (invoice) => {
      queryClient.setQueryData(invoiceKey(invoice.id), invoice);
      await invalidate('invoices', 'services', 'customers', 'notifications', 'statistics');
    },
  });
}
