//! The page geometry, and pages laid out as lists of drawing operations,
//! top to bottom, starting new pages as needed.

use crate::{RenderError, metrics::Metrics};

pub(crate) const PAGE_WIDTH: f32 = 595.0;
pub(crate) const PAGE_HEIGHT: f32 = 842.0;
pub(crate) const MARGIN: f32 = 50.0;
const BOTTOM: f32 = PAGE_HEIGHT - 70.0;
/// Font sizes and the line height.
pub(crate) const BODY: f32 = 9.5;
pub(crate) const SMALL: f32 = 8.0;
pub(crate) const LINE: f32 = 13.0;

/// One drawing operation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Band {
        y: f32,
        height: f32,
    },
    Rule {
        y: f32,
    },
}

/// The pages so far and where the next line goes.
pub(crate) struct Layout {
    pub(crate) metrics: Metrics,
    pub(crate) pages: Vec<Vec<Op>>,
    pub(crate) y: f32,
}

impl Layout {
    pub(crate) fn new() -> Result<Self, RenderError> {
        Ok(Self {
            metrics: Metrics::new()?,
            pages: vec![Vec::new()],
            y: MARGIN,
        })
    }

    pub(crate) fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Text starting at `x`.
    pub(crate) fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: impl Into<String>) {
        self.push(Op::Text {
            x,
            y,
            size,
            bold,
            text: text.into(),
        });
    }

    /// Text ending at `right`.
    pub(crate) fn right(
        &mut self,
        right: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: impl Into<String>,
    ) {
        let text = text.into();
        let x = right - self.metrics.width(&text, size, bold);
        self.text(x, y, size, bold, text);
    }

    /// Makes room for `height`, on a new page if this one is full; returns
    /// whether a page was started.
    pub(crate) fn room(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN;
        true
    }
}
