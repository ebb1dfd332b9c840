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
//! - its properties `CfnThingProps`, built with `CfnThingProps::builder()`;
//! - a module `thing` with its property types (each with a builder) and the known values of
//!   its string properties as forward-compatible enums (known variants plus `Unknown`).
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
        Value::map([
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

/// What the generated code uses, under one short path.
#[allow(unused_imports, dead_code)]
mod rt {
    pub use crate::state::{Set, Unset};
    pub use crate::{IndexMap, IntoValue, Tag};
    pub use cdk_core::{Bool, CfnResource, Construct, Node, Num, Str, StrList, Value};
    pub use std::marker::PhantomData;
    // The generated code's shared shapes: `rt::construct!` (a resource construct's fixed part)
    // and `rt::str_enum!` (a string enum of known values).
    pub(crate) use crate::{construct, object, str_enum};

    /// The properties of one object (a resource's or a property type's) as template values.
    /// Written in name order, whatever order the builder's setters ran in.
    ///
    /// `S` is a builder's typestate (which required properties are set); a built value is
    /// `Props<()>`.
    pub struct Props<S = ()>(IndexMap<&'static str, Value>, PhantomData<S>);

    impl<S> Props<S> {
        pub fn new() -> Props<S> {
            Props(IndexMap::new(), PhantomData)
        }
        /// A builder's start: its constant properties (`(name, value)`) set.
        pub fn start(constants: &[(&'static str, &'static str)]) -> Props<S> {
            let mut props = Props::new();
            for &(name, value) in constants {
                props.0.insert(name, Value::from(Str::from(value)));
            }
            props
        }
        /// Sets `name`; the result's typestate is whatever the caller's type says.
        pub fn with<T>(mut self, name: &'static str, value: impl IntoValue) -> Props<T> {
            self.0.insert(name, value.into_value());
            Props(self.0, PhantomData)
        }
        /// The finished properties (`build()`).
        pub fn done(self) -> Props {
            Props(self.0, PhantomData)
        }
        fn sorted(mut self) -> IndexMap<&'static str, Value> {
            self.0.sort_keys();
            self.0
        }
        pub fn into_value(self) -> Value {
            Value::map(self.sorted())
        }
        pub fn apply(self, resource: &CfnResource) {
            for (name, value) in self.sorted() {
                resource.set_property(name, value);
            }
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

    impl PartialEq for Props {
        fn eq(&self, other: &Props) -> bool {
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

    /// Adds a template transform (SAM's) to the stack holding `resource`.
    pub fn add_transform(resource: &CfnResource, transform: &str) {
        resource.node().stack().add_transform(transform);
    }
}

/// The fixed part of a generated resource construct `$c` (properties `$props`, resource
/// type `$ty`, optionally a template transform): the struct, `Construct`, `CFN_TYPE`, `new`,
/// `resource()`. The generated code adds `ref_()` and the typed attributes.
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
                let resource = $crate::rt::CfnResource::new(scope, id, Self::CFN_TYPE);
                props.0.apply(&resource);
                $($crate::rt::add_transform(&resource, $t);)?
                Self { resource }
            }

            /// The underlying resource: overrides, dependencies, removal policy, conditions.
            pub fn resource(&self) -> &$crate::rt::CfnResource {
                &self.resource
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
                $crate::rt::Str::from(v.as_str())
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
