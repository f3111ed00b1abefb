//! The pdf-check function.
