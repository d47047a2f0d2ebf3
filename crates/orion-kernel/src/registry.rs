//! Process-wide lists of plug-ins, filled by the composition root (`orion-app`) before any
//! work starts: the crate that owns a seam declares a `static` [`Registry`] of its port
//! trait, the crates above implement the port, and every path that needs the plug-ins (HTTP,
//! CLI, worker) reads the same list. Entries are named, so composing twice (as tests do)
//! replaces instead of duplicating.

use std::sync::{Arc, RwLock};

pub struct Registry<T: ?Sized> {
    entries: RwLock<Vec<(&'static str, Arc<T>)>>,
    installed: std::sync::atomic::AtomicBool,
}

impl<T: ?Sized> Default for Registry<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: ?Sized> Registry<T> {
    pub const fn new() -> Self {
        Registry {
            entries: RwLock::new(Vec::new()),
            installed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Adds (or replaces) the entry called `name`.
    pub fn register(&self, name: &'static str, entry: Arc<T>) {
        let mut e = self.entries.write().unwrap_or_else(|p| p.into_inner());
        match e.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = entry,
            None => e.push((name, entry)),
        }
        self.installed
            .store(true, std::sync::atomic::Ordering::Release);
    }

    /// Marks the registry as composed even when nothing registered (an empty list is a
    /// decision, not an oversight).
    pub fn seal(&self) {
        self.installed
            .store(true, std::sync::atomic::Ordering::Release);
    }

    /// Whether the composition root has filled (or sealed) this registry.
    pub fn is_composed(&self) -> bool {
        self.installed.load(std::sync::atomic::Ordering::Acquire)
    }

    /// The entries, in registration order.
    pub fn all(&self) -> Vec<Arc<T>> {
        self.entries
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(_, e)| e.clone())
            .collect()
    }

    /// The entry called `name`, for seams keyed by name.
    pub fn get(&self, name: &str) -> Option<Arc<T>> {
        self.entries
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, e)| e.clone())
    }

    /// The names of the entries, in registration order.
    pub fn names(&self) -> Vec<&'static str> {
        self.entries
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(n, _)| *n)
            .collect()
    }

    /// The first entry, for seams with one implementation.
    pub fn first(&self) -> Option<Arc<T>> {
        self.entries
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .first()
            .map(|(_, e)| e.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    trait Greeter: Send + Sync {
        fn hi(&self) -> &'static str;
    }
    struct A;
    impl Greeter for A {
        fn hi(&self) -> &'static str {
            "a"
        }
    }
    struct B;
    impl Greeter for B {
        fn hi(&self) -> &'static str {
            "b"
        }
    }

    #[test]
    fn registering_twice_replaces() {
        static R: Registry<dyn Greeter> = Registry::new();
        assert!(!R.is_composed());
        R.register("g", Arc::new(A));
        R.register("g", Arc::new(B));
        R.register("h", Arc::new(A));
        let hs: Vec<_> = R.all().iter().map(|g| g.hi()).collect();
        assert_eq!(hs, ["b", "a"]);
        assert!(R.is_composed());
    }
}
