//! What `diff` knows about resource types, handed in by whoever knows the services.
//!
//! `cdk-core` knows no AWS service, so it cannot know that changing a DynamoDB table's
//! `KeySchema` replaces the table. The generated L1 crate does: `cfn_l1::resource_facts::FACTS`
//! is a [`ResourceFacts`] table generated from the vendored AWS service spec (each property's
//! `causesReplacement`, each type's `isStateful`), and the program passes it to
//! [`Cli::resource_facts`](super::Cli::resource_facts). Without one, `diff` still shows every
//! change, only without replacement annotations.

/// Whether changing a property replaces its resource (the spec's `causesReplacement`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Replacement {
    /// Any change creates a new resource and deletes the old one (`"yes"`).
    Always,
    /// Some changes do, depending on the value (`"maybe"`).
    Conditional,
}

/// The facts of one resource type.
#[derive(Clone, Copy, Debug)]
pub struct TypeFacts {
    ty: &'static str,
    stateful: bool,
    replacing: &'static [(&'static str, Replacement)],
}

impl TypeFacts {
    /// Type `ty` (`AWS::DynamoDB::Table`), whether it holds state that is lost when it is
    /// replaced or deleted, and its top-level properties whose change replaces it (sorted by
    /// name; the others never do).
    pub const fn new(
        ty: &'static str,
        stateful: bool,
        replacing: &'static [(&'static str, Replacement)],
    ) -> TypeFacts {
        TypeFacts {
            ty,
            stateful,
            replacing,
        }
    }

    /// The resource type.
    pub fn resource_type(&self) -> &'static str {
        self.ty
    }
}

/// A table of [`TypeFacts`], sorted by type (the generator sorts it; lookups are binary
/// searches).
#[derive(Clone, Copy, Debug)]
pub struct ResourceFacts {
    types: &'static [TypeFacts],
}

impl ResourceFacts {
    /// A table over `types`, which must be sorted by type name.
    pub const fn new(types: &'static [TypeFacts]) -> ResourceFacts {
        ResourceFacts { types }
    }

    /// No facts: no change is annotated as a replacement and no type counts as stateful.
    pub const EMPTY: ResourceFacts = ResourceFacts { types: &[] };

    fn of(&self, ty: &str) -> Option<&TypeFacts> {
        self.types
            .binary_search_by(|t| t.ty.cmp(ty))
            .ok()
            .map(|i| &self.types[i])
    }

    /// Whether a change of property `prop` replaces a resource of type `ty`; `None` when
    /// it never does (or the type is unknown).
    pub fn replacement(&self, ty: &str, prop: &str) -> Option<Replacement> {
        let t = self.of(ty)?;
        t.replacing
            .binary_search_by(|(p, _)| (*p).cmp(prop))
            .ok()
            .map(|i| t.replacing[i].1)
    }

    /// Whether a resource of type `ty` holds data that replacing or deleting it loses.
    pub fn is_stateful(&self, ty: &str) -> bool {
        self.of(ty).is_some_and(|t| t.stateful)
    }

    /// The types of the table, in order (for checks that it is sorted).
    pub fn types(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.types.iter().map(|t| t.ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: ResourceFacts = ResourceFacts::new(&[
        TypeFacts::new("A::B::C", false, &[("Name", Replacement::Always)]),
        TypeFacts::new(
            "A::B::D",
            true,
            &[
                ("Key", Replacement::Always),
                ("Mode", Replacement::Conditional),
            ],
        ),
    ]);

    #[test]
    fn lookups() {
        assert_eq!(
            TABLE.replacement("A::B::D", "Mode"),
            Some(Replacement::Conditional)
        );
        assert_eq!(
            TABLE.replacement("A::B::C", "Name"),
            Some(Replacement::Always)
        );
        assert_eq!(TABLE.replacement("A::B::C", "Other"), None);
        assert_eq!(TABLE.replacement("X::Y::Z", "Name"), None);
        assert!(TABLE.is_stateful("A::B::D"));
        assert!(!TABLE.is_stateful("A::B::C"));
        assert!(!ResourceFacts::EMPTY.is_stateful("A::B::D"));
    }
}
