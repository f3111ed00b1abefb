//! services function.
