//! A keyed hash for the short byte keys read from every row (a case id, a segment's name):
//! 8 bytes at a time, each mixed in by a folded multiply (the high and low halves of a
//! 128-bit product) with keys drawn per run, so ids crafted to collide cannot be prepared.
//! About a tenth of the cost of the standard library's SipHash on keys of a few bytes.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// The two keys; also a [`BuildHasher`] for maps keyed by bytes.
#[derive(Clone, Copy, Debug)]
pub struct Seeds(u64, u64);

impl Seeds {
    /// Keys drawn from the standard library's random source.
    pub fn random() -> Seeds {
        let random = std::collections::hash_map::RandomState::new();
        Seeds(random.hash_one(1u8) | 1, random.hash_one(2u8) | 1)
    }

    /// The hash of `key`.
    #[inline]
    pub fn hash(self, key: &[u8]) -> u64 {
        let mut h = KeyHasher {
            seeds: self,
            h: self.0 ^ key.len() as u64,
        };
        h.write(key);
        h.finish()
    }
}

impl Default for Seeds {
    fn default() -> Seeds {
        Seeds::random()
    }
}

#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

pub struct KeyHasher {
    seeds: Seeds,
    h: u64,
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, key: &[u8]) {
        let mut chunks = key.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            self.h = fold(self.h ^ w, self.seeds.1);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.h = fold(self.h ^ u64::from_le_bytes(b), self.seeds.1);
        }
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.h = fold(self.h ^ n as u64, self.seeds.1);
    }

    #[inline]
    fn finish(&self) -> u64 {
        fold(self.h, self.seeds.0 ^ 0x9E37_79B9_7F4A_7C15)
    }
}

impl BuildHasher for Seeds {
    type Hasher = KeyHasher;

    #[inline]
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher {
            seeds: *self,
            h: self.0,
        }
    }
}

/// Byte keys numbered in the order met (a segment's name → its number): a key of up to 16
/// bytes is held as two words and its length, found by one folded multiply and a compare of
/// words in a table of its own; a longer key in a map. The last key found is tried first.
pub struct Numbering {
    keys: Vec<Box<[u8]>>,
    /// Open addressing, linear probing, at most half full; `num == EMPTY` is a free slot.
    slots: Vec<Slot>,
    long: HashMap<Box<[u8]>, u32, Seeds>,
    seeds: Seeds,
    last: Slot,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Slot {
    lo: u64,
    hi: u64,
    len: u32,
    num: u32,
}

const EMPTY: u32 = u32::MAX;
const FREE: Slot = Slot {
    lo: 0,
    hi: 0,
    len: u32::MAX,
    num: EMPTY,
};

/// A key of up to 16 bytes as two words which, with its length, tell it from any other:
/// overlapping loads of its first and last bytes.
#[inline]
fn words(k: &[u8]) -> Option<(u64, u64)> {
    let n = k.len();
    let w4 = |c: Option<&[u8; 4]>| c.map_or(0, |c| u64::from(u32::from_le_bytes(*c)));
    let w8 = |c: Option<&[u8; 8]>| c.map_or(0, |c| u64::from_le_bytes(*c));
    match n {
        0 => Some((0, 0)),
        1..=3 => Some((
            u64::from(k[0]) | u64::from(k[n / 2]) << 8 | u64::from(k[n - 1]) << 16,
            0,
        )),
        4..=7 => Some((w4(k.first_chunk()) | w4(k.last_chunk()) << 32, 0)),
        8..=16 => Some((w8(k.first_chunk()), w8(k.last_chunk()))),
        _ => None,
    }
}

impl Default for Numbering {
    fn default() -> Numbering {
        Numbering {
            keys: Vec::new(),
            slots: Vec::new(),
            long: HashMap::default(),
            seeds: Seeds::random(),
            last: FREE,
        }
    }
}

impl Numbering {
    /// How many keys are numbered.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys, by number.
    pub fn into_keys(self) -> Vec<Box<[u8]>> {
        self.keys
    }

    #[inline]
    fn slot_of(&self, lo: u64, hi: u64, len: u32) -> usize {
        let h = fold(lo ^ self.seeds.0, hi ^ u64::from(len) ^ self.seeds.1);
        (h as usize) & (self.slots.len() - 1)
    }

    /// The number of `key`, if it has one.
    pub fn get(&self, key: &[u8]) -> Option<u32> {
        match words(key) {
            Some((lo, hi)) => self.find(lo, hi, key.len() as u32),
            None => self.long.get(key).copied(),
        }
    }

    /// The number of the short key of these words and length, if it has one.
    #[inline]
    fn find(&self, lo: u64, hi: u64, len: u32) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(lo, hi, len);
        loop {
            let s = self.slots[i];
            if s.num == EMPTY {
                return None;
            }
            if (s.lo, s.hi, s.len) == (lo, hi, len) {
                return Some(s.num);
            }
            i = (i + 1) & mask;
        }
    }

    /// The number of `key`: its own, or the next one if it is new.
    #[inline(always)]
    pub fn number(&mut self, key: &[u8]) -> u32 {
        let Some((lo, hi)) = words(key) else {
            let next = self.keys.len() as u32;
            return *self.long.entry(key.into()).or_insert_with(|| {
                self.keys.push(key.into());
                next
            });
        };
        let len = key.len() as u32;
        if (self.last.lo, self.last.hi, self.last.len) == (lo, hi, len) {
            return self.last.num;
        }
        let num = match self.find(lo, hi, len) {
            Some(n) => n,
            None => {
                let n = self.keys.len() as u32;
                self.keys.push(key.into());
                self.insert(Slot {
                    lo,
                    hi,
                    len,
                    num: n,
                });
                n
            }
        };
        self.last = Slot { lo, hi, len, num };
        num
    }

    /// Places a new key's slot (its key already pushed), doubling the table first when it
    /// would be more than half full.
    fn insert(&mut self, slot: Slot) {
        let held = self.keys.len() - self.long.len();
        if held * 2 > self.slots.len() {
            let old = std::mem::replace(
                &mut self.slots,
                vec![FREE; (held * 4).next_power_of_two().max(64)],
            );
            for s in old.into_iter().filter(|s| s.num != EMPTY) {
                self.place(s);
            }
        }
        self.place(slot);
    }

    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(slot.lo, slot.hi, slot.len);
        while self.slots[i].num != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_alike_and_near_keys_apart() {
        let s = Seeds::random();
        assert_eq!(s.hash(b"p001"), s.hash(b"p001"));
        // Keys differing in one byte, in length only, or past the first 8 bytes.
        let keys: [&[u8]; 6] = [b"p001", b"p002", b"p0010", b"", b"12345678a", b"12345678b"];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(s.hash(a), s.hash(b), "{a:?} {b:?}");
            }
        }
        // The same map look-up as with the standard hasher.
        let mut m: std::collections::HashMap<Box<[u8]>, usize, Seeds> = Default::default();
        m.insert(b"north"[..].into(), 1);
        assert_eq!(m.get(&b"north"[..]), Some(&1));
        assert_eq!(m.get(&b"south"[..]), None);
    }

    #[test]
    fn numbering_numbers_keys_in_the_order_met_and_tells_near_keys_apart() {
        // Every length from blank to past the two words, and keys a byte apart at each
        // place: the first, the middle, the last, and in length only.
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for n in 0..40usize {
            let base: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            keys.push(base.clone());
            for at in [0, n / 2, n.saturating_sub(1)] {
                if n > 0 {
                    let mut k = base.clone();
                    k[at] = b'Z';
                    keys.push(k);
                }
            }
            let mut k = base.clone();
            k.push(0);
            keys.push(k);
        }
        // And a few thousand more, so the table grows more than once.
        keys.extend((0..5000).map(|i| format!("p{i:04}").into_bytes()));
        let mut distinct: Vec<Vec<u8>> = Vec::new();
        for k in &keys {
            if !distinct.contains(k) {
                distinct.push(k.clone());
            }
        }
        let mut numbers = Numbering::default();
        for k in &keys {
            numbers.number(k);
        }
        assert_eq!(numbers.len(), distinct.len());
        for (i, k) in distinct.iter().enumerate() {
            assert_eq!(numbers.get(k), Some(i as u32), "{k:?}");
            assert_eq!(numbers.number(k), i as u32, "{k:?}");
        }
        assert_eq!(numbers.get(b"never met"), None);
        assert_eq!(numbers.get(&[b'x'; 30]), None);
        let keys: Vec<Vec<u8>> = numbers.into_keys().into_iter().map(Vec::from).collect();
        assert_eq!(keys, distinct);
    }
}
