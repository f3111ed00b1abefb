//! notifications function.
