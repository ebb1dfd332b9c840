//! [`VecMap`]: the ordered map of the tree's values and elements (an object's entries, a
//! resource's properties), a vector of entries searched linearly.
//!
//! A CloudFormation object has a handful of keys (a few dozen at most), and a program builds
//! hundreds of thousands of them: with a hash index each would cost two allocations and a
//! hash per key, where the vector costs one allocation and a few short comparisons. Big maps
//! (a `Mappings` section, a state machine's states) stay correct, only linear per lookup;
//! building one from an iterator of more than [`INDEXED_FROM`] entries de-duplicates through a
//! temporary hash index, so that is linear too.

use std::borrow::Borrow;
use std::hash::Hash;

/// Collecting more entries than this checks for repeated keys with a hash index.
const INDEXED_FROM: usize = 32;

/// An insertion-ordered map with unique keys; equality ignores order (as `IndexMap`'s).
/// (Public in a private module: nameable only inside this crate, like `Expr`.)
#[derive(Clone, Debug)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Eq, V> VecMap<K, V> {
    /// The position of `key`.
    pub(crate) fn get_index_of<Q>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.entries.iter().position(|(k, _)| k.borrow() == key)
    }

    /// The value of `key`.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.get_index_of(key).map(|i| &self.entries[i].1)
    }

    /// Whether `key` is in the map.
    pub(crate) fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.get_index_of(key).is_some()
    }

    /// Sets `key` to `value`: in place if the map has it (returning the old value), else
    /// appended.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.get_index_of(&key) {
            Some(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// The value of `key`, appended as `V::default()` first when missing.
    pub(crate) fn get_or_default<Q>(&mut self, key: &Q) -> &mut V
    where
        K: Borrow<Q>,
        Q: Eq + ToOwned<Owned = K> + ?Sized,
        V: Default,
    {
        let i = match self.get_index_of(key) {
            Some(i) => i,
            None => {
                self.entries.push((key.to_owned(), V::default()));
                self.entries.len() - 1
            }
        };
        &mut self.entries[i].1
    }

    /// Inserts a new `key` at position `i` (or sets it in place when present).
    pub(crate) fn shift_insert(&mut self, i: usize, key: K, value: V) {
        match self.get_index_of(&key) {
            Some(at) => self.entries[at].1 = value,
            None => self.entries.insert(i.min(self.entries.len()), (key, value)),
        }
    }

    /// Removes `key`, keeping the order of the rest.
    pub(crate) fn shift_remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let i = self.get_index_of(key)?;
        Some(self.entries.remove(i).1)
    }

    /// Removes the entry at position `i`, keeping the order of the rest.
    pub(crate) fn shift_remove_index(&mut self, i: usize) -> Option<(K, V)> {
        (i < self.entries.len()).then(|| self.entries.remove(i))
    }
}

impl<K, V> VecMap<K, V> {
    /// Gives back the room no entry uses (a finished object that started with room for more
    /// properties than it got).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }

    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub(crate) fn keys(&self) -> impl ExactSizeIterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The entries sorted by key; keys are unique, so an unstable sort gives the one order.
    pub(crate) fn sort_by_keys(&mut self)
    where
        K: Ord,
    {
        self.entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }

    /// The same keys with each value changed by `f`, in the map's own storage when the two
    /// entry types have one layout (the standard library's in-place collection).
    pub(crate) fn map_values<W>(self, mut f: impl FnMut(V) -> W) -> VecMap<K, W> {
        VecMap {
            entries: self.entries.into_iter().map(|(k, v)| (k, f(v))).collect(),
        }
    }

    /// An empty map with room for `n` entries.
    pub(crate) fn with_capacity(n: usize) -> Self {
        VecMap {
            entries: Vec::with_capacity(n),
        }
    }
}

impl<K, V> std::ops::Index<usize> for VecMap<K, V> {
    type Output = V;
    fn index(&self, i: usize) -> &V {
        &self.entries[i].1
    }
}

impl<K, V> std::ops::IndexMut<usize> for VecMap<K, V> {
    fn index_mut(&mut self, i: usize) -> &mut V {
        &mut self.entries[i].1
    }
}

impl<K: Eq + Hash, V> FromIterator<(K, V)> for VecMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let mut map = VecMap::with_capacity(iter.size_hint().0);
        loop {
            let Some((k, v)) = iter.next() else {
                return map;
            };
            if map.len() == INDEXED_FROM {
                return map.collect_indexed(k, v, iter);
            }
            map.insert(k, v);
        }
    }
}

impl<K: Eq + Hash, V> VecMap<K, V> {
    /// The rest of a long collection: repeated keys found through a hash index of positions
    /// (a later value replaces the earlier one in place, as `insert` does).
    fn collect_indexed(mut self, k: K, v: V, rest: impl Iterator<Item = (K, V)>) -> Self {
        // Key hash -> positions of the keys with that hash.
        let mut by_hash: std::collections::HashMap<u64, Vec<usize>, foldhash::fast::FixedState> =
            Default::default();
        let hash = |k: &K| {
            use std::hash::BuildHasher;
            foldhash::fast::FixedState::default().hash_one(k)
        };
        for (i, (key, _)) in self.entries.iter().enumerate() {
            by_hash.entry(hash(key)).or_default().push(i);
        }
        for (key, value) in std::iter::once((k, v)).chain(rest) {
            let h = hash(&key);
            let slot = by_hash.entry(h).or_default();
            match slot.iter().copied().find(|&i| self.entries[i].0 == key) {
                Some(i) => self.entries[i].1 = value,
                None => {
                    slot.push(self.entries.len());
                    self.entries.push((key, value));
                }
            }
        }
        self
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'m, K, V> IntoIterator for &'m VecMap<K, V> {
    type Item = (&'m K, &'m V);
    type IntoIter = std::iter::Map<std::slice::Iter<'m, (K, V)>, fn(&'m (K, V)) -> (&'m K, &'m V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Eq, V: PartialEq> PartialEq for VecMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .entries
                .iter()
                .all(|(k, v)| other.get(k).is_some_and(|w| v == w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_unique_keys() {
        let mut m: VecMap<String, i32> = VecMap::default();
        assert_eq!(m.insert("b".into(), 1), None);
        assert_eq!(m.insert("a".into(), 2), None);
        assert_eq!(m.insert("b".into(), 3), Some(1));
        m.shift_insert(0, "c".into(), 4);
        assert_eq!(
            m.keys().map(String::as_str).collect::<Vec<_>>(),
            ["c", "b", "a"]
        );
        assert_eq!(m.shift_remove("b"), Some(3));
        assert_eq!(m.shift_remove_index(5), None);
        *m.get_or_default("d") += 7;
        assert_eq!(m.get("d"), Some(&7));
        assert_eq!(m[0], 4);
        assert!(m.contains_key("a") && !m.contains_key("b"));
    }

    #[test]
    fn long_collections_replace_repeated_keys_in_place() {
        // 100 entries, each key twice: the second value wins, at the first one's place.
        let pairs = (0..100).chain(0..100).enumerate().map(|(i, k)| (k, i));
        let m: VecMap<i32, usize> = pairs.collect();
        assert_eq!(m.len(), 100);
        assert_eq!(
            m.keys().copied().collect::<Vec<_>>(),
            (0..100).collect::<Vec<_>>()
        );
        assert_eq!(m.get(&0), Some(&100));
        assert_eq!(m.get(&99), Some(&199));
        let short: VecMap<i32, i32> = [(1, 1), (2, 2), (1, 3)].into_iter().collect();
        assert_eq!(short.into_iter().collect::<Vec<_>>(), [(1, 3), (2, 2)]);
    }

    #[test]
    fn equality_ignores_order() {
        let a: VecMap<&str, i32> = [("x", 1), ("y", 2)].into_iter().collect();
        let b: VecMap<&str, i32> = [("y", 2), ("x", 1)].into_iter().collect();
        let c: VecMap<&str, i32> = [("y", 2), ("x", 3)].into_iter().collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
