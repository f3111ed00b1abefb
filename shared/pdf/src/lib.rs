//! ECAR's PDF renderer: a priced document (an invoice today) printed in
//! French on A4, with the garage's header, the customer and car blocks, the
//! number and dates, the lines, the totals with tax and fees, and the notes.
//!
//! The renderer knows no ECAR entity: callers map theirs to a [`Document`],
//! so only the crates that print link the font and the PDF writer.

mod document;
mod draw;
mod fonts;
mod french;
mod layout;
mod metrics;
mod sections;

pub use document::{Discount, Document, Fee, Garage, Kind, LabelledDate, Line, Stamp, Totals};
pub use draw::render;

/// Why a document could not be rendered (a font or PDF writer failure,
/// never the document's content).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RenderError(String);
