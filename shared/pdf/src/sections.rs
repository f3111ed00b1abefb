//! The document's sections, laid out in page order.

use crate::{
    Document, Kind, RenderError, french,
    layout::{BODY, LINE, Layout, MARGIN, Op, PAGE_HEIGHT, PAGE_WIDTH, SMALL},
};

/// Right edges of the line table's columns: quantity, unit price, amount.
const QTY_RIGHT: f32 = 370.0;
const UNIT_RIGHT: f32 = 465.0;
const AMOUNT_RIGHT: f32 = PAGE_WIDTH - MARGIN;
/// Width of the designation column.
const NAME_WIDTH: f32 = 270.0;

/// The words that name a kind of document on the page.
pub(crate) struct Words {
    /// The heading, in capitals.
    pub(crate) heading: &'static str,
    /// The name in a sentence (footer, PDF title).
    pub(crate) name: &'static str,
    /// Above the customer's block.
    pub(crate) addressee: &'static str,
    /// In place of a number not given yet.
    pub(crate) unnumbered: &'static str,
    /// The PDF title of a document without a number.
    pub(crate) draft_title: &'static str,
}

impl Kind {
    pub(crate) fn words(self) -> Words {
        match self {
            Kind::Invoice => Words {
                heading: "FACTURE",
                name: "Facture",
                addressee: "Facturé à",
                unnumbered: "(non émise)",
                draft_title: "Facture (brouillon)",
            },
        }
    }
}

/// The pages of `document`, laid out.
pub(crate) fn lay_out(document: &Document) -> Result<Vec<Vec<Op>>, RenderError> {
    let mut layout = Layout::new()?;
    header(&mut layout, document);
    parties(&mut layout, document);
    lines(&mut layout, document);
    totals(&mut layout, document);
    notes(&mut layout, document);
    footers(&mut layout, document);
    Ok(layout.pages)
}

fn header(layout: &mut Layout, document: &Document) {
    let words = document.kind.words();
    layout.text(MARGIN, MARGIN + 14.0, 16.0, true, &document.garage.name);
    let mut y = MARGIN + 30.0;
    for line in document
        .garage
        .address
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        layout.text(MARGIN, y, BODY, false, line.trim());
        y += LINE;
    }
    let right = PAGE_WIDTH - MARGIN;
    layout.right(right, MARGIN + 16.0, 20.0, true, words.heading);
    let number = document.number.as_deref().unwrap_or(words.unnumbered);
    layout.right(right, MARGIN + 34.0, BODY, true, format!("N° {number}"));
    let mut ry = MARGIN + 34.0 + LINE;
    for dated in &document.dates {
        let text = format!("{} : {}", dated.label, french::date(dated.date));
        layout.right(right, ry, BODY, false, text);
        ry += LINE;
    }
    if let Some(stamp) = &document.stamp {
        let label = match stamp.on {
            Some(on) => format!("{} le {}", stamp.word, french::date(on)),
            None => stamp.word.clone(),
        };
        layout.right(right, ry, BODY, true, label);
        ry += LINE;
    }
    layout.y = y.max(ry) + 18.0;
}

fn parties(layout: &mut Layout, document: &Document) {
    let y = layout.y;
    layout.text(MARGIN, y, BODY, true, document.kind.words().addressee);
    let mut ly = y + LINE;
    for line in &document.customer {
        layout.text(MARGIN, ly, BODY, false, line);
        ly += LINE;
    }
    let column = PAGE_WIDTH / 2.0 + 20.0;
    layout.text(column, y, BODY, true, "Véhicule");
    let mut ry = y + LINE;
    for line in &document.car {
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

fn lines(layout: &mut Layout, document: &Document) {
    table_header(layout);
    for item in &document.lines {
        let names = layout.metrics.wrap(&item.name, BODY, NAME_WIDTH);
        let details = layout.metrics.wrap(&item.details, SMALL, NAME_WIDTH);
        let details: Vec<String> = details.into_iter().filter(|l| !l.is_empty()).collect();
        let height = names.len() as f32 * LINE + details.len() as f32 * (LINE - 2.0) + 4.0;
        if layout.room(height) {
            table_header(layout);
        }
        let y = layout.y;
        layout.right(QTY_RIGHT, y, BODY, false, french::decimal(item.quantity));
        layout.right(UNIT_RIGHT, y, BODY, false, french::amount(item.unit_price));
        layout.right(
            AMOUNT_RIGHT - 4.0,
            y,
            BODY,
            false,
            french::amount(item.amount),
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

/// One row of the totals: label, amount, bold.
type TotalRow = (String, String, bool);

fn total_rows(document: &Document) -> Vec<TotalRow> {
    let totals = &document.totals;
    let mut rows = vec![(
        "Sous-total HT".into(),
        french::amount(totals.subtotal),
        false,
    )];
    if let Some(discount) = &totals.discount {
        let taken_off = format!("-{}", french::amount(discount.amount));
        rows.push(("Remise".into(), taken_off, false));
        rows.push(("Total HT".into(), french::amount(discount.net), false));
    }
    let rate = french::decimal(totals.tax_rate);
    rows.push((format!("TVA {rate} %"), french::amount(totals.tax), false));
    for fee in &totals.fees {
        rows.push((fee.label.clone(), french::amount(fee.amount), false));
    }
    rows.push((
        format!("Total TTC ({})", document.currency),
        french::amount(totals.total),
        true,
    ));
    if let Some(refunded) = totals.refunded {
        let paid_back = format!("-{}", french::amount(refunded));
        rows.push(("Remboursé".into(), paid_back, false));
    }
    rows
}

fn totals(layout: &mut Layout, document: &Document) {
    let rows = total_rows(document);
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

fn notes(layout: &mut Layout, document: &Document) {
    let text = document.notes.as_str();
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

fn footers(layout: &mut Layout, document: &Document) {
    let count = layout.pages.len();
    let name = document.kind.words().name;
    let number = document.number.as_deref().unwrap_or(&document.status);
    for (index, page) in layout.pages.iter_mut().enumerate() {
        page.push(Op::Text {
            x: MARGIN,
            y: PAGE_HEIGHT - 40.0,
            size: SMALL,
            bold: false,
            text: format!(
                "{} · {name} {number} · Montants en {} · Page {} / {count}",
                document.garage.name,
                document.currency,
                index + 1
            ),
        });
    }
}
