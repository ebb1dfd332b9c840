//! Typed values: literals and CloudFormation intrinsic functions.
//!
//! A property value is either a literal or an expression that CloudFormation resolves at deploy
//! time (`Ref`, `Fn::GetAtt`, `Fn::Join`, …). Its Rust type says what it means:
//!
//! | type        | CloudFormation meaning           | from literals                     |
//! |-------------|----------------------------------|-----------------------------------|
//! | [`Str`]     | a string                         | `&str`, `String`                  |
//! | [`StrList`] | a list of strings                | `Vec<&str>`, `[&str; N]`, `Vec<Str>` |
//! | [`Num`]     | a number                         | `i32`, `i64`, `u32`, `u64`, `f64`  |
//! | [`Bool`]    | a boolean                        | `bool`                            |
//! | [`Value`]   | anything (free-form JSON + expressions) | all of the above, `serde_json::Value` |
//! | [`CondExpr`] | a condition (`Fn::Equals`, …)   | —                                 |
//!
//! So a list cannot be passed where a string belongs, and a number cannot be passed where a
//! string belongs: both are compile errors. Expressions are built with the functions in
//! [`fns`](crate::fns) and the pseudo parameters in [`Aws`].
//!
//! Values are plain data: they hold references to other elements of the tree by id, and are
//! resolved to JSON (logical IDs, imports across stacks) only at synthesis.

use crate::tree::NodeId;

/// The ordered map of the tree's values and elements (see [`VecMap`](crate::vecmap::VecMap)).
pub(crate) type IndexMap<K, V> = crate::vecmap::VecMap<K, V>;
/// The ordered map synthesis uses: insertion order, a fast fixed-seed hasher (keys are the
/// program's own, so HashDoS resistance buys nothing).
pub(crate) type FastIndexMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::FixedState>;
/// The ordered set synthesis uses (same hasher).
pub(crate) type IndexSet<T> = indexmap::IndexSet<T, foldhash::fast::FixedState>;
/// The hash map synthesis uses (same hasher).
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// A reference from a value to an element of a construct tree (resource, parameter, condition,
/// mapping, output).
#[derive(Clone)]
pub struct Target {
    pub(crate) app: u64,
    pub(crate) node: NodeId,
}

impl Target {
    /// The target's construct path, for messages (computed only when one is needed).
    pub(crate) fn path(&self) -> String {
        crate::tree::path_in_app(self.app, self.node)
            .unwrap_or_else(|| format!("<node {} of app {}>", self.node, self.app))
    }
}

impl PartialEq for Target {
    fn eq(&self, other: &Target) -> bool {
        self.app == other.app && self.node == other.node
    }
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Target(app {}, node {})", self.app, self.node)
    }
}

/// A string of the tree (a literal, an object key, a property name): either a
/// `&'static str` of the program, kept as it is (the names and constants the generated L1
/// and the constructs write, which are most strings of a template), or an owned `String`.
/// Equal, ordered and hashed as its text, whichever it holds. (Public in a private module:
/// nameable only inside this crate, like `Expr`.)
#[derive(Clone)]
pub enum Text {
    /// A string that lives as long as the program: no copy.
    Static(&'static str),
    /// Any other string.
    Owned(String),
}

impl Text {
    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Owned(s) => s,
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // As `str` hashes, so a lookup by `&str` (through `Borrow<str>`) finds the entry.
        self.as_str().hash(state)
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Owned(s)
    }
}

impl From<&str> for Text {
    /// A copy (a `&str` of unknown lifetime); [`Text::Static`] is the copy-free form.
    fn from(s: &str) -> Text {
        Text::Owned(s.to_string())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        match t {
            Text::Static(s) => s.to_string(),
            Text::Owned(s) => s,
        }
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

// Every value of a tree is one of these: keep it small (box a new large variant instead).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Expr>() <= 40);

/// The untyped expression tree behind every value. (Public in a private module: nameable
/// only inside this crate.)
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Text),
    List(Vec<Expr>),
    Map(IndexMap<Text, Expr>),
    /// `{"Ref": <logical id>}` of a resource or parameter.
    Ref(Target),
    /// `{"Fn::GetAtt": [<logical id>, attr]}`.
    GetAtt(Target, String),
    /// `{"Ref": "AWS::Region"}` and friends.
    Pseudo(&'static str),
    /// `{"Fn::Sub": [template, {vars}]}`. (Boxed, as `TransformRef` is: rare variants whose
    /// fields would make every expression of a tree 72 bytes instead of 48.)
    Sub(Box<(String, IndexMap<Text, Expr>)>),
    /// Any other intrinsic whose arguments are plain expressions: `{"Fn::Join": [...]}` etc.
    Call(&'static str, Box<Expr>),
    /// `{"Fn::If": [condition, a, b]}`.
    If(Target, Box<Expr>, Box<Expr>),
    /// `{"Condition": name}` inside condition functions.
    Condition(Target),
    /// `{"Fn::FindInMap": [mapping, k1, k2]}`.
    FindInMap(Target, Box<Expr>, Box<Expr>),
    /// The path of an asset (staged, or a source folder referenced in place), relative to
    /// the template that uses it.
    Asset(Target),
    /// `{"Ref": <name>}` of a resource a transform generates: the logical ID of the target
    /// plus a suffix (SAM's `MyFn.Alias`, `MyFnDeploymentGroup`), or a fixed name
    /// (`ServerlessDeploymentApplication`) when there is no target. Valid only in a template
    /// with a transform; adds no dependency edge (the transform decides the real ones).
    /// With an attribute, `{"Fn::GetAtt": [<name>, attribute]}` of that resource.
    TransformRef(Box<(Option<Target>, String, Option<String>)>),
    /// One expression for the plain CloudFormation template, another for the SAM template.
    PerFlavor(Box<Expr>, Box<Expr>),
}

/// The two templates synthesis can write for a stack.
///
/// Constructs that SAM models natively (a Lambda function with `AutoPublishAlias`, its event
/// sources) render differently in each: as `AWS::Serverless::Function` in the SAM template,
/// and as the resources SAM would generate in the plain one. Everything else is identical.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flavor {
    /// Plain CloudFormation: `<Stack>.template.json` / `.template.yaml`.
    Cfn,
    /// SAM (`Transform: AWS::Serverless-2016-10-31`): `<Stack>.sam.json` / `.sam.yaml`.
    Sam,
}

impl Flavor {
    /// Both flavors, plain first.
    pub const ALL: [Flavor; 2] = [Flavor::Cfn, Flavor::Sam];

    /// A value that is `cfn` in the plain template and `sam` in the SAM template, e.g. a
    /// function alias: a `Ref` of an `AWS::Lambda::Alias` in one, SAM's `<Fn>.Alias` in the
    /// other.
    pub fn either<T: Typed>(cfn: impl Into<T>, sam: impl Into<T>) -> T {
        T::from_expr(Expr::PerFlavor(
            Box::new(cfn.into().into_expr()),
            Box::new(sam.into().into_expr()),
        ))
    }

    /// The name used in messages: `plain CloudFormation` or `SAM`.
    pub fn label(self) -> &'static str {
        match self {
            Flavor::Cfn => "plain CloudFormation",
            Flavor::Sam => "SAM",
        }
    }
}

/// `AWS::NoValue`, usable as any typed value (e.g. a branch of [`fns::if_`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoValue;

impl Expr {
    pub(crate) fn list(items: Vec<Expr>) -> Expr {
        Expr::List(items)
    }
}

impl From<serde_json::Value> for Expr {
    fn from(v: serde_json::Value) -> Expr {
        match v {
            serde_json::Value::Null => Expr::Null,
            serde_json::Value::Bool(b) => Expr::Bool(b),
            serde_json::Value::Number(n) => Expr::Number(n),
            serde_json::Value::String(s) => Expr::String(Text::Owned(s)),
            serde_json::Value::Array(a) => Expr::List(a.into_iter().map(Expr::from).collect()),
            serde_json::Value::Object(o) => Expr::Map(
                o.into_iter()
                    .map(|(k, v)| (Text::Owned(k), Expr::from(v)))
                    .collect(),
            ),
        }
    }
}

mod sealed {
    pub trait Sealed {}
}

/// Implemented by every typed value ([`Str`], [`StrList`], [`Num`], [`Bool`], [`Value`]), so
/// generic intrinsics such as [`fns::if_`](crate::fns::if_) keep the type of their branches.
pub trait Typed: sealed::Sealed + Clone {
    #[doc(hidden)]
    fn from_expr(e: Expr) -> Self;
    #[doc(hidden)]
    fn into_expr(self) -> Expr;
}

macro_rules! typed {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name(pub(crate) Expr);

        impl sealed::Sealed for $name {}
        impl Typed for $name {
            fn from_expr(e: Expr) -> Self {
                $name(e)
            }
            fn into_expr(self) -> Expr {
                self.0
            }
        }
        impl From<$name> for Value {
            fn from(v: $name) -> Value {
                Value(v.0)
            }
        }
        impl From<NoValue> for $name {
            fn from(_: NoValue) -> $name {
                $name(Expr::Pseudo("AWS::NoValue"))
            }
        }
        impl From<&$name> for $name {
            fn from(v: &$name) -> $name {
                v.clone()
            }
        }
    };
}

typed!(
    /// A string, or an expression that resolves to one (`Ref`, `Fn::GetAtt`, `Fn::Join`, …).
    Str
);
typed!(
    /// A list of strings, or an expression that resolves to one (`Fn::Split`, `Fn::GetAZs`, …).
    StrList
);
typed!(
    /// A number, or an expression that resolves to one (a number parameter, `Fn::If`, …).
    Num
);
typed!(
    /// A boolean, or an expression that resolves to one.
    Bool
);

/// Any value: free-form JSON in which expressions may appear anywhere.
///
/// This is what untyped properties (the [`CfnResource`](crate::CfnResource) escape hatch,
/// overrides, metadata) take. Build maps and lists with [`Value::map`] and [`Value::list`], or
/// convert a `serde_json::Value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Value(pub(crate) Expr);

impl sealed::Sealed for Value {}
impl Typed for Value {
    fn from_expr(e: Expr) -> Self {
        Value(e)
    }
    fn into_expr(self) -> Expr {
        self.0
    }
}

impl Value {
    /// A JSON object whose values may hold expressions; keys keep their order.
    pub fn map<K: Into<String>, V: Into<Value>>(
        entries: impl IntoIterator<Item = (K, V)>,
    ) -> Value {
        Value(Expr::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Text::Owned(k.into()), v.into().0))
                .collect(),
        ))
    }

    /// A JSON object whose keys are names fixed in the program (`&'static str`, such as
    /// the generated L1's property names): the same value as [`map`](Self::map) makes, with
    /// the keys used as they are rather than copied.
    pub fn map_of_names<V: Into<Value>>(
        entries: impl IntoIterator<Item = (&'static str, V)>,
    ) -> Value {
        Value(Expr::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Text::Static(k), v.into().0))
                .collect(),
        ))
    }

    /// A JSON array whose items may hold expressions.
    pub fn list<V: Into<Value>>(items: impl IntoIterator<Item = V>) -> Value {
        Value(Expr::List(items.into_iter().map(|v| v.into().0).collect()))
    }

    /// JSON `null`.
    pub fn null() -> Value {
        Value(Expr::Null)
    }

    /// Whether this value is a JSON object (possibly empty).
    pub fn is_map(&self) -> bool {
        matches!(self.0, Expr::Map(_))
    }

    /// The entries of this value when it is a literal object (keys in order); `None` for
    /// anything else (an expression, a list, a scalar).
    pub fn entries(&self) -> Option<Vec<(String, Value)>> {
        match &self.0 {
            Expr::Map(m) => Some(
                m.into_iter()
                    .map(|(k, v)| (k.as_str().to_string(), Value(v.clone())))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// The items of this value when it is a literal list; `None` for anything else.
    pub fn items(&self) -> Option<Vec<Value>> {
        match &self.0 {
            Expr::List(l) => Some(l.iter().cloned().map(Value).collect()),
            _ => None,
        }
    }

    /// The text of this value when it is a literal string; `None` for anything else.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            Expr::String(s) => Some(s),
            _ => None,
        }
    }

    /// Inserts `key: value` into this value when it is a map; returns `false` (and changes
    /// nothing) when it is not.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> bool {
        match &mut self.0 {
            Expr::Map(m) => {
                m.insert(Text::Owned(key.into()), value.into().0);
                true
            }
            _ => false,
        }
    }
}

/// The properties of an object being built (a resource's, or a property type's such as
/// a bucket's `CorsRule`) under names fixed in the program, such as the generated L1's:
/// the names are used as they are, not copied, and the finished object becomes a resource's
/// properties ([`CfnResource::set_properties`](crate::CfnResource::set_properties)) or a
/// [`Value`] ([`into_value`](Self::into_value)) without being copied either.
///
/// ```
/// use cdk_core::{Properties, Value};
/// let mut p = Properties::with_capacity(2);
/// p.set("Name", Value::from("n"));
/// p.set("Enabled", Value::from(true));
/// p.set("Name", Value::from("m")); // replaces, in place
/// p.sort_by_name();
/// assert_eq!(p.names().collect::<Vec<_>>(), ["Enabled", "Name"]);
/// assert_eq!(p.into_value(), Value::map([("Enabled", Value::from(true)), ("Name", Value::from("m"))]));
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct Properties(pub(crate) IndexMap<Text, Value>);

impl Properties {
    /// No properties, with room for `n`.
    pub fn with_capacity(n: usize) -> Properties {
        Properties(IndexMap::with_capacity(n))
    }

    /// Sets `name` to `value`: in place when it is set already, else appended.
    pub fn set(&mut self, name: &'static str, value: Value) {
        self.0.insert(Text::Static(name), value);
    }

    /// The number of properties set.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no property is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names, in order.
    pub fn names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.0.keys().map(Text::as_str)
    }

    /// The properties, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Puts the properties in name order (byte order), as templates list them.
    pub fn sort_by_name(&mut self) {
        self.0.sort_by_keys();
    }

    /// The object as a value (a JSON object, properties in their current order).
    pub fn into_value(self) -> Value {
        let mut map = self.0.map_values(|v| v.0);
        map.shrink_to_fit();
        Value(Expr::Map(map))
    }
}

/// As a list of `(name, value)` pairs.
impl std::fmt::Debug for Properties {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<NoValue> for Value {
    fn from(_: NoValue) -> Value {
        Value(Expr::Pseudo("AWS::NoValue"))
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Value {
        Value(Expr::from(v))
    }
}

impl From<&Value> for Value {
    fn from(v: &Value) -> Value {
        v.clone()
    }
}

// ---- literals ----------------------------------------------------------------------------

impl Str {
    /// A literal string fixed in the program (a constant, an enum value's name): the same
    /// value as `Str::from(s)`, with the text used as it is rather than copied.
    pub fn from_static(s: &'static str) -> Str {
        Str(Expr::String(Text::Static(s)))
    }

    /// The string, when this is a literal rather than an expression. Constructs use it to
    /// validate names at construction while accepting expressions they cannot check.
    pub fn as_literal(&self) -> Option<&str> {
        match &self.0 {
            Expr::String(s) => Some(s),
            _ => None,
        }
    }
}

impl Str {
    /// A deterministic text of the value: the literal as JSON, or the expression with each
    /// construct it references named by its path (logical IDs exist only during synthesis).
    /// Equal values give equal texts in any app, so constructs can hash definitions that
    /// hold expressions (an API's deployment); unlike `Debug`, it names no node index.
    pub fn describe(&self) -> String {
        describe(&self.0).to_string()
    }
}

/// [`Str::describe`]'s JSON.
fn describe(e: &Expr) -> serde_json::Value {
    use serde_json::json;
    match e {
        Expr::Null => serde_json::Value::Null,
        Expr::Bool(b) => json!(b),
        Expr::Number(n) => json!(n),
        Expr::String(s) => json!(s.as_str()),
        Expr::List(items) => items.iter().map(describe).collect(),
        Expr::Map(m) => m
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), describe(v)))
            .collect(),
        Expr::Ref(t) => json!({"Ref": t.path()}),
        Expr::GetAtt(t, a) => json!({"Fn::GetAtt": [t.path(), a]}),
        Expr::Pseudo(p) => json!({"Ref": p}),
        Expr::Sub(sub) => {
            let (template, vars) = &**sub;
            let vars: serde_json::Map<String, serde_json::Value> = vars
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), describe(v)))
                .collect();
            json!({"Fn::Sub": [template, vars]})
        }
        Expr::Call(name, arg) => json!({ *name: describe(arg) }),
        Expr::If(c, a, b) => json!({"Fn::If": [c.path(), describe(a), describe(b)]}),
        Expr::Condition(c) => json!({"Condition": c.path()}),
        Expr::FindInMap(m, a, b) => json!({"Fn::FindInMap": [m.path(), describe(a), describe(b)]}),
        Expr::Asset(t) => json!({"Asset": t.path()}),
        Expr::TransformRef(r) => match &**r {
            (t, suffix, None) => json!({"TransformRef": [t.as_ref().map(Target::path), suffix]}),
            (t, suffix, Some(attr)) => {
                json!({"TransformRef": [t.as_ref().map(Target::path), suffix, attr]})
            }
        },
        Expr::PerFlavor(a, b) => json!({"PerFlavor": [describe(a), describe(b)]}),
    }
}

impl Num {
    /// The number, when this is a literal rather than an expression.
    pub fn as_literal(&self) -> Option<&serde_json::Number> {
        match &self.0 {
            Expr::Number(n) => Some(n),
            _ => None,
        }
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str(Expr::String(Text::Owned(s.to_string())))
    }
}
impl From<String> for Str {
    fn from(s: String) -> Str {
        Str(Expr::String(Text::Owned(s)))
    }
}
impl From<&String> for Str {
    fn from(s: &String) -> Str {
        Str(Expr::String(Text::Owned(s.clone())))
    }
}

impl From<Vec<Str>> for StrList {
    fn from(v: Vec<Str>) -> StrList {
        StrList(Expr::list(v.into_iter().map(|s| s.0).collect()))
    }
}
impl From<Vec<&str>> for StrList {
    fn from(v: Vec<&str>) -> StrList {
        StrList(Expr::list(v.into_iter().map(|s| Str::from(s).0).collect()))
    }
}
impl From<Vec<String>> for StrList {
    fn from(v: Vec<String>) -> StrList {
        StrList(Expr::list(v.into_iter().map(|s| Str::from(s).0).collect()))
    }
}
impl<const N: usize> From<[&str; N]> for StrList {
    fn from(v: [&str; N]) -> StrList {
        StrList(Expr::list(v.into_iter().map(|s| Str::from(s).0).collect()))
    }
}
impl<const N: usize> From<[Str; N]> for StrList {
    fn from(v: [Str; N]) -> StrList {
        StrList(Expr::list(v.into_iter().map(|s| s.0).collect()))
    }
}

macro_rules! num_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Num {
            fn from(n: $t) -> Num {
                Num(Expr::Number(serde_json::Number::from(n)))
            }
        }
        impl From<$t> for Value {
            fn from(n: $t) -> Value {
                Value(Expr::Number(serde_json::Number::from(n)))
            }
        }
    )*};
}
num_from!(i32, i64, u32, u64, usize);

impl From<f64> for Num {
    /// Non-finite floats (NaN, infinity) have no JSON form and become `null`.
    fn from(n: f64) -> Num {
        Num(serde_json::Number::from_f64(n).map_or(Expr::Null, Expr::Number))
    }
}
impl From<bool> for Bool {
    fn from(b: bool) -> Bool {
        Bool(Expr::Bool(b))
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value(Expr::Bool(b))
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value(Expr::String(Text::Owned(s.to_string())))
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value(Expr::String(Text::Owned(s)))
    }
}
impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Value {
        Value::list(v)
    }
}

/// A condition expression: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, or a reference to a
/// named [`CfnCondition`](crate::CfnCondition). Built with the functions in
/// [`fns`](crate::fns); usable in a `CfnCondition` and inside other condition functions.
#[derive(Clone, Debug, PartialEq)]
pub struct CondExpr(pub(crate) Expr);

/// CloudFormation's pseudo parameters, as typed values.
///
/// ```
/// use cdk_core::{Aws, fns};
/// let arn = fns::sub("arn:${AWS::Partition}:s3:::my-bucket", []);
/// let region = Aws::region();
/// # let _ = (arn, region);
/// ```
pub struct Aws;

impl Aws {
    /// `AWS::AccountId`: the account the stack is deployed to.
    pub fn account_id() -> Str {
        Str(Expr::Pseudo("AWS::AccountId"))
    }
    /// `AWS::Region`: the region the stack is deployed to.
    pub fn region() -> Str {
        Str(Expr::Pseudo("AWS::Region"))
    }
    /// `AWS::Partition`: `aws`, `aws-cn`, `aws-us-gov`, ….
    pub fn partition() -> Str {
        Str(Expr::Pseudo("AWS::Partition"))
    }
    /// `AWS::StackName`: the deployed stack's name.
    pub fn stack_name() -> Str {
        Str(Expr::Pseudo("AWS::StackName"))
    }
    /// `AWS::StackId`: the deployed stack's ARN.
    pub fn stack_id() -> Str {
        Str(Expr::Pseudo("AWS::StackId"))
    }
    /// `AWS::URLSuffix`: `amazonaws.com`, or `amazonaws.com.cn` in China.
    pub fn url_suffix() -> Str {
        Str(Expr::Pseudo("AWS::URLSuffix"))
    }
    /// `AWS::NotificationARNs`: the stack's SNS notification topics.
    pub fn notification_arns() -> StrList {
        StrList(Expr::Pseudo("AWS::NotificationARNs"))
    }
    /// `AWS::NoValue`: removes the property it is assigned to (typically in `Fn::If`).
    /// Converts into any typed value: `fns::if_(&cond, 30, Aws::no_value())`.
    pub fn no_value() -> NoValue {
        NoValue
    }
}

/// The pseudo parameter names CloudFormation defines; `${AWS::…}` in `Fn::Sub` may use them.
pub(crate) const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// Intrinsic functions (`Fn::*`) and condition functions, typed.
///
/// ```
/// use cdk_core::{fns, Aws, Str, StrList};
/// let parts: StrList = fns::split(",", "a,b,c");
/// let first: Str = fns::select(0, parts);
/// let joined: Str = fns::join("-", [first, Aws::region()]);
/// # let _ = joined;
/// ```
pub mod fns {
    use super::*;
    use crate::element::{CfnCondition, CfnMapping};

    fn call(name: &'static str, args: Vec<Expr>) -> Expr {
        Expr::Call(name, Box::new(Expr::List(args)))
    }

    /// `Fn::Join`: the strings of `list` joined with `delimiter`.
    pub fn join(delimiter: &str, list: impl Into<StrList>) -> Str {
        Str(call(
            "Fn::Join",
            vec![Expr::String(delimiter.into()), list.into().0],
        ))
    }

    /// `Fn::Sub` with named variables. `${Name}` in `template` must name one of `vars` or a
    /// pseudo parameter (`${AWS::Region}`); `${!Literal}` writes `${Literal}`. A name that is
    /// neither is reported at synth, so a typo cannot reach CloudFormation.
    pub fn sub<'a>(template: &str, vars: impl IntoIterator<Item = (&'a str, Str)>) -> Str {
        Str(Expr::Sub(Box::new((
            template.to_string(),
            vars.into_iter()
                .map(|(k, v)| (Text::from(k), v.0))
                .collect(),
        ))))
    }

    /// `Fn::Select`: the `index`th string of `list` (0-based).
    pub fn select(index: u32, list: impl Into<StrList>) -> Str {
        Str(call(
            "Fn::Select",
            vec![Expr::Number(index.into()), list.into().0],
        ))
    }

    /// `Fn::Split`: `source` split at every `delimiter`.
    pub fn split(delimiter: &str, source: impl Into<Str>) -> StrList {
        StrList(call(
            "Fn::Split",
            vec![Expr::String(delimiter.into()), source.into().0],
        ))
    }

    /// `Fn::ImportValue`: the value another stack exported under `export_name`.
    ///
    /// References between stacks of the same app need no explicit import: synthesis creates
    /// the export and the import for you.
    pub fn import_value(export_name: impl Into<Str>) -> Str {
        Str(Expr::Call(
            "Fn::ImportValue",
            Box::new(export_name.into().0),
        ))
    }

    /// `Fn::Base64`: the Base64 encoding of `value` (e.g. EC2 user data).
    pub fn base64(value: impl Into<Str>) -> Str {
        Str(Expr::Call("Fn::Base64", Box::new(value.into().0)))
    }

    /// `Fn::GetAZs`: the availability zones of `region` (empty string: the stack's region).
    pub fn get_azs(region: impl Into<Str>) -> StrList {
        StrList(Expr::Call("Fn::GetAZs", Box::new(region.into().0)))
    }

    /// `Fn::Cidr`: `count` CIDR blocks of `cidr_bits` host bits carved from `ip_block`.
    pub fn cidr(ip_block: impl Into<Str>, count: u32, cidr_bits: u32) -> StrList {
        StrList(call(
            "Fn::Cidr",
            vec![
                ip_block.into().0,
                Expr::Number(count.into()),
                Expr::Number(cidr_bits.into()),
            ],
        ))
    }

    /// `Fn::FindInMap`: the value under `top_key` / `second_key` in `mapping`.
    pub fn find_in_map(
        mapping: &CfnMapping,
        top_key: impl Into<Str>,
        second_key: impl Into<Str>,
    ) -> Str {
        mapping.find_in_map(top_key, second_key)
    }

    /// `Fn::If`: `when_true` if `condition` holds, else `when_false`; both branches have the
    /// same type, which is the result's type. Use [`Aws::no_value`] to drop a property.
    pub fn if_<T: Typed>(
        condition: &CfnCondition,
        when_true: impl Into<T>,
        when_false: impl Into<T>,
    ) -> T {
        T::from_expr(Expr::If(
            condition.target(),
            Box::new(when_true.into().into_expr()),
            Box::new(when_false.into().into_expr()),
        ))
    }

    /// `Fn::Equals`: whether two strings are equal.
    pub fn equals(a: impl Into<Str>, b: impl Into<Str>) -> CondExpr {
        CondExpr(call("Fn::Equals", vec![a.into().0, b.into().0]))
    }

    /// `Fn::And`: all conditions hold (CloudFormation accepts 2 to 10; checked at synth).
    pub fn and(conditions: impl IntoIterator<Item = CondExpr>) -> CondExpr {
        CondExpr(call(
            "Fn::And",
            conditions.into_iter().map(|c| c.0).collect(),
        ))
    }

    /// `Fn::Or`: at least one condition holds (2 to 10; checked at synth).
    pub fn or(conditions: impl IntoIterator<Item = CondExpr>) -> CondExpr {
        CondExpr(call(
            "Fn::Or",
            conditions.into_iter().map(|c| c.0).collect(),
        ))
    }

    /// `Fn::Not`: the condition does not hold.
    pub fn not(condition: CondExpr) -> CondExpr {
        CondExpr(call("Fn::Not", vec![condition.0]))
    }

    /// A reference to a named condition, for use inside `and`/`or`/`not`.
    pub fn condition(condition: &CfnCondition) -> CondExpr {
        CondExpr(Expr::Condition(condition.target()))
    }

    /// `{"Ref": logical_id}` of a resource that a template transform generates under a fixed
    /// name, e.g. SAM's `ServerlessDeploymentApplication` (the CodeDeploy application it
    /// creates for every function with a `DeploymentPreference`).
    ///
    /// Such a name exists only after the transform ran, so synthesis cannot check it: it is
    /// written as given, is reported as an error in a template without a `Transform` (use
    /// [`Flavor::either`](crate::Flavor::either) to give the plain template its own value),
    /// and adds no dependency edge for cycle detection. For names derived from one of this
    /// stack's resources (`MyFn.Alias`) use
    /// [`CfnResource::transform_ref`](crate::CfnResource::transform_ref).
    pub fn transform_ref(logical_id: &str) -> Str {
        Str(Expr::TransformRef(Box::new((
            None,
            logical_id.to_string(),
            None,
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn static_and_owned_texts_are_the_same_string() {
        let (s, o) = (Text::Static("Name"), Text::Owned("Name".to_string()));
        assert_eq!(s, o);
        assert_eq!(s.as_str(), "Name");
        assert_eq!(format!("{s:?} {o}"), "\"Name\" Name");
        let h = foldhash::fast::FixedState::default();
        assert_eq!(h.hash_one(&s), h.hash_one(&o));
        assert_eq!(h.hash_one(&s), h.hash_one("Name"));
        assert!(Text::Static("A") < Text::Owned("B".to_string()));
        assert_eq!(String::from(s), "Name");
        // A map keyed by either finds both, also by `&str`.
        let mut m: IndexMap<Text, i32> = IndexMap::default();
        m.insert(Text::Static("K"), 1);
        assert_eq!(m.insert(Text::Owned("K".to_string()), 2), Some(1));
        assert_eq!(m.get("K"), Some(&2));
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn static_forms_make_the_same_values() {
        assert_eq!(Str::from_static("x"), Str::from("x"));
        assert_eq!(Str::from_static("x").as_literal(), Some("x"));
        let named = Value::map_of_names([("B", Value::from(1)), ("A", Value::from("a"))]);
        let owned = Value::map([("B", Value::from(1)), ("A", Value::from("a"))]);
        assert_eq!(named, owned);
        assert_eq!(named.entries(), owned.entries());
        assert_eq!(format!("{named:?}"), format!("{owned:?}"));
        // Repeated names: the later value wins, at the first one's place, as in `map`.
        let repeated = Value::map_of_names([("A", 1), ("B", 2), ("A", 3)]);
        assert_eq!(repeated, Value::map([("A", 3), ("B", 2)]));
        assert_eq!(
            repeated
                .entries()
                .map(|e| e.into_iter().map(|(k, _)| k).collect::<Vec<_>>()),
            Some(vec!["A".to_string(), "B".to_string()])
        );
    }
}
