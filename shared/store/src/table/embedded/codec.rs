//! The byte form of an item in the embedded store.
//!
//! A format byte, then the attributes as tagged values with LEB128 lengths:
//! compact, independent of any serde format's evolution, and versioned so a
//! later layout can still read what this one wrote.

use ecar_domain::store::item::{Item, Value};
use ecar_domain::store::table::{MAX_NESTING, StoreError};

const FORMAT: u8 = 1;

const TAG_S: u8 = 1;
const TAG_N: u8 = 2;
const TAG_B: u8 = 3;
const TAG_TRUE: u8 = 4;
const TAG_FALSE: u8 = 5;
const TAG_NULL: u8 = 6;
const TAG_L: u8 = 7;
const TAG_M: u8 = 8;

/// The stored bytes of an item.
pub(super) fn encode(item: &Item) -> Vec<u8> {
    let mut out = vec![FORMAT];
    put_map(&mut out, item);
    out
}

/// The item back from its stored bytes.
pub(super) fn decode(bytes: &[u8]) -> Result<Item, StoreError> {
    let mut reader = Reader { bytes, at: 0 };
    let format = reader.byte()?;
    if format != FORMAT {
        return Err(corrupt(format!("unknown item format {format}")));
    }
    let item = reader.map(0)?;
    if reader.at != bytes.len() {
        return Err(corrupt("trailing bytes after an item"));
    }
    Ok(item)
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("stored item is corrupt: {what}"))
}

fn put_len(out: &mut Vec<u8>, mut len: usize) {
    loop {
        let low = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

fn put_map(out: &mut Vec<u8>, map: &Item) {
    put_len(out, map.len());
    for (name, value) in map {
        put_bytes(out, name.as_bytes());
        put_value(out, value);
    }
}

fn put_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::S(text) => {
            out.push(TAG_S);
            put_bytes(out, text.as_bytes());
        }
        Value::N(text) => {
            out.push(TAG_N);
            put_bytes(out, text.as_bytes());
        }
        Value::B(bytes) => {
            out.push(TAG_B);
            put_bytes(out, bytes);
        }
        Value::Bool(true) => out.push(TAG_TRUE),
        Value::Bool(false) => out.push(TAG_FALSE),
        Value::Null => out.push(TAG_NULL),
        Value::L(values) => {
            out.push(TAG_L);
            put_len(out, values.len());
            values.iter().for_each(|v| put_value(out, v));
        }
        Value::M(map) => {
            out.push(TAG_M);
            put_map(out, map);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, StoreError> {
        let byte = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| corrupt("unexpected end"))?;
        self.at += 1;
        Ok(byte)
    }

    fn len(&mut self) -> Result<usize, StoreError> {
        let mut len = 0usize;
        for shift in (0..usize::BITS).step_by(7) {
            let byte = self.byte()?;
            len |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(len);
            }
        }
        Err(corrupt("length too long"))
    }

    fn bytes(&mut self) -> Result<&'a [u8], StoreError> {
        let len = self.len()?;
        let end = self
            .at
            .checked_add(len)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| corrupt("length beyond the end"))?;
        let bytes = &self.bytes[self.at..end];
        self.at = end;
        Ok(bytes)
    }

    fn text(&mut self) -> Result<String, StoreError> {
        let bytes = self.bytes()?;
        String::from_utf8(bytes.to_vec()).map_err(|_| corrupt("text is not UTF-8"))
    }

    fn map(&mut self, depth: usize) -> Result<Item, StoreError> {
        let count = self.len()?;
        let mut map = Item::new();
        for _ in 0..count {
            let name = self.text()?;
            let value = self.value(depth)?;
            map.insert(name, value);
        }
        Ok(map)
    }

    fn value(&mut self, depth: usize) -> Result<Value, StoreError> {
        // Items were checked on write; the bound only keeps a damaged file from
        // exhausting the stack.
        if depth > MAX_NESTING {
            return Err(corrupt("values nest too deep"));
        }
        Ok(match self.byte()? {
            TAG_S => Value::S(self.text()?),
            TAG_N => Value::N(self.text()?),
            TAG_B => Value::B(self.bytes()?.to_vec()),
            TAG_TRUE => Value::Bool(true),
            TAG_FALSE => Value::Bool(false),
            TAG_NULL => Value::Null,
            TAG_L => {
                let count = self.len()?;
                let mut values = Vec::new();
                for _ in 0..count {
                    values.push(self.value(depth + 1)?);
                }
                Value::L(values)
            }
            TAG_M => Value::M(self.map(depth + 1)?),
            tag => return Err(corrupt(format!("unknown value tag {tag}"))),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn every_kind_of_value_round_trips() {
        let nested = BTreeMap::from([("k".to_string(), Value::L(vec![Value::Null]))]);
        let item = Item::from([
            ("s".to_string(), Value::s("héllo")),
            ("n".to_string(), Value::N("-1.5".into())),
            ("b".to_string(), Value::B(vec![0, 255, 7])),
            ("t".to_string(), Value::Bool(true)),
            ("f".to_string(), Value::Bool(false)),
            ("z".to_string(), Value::Null),
            ("l".to_string(), Value::L(vec![Value::n(1), Value::s("x")])),
            ("m".to_string(), Value::M(nested)),
            ("long".to_string(), Value::s("x".repeat(300))),
        ]);
        assert_eq!(decode(&encode(&item)).unwrap(), item);
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let item = Item::from([("s".to_string(), Value::s("text"))]);
        let bytes = encode(&item);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode(&[9]).is_err());
    }
}
