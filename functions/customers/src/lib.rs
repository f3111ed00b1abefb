//! customers function.
