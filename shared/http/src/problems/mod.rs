//! How each domain error answers over HTTP: one mapping per error onto
//! problem+json, so every route of a resource refuses alike.

mod appointments;
mod auth;
mod customers;
mod invoices;
mod notifications;
mod services;
