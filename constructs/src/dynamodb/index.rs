//! Secondary indexes: global ([`Gsi`], [`ProvisionedGsi`]) and local ([`Lsi`]).

use super::attribute::Attribute;
use super::billing::{sealed::Sealed, Billing, OnDemand, Provisioned};

/// Which attributes an index copies from the table (`Projection`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Projection {
    /// `ALL`: every attribute (the default, as in AWS CDK).
    #[default]
    All,
    /// `KEYS_ONLY`: the table's and the index's key attributes only.
    KeysOnly,
    /// `INCLUDE`: the keys plus these non-key attributes. At most 100 non-key attributes
    /// in all of a table's indexes together (checked at synth).
    Include(Vec<String>),
}

impl Projection {
    /// `INCLUDE` with `attributes` (duplicates dropped).
    pub fn include<S: Into<String>>(attributes: impl IntoIterator<Item = S>) -> Projection {
        let mut out: Vec<String> = Vec::new();
        for a in attributes {
            let a = a.into();
            if !out.contains(&a) {
                out.push(a);
            }
        }
        Projection::Include(out)
    }

    /// The CloudFormation `ProjectionType`.
    pub fn projection_type(&self) -> &'static str {
        match self {
            Projection::All => "ALL",
            Projection::KeysOnly => "KEYS_ONLY",
            Projection::Include(_) => "INCLUDE",
        }
    }

    /// The non-key attributes of an `INCLUDE` projection (empty otherwise).
    pub fn non_key_attributes(&self) -> &[String] {
        match self {
            Projection::Include(attrs) => attrs,
            _ => &[],
        }
    }
}

/// A global secondary index: its own partition key (and optional sort key) over the
/// table's items.
///
/// On an on-demand table it scales with the table. On a provisioned table it gets the
/// table's read and write capacity (AWS CDK gives every index 5/5); for capacity of its
/// own, turn it into a [`ProvisionedGsi`] with [`Gsi::provisioned`].
///
/// ```
/// use constructs::dynamodb::{Attribute, Gsi, Projection};
/// let by_label = Gsi::new("ByLabel", Attribute::string("Label"))
///     .sort_key(Attribute::number("Confidence"))
///     .projection(Projection::KeysOnly);
/// assert_eq!(by_label.name(), "ByLabel");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use = "add the index to a table with `.global_secondary_index(..)`"]
pub struct Gsi {
    pub(crate) name: String,
    pub(crate) partition_key: Attribute,
    pub(crate) sort_key: Option<Attribute>,
    pub(crate) projection: Projection,
}

impl Gsi {
    /// An index named `name` (3–255 characters of `a-z A-Z 0-9 _ . -`, unique in the
    /// table; checked at synth) keyed on `partition_key`.
    pub fn new(name: impl Into<String>, partition_key: Attribute) -> Gsi {
        Gsi {
            name: name.into(),
            partition_key,
            sort_key: None,
            projection: Projection::All,
        }
    }

    /// The index's sort key (default: none).
    pub fn sort_key(mut self, sort_key: Attribute) -> Self {
        self.sort_key = Some(sort_key);
        self
    }

    /// Which attributes the index holds (default: [`Projection::All`]).
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = projection;
        self
    }

    /// Gives the index its own read and write capacity units. Only a provisioned table
    /// accepts the result; adding it to an on-demand table does not compile.
    pub fn provisioned(self, read_capacity: u32, write_capacity: u32) -> ProvisionedGsi {
        ProvisionedGsi {
            index: self,
            read_capacity,
            write_capacity,
        }
    }

    /// The index's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// A global secondary index with its own provisioned read and write capacity; made with
/// [`Gsi::provisioned`]. Only [`Provisioned`] tables accept it.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "add the index to a provisioned table with `.global_secondary_index(..)`"]
pub struct ProvisionedGsi {
    pub(crate) index: Gsi,
    pub(crate) read_capacity: u32,
    pub(crate) write_capacity: u32,
}

impl ProvisionedGsi {
    /// The index's name.
    pub fn name(&self) -> &str {
        &self.index.name
    }
}

/// What a table builder stores for each global index. (Public in a private module, so the
/// sealed [`GlobalIndex`] can return it without anyone outside naming it.)
#[derive(Clone, Debug)]
pub struct GsiSpec {
    pub(crate) index: Gsi,
    /// `None`: on-demand, or inherit the table's capacity.
    pub(crate) capacity: Option<(u32, u32)>,
}

/// A global secondary index that a table billed as `B` accepts: a [`Gsi`] fits every
/// table, a [`ProvisionedGsi`] only a [`Provisioned`] one. Sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has its own provisioned capacity, but the table is billed `{B}`",
    label = "an index with read/write capacity needs a provisioned table",
    note = "on-demand (PAY_PER_REQUEST) tables and their indexes scale without capacity settings: pass a plain `Gsi`, or call `.provisioned(read, write)` on the table builder before adding this index"
)]
pub trait GlobalIndex<B: Billing>: Sealed {
    #[doc(hidden)]
    fn into_spec(self) -> GsiSpec;
}

impl Sealed for Gsi {}
impl Sealed for ProvisionedGsi {}

impl GlobalIndex<OnDemand> for Gsi {
    fn into_spec(self) -> GsiSpec {
        GsiSpec {
            index: self,
            capacity: None,
        }
    }
}

impl GlobalIndex<Provisioned> for Gsi {
    fn into_spec(self) -> GsiSpec {
        GsiSpec {
            index: self,
            capacity: None,
        }
    }
}

impl GlobalIndex<Provisioned> for ProvisionedGsi {
    fn into_spec(self) -> GsiSpec {
        GsiSpec {
            index: self.index,
            capacity: Some((self.read_capacity, self.write_capacity)),
        }
    }
}

/// A local secondary index: the table's partition key with another sort key. Needs a
/// table with a sort key (checked at synth); it shares the table's capacity.
///
/// ```
/// use constructs::dynamodb::{Attribute, Lsi};
/// let by_time = Lsi::new("ByTime", Attribute::number("LabelledAt"));
/// assert_eq!(by_time.name(), "ByTime");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use = "add the index to a table with `.local_secondary_index(..)`"]
pub struct Lsi {
    pub(crate) name: String,
    pub(crate) sort_key: Attribute,
    pub(crate) projection: Projection,
}

impl Lsi {
    /// An index named `name` (3–255 characters of `a-z A-Z 0-9 _ . -`, unique in the
    /// table) sorted by `sort_key`.
    pub fn new(name: impl Into<String>, sort_key: Attribute) -> Lsi {
        Lsi {
            name: name.into(),
            sort_key,
            projection: Projection::All,
        }
    }

    /// Which attributes the index holds (default: [`Projection::All`]).
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = projection;
        self
    }

    /// The index's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}
