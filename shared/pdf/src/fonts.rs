//! The faces ECAR prints with: DejaVu Sans regular and bold, cut down to
//! the Latin, punctuation, currency and Arabic ranges by `fonts/subset.sh`
//! (which says which and why), so the invoices function carries about
//! 300 KB of font instead of 1.4 MB. Compiled in: nothing is read or
//! fetched at run time.

/// DejaVu Sans, the subset.
pub(crate) const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, the subset.
pub(crate) const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rust_decimal::Decimal;
    use ttf_parser::{Face, Tag};

    use super::*;
    use crate::{Document, Fee, Garage, Kind, LabelledDate, Line, Stamp, Totals};

    /// The sources whose string and character literals end up on the page:
    /// this crate's words, and the invoices function's (the dates' labels,
    /// the stamps, the car's block).
    const PRINTING_SOURCES: [&str; 4] = [
        include_str!("sections.rs"),
        include_str!("french.rs"),
        include_str!("draw.rs"),
        include_str!("../../../functions/invoices/src/printed.rs"),
    ];

    /// Characters the French text of invoices and notes commonly holds
    /// beyond the labels: accents, the degree sign, the euro and guillemets.
    const FRENCH_EXTRAS: &str =
        "é è à ç ê ë î ï ô ù û ü ÿ œ æ É È À Ç Ê Œ € ° « » ’ – — … \u{a0}\u{202f}";

    /// Every character of the string and character literals of `source`
    /// (comments skipped, escapes such as `\u{202f}` decoded).
    fn literal_chars(source: &str) -> BTreeSet<char> {
        let mut found = BTreeSet::new();
        let mut chars = source.chars().peekable();
        let escape = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| match chars.next() {
            Some('n') => Some('\n'),
            Some('t') => Some('\t'),
            Some('u') => {
                let code: String = chars
                    .by_ref()
                    .skip(1) // `{`
                    .take_while(|&c| c != '}')
                    .collect();
                u32::from_str_radix(&code, 16).ok().and_then(char::from_u32)
            }
            Some('\n') => {
                // A line continuation: the next line's indentation is skipped.
                while chars.next_if(|c| c.is_whitespace()).is_some() {}
                None
            }
            other => other,
        };
        while let Some(c) = chars.next() {
            match c {
                '/' if chars.peek() == Some(&'/') => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                '"' => {
                    while let Some(c) = chars.next() {
                        match c {
                            '"' => break,
                            '\\' => found.extend(escape(&mut chars)),
                            c => {
                                found.insert(c);
                            }
                        }
                    }
                }
                '\'' => {
                    // A character literal, or a lifetime (`'a`, `'static`).
                    let mut ahead = chars.clone();
                    match (ahead.next(), ahead.next()) {
                        (Some('\\'), _) => {
                            chars.next();
                            found.extend(escape(&mut chars));
                            chars.next(); // the closing quote
                        }
                        (Some(c), Some('\'')) => {
                            found.insert(c);
                            chars.nth(1);
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        found
    }

    fn faces() -> [(&'static str, Face<'static>); 2] {
        [
            ("regular", Face::parse(REGULAR, 0).unwrap()),
            ("bold", Face::parse(BOLD, 0).unwrap()),
        ]
    }

    #[test]
    fn the_literal_reader_finds_strings_characters_and_escapes_only() {
        let source =
            "// «comment»\nfn f<'a>(x: &'a str) { x.push('\\u{202f}'); g(\"Qté\\\"€\", 'ç'); }";
        let found: String = literal_chars(source).into_iter().collect();
        assert_eq!(found, "\"Qtçé\u{202f}€");
    }

    #[test]
    fn every_character_ecar_prints_has_a_glyph_in_both_faces() {
        let mut printed: BTreeSet<char> = PRINTING_SOURCES
            .iter()
            .flat_map(|source| literal_chars(source))
            .collect();
        printed.extend(FRENCH_EXTRAS.chars());
        printed.extend((' '..='~').filter(|c| !c.is_control()));
        printed.retain(|c| !c.is_control());
        assert!(printed.contains(&'É') && printed.contains(&'\u{202f}'));

        // The document prints them all, in both faces (the heading and the
        // labels in bold, the lines in regular).
        let all: String = printed.iter().collect();
        let amount = |minor| Decimal::new(minor, 3);
        let document = Document {
            kind: Kind::Invoice,
            garage: Garage {
                name: all.clone(),
                address: all.clone(),
            },
            currency: "EUR".into(),
            number: Some("INV-2026-000001".into()),
            status: "paid".into(),
            dates: vec![LabelledDate {
                label: all.clone(),
                date: "2026-04-01".parse().unwrap(),
            }],
            stamp: Some(Stamp {
                word: all.clone(),
                on: None,
            }),
            customer: vec![all.clone()],
            car: vec![all.clone()],
            lines: vec![Line {
                name: all.clone(),
                details: all.clone(),
                quantity: Decimal::ONE,
                unit_price: amount(1_234_500),
                amount: amount(1_234_500),
            }],
            totals: Totals {
                subtotal: amount(1_234_500),
                discount: None,
                tax_rate: Decimal::new(1900, 2),
                tax: amount(234_555),
                fees: vec![Fee {
                    label: all.clone(),
                    amount: amount(1_000),
                }],
                total: amount(1_470_055),
                refunded: None,
            },
            notes: all,
        };
        let pdf = crate::render(&document).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));

        for (name, face) in faces() {
            let missing: String = printed
                .iter()
                .filter(|&&c| face.glyph_index(c).is_none_or(|glyph| glyph.0 == 0))
                .collect();
            assert!(
                missing.is_empty(),
                "the {name} face has no glyph for {missing:?}: add their range to fonts/subset.sh"
            );
        }
    }

    /// The ranges `fonts/subset.sh` keeps, read from its `ranges` list.
    fn subset_ranges() -> Vec<std::ops::RangeInclusive<u32>> {
        include_str!("../fonts/subset.sh")
            .lines()
            .filter_map(|line| line.trim().strip_prefix("U+"))
            .map(|range| {
                let range = range.split_whitespace().next().unwrap();
                let (first, last) = range.split_once('-').unwrap();
                let code = |hex| u32::from_str_radix(hex, 16).unwrap();
                code(first)..=code(last)
            })
            .collect()
    }

    #[test]
    fn the_subsets_keep_every_glyph_of_their_ranges_with_its_metrics() {
        let ranges = subset_ranges();
        assert_eq!(ranges.len(), 11, "{ranges:?}");
        let originals = [dejavu::sans::regular(), dejavu::sans::bold()];
        for ((name, subset), original) in faces().into_iter().zip(originals) {
            let original = Face::parse(original, 0).unwrap();
            assert_eq!(subset.units_per_em(), original.units_per_em());
            assert_eq!(subset.ascender(), original.ascender());
            assert_eq!(subset.descender(), original.descender());
            let mut kept = 0;
            for c in ranges.iter().cloned().flatten().filter_map(char::from_u32) {
                let Some(glyph) = original.glyph_index(c) else {
                    continue;
                };
                let in_subset = subset.glyph_index(c);
                assert!(in_subset.is_some(), "{name}: {c:?} was dropped");
                assert_eq!(
                    in_subset.and_then(|g| subset.glyph_hor_advance(g)),
                    original.glyph_hor_advance(glyph),
                    "{name}: {c:?} changed width"
                );
                kept += 1;
            }
            // Latin, punctuation and currency, and the Arabic letters and forms.
            assert!(kept > 1000, "{name}: only {kept} characters");
            assert!(subset.glyph_index('ب').is_some() && subset.glyph_index('\u{fe91}').is_some());
            // What is outside the ranges is gone (here: Greek).
            assert!(subset.glyph_index('Ω').is_none());
            for table in [b"GSUB", b"GPOS", b"GDEF", b"kern"] {
                assert!(
                    subset.raw_face().table(Tag::from_bytes(table)).is_some(),
                    "{name}: no {} table",
                    String::from_utf8_lossy(table)
                );
            }
        }
    }
}
