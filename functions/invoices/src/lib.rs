//! invoices function.
