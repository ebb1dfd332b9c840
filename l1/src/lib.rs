//! `cfn-l1`: every CloudFormation resource type (and the SAM `AWS::Serverless::*` types) as
//! typed Rust — CDK's "L1" layer, generated from AWS's own schemas.
//!
//! One module per service (`s3`, `dynamodb`, `sam`, …), each behind the cargo feature of the
//! same name; the default features are the services the hand-written constructs use. In a
//! service module, each resource type `AWS::Service::Thing` has
//!
//! - a construct `CfnThing` (`CfnThing::new(scope, id, props)`), with typed attribute
//!   accessors (`attr_arn()`), `ref_()` documented with what `Ref` returns, and
//!   [`resource()`](cdk_core::CfnResource) as the escape hatch for overrides, dependencies and
//!   removal policies;
//! - its properties `CfnThingProps`, built with `CfnThingProps::builder()`, and changed after
//!   creation through `props()` (see [`edit`]);
//! - a module `thing` with its property types (each with a builder) and the known values of
//!   its string properties as forward-compatible enums (known variants plus `Unknown`).
//!
//! Every builder (of a resource's properties or of a property type) has, per property:
//!
//! | method | for | what |
//! |---|---|---|
//! | `<prop>(value)` | every property | sets it (a required one moves the typestate) |
//! | `maybe_<prop>(Option<…>)` | optional properties | sets it when `Some`, so optional settings stay one chain |
//! | `<prop>_value(Value)` | properties whose type involves a property type or a union | the escape hatch: any [`cdk_core::Value`], for shapes the types do not cover (`Json` properties, such as policy documents, take a `Value` already) |
//!
//! and `props()` of a construct has, per property, `set`, `set_value`, `clear` (optional
//! ones), `append` (lists), `insert` (maps) and `edit` (into a property type), so grants,
//! targets, notifications and policy statements added late need no untyped
//! `resource().set_property("Name", …)`.
//!
//! ```
//! use cdk_core::{App, Stack};
//! use cfn_l1::dynamodb::{table, CfnTable, CfnTableProps};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Tables");
//! let table = CfnTable::new(
//!     &stack,
//!     "Labels",
//!     CfnTableProps::builder()
//!         .key_schema([table::KeySchema::builder()
//!             .attribute_name("Image")
//!             .key_type("HASH")
//!             .build()])
//!         .attribute_definitions([table::AttributeDefinition::builder()
//!             .attribute_name("Image")
//!             .attribute_type("S")
//!             .build()])
//!         .billing_mode("PAY_PER_REQUEST")
//!         .build(),
//! );
//! let _arn: cdk_core::Str = table.attr_arn();
//!
//! // Optional settings in one chain, changes after creation:
//! let class: Option<&str> = None;
//! let stream = CfnTable::new(&stack, "Streams", CfnTableProps::builder()
//!     .key_schema([table::KeySchema::builder().attribute_name("Id").key_type("HASH").build()])
//!     .attribute_definitions([table::AttributeDefinition::builder()
//!         .attribute_name("Id")
//!         .attribute_type("S")
//!         .build()])
//!     .maybe_table_class(class)
//!     .build());
//! stream.props().billing_mode().set("PAY_PER_REQUEST");
//! stream.props().tags().append([("team", "core").into()]);
//! stream.props().stream_specification().set_value(cdk_core::Value::map([
//!     ("StreamViewType", "NEW_IMAGE"),
//! ]));
//! ```
//!
//! # Required properties
//!
//! Builders track required properties in their type: `build()` only exists once each is set,
//! and forgetting one reads as a sentence:
//!
//! ```text
//! error[E0277]: the required property `key_type` is not set
//!  --> src/main.rs:5:65
//!   |
//! 5 |     let _ = table::KeySchema::builder().attribute_name("Image").build();
//!   |                                                                 ^^^^^ `key_type` was never set
//!   = note: call `.key_type(…)` on the builder before `.build()`
//! ```
//!
//! # Why no `serde::Serialize`
//!
//! Property values are `cdk_core` typed values ([`Str`],
//! [`Num`](cdk_core::Num), …): a literal *or* an expression (`Ref`, `Fn::GetAtt`, …) whose
//! JSON form (logical IDs, cross-stack imports) only exists when `cdk_core` synthesizes the
//! whole app. A `Serialize` derive here could only write a wrong or partial template, so
//! generated types convert explicitly into a [`cdk_core::Value`] ([`IntoValue`]) and `cdk_core`
//! alone serialises — the same edge rule as the rest of the workspace. For the same reason
//! there is no `Deserialize`: a template read back has no construct tree to point into.
//!
//! The generated code lives in `src/services/` and is written by `cargo run -p codegen`
//! (`tools/codegen/`); do not edit it by hand.

#![warn(missing_docs)]

#[allow(unused_imports)]
pub use services::*;

pub use indexmap::IndexMap;

use cdk_core::{Str, Value};

/// A resource tag: the shared `{Key, Value}` type every taggable resource's `Tags` takes.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Tag {
    /// The tag's key.
    pub key: Str,
    /// The tag's value.
    pub value: Str,
}

impl Tag {
    /// A tag `key: value`.
    pub fn new(key: impl Into<Str>, value: impl Into<Str>) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }
}

impl<K: Into<Str>, V: Into<Str>> From<(K, V)> for Tag {
    fn from((k, v): (K, V)) -> Tag {
        Tag::new(k, v)
    }
}

/// Conversion of a generated type into the template value `cdk_core` synthesizes.
pub trait IntoValue {
    /// The value, with expressions left for synthesis to resolve.
    fn into_value(self) -> Value;
}

macro_rules! into_value_via_from {
    ($($t:ty),*) => {$(
        impl IntoValue for $t {
            fn into_value(self) -> Value {
                Value::from(self)
            }
        }
    )*};
}
into_value_via_from!(
    cdk_core::Str,
    cdk_core::StrList,
    cdk_core::Num,
    cdk_core::Bool,
    Value
);

impl IntoValue for Tag {
    fn into_value(self) -> Value {
        Value::map_of_names([
            ("Key", Value::from(self.key)),
            ("Value", Value::from(self.value)),
        ])
    }
}

impl<T: IntoValue> IntoValue for Vec<T> {
    fn into_value(self) -> Value {
        Value::list(self.into_iter().map(IntoValue::into_value))
    }
}

impl<T: IntoValue> IntoValue for IndexMap<String, T> {
    fn into_value(self) -> Value {
        Value::map(self.into_iter().map(|(k, v)| (k, v.into_value())))
    }
}

impl<T: IntoValue> IntoValue for Box<T> {
    fn into_value(self) -> Value {
        (*self).into_value()
    }
}

/// Typestate markers of the generated builders.
pub mod state {
    /// A required property that has been set.
    #[derive(Debug)]
    pub struct Set;
    /// A required property that has not been set yet.
    #[derive(Debug)]
    pub struct Unset;
}

pub mod edit {
    //! Changing a resource's properties after creation, typed: grants, notifications, targets and
    //! policy statements arrive after the resource exists.
    //!
    //! `CfnThing::props()` is an [`Edit`] of the resource's properties with one accessor per
    //! property, named like its builder setter, which returns a [`Field`]; what a field offers
    //! follows from its type:
    //!
    //! | field | methods |
    //! |---|---|
    //! | any | `set(value)` (the same argument as the builder's setter), `set_value(Value)` (the escape hatch, for shapes the types do not cover) |
    //! | optional ([`Opt`]) | `clear()` |
    //! | list ([`List`], [`Strs`]) | `append(items)` |
    //! | map ([`Map`]) | `insert(key, value)` |
    //! | property type ([`Obj`]) | `edit()`: an [`Edit`] of the nested object, with accessors for *its* fields |
    //!
    //! ```
    //! use cdk_core::{App, Stack};
    //! use cfn_l1::events::{rule, CfnRule, CfnRuleProps};
    //!
    //! let app = App::new();
    //! let stack = Stack::new(&app, "Rules");
    //! let r = CfnRule::new(&stack, "Nightly", CfnRuleProps::builder()
    //!     .schedule_expression("cron(0 3 * * ? *)")
    //!     .maybe_description(None::<&str>)
    //!     .build());
    //! // Later, one target at a time:
    //! r.props().targets().append([rule::Target::builder().arn("arn:aws:sqs:…").id("Target0").build()]);
    //! r.props().state().set("ENABLED");
    //! r.props().description().clear();
    //! ```
    //!
    //! **Where the values live.** Every change is written straight into the resource's
    //! properties (`cdk_core::CfnResource::set_property_at` and its siblings), which stay the one
    //! store: what `resource().property(…)`, overrides and synthesis see is always current, and
    //! typed and untyped changes compose. Nothing is kept on the side.
    //!
    //! **Order.** The builder writes properties in name order; a property set later is inserted at
    //! its name-sorted place (and a key of a property type likewise), so the rendered order does not
    //! depend on whether a property was set at creation or later. Entries of a map and items of a
    //! list keep the order they were added in.
    //!
    //! **Limits.** An edit needs literal objects and lists on its path: appending to a list that
    //! was set to an expression (a parameter's `Ref`, `Fn::If`) or editing inside a value set
    //! through `set_value` is reported by synthesis as an error naming the property (construction
    //! never fails). An object missing on the path is created empty; when its type has required
    //! properties, set those too, or set the whole object with `set` and the builder, which checks
    //! them.

    use std::marker::PhantomData;

    use cdk_core::{CfnResource, Construct, Str, StrList, Value};

    use crate::IntoValue;

    /// The properties of a resource, or a property-type object inside them, to change after
    /// creation; the generated code adds one accessor per field (`Edit<CfnQueueProps>` has
    /// `visibility_timeout()`, …). Cheap to clone; changes are written to the resource at once.
    pub struct Edit<T> {
        resource: CfnResource,
        path: Path,
        _t: PhantomData<fn() -> T>,
    }

    impl<T> Clone for Edit<T> {
        fn clone(&self) -> Self {
            Edit {
                resource: self.resource.clone(),
                path: self.path.clone(),
                _t: PhantomData,
            }
        }
    }

    impl<T> std::fmt::Debug for Edit<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Edit")
                .field("resource", &self.resource.node().path())
                .field("path", &self.path)
                .finish()
        }
    }

    /// How many field names a path holds without allocating: every path the constructs
    /// write is shorter (a property, an object in it, a list or map in that).
    const INLINE_PATH: usize = 6;

    /// The field names from a resource's properties down to an object or field: inline when
    /// short (an edit is often made through a fresh accessor chain), on the heap beyond.
    #[derive(Clone)]
    enum Path {
        Inline(u8, [&'static str; INLINE_PATH]),
        Heap(Vec<&'static str>),
    }

    impl Path {
        const EMPTY: Path = Path::Inline(0, [""; INLINE_PATH]);

        fn as_slice(&self) -> &[&'static str] {
            match self {
                Path::Inline(n, names) => &names[..usize::from(*n)],
                Path::Heap(names) => names,
            }
        }

        /// This path and then `name`.
        fn child(&self, name: &'static str) -> Path {
            match self {
                Path::Inline(n, names) if usize::from(*n) < INLINE_PATH => {
                    let mut names = *names;
                    names[usize::from(*n)] = name;
                    Path::Inline(n + 1, names)
                }
                _ => {
                    let mut names = self.as_slice().to_vec();
                    names.push(name);
                    Path::Heap(names)
                }
            }
        }
    }

    /// As the list of names.
    impl std::fmt::Debug for Path {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_list().entries(self.as_slice()).finish()
        }
    }

    #[cfg(test)]
    #[test]
    fn paths_keep_their_names_inline_and_beyond() {
        let names = ["A", "B", "C", "D", "E", "F", "G", "H"];
        let mut path = Path::EMPTY;
        assert!(path.as_slice().is_empty());
        for (i, &n) in names.iter().enumerate() {
            let parent = path.clone();
            path = path.child(n);
            assert_eq!(path.as_slice(), &names[..=i]);
            assert_eq!(
                parent.as_slice(),
                &names[..i],
                "a child leaves its parent as it was"
            );
            assert_eq!(
                matches!(path, Path::Inline(..)),
                i < INLINE_PATH,
                "inline up to {INLINE_PATH} names"
            );
        }
        assert_eq!(
            format!("{:?}", Path::EMPTY.child("X").child("Y")),
            r#"["X", "Y"]"#
        );
    }

    // Free functions rather than methods of `Edit`, whose method names are the properties'.

    /// The properties of `resource`.
    pub(crate) fn root<T>(resource: &CfnResource) -> Edit<T> {
        Edit {
            resource: resource.clone(),
            path: Path::EMPTY,
            _t: PhantomData,
        }
    }

    /// Field `name` of the object `edit` points at.
    pub(crate) fn field<T, O, K>(edit: &Edit<T>, name: &'static str) -> Field<O, K> {
        Field {
            resource: edit.resource.clone(),
            path: edit.path.child(name),
            _t: PhantomData,
        }
    }

    /// One property (or one field of a property type) of a resource, to change after
    /// creation. `O` is [`Opt`] or [`Req`], `K` its kind ([`One`], [`Obj`], [`List`], [`Strs`],
    /// [`Map`]), which decide the methods it has.
    pub struct Field<O, K> {
        resource: CfnResource,
        path: Path,
        _t: PhantomData<fn() -> (O, K)>,
    }

    impl<O, K> std::fmt::Debug for Field<O, K> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Field")
                .field("resource", &self.resource.node().path())
                .field("path", &self.path)
                .finish()
        }
    }

    /// An optional field: it can be cleared.
    #[derive(Debug)]
    pub struct Opt;
    /// A required field: it can be replaced, not cleared.
    #[derive(Debug)]
    pub struct Req;
    /// A field of one value of type `T` (a scalar, a union, `Json` as [`Value`]).
    pub struct One<T>(PhantomData<fn() -> T>);
    /// A field holding a property type `T`; [`Field::edit`] reaches inside it.
    pub struct Obj<T>(PhantomData<fn() -> T>);
    /// A list of `T`; [`Field::append`] adds items.
    pub struct List<T>(PhantomData<fn() -> T>);
    /// A list of strings ([`StrList`]); [`Field::append`] adds strings.
    pub struct Strs;
    /// A map from strings to `T`; [`Field::insert`] sets one entry.
    pub struct Map<T>(PhantomData<fn() -> T>);

    impl<O, K> Field<O, K> {
        fn write(&self, value: Value) {
            if !self.resource.set_property_at(self.path.as_slice(), value) {
                self.fail("set", "an object");
            }
        }

        /// Records why an edit could not be made (reported by synthesis).
        fn fail(&self, what: &str, needs: &str) {
            let at = self.path.as_slice().join(".");
            self.resource.node().add_error(
                format!("cannot {what} `Properties.{at}`: the value there or on the way to it is not {needs}"),
                "it was set to an expression or through `set_value`; replace the whole property with `set` instead",
            );
        }

        /// Sets this field to any [`Value`]: the escape hatch for shapes the types do not
        /// cover (policy documents written as JSON, a property newer than the crate's types).
        pub fn set_value(&self, value: impl Into<Value>) {
            self.write(value.into());
        }
    }

    impl<K> Field<Opt, K> {
        /// Removes this field (a property not rendered at all).
        pub fn clear(&self) {
            self.resource.remove_property_at(self.path.as_slice());
        }
    }

    impl<O, T: IntoValue> Field<O, One<T>> {
        /// Sets (or replaces) this field.
        pub fn set(&self, value: impl Into<T>) {
            self.write(value.into().into_value());
        }

        /// Appends `items` to the list under `key` inside this field's literal object, creating
        /// the list when it is missing: for free-form JSON properties grown one item at a time,
        /// such as a policy document's `Statement`, without rendering the whole value again.
        /// Like `append`, a value there that is not a literal object (or list under `key`) is
        /// reported by synthesis.
        pub fn append_in(&self, key: &'static str, items: impl IntoIterator<Item = Value>) {
            let path = self.path.child(key);
            if !self.resource.append_to_property_at(path.as_slice(), items) {
                self.fail("append to", "a literal object holding a list");
            }
        }
    }

    impl<O, T: IntoValue> Field<O, Obj<T>> {
        /// Sets (or replaces) this field with a value built by its builder.
        pub fn set(&self, value: impl Into<T>) {
            self.write(value.into().into_value());
        }

        /// The object in this field, to change its own fields (it is created empty on the first
        /// change when missing).
        pub fn edit(&self) -> Edit<T> {
            Edit {
                resource: self.resource.clone(),
                path: self.path.clone(),
                _t: PhantomData,
            }
        }
    }

    impl<O, T: IntoValue> Field<O, List<T>> {
        /// Sets (or replaces) the whole list.
        pub fn set(&self, items: impl IntoIterator<Item = T>) {
            self.write(crate::rt::list(items).into_value());
        }

        /// Appends `items` (creating the list when the field is unset).
        pub fn append(&self, items: impl IntoIterator<Item = T>) {
            let items = items.into_iter().map(IntoValue::into_value);
            if !self
                .resource
                .append_to_property_at(self.path.as_slice(), items)
            {
                self.fail("append to", "a literal list");
            }
        }
    }

    impl<O> Field<O, Strs> {
        /// Sets (or replaces) the whole list.
        pub fn set(&self, value: impl Into<StrList>) {
            self.write(value.into().into_value());
        }

        /// Appends strings (creating the list when the field is unset).
        pub fn append(&self, items: impl IntoIterator<Item = impl Into<Str>>) {
            let items = items.into_iter().map(|s| Value::from(s.into()));
            if !self
                .resource
                .append_to_property_at(self.path.as_slice(), items)
            {
                self.fail("append to", "a literal list");
            }
        }
    }

    impl<O, T: IntoValue> Field<O, Map<T>> {
        /// Sets (or replaces) the whole map; entries keep the order given.
        pub fn set<K: Into<String>, V: Into<T>>(&self, entries: impl IntoIterator<Item = (K, V)>) {
            self.write(crate::rt::map::<T, _, _>(entries).into_value());
        }

        /// Sets entry `key` (a new key goes last; creating the map when the field is unset).
        pub fn insert(&self, key: impl Into<String>, value: impl Into<T>) {
            let key = key.into();
            if !self.resource.insert_into_property_at(
                self.path.as_slice(),
                &key,
                value.into().into_value(),
            ) {
                self.fail("insert into", "a literal object");
            }
        }
    }
}

/// What the generated code uses, under one short path.
#[allow(unused_imports, dead_code)]
mod rt {
    pub use crate::state::{Set, Unset};
    pub use crate::{IndexMap, IntoValue, Tag};
    pub use cdk_core::{Bool, CfnResource, Construct, Node, Num, Str, StrList, Value};
    pub use std::marker::PhantomData;
    // The generated code's shared shapes: `rt::construct!` (a resource construct's fixed part),
    // `rt::object!` (a value and its builder), `rt::fields!` (what every field gets beside its
    // setter) and `rt::str_enum!` (a string enum of known values).
    pub(crate) use crate::{construct, fields, object, str_enum};

    /// The properties of one object (a resource's or a property type's) as template values.
    /// Written in name order, whatever order the builder's setters ran in.
    ///
    /// `S` is a builder's typestate (which required properties are set); a built value is
    /// `Props<()>`.
    // `cdk_core::Properties`, a vector of entries rather than a hashed map: an object has a
    // few dozen properties at most, so a linear search for a repeated setter beats hashing
    // every name; the names are the generated code's `&'static str`s, never copied, and the
    // vector becomes the resource's property map (or the object's value) as it is.
    pub struct Props<S = ()>(cdk_core::Properties, PhantomData<S>);

    impl<S> Props<S> {
        pub fn new() -> Props<S> {
            // Most objects set a few properties: room for them without growing.
            Props(cdk_core::Properties::with_capacity(8), PhantomData)
        }
        /// A builder's start: its constant properties (`(name, value)`) set.
        pub fn start(constants: &[(&'static str, &'static str)]) -> Props<S> {
            let mut props = Props::new();
            for &(name, value) in constants {
                props.set(name, Value::from(Str::from_static(value)));
            }
            props
        }
        fn set(&mut self, name: &'static str, value: Value) {
            self.0.set(name, value);
        }
        /// Sets `name`; the result's typestate is whatever the caller's type says.
        pub fn with<T>(mut self, name: &'static str, value: impl IntoValue) -> Props<T> {
            self.set(name, value.into_value());
            Props(self.0, PhantomData)
        }
        /// The finished properties (`build()`).
        pub fn done(self) -> Props {
            Props(self.0, PhantomData)
        }
        fn sorted(mut self) -> cdk_core::Properties {
            // Names are unique, so an unstable sort gives the one order.
            self.0.sort_by_name();
            self.0
        }
        pub fn into_value(self) -> Value {
            self.sorted().into_value()
        }
        pub fn apply(self, resource: &CfnResource) {
            resource.set_properties(self.sorted());
        }
    }

    impl Clone for Props {
        fn clone(&self) -> Props {
            Props(self.0.clone(), PhantomData)
        }
    }

    impl std::fmt::Debug for Props {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_tuple("Props").field(&self.0).finish()
        }
    }

    /// Equal when they set the same properties to equal values, in any order.
    impl PartialEq for Props {
        fn eq(&self, other: &Props) -> bool {
            // `Properties` compares as a map: names are unique, order does not count.
            self.0 == other.0
        }
    }

    /// A list property's value from any iterable of its items.
    pub fn list<T>(items: impl IntoIterator<Item = T>) -> Vec<T> {
        items.into_iter().collect()
    }

    /// A map property's value from any iterable of (key, value) pairs.
    pub fn map<T, K: Into<String>, V: Into<T>>(
        entries: impl IntoIterator<Item = (K, V)>,
    ) -> IndexMap<String, T> {
        entries
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect()
    }

    /// `Fn::GetAtt` of an attribute that is neither a string, a list nor a number.
    // `cdk_core::CfnResource` offers typed `get_att*` for strings, lists and numbers; the
    // attribute expression is re-typed here through the public `Typed` conversion.
    pub fn get_att<T: cdk_core::Typed>(resource: &CfnResource, name: &str) -> T {
        T::from_expr(cdk_core::Typed::into_expr(resource.get_att(name)))
    }

    /// The field `name` of the object an [`Edit`](crate::edit::Edit) points at (the
    /// generated accessors' body; a free function, so that no property name can collide
    /// with it).
    pub fn field<T, O, K>(
        edit: &crate::edit::Edit<T>,
        name: &'static str,
    ) -> crate::edit::Field<O, K> {
        crate::edit::field(edit, name)
    }
}

/// The fixed part of a generated resource construct `$c` (properties `$props`, resource
/// type `$ty`, optionally the template transform the type needs, which the resource requires
/// of the templates it appears in): the struct, `Construct`, `CFN_TYPE`, `new`,
/// `resource()`, `props()`. The generated code adds `ref_()` and the typed attributes.
macro_rules! construct {
    ($(#[$doc:meta])* $c:ident($props:ident) = $ty:literal $(, transform $t:literal)?) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $c {
            resource: $crate::rt::CfnResource,
        }

        impl $crate::rt::Construct for $c {
            fn node(&self) -> &$crate::rt::Node {
                $crate::rt::Construct::node(&self.resource)
            }
        }

        impl $c {
            /// The CloudFormation resource type.
            pub const CFN_TYPE: &'static str = $ty;

            #[doc = concat!("Adds a `", $ty, "` with logical id derived from `id` to `scope`.")]
            pub fn new(scope: &impl $crate::rt::Construct, id: &str, props: $props) -> Self {
                let resource = $crate::rt::CfnResource::new_static(scope, id, Self::CFN_TYPE);
                props.0.apply(&resource);
                $(resource.require_transform($t);)?
                Self { resource }
            }

            /// The underlying resource: overrides, dependencies, removal policy, conditions.
            pub fn resource(&self) -> &$crate::rt::CfnResource {
                &self.resource
            }

            #[doc = concat!("This type's view of `resource` when it is a `", $ty, "` (found in the tree, say), else `None`.")]
            pub fn from_resource(resource: &$crate::rt::CfnResource) -> Option<Self> {
                (resource.resource_type() == Self::CFN_TYPE).then(|| Self {
                    resource: resource.clone(),
                })
            }

            /// The properties, to change after creation: one typed accessor per property
            /// (`props().tags().append(…)`, `.set(…)`, `.clear()`, …; see [`edit`](crate::edit)).
            pub fn props(&self) -> $crate::edit::Edit<$props> {
                $crate::edit::root(&self.resource)
            }
        }
    };
}
pub(crate) use construct;

/// The fixed part of a generated object: the value `$name` (opaque properties), its
/// `builder()`, and the builder struct `$b`, whose type parameters (one per required property,
/// `Unset` until its setter runs) are its typestate. `props` is a resource's properties;
/// `type` a property type, which also converts into a template value. `$c = $v` are
/// constant properties the builder starts with (SAM's event `Type`). The generated code adds
/// the setters, and `build()` when there are required properties (its bounds name them).
macro_rules! object {
    (type $($rest:tt)*) => {
        $crate::rt::object!(props $($rest)*);

        impl $crate::rt::IntoValue for $crate::rt::object!(@name $($rest)*) {
            fn into_value(self) -> $crate::rt::Value {
                self.0.into_value()
            }
        }
    };
    (@name $(#[$doc:meta])* $name:ident $($rest:tt)*) => { $name };
    // No required property: `build()` is always available.
    (@build $name:ident, $b:ident;) => {
        impl $b {
            #[doc = concat!("The [`", stringify!($name), "`].")]
            pub fn build(self) -> $name {
                $name(self.0.done())
            }
        }
    };
    // Required properties: the generated `build()` names them in its bounds.
    (@build $name:ident, $b:ident; $($s:ident)+) => {};
    (props $(#[$doc:meta])* $name:ident, $b:ident<$($s:ident),*> $(, $c:literal = $v:literal)*) => {
        $(#[$doc])*
        ///
        #[doc = concat!("Build it with [`", stringify!($name), "::builder`].")]
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name($crate::rt::Props);

        impl $name {
            #[doc = concat!("A builder of [`", stringify!($name), "`].")]
            pub fn builder() -> $b {
                $b($crate::rt::Props::start(&[$(($c, $v)),*]))
            }
        }

        #[doc = concat!("Builder of [`", stringify!($name), "`]: a setter per property, then `build()`. Its type")]
        /// parameters, if any, track which required properties are set; `build` is available
        /// once all are.
        #[must_use]
        pub struct $b<$($s = $crate::rt::Unset),*>($crate::rt::Props<($($s,)*)>);

        impl<$($s),*> $b<$($s),*> {
            /// Sets an optional property (the setters' body).
            #[allow(dead_code)]
            fn set(self, name: &'static str, value: impl $crate::rt::IntoValue) -> Self {
                Self(self.0.with(name, value))
            }
        }

        $crate::rt::object!(@build $name, $b; $($s)*);
    };
}
pub(crate) use object;

/// What the fields of an object get beside their setters, in three lists (flat, so that the
/// expansion is one pass over the lines):
///
/// - `maybe { maybe_ident ident(ArgType); … }`: the builder's `maybe_<ident>(Option<ArgType>)`
///   of each optional field, calling its setter when `Some`;
/// - `value { ident_value "CfnName"; … }`: the builder's `<ident>_value(Value)` escape hatch of
///   each optional structured field (a required one has it beside its setter);
/// - `edit { ident "CfnName" Opt|Req Kind<Type>; … }`: the typed accessor of every field on
///   [`Edit<$name>`](crate::edit::Edit), to change it after creation; `Kind` is `One`, `Obj`,
///   `List`, `Strs` or `Map` of [`edit`](crate::edit).
///
/// Attributes before a line (`#[deprecated]`) apply to what it generates.
macro_rules! fields {
    (
        $name:ident, $b:ident<$($s:ident),*>;
        maybe { $($(#[$ma:meta])* $m:ident $f:ident($arg:ty);)* }
        value { $($(#[$va:meta])* $v:ident $vc:literal;)* }
        edit { $($(#[$ea:meta])* $e:ident $cfn:literal $o:ident $k:ident $(<$t:ty>)?;)* }
    ) => {
        impl<$($s),*> $b<$($s),*> {
            $(
                /// The setter of the same name without `maybe_` when `value` is `Some`; nothing
                /// when it is `None`.
                $(#[$ma])*
                pub fn $m(self, value: Option<$arg>) -> Self {
                    match value {
                        Some(v) => self.$f(v),
                        None => self,
                    }
                }
            )*
            $(
                /// Sets the property to any [`Value`](cdk_core::Value): the escape hatch for a
                /// shape the types do not cover (see [`set_value`](crate::edit::Field::set_value)
                /// for later). CloudFormation name:
                #[doc = $vc]
                $(#[$va])*
                pub fn $v(self, value: impl Into<$crate::rt::Value>) -> Self {
                    self.set($vc, value.into())
                }
            )*
        }

        impl $crate::edit::Edit<$name> {
            $(
                /// The property to change after creation (what it means: the builder's setter of
                /// the same name). CloudFormation name:
                #[doc = $cfn]
                $(#[$ea])*
                #[inline]
                pub fn $e(&self) -> $crate::edit::Field<$crate::edit::$o, $crate::edit::$k$(<$t>)?> {
                    $crate::rt::field(self, $cfn)
                }
            )*
        }
    };
}
pub(crate) use fields;

/// A string enum of the known values of property `$prop`: variants `$v` spelled `$s`, plus
/// `Unknown` for values newer than the crate; `as_str`, `From<&str>`, and conversion into a
/// [`cdk_core::Str`] so a setter takes it as well as any string or expression.
macro_rules! str_enum {
    ($name:ident for $prop:literal { $($v:ident = $s:literal,)* }) => {
        #[doc = concat!("Known values of `", $prop, "`. Converts into a [`rt::Str`], so a setter takes it as well as")]
        #[doc = concat!("any string or expression; values newer than this crate are [`", stringify!($name), "::Unknown`].")]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $s, "`")] $v,)*
            /// A value this version of the crate does not know.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The value as CloudFormation spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$v => $s,)*
                    Self::Unknown(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($s => Self::$v,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl From<$name> for $crate::rt::Str {
            fn from(v: $name) -> $crate::rt::Str {
                // A known value is a constant: used as it is, not copied.
                match v {
                    $($name::$v => $crate::rt::Str::from_static($s),)*
                    $name::Unknown(s) => $crate::rt::Str::from(s),
                }
            }
        }
    };
}
pub(crate) use str_enum;

// After the macros above: `macro_rules!` are in scope for what follows them.
#[allow(
    deprecated,
    clippy::all,
    missing_docs,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags,
    rustdoc::invalid_rust_codeblocks
)]
mod services;

/// Per resource type: stateful or not, and the properties whose change replaces it (for
/// `diff`; generated from the service spec).
pub mod resource_facts;
