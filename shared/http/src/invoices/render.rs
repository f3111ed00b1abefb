//! Rendering an invoice as a PDF, in French, on A4: the garage's header,
//! the customer, the car, the number and dates, the lines, the totals with
//! tax and fees, and the notes.
//!
//! Text is set in DejaVu Sans (from the `dejavu` crate, so nothing is read
//! or fetched at run time), which covers French and Arabic letters; krilla
//! embeds the subset used with a ToUnicode map, so the text can be searched
//! and copied. Layout is done first, as a list of pages of drawing
//! operations, measured with the font's advances; then the pages are drawn.

use chrono::{Datelike, NaiveDate};
use krilla::{
    Document,
    color::rgb,
    geom::{PathBuilder, Point, Rect},
    metadata::Metadata,
    page::PageSettings,
    paint::Fill,
    text::{Font, TextDirection},
};

use super::{Invoice, InvoiceError, status_name};
use crate::{cars::Car, customers::Customer, domain::InvoiceStatus, domain::Money};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const BOTTOM: f32 = PAGE_HEIGHT - 70.0;
const BODY: f32 = 9.5;
const SMALL: f32 = 8.0;
const LINE: f32 = 13.0;
/// Right edges of the line table's columns: quantity, unit price, amount.
const QTY_RIGHT: f32 = 370.0;
const UNIT_RIGHT: f32 = 465.0;
const AMOUNT_RIGHT: f32 = PAGE_WIDTH - MARGIN;
/// Width of the designation column.
const NAME_WIDTH: f32 = 270.0;

/// Everything printed on an invoice.
#[derive(Clone, Copy, Debug)]
pub struct Sheet<'a> {
    /// The garage's name.
    pub garage_name: &'a str,
    /// The garage's address (lines separated by newlines).
    pub garage_address: &'a str,
    /// The currency's code.
    pub currency: &'a str,
    /// The invoice.
    pub invoice: &'a Invoice,
    /// The customer, when their profile could be read.
    pub customer: Option<&'a Customer>,
    /// The car, when it could be read.
    pub car: Option<&'a Car>,
}

/// One drawing operation.
#[derive(Clone, Debug, PartialEq)]
enum Op {
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

/// Text measurement with the font's advances.
struct Metrics {
    regular: ttf_parser::Face<'static>,
    bold: ttf_parser::Face<'static>,
}

impl Metrics {
    fn new() -> Result<Self, InvoiceError> {
        let face = |data: &'static [u8]| {
            ttf_parser::Face::parse(data, 0).map_err(|e| InvoiceError::Render(format!("font: {e}")))
        };
        Ok(Self {
            regular: face(dejavu::sans::regular())?,
            bold: face(dejavu::sans::bold())?,
        })
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
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
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
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

/// Lays pages out, top to bottom, starting new pages as needed.
struct Layout {
    metrics: Metrics,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout {
    fn new() -> Result<Self, InvoiceError> {
        Ok(Self {
            metrics: Metrics::new()?,
            pages: vec![Vec::new()],
            y: MARGIN,
        })
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: impl Into<String>) {
        self.push(Op::Text {
            x,
            y,
            size,
            bold,
            text: text.into(),
        });
    }

    fn right(&mut self, right: f32, y: f32, size: f32, bold: bool, text: impl Into<String>) {
        let text = text.into();
        let x = right - self.metrics.width(&text, size, bold);
        self.text(x, y, size, bold, text);
    }

    /// Makes room for `height`, on a new page if this one is full; returns
    /// whether a page was started.
    fn room(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN;
        true
    }
}

/// `1234.5` → `1 234,500` (French: space thousands, comma decimals).
pub fn french_amount(amount: Money) -> String {
    let text = amount.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{fraction}")
    }
}

fn french_date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

fn status_label(status: InvoiceStatus) -> Option<&'static str> {
    match status {
        InvoiceStatus::Draft => Some("BROUILLON"),
        InvoiceStatus::Paid => Some("RÉGLÉE"),
        InvoiceStatus::Cancelled => Some("ANNULÉE"),
        InvoiceStatus::Refunded => Some("REMBOURSÉE"),
        InvoiceStatus::Pending => None,
    }
}

fn header(layout: &mut Layout, sheet: &Sheet<'_>) {
    let invoice = sheet.invoice;
    layout.text(MARGIN, MARGIN + 14.0, 16.0, true, sheet.garage_name);
    let mut y = MARGIN + 30.0;
    for line in sheet
        .garage_address
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        layout.text(MARGIN, y, BODY, false, line.trim());
        y += LINE;
    }
    let right = PAGE_WIDTH - MARGIN;
    layout.right(right, MARGIN + 16.0, 20.0, true, "FACTURE");
    let number = invoice
        .invoice_number
        .as_ref()
        .map_or_else(|| "(non émise)".to_string(), ToString::to_string);
    layout.right(right, MARGIN + 34.0, BODY, true, format!("N° {number}"));
    let mut ry = MARGIN + 34.0 + LINE;
    if let Some(issued) = invoice.issued_date {
        let text = format!("Date d'émission : {}", french_date(issued));
        layout.right(right, ry, BODY, false, text);
        ry += LINE;
    }
    layout.right(
        right,
        ry,
        BODY,
        false,
        format!("Échéance : {}", french_date(invoice.due_date)),
    );
    ry += LINE;
    if let Some(label) = status_label(invoice.status) {
        let label = match (invoice.status, invoice.paid_at) {
            (InvoiceStatus::Paid, Some(at)) => {
                format!("{label} le {}", french_date(at.date_naive()))
            }
            _ => label.to_string(),
        };
        layout.right(right, ry, BODY, true, label);
        ry += LINE;
    }
    layout.y = y.max(ry) + 18.0;
}

fn parties(layout: &mut Layout, sheet: &Sheet<'_>) {
    let y = layout.y;
    layout.text(MARGIN, y, BODY, true, "Facturé à");
    let mut ly = y + LINE;
    let name = sheet.customer.map_or_else(
        || sheet.invoice.customer_name.clone(),
        |c| format!("{} {}", c.first_name, c.last_name),
    );
    layout.text(MARGIN, ly, BODY, false, name);
    ly += LINE;
    if let Some(customer) = sheet.customer {
        for line in customer
            .address
            .as_str()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            layout.text(MARGIN, ly, BODY, false, line.trim());
            ly += LINE;
        }
        let contact = format!("{} · {}", customer.phone, customer.email);
        layout.text(MARGIN, ly, BODY, false, contact);
        ly += LINE;
    }
    let column = PAGE_WIDTH / 2.0 + 20.0;
    layout.text(column, y, BODY, true, "Véhicule");
    let car = match sheet.car {
        Some(car) => vec![
            format!("{} {}", car.make, car.model),
            format!("Immatriculation : {}", car.license_plate),
        ],
        None => vec![format!("Réf. {}", sheet.invoice.car_id)],
    };
    let mut ry = y + LINE;
    for line in car {
        layout.text(column, ry, BODY, false, line);
        ry += LINE;
    }
    layout.y = ly.max(ry) + 16.0;
}

fn table_header(layout: &mut Layout) {
    let y = layout.y;
    layout.push(Op::Band {
        y: y - 11.0,
        height: 16.0,
    });
    layout.text(MARGIN + 4.0, y, BODY, true, "Désignation");
    layout.right(QTY_RIGHT, y, BODY, true, "Qté");
    layout.right(UNIT_RIGHT, y, BODY, true, "Prix unitaire");
    layout.right(AMOUNT_RIGHT - 4.0, y, BODY, true, "Montant");
    layout.y = y + LINE + 6.0;
}

fn lines(layout: &mut Layout, sheet: &Sheet<'_>) {
    table_header(layout);
    for item in &sheet.invoice.lines {
        let names = layout.metrics.wrap(item.name.as_str(), BODY, NAME_WIDTH);
        let details = layout
            .metrics
            .wrap(item.description.as_str(), SMALL, NAME_WIDTH);
        let details: Vec<String> = details.into_iter().filter(|l| !l.is_empty()).collect();
        let height = names.len() as f32 * LINE + details.len() as f32 * (LINE - 2.0) + 4.0;
        if layout.room(height) {
            table_header(layout);
        }
        let y = layout.y;
        layout.right(
            QTY_RIGHT,
            y,
            BODY,
            false,
            item.quantity.to_string().replace('.', ","),
        );
        layout.right(UNIT_RIGHT, y, BODY, false, french_amount(item.unit_price));
        layout.right(
            AMOUNT_RIGHT - 4.0,
            y,
            BODY,
            false,
            french_amount(item.total_price),
        );
        let mut ly = y;
        for name in names {
            layout.text(MARGIN + 4.0, ly, BODY, false, name);
            ly += LINE;
        }
        for detail in details {
            layout.text(MARGIN + 10.0, ly - 1.0, SMALL, false, detail);
            ly += LINE - 2.0;
        }
        layout.y = ly + 4.0;
    }
    layout.push(Op::Rule { y: layout.y - 6.0 });
    layout.y += 10.0;
}

fn totals(layout: &mut Layout, sheet: &Sheet<'_>) {
    let invoice = sheet.invoice;
    let currency = sheet.currency;
    let mut rows: Vec<(String, String, bool)> = vec![(
        "Sous-total HT".into(),
        french_amount(invoice.subtotal),
        false,
    )];
    if !invoice.discount.value().is_zero() {
        rows.push((
            "Remise".into(),
            format!("-{}", french_amount(invoice.discount)),
            false,
        ));
        let net = Money::rounded(
            invoice.subtotal.value() - invoice.discount.value(),
            invoice.subtotal.value().scale(),
        );
        rows.push(("Total HT".into(), french_amount(net), false));
    }
    let rate = invoice.tax_rate.to_string().replace('.', ",");
    rows.push((
        format!("TVA {rate} %"),
        french_amount(invoice.tax_amount),
        false,
    ));
    for fee in &invoice.fees {
        rows.push((fee.label.clone(), french_amount(fee.amount), false));
    }
    rows.push((
        format!("Total TTC ({currency})"),
        french_amount(invoice.total),
        true,
    ));
    if let Some(refund) = invoice.refund_amount {
        rows.push((
            "Remboursé".into(),
            format!("-{}", french_amount(refund)),
            false,
        ));
    }
    layout.room(rows.len() as f32 * (LINE + 2.0) + 10.0);
    let label_x = UNIT_RIGHT - 110.0;
    for (label, amount, bold) in rows {
        let y = layout.y;
        layout.text(label_x, y, BODY, bold, label);
        layout.right(AMOUNT_RIGHT - 4.0, y, BODY, bold, amount);
        layout.y = y + LINE + 2.0;
    }
    layout.y += 10.0;
}

fn notes(layout: &mut Layout, sheet: &Sheet<'_>) {
    let text = sheet.invoice.notes.as_str();
    if text.trim().is_empty() {
        return;
    }
    let wrapped = layout.metrics.wrap(text, BODY, PAGE_WIDTH - 2.0 * MARGIN);
    layout.room(LINE * 2.0);
    let y = layout.y;
    layout.text(MARGIN, y, BODY, true, "Notes");
    layout.y = y + LINE;
    for line in wrapped {
        layout.room(LINE);
        let y = layout.y;
        layout.text(MARGIN, y, BODY, false, line);
        layout.y = y + LINE;
    }
}

fn footers(layout: &mut Layout, sheet: &Sheet<'_>) {
    let count = layout.pages.len();
    let number = sheet.invoice.invoice_number.as_ref().map_or_else(
        || status_name(sheet.invoice.status).to_string(),
        ToString::to_string,
    );
    for (index, page) in layout.pages.iter_mut().enumerate() {
        page.push(Op::Text {
            x: MARGIN,
            y: PAGE_HEIGHT - 40.0,
            size: SMALL,
            bold: false,
            text: format!(
                "{} · Facture {number} · Montants en {} · Page {} / {count}",
                sheet.garage_name,
                sheet.currency,
                index + 1
            ),
        });
    }
}

/// The pages of `sheet`, laid out.
fn lay_out(sheet: &Sheet<'_>) -> Result<Vec<Vec<Op>>, InvoiceError> {
    let mut layout = Layout::new()?;
    header(&mut layout, sheet);
    parties(&mut layout, sheet);
    lines(&mut layout, sheet);
    totals(&mut layout, sheet);
    notes(&mut layout, sheet);
    footers(&mut layout, sheet);
    Ok(layout.pages)
}

fn fill(gray: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(gray, gray, gray).into(),
        ..Fill::default()
    }
}

/// Renders `sheet` as a PDF.
pub fn render(sheet: &Sheet<'_>) -> Result<Vec<u8>, InvoiceError> {
    let pages = lay_out(sheet)?;
    let font = |data: &'static [u8]| {
        Font::new(data.into(), 0)
            .ok_or_else(|| InvoiceError::Render("font cannot be loaded".into()))
    };
    let regular = font(dejavu::sans::regular())?;
    let bold = font(dejavu::sans::bold())?;
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| InvoiceError::Render("page size".into()))?;
    let mut document = Document::new();
    let title = match &sheet.invoice.invoice_number {
        Some(number) => format!("Facture {number}"),
        None => "Facture (brouillon)".to_string(),
    };
    document.set_metadata(
        Metadata::new()
            .title(title)
            .creator(sheet.garage_name.to_string())
            .language("fr".into()),
    );
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
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
    document
        .finish()
        .map_err(|e| InvoiceError::Render(format!("{e:?}")))
}

fn draw_rect(surface: &mut krilla::surface::Surface<'_>, y: f32, height: f32, gray: u8) {
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
    use super::*;

    #[test]
    fn amounts_print_the_french_way() {
        assert_eq!(
            french_amount(Money::from_minor(1_234_500, 3)),
            "1\u{202f}234,500"
        );
        assert_eq!(french_amount(Money::from_minor(999_000, 3)), "999,000");
        assert_eq!(
            french_amount(Money::from_minor(-1_000_000_000, 3)),
            "-1\u{202f}000\u{202f}000,000"
        );
        assert_eq!(french_date("2026-03-05".parse().unwrap()), "05/03/2026");
    }

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
