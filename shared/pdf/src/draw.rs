//! Drawing laid-out pages into a PDF with krilla.
//!
//! Text is set in DejaVu Sans (compiled in, cut down to the ranges ECAR
//! prints: see [`crate::fonts`]), which covers French and Arabic letters;
//! krilla embeds the glyphs used with a ToUnicode map, so the text can be
//! searched and copied.

use krilla::{
    color::rgb,
    geom::{PathBuilder, Point, Rect},
    metadata::Metadata,
    page::PageSettings,
    paint::Fill,
    surface::Surface,
    text::{Font, TextDirection},
};

use crate::{
    Document, RenderError, fonts,
    layout::{MARGIN, Op, PAGE_HEIGHT, PAGE_WIDTH},
    sections::lay_out,
};

/// Renders `document` as a PDF.
pub fn render(document: &Document) -> Result<Vec<u8>, RenderError> {
    let pages = lay_out(document)?;
    let font = |data: &'static [u8]| {
        Font::new(data.into(), 0).ok_or_else(|| RenderError("font cannot be loaded".into()))
    };
    let regular = font(fonts::REGULAR)?;
    let bold = font(fonts::BOLD)?;
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| RenderError("page size".into()))?;
    let mut pdf = krilla::Document::new();
    let words = document.kind.words();
    let title = match &document.number {
        Some(number) => format!("{} {number}", words.name),
        None => words.draft_title.to_string(),
    };
    pdf.set_metadata(
        Metadata::new()
            .title(title)
            .creator(document.garage.name.clone())
            .language("fr".into()),
    );
    for ops in pages {
        let mut page = pdf.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: is_bold,
                    text,
                } => {
                    let face = if is_bold {
                        bold.clone()
                    } else {
                        regular.clone()
                    };
                    surface.set_fill(Some(fill(0)));
                    surface.draw_text(
                        Point::from_xy(x, y),
                        face,
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Band { y, height } => draw_rect(&mut surface, y, height, 235),
                Op::Rule { y } => draw_rect(&mut surface, y, 0.7, 120),
            }
        }
        surface.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| RenderError(format!("{e:?}")))
}

fn fill(gray: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(gray, gray, gray).into(),
        ..Fill::default()
    }
}

/// A gray rectangle across the text width.
fn draw_rect(surface: &mut Surface<'_>, y: f32, height: f32, gray: u8) {
    let Some(rect) = Rect::from_xywh(MARGIN, y, PAGE_WIDTH - 2.0 * MARGIN, height) else {
        return;
    };
    let mut builder = PathBuilder::new();
    builder.push_rect(rect);
    if let Some(path) = builder.finish() {
        surface.set_fill(Some(fill(gray)));
        surface.draw_path(&path);
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::{Discount, Fee, Garage, Kind, LabelledDate, Line, Stamp, Totals};

    fn paid_invoice(lines: usize) -> Document {
        let amount = |minor| Decimal::new(minor, 3);
        Document {
            kind: Kind::Invoice,
            garage: Garage {
                name: "Garage Étoile".into(),
                address: "1 avenue Habib Bourguiba\n\n  Tunis ".into(),
            },
            currency: "TND".into(),
            number: Some("INV-2026-000007".into()),
            status: "paid".into(),
            dates: vec![LabelledDate {
                label: "Échéance".into(),
                date: "2026-04-01".parse().unwrap(),
            }],
            stamp: Some(Stamp {
                word: "RÉGLÉE".into(),
                on: Some("2026-03-10".parse().unwrap()),
            }),
            customer: vec!["Hélène Ben Ali".into()],
            car: vec!["Peugeot 208".into()],
            lines: (0..lines)
                .map(|n| Line {
                    name: format!("Pièce n° {n}"),
                    details: String::new(),
                    quantity: Decimal::new(15, 1),
                    unit_price: amount(2_000),
                    amount: amount(3_000),
                })
                .collect(),
            totals: Totals {
                subtotal: amount(1_234_500),
                discount: Some(Discount {
                    amount: amount(4_500),
                    net: amount(1_230_000),
                }),
                tax_rate: Decimal::new(1900, 2),
                tax: amount(233_700),
                fees: vec![Fee {
                    label: "Droit de timbre".into(),
                    amount: amount(1_000),
                }],
                total: amount(1_464_700),
                refunded: None,
            },
            notes: "Merci de votre visite.".into(),
        }
    }

    #[test]
    fn the_pdf_reads_back_with_its_words_amounts_and_pages() {
        let pdf = render(&paid_invoice(60)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
        for expected in [
            "FACTURE",
            "N° INV-2026-000007",
            "Échéance : 01/04/2026",
            "RÉGLÉE le 10/03/2026",
            "Facturé à",
            "Hélène Ben Ali",
            "Peugeot 208",
            "Pièce n° 59",
            "1,5",
            "Remise",
            "-4,500",
            "1\u{202f}230,000",
            "TVA 19,00 %",
            "Droit de timbre",
            "Total TTC (TND)",
            "1\u{202f}464,700",
            "Merci de votre visite.",
            "Garage Étoile · Facture INV-2026-000007 · Montants en TND · Page 2 / 2",
        ] {
            assert!(text.contains(expected), "{expected:?} not in:\n{text}");
        }
    }

    #[test]
    fn a_document_without_a_number_says_so() {
        let mut draft = paid_invoice(1);
        draft.number = None;
        draft.status = "draft".into();
        let text = pdf_extract::extract_text_from_mem(&render(&draft).unwrap()).unwrap();
        assert!(text.contains("N° (non émise)"), "{text}");
        assert!(
            text.contains("Facture draft · Montants en TND · Page 1 / 1"),
            "{text}"
        );
    }
}
