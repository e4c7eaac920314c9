//! A descendant segment of names (`..a`, `..['a','b']`) while the body streams. Its
//! results, in the order `serde_json_path` gives them, are for each node: the values its
//! names select (in the order of the names), then what each of its children gives, in
//! document order. Only a value that a name selects is read whole (it is a result, and
//! the rest of the query runs on it); everything else streams.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Context, Selected};
use crate::json_lean::node::{EscapedKeys, NodeSeed};

/// The descendant segment applied at one value (and below it), found at `at`.
pub(super) struct Descend<'c, 'p, 'n> {
    pub context: &'c Context<'p>,
    pub names: &'n [String],
    pub at: String,
}

/// What one member of an object gives.
struct Slot {
    /// The results of the rest of the query on the member's value, when a name selects it.
    own: Selected,
    /// What the member's value and everything below it give.
    below: Selected,
}

impl Descend<'_, '_, '_> {
    fn child_at(&self, step: fmt::Arguments<'_>) -> String {
        if self.context.locate {
            format!("{}{step}", self.at)
        } else {
            String::new()
        }
    }
}

impl<'de> DeserializeSeed<'de> for Descend<'_, '_, '_> {
    type Value = Selected;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Selected, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Descend<'_, '_, '_> {
    type Value = Selected;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Selected, A::Error> {
        let context = self.context;
        let mut slots: Vec<Slot> = Vec::new();
        let mut place: HashMap<Cow<'de, str>, usize> = HashMap::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if (context.cancelled)() {
                return Err(de::Error::custom("cancelled"));
            }
            let at = self.child_at(format_args!("['{key}']"));
            let slot = if self.names.iter().any(|n| *n == key) {
                let keys = EscapedKeys::default();
                let node = map.next_value_seed(NodeSeed(&keys))?;
                let mut own = Selected::default();
                context.emit(&context.plan.rest, &node, &at, &mut own);
                let mut below = Selected::default();
                if let Some(query) = &context.descend_query {
                    context.emit(query, &node, &at, &mut below);
                }
                Slot { own, below }
            } else {
                let below = map.next_value_seed(Descend {
                    context,
                    names: self.names,
                    at,
                })?;
                Slot {
                    own: Selected::default(),
                    below,
                }
            };
            // A repeated key keeps its first place with its last value, as in `serde_json`.
            match place.get(&key) {
                Some(&i) => {
                    if let Some(old) = slots.get_mut(i) {
                        *old = slot;
                    }
                }
                None => {
                    place.insert(key, slots.len());
                    slots.push(slot);
                }
            }
        }
        let mut out = Selected::default();
        for name in self.names {
            if let Some(slot) = place.get(name.as_str()).and_then(|&i| slots.get(i)) {
                out.extend_from(&slot.own);
            }
        }
        for mut slot in slots {
            out.append(&mut slot.below);
        }
        Ok(out)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Selected, A::Error> {
        let mut out = Selected::default();
        let mut index = 0usize;
        loop {
            if (self.context.cancelled)() {
                return Err(de::Error::custom("cancelled"));
            }
            let seed = Descend {
                context: self.context,
                names: self.names,
                at: self.child_at(format_args!("[{index}]")),
            };
            match seq.next_element_seed(seed)? {
                Some(mut found) => out.append(&mut found),
                None => break,
            }
            index += 1;
        }
        Ok(out)
    }

    // A scalar has no names and nothing below it.
    fn visit_bool<E>(self, _: bool) -> Result<Selected, E> {
        Ok(Selected::default())
    }
    fn visit_i64<E>(self, _: i64) -> Result<Selected, E> {
        Ok(Selected::default())
    }
    fn visit_u64<E>(self, _: u64) -> Result<Selected, E> {
        Ok(Selected::default())
    }
    fn visit_f64<E>(self, _: f64) -> Result<Selected, E> {
        Ok(Selected::default())
    }
    fn visit_str<E>(self, _: &str) -> Result<Selected, E> {
        Ok(Selected::default())
    }
    fn visit_unit<E>(self) -> Result<Selected, E> {
        Ok(Selected::default())
    }
}
