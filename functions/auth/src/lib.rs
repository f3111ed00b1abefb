//! auth function.
