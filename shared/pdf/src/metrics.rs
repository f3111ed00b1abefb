//! Text measurement with the font's advances, and wrapping to a width.

use crate::{RenderError, fonts};

/// The regular and bold faces' metrics.
pub(crate) struct Metrics {
    regular: ttf_parser::Face<'static>,
    bold: ttf_parser::Face<'static>,
}

impl Metrics {
    pub(crate) fn new() -> Result<Self, RenderError> {
        let face = |data: &'static [u8]| {
            ttf_parser::Face::parse(data, 0).map_err(|e| RenderError(format!("font: {e}")))
        };
        Ok(Self {
            regular: face(fonts::REGULAR)?,
            bold: face(fonts::BOLD)?,
        })
    }

    /// The width of `text` set at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold { &self.bold } else { &self.regular };
        let units: u32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|glyph| face.glyph_hor_advance(glyph))
                    .map_or(0, u32::from)
            })
            .sum();
        units as f32 * size / f32::from(face.units_per_em())
    }

    /// `text` broken into lines at most `width` wide, at spaces when possible.
    pub(crate) fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, false) <= width || line.is_empty() {
                    line = candidate;
                } else {
                    lines.push(std::mem::replace(&mut line, word.to_string()));
                }
                // A single word wider than the column is cut.
                while self.width(&line, size, false) > width && line.chars().count() > 1 {
                    let cut = self.fitting_prefix(&line, size, width);
                    let rest = line.split_off(cut);
                    lines.push(std::mem::replace(&mut line, rest));
                }
            }
            lines.push(line);
        }
        lines
    }

    fn fitting_prefix(&self, text: &str, size: f32, width: f32) -> usize {
        let mut end = 0;
        for (at, c) in text.char_indices() {
            if self.width(&text[..at + c.len_utf8()], size, false) > width {
                break;
            }
            end = at + c.len_utf8();
        }
        end.max(text.chars().next().map_or(0, char::len_utf8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: f32 = 9.5;

    #[test]
    fn long_words_and_lines_wrap_within_the_column() {
        let metrics = Metrics::new().unwrap();
        let text = "Plaquettes de frein avant céramiques haute performance pour conduite sportive";
        let lines = metrics.wrap(text, BODY, 150.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| metrics.width(l, BODY, false) <= 150.0));
        assert_eq!(lines.join(" "), text);
        let long = "x".repeat(200);
        let lines = metrics.wrap(&long, BODY, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
    }
}
