//! cars function.
