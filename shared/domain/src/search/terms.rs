//! Tokens and search terms: folded to lower case without accents, so that
//! `Hélène` is found by `hel` and `123 TU 4567` by `123tu`.

use crate::values::InvalidValue;

/// Longest search text accepted.
pub const MAX_SEARCH_LENGTH: usize = 100;
/// Most words of a search text that count.
const MAX_SEARCH_WORDS: usize = 5;
/// Longest compact term (phone digits, plate) recognized as one token.
const MAX_COMPACT_LENGTH: usize = 20;

/// Lower-cases `text` and drops the accents of Latin letters and the short
/// vowel marks of Arabic, which people type inconsistently.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => folded.push('a'),
            'æ' => folded.push_str("ae"),
            'ç' | 'ć' | 'č' => folded.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => folded.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => folded.push('i'),
            'ñ' | 'ń' => folded.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => folded.push('o'),
            'œ' => folded.push_str("oe"),
            'ß' => folded.push_str("ss"),
            'ş' | 'š' | 'ś' => folded.push('s'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => folded.push('u'),
            'ý' | 'ÿ' => folded.push('y'),
            'ž' | 'ż' | 'ź' => folded.push('z'),
            // Arabic harakat, tanwin and the superscript alef.
            '\u{064B}'..='\u{065F}' | '\u{0670}' => {}
            // Combining marks left by decomposed input.
            '\u{0300}'..='\u{036F}' => {}
            other => folded.push(other),
        }
    }
    folded
}

/// The words of `text`: folded runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// A parsed `?search=`: the term looked up in the index, and the other
/// words an entity must also match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    /// The term whose prefix is looked up (the longest word).
    pub lookup: String,
    /// Other words, each of which must prefix one of the entity's tokens.
    pub others: Vec<String>,
}

impl SearchQuery {
    /// Parses a search text; `None` when it holds nothing to search for.
    ///
    /// An email (`@`) is one term. A text of letters and digits with at least
    /// one digit whose pieces each hold a digit or are at most 3 characters
    /// long, once spaces and `- . / ( ) +` are dropped, is one compact term:
    /// a phone number (`+216 98 123 456`) or a plate (`123 TU 4567`).
    /// One piece holding `.`, `_` or `+` is the start of an email
    /// (`amira.b`). Anything else is a list of words (`amira ben`).
    pub fn parse(text: &str) -> Result<Option<Self>, InvalidValue> {
        if text.chars().count() > MAX_SEARCH_LENGTH {
            return Err(InvalidValue::new(format!(
                "must be at most {MAX_SEARCH_LENGTH} characters"
            )));
        }
        let folded = fold(text.trim());
        if folded.contains('@') {
            return Ok(Some(Self::single(folded)));
        }
        let compact: String = folded
            .chars()
            .filter(|c| !c.is_whitespace() && !"-./()+".contains(*c))
            .collect();
        // `123 TU 4567`, `RS 123456`, `+216 98 123 456` are one thing written
        // in pieces; `peugeot 208` is two words.
        let pieces_of_one = folded
            .split_whitespace()
            .all(|piece| piece.chars().any(|c| c.is_ascii_digit()) || piece.chars().count() <= 3);
        let is_compact = pieces_of_one
            && !compact.is_empty()
            && compact.chars().count() <= MAX_COMPACT_LENGTH
            && compact.chars().all(char::is_alphanumeric)
            && compact.chars().any(|c| c.is_ascii_digit());
        if is_compact {
            return Ok(Some(Self::single(compact)));
        }
        // One piece holding `.`, `_` or `+` is the start of an email.
        let email_like = !folded.contains(char::is_whitespace) && folded.contains(['.', '_', '+']);
        if email_like {
            return Ok(Some(Self::single(folded)));
        }
        let mut terms = words(&folded);
        terms.dedup();
        terms.truncate(MAX_SEARCH_WORDS);
        // The longest word is the most selective: it is the one looked up.
        let Some(longest) =
            (0..terms.len()).max_by_key(|&i| (terms[i].chars().count(), usize::MAX - i))
        else {
            return Ok(None);
        };
        let lookup = terms.remove(longest);
        Ok(Some(Self {
            lookup,
            others: terms,
        }))
    }

    fn single(term: String) -> Self {
        Self {
            lookup: term,
            others: Vec::new(),
        }
    }

    /// Whether an entity with these tokens matches the other words.
    pub fn matches_others<'a>(&self, tokens: impl IntoIterator<Item = &'a str> + Clone) -> bool {
        self.others.iter().all(|word| {
            tokens
                .clone()
                .into_iter()
                .any(|token| token.starts_with(word.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(fold("Hélène Çelik"), "helene celik");
        assert_eq!(fold("STRAßE Œuvre"), "strasse oeuvre");
        assert_eq!(fold("مُحَمَّد"), "محمد");
        assert_eq!(words("Ben-Ali  O'Neil"), ["ben", "ali", "o", "neil"]);
    }

    #[test]
    fn emails_phones_and_plates_are_one_term() {
        let one = |text: &str| SearchQuery::parse(text).unwrap().unwrap();
        assert_eq!(one("Amira@Example.TN").lookup, "amira@example.tn");
        assert_eq!(one("+216 98 123 456").lookup, "21698123456");
        assert_eq!(one("98-123").lookup, "98123");
        assert_eq!(one("123 TU 4567").lookup, "123tu4567");
        assert!(one("123 TU").others.is_empty());
        assert_eq!(one("Amira.B").lookup, "amira.b");
        assert_eq!(one("RS 123456").lookup, "rs123456");
        let car = one("Peugeot 208");
        assert_eq!(
            (car.lookup.as_str(), car.others.as_slice()),
            ("peugeot", ["208".to_string()].as_slice())
        );
        assert_eq!(one("ben-ali").others, ["ali"]);
    }

    #[test]
    fn words_look_up_the_longest() {
        let query = SearchQuery::parse("ben Amira").unwrap().unwrap();
        assert_eq!(query.lookup, "amira");
        assert_eq!(query.others, ["ben"]);
        assert!(query.matches_others(["amira", "benali"]));
        assert!(!query.matches_others(["amira", "trabelsi"]));
        assert_eq!(SearchQuery::parse("  -- ").unwrap(), None);
        assert!(SearchQuery::parse(&"a".repeat(101)).is_err());
    }

    mod properties {
        use super::*;

        proptest! {
            #[test]
            fn parsing_never_panics_and_terms_are_folded(text in "\\PC{0,120}") {
                if let Ok(Some(query)) = SearchQuery::parse(&text) {
                    prop_assert!(!query.lookup.is_empty());
                    prop_assert_eq!(fold(&query.lookup), query.lookup.clone());
                    for word in &query.others {
                        prop_assert!(word.chars().count() <= query.lookup.chars().count());
                    }
                }
            }
        }
    }
}
