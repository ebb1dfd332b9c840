//! Template elements: resources, outputs, parameters, conditions, mappings, and file assets.
//!
//! Each is a construct in the tree; its logical ID is derived from its path at synth (see
//! [`logical_id`](crate::logical_id)), unless overridden.

use crate::value::IndexMap;

use crate::tree::{Construct, Kind, Node, NodeId};
use crate::value::{CondExpr, Expr, Flavor, Num, Str, StrList, Target, Text, Value};

pub(crate) enum ElementKind {
    Resource(Box<ResourceData>),
    Output(Box<OutputData>),
    Parameter(ParameterData),
    Condition(CondExpr),
    Mapping(IndexMap<String, IndexMap<String, Value>>),
    Asset(std::path::PathBuf, AssetKind),
}

/// How synthesis treats an [`Asset`]'s folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AssetKind {
    /// Hashed and copied to `<out>/assets/<hash>/` ([`Asset::from_dir`]); whether links
    /// may resolve outside the folder ([`Asset::allow_links_outside`]).
    Staged { links_outside: bool },
    /// Left where it is and referenced by its path relative to the output folder
    /// ([`Asset::from_source_dir`]).
    InPlace,
}

impl ElementKind {
    /// Whether the element appears in the template of `flavor`.
    pub(crate) fn in_flavor(&self, flavor: Flavor) -> bool {
        let only = match self {
            ElementKind::Resource(r) => r.only_in,
            ElementKind::Output(o) => o.only_in,
            _ => None,
        };
        only.is_none_or(|f| f == flavor)
    }

    pub(crate) fn section(&self) -> &'static str {
        match self {
            ElementKind::Resource(_) => "Resources",
            ElementKind::Output(_) => "Outputs",
            ElementKind::Parameter(_) => "Parameters",
            ElementKind::Condition(_) => "Conditions",
            ElementKind::Mapping(_) => "Mappings",
            ElementKind::Asset(..) => "Assets",
        }
    }
}

pub(crate) struct ResourceData {
    pub(crate) type_: Text,
    pub(crate) properties: IndexMap<Text, Value>,
    pub(crate) depends_on: Vec<Target>,
    pub(crate) condition: Option<Target>,
    pub(crate) deletion_policy: Option<DeletionPolicy>,
    pub(crate) update_replace_policy: Option<DeletionPolicy>,
    pub(crate) update_policy: Option<Value>,
    pub(crate) creation_policy: Option<Value>,
    pub(crate) metadata: IndexMap<Text, Value>,
    pub(crate) overrides: Vec<(String, Option<Value>)>,
    pub(crate) logical_id: Option<String>,
    pub(crate) only_in: Option<Flavor>,
    pub(crate) content_id: Option<(String, Target)>,
    /// Template transforms this resource's type needs (SAM's for `AWS::Serverless::*`):
    /// added to every template the resource appears in, and only to those.
    pub(crate) transforms: Vec<String>,
    /// What to tell the user when this resource is on a dependency cycle (the construct
    /// that made it knows the way out better than a generic hint).
    pub(crate) cycle_hint: Option<String>,
}

pub(crate) struct OutputData {
    pub(crate) value: Str,
    pub(crate) description: Option<String>,
    pub(crate) export_name: Option<Str>,
    pub(crate) condition: Option<Target>,
    pub(crate) logical_id: Option<String>,
    pub(crate) only_in: Option<Flavor>,
}

pub(crate) struct ParameterData {
    pub(crate) entries: IndexMap<String, Value>,
}

fn target_of(node: &Node) -> Target {
    Target {
        app: node.app_id(),
        node: node.id,
    }
}

/// What happens to a resource's physical resource when CloudFormation deletes it (or replaces
/// it on update): CloudFormation's `DeletionPolicy` / `UpdateReplacePolicy` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeletionPolicy {
    /// Delete the physical resource.
    Delete,
    /// Keep it (orphan it from the stack).
    Retain,
    /// Keep it, except when the stack's creation itself fails and rolls back.
    RetainExceptOnCreate,
    /// Take a snapshot, then delete it (databases, volumes).
    Snapshot,
}

impl DeletionPolicy {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DeletionPolicy::Delete => "Delete",
            DeletionPolicy::Retain => "Retain",
            DeletionPolicy::RetainExceptOnCreate => "RetainExceptOnCreate",
            DeletionPolicy::Snapshot => "Snapshot",
        }
    }
}

/// What to do with a stateful resource when it leaves the stack: sets both `DeletionPolicy`
/// and `UpdateReplacePolicy`, as AWS CDK's `RemovalPolicy` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemovalPolicy {
    /// Delete the resource and its data with the stack.
    Destroy,
    /// Keep the resource (the default of stateful L2 constructs such as buckets and tables).
    Retain,
    /// Keep it unless the stack's creation fails.
    RetainOnUpdateOrDelete,
    /// Snapshot, then delete (only for resources that support snapshots).
    Snapshot,
}

impl RemovalPolicy {
    fn policy(self) -> DeletionPolicy {
        match self {
            RemovalPolicy::Destroy => DeletionPolicy::Delete,
            RemovalPolicy::Retain => DeletionPolicy::Retain,
            RemovalPolicy::RetainOnUpdateOrDelete => DeletionPolicy::RetainExceptOnCreate,
            RemovalPolicy::Snapshot => DeletionPolicy::Snapshot,
        }
    }
}

/// A CloudFormation resource of any type with free-form properties: the escape hatch beneath
/// every typed construct. The handle is cheap to clone; changes through any clone are seen by
/// synthesis.
///
/// ```
/// use cdk_core::{App, Stack, CfnResource, Construct};
/// let app = App::new();
/// let stack = Stack::new(&app, "Messaging");
/// let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic");
/// let queue = CfnResource::new(&stack, "Queue", "AWS::SQS::Queue");
/// queue.set_property("VisibilityTimeout", 60);
/// let sub = CfnResource::new(&stack, "Sub", "AWS::SNS::Subscription");
/// sub.set_property("TopicArn", topic.ref_())
///     .set_property("Protocol", "sqs")
///     .set_property("Endpoint", queue.get_att("Arn"));
/// assert_eq!(sub.logical_id(), "Sub");
/// ```
#[derive(Clone, Debug)]
pub struct CfnResource {
    node: Node,
}

impl Construct for CfnResource {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl CfnResource {
    /// A new resource of CloudFormation type `type_` (e.g. `AWS::SQS::Queue`), with no
    /// properties.
    pub fn new(scope: &impl Construct, id: &str, type_: &str) -> CfnResource {
        CfnResource::create(scope.node(), id, Text::from(type_))
    }

    /// [`new`](Self::new) for a type name fixed in the program (the generated L1's
    /// `CFN_TYPE`): the same resource, with the name used as it is rather than copied.
    pub fn new_static(scope: &impl Construct, id: &str, type_: &'static str) -> CfnResource {
        CfnResource::create(scope.node(), id, Text::Static(type_))
    }

    fn create(scope: &Node, id: &str, type_: Text) -> CfnResource {
        let valid = is_valid_resource_type(&type_);
        let error = (!valid).then(|| format!("`{type_}` is not a CloudFormation resource type"));
        let node = scope.add_child(
            id,
            Kind::Element(ElementKind::Resource(Box::new(ResourceData {
                type_,
                properties: IndexMap::default(),
                depends_on: Vec::new(),
                condition: None,
                deletion_policy: None,
                update_replace_policy: None,
                update_policy: None,
                creation_policy: None,
                metadata: IndexMap::default(),
                overrides: Vec::new(),
                logical_id: None,
                only_in: None,
                content_id: None,
                transforms: Vec::new(),
                cycle_hint: None,
            }))),
        );
        if let Some(message) = error {
            node.add_error(
                message,
                "resource types look like `AWS::Service::Resource` or `Custom::Name`",
            );
        }
        CfnResource { node }
    }

    /// A handle on an existing resource node (for constructs that keep a [`Node`]).
    /// Returns `None` when the node is not a resource.
    pub fn from_node(node: &Node) -> Option<CfnResource> {
        let is_resource = matches!(node.tree().element(node.id), Some(ElementKind::Resource(_)));
        is_resource.then(|| CfnResource { node: node.clone() })
    }

    fn with<R>(&self, f: impl FnOnce(&mut ResourceData) -> R) -> R {
        let mut tree = self.node.tree_mut();
        match &mut tree.nodes[self.node.id].kind {
            Kind::Element(ElementKind::Resource(r)) => f(r),
            _ => unreachable!("a CfnResource handle always points at a resource node"),
        }
    }

    /// The CloudFormation type.
    pub fn resource_type(&self) -> String {
        self.with(|r| r.type_.to_string())
    }

    /// Sets property `name` (replacing an earlier value).
    pub fn set_property(&self, name: &str, value: impl Into<Value>) -> &Self {
        let v = value.into();
        self.with(|r| r.properties.insert(Text::from(name), v));
        self
    }

    /// Sets several properties at once, as [`set_property`](Self::set_property) would one
    /// after the other. On a resource without properties yet (a new one, as the generated
    /// L1 makes them), `properties` becomes its property map as it is.
    pub fn set_properties(&self, properties: crate::value::Properties) -> &Self {
        self.with(|r| {
            if r.properties.is_empty() {
                r.properties = properties.0;
                r.properties.shrink_to_fit();
            } else {
                for (name, value) in properties.0 {
                    r.properties.insert(name, value);
                }
            }
        });
        self
    }

    /// The current value of property `name`, if set.
    pub fn property(&self, name: &str) -> Option<Value> {
        self.with(|r| r.properties.get(name).cloned())
    }

    /// `{"Ref": <this resource>}`: what `Ref` returns depends on the type (a name, an id, an
    /// ARN).
    pub fn ref_(&self) -> Str {
        Str(Expr::Ref(target_of(&self.node)))
    }

    /// `{"Fn::GetAtt": [<this resource>, attribute]}` as a string.
    pub fn get_att(&self, attribute: &str) -> Str {
        Str(Expr::GetAtt(target_of(&self.node), attribute.to_string()))
    }

    /// `{"Ref": "<this resource's logical ID><suffix>"}`: a resource that a template
    /// transform derives from this one, such as SAM's `MyFn.Alias` / `MyFn.Version` (suffix
    /// `.Alias` / `.Version`) or `MyFnDeploymentGroup` (suffix `DeploymentGroup`). With an
    /// empty suffix it is this resource itself, for a property the transform moves onto a
    /// resource it generates (SAM's `DeploymentPreference.Alarms`).
    ///
    /// The name exists only after the transform ran, so: this is an error in a template
    /// without a `Transform` (give the plain template its own value with
    /// [`Flavor::either`]), the suffix is not checked, and no dependency edge is recorded
    /// for cycle detection (the transform decides what depends on what; a `DependsOn` or a
    /// plain [`ref_`](Self::ref_) still counts). The logical ID used is this resource's
    /// final one, overrides included. From another stack of the app it is exported and
    /// imported like any reference (the transform resolves such names in `Outputs` too).
    pub fn transform_ref(&self, suffix: &str) -> Str {
        Str(Expr::TransformRef(Box::new((
            Some(target_of(&self.node)),
            suffix.to_string(),
            None,
        ))))
    }

    /// `{"Fn::GetAtt": ["<this resource's logical ID><suffix>", attribute]}`: an attribute of a
    /// resource a template transform derives from this one, such as the URL of SAM's
    /// `MyFnUrl` (suffix `Url`, attribute `FunctionUrl`). The same rules as
    /// [`transform_ref`](Self::transform_ref): an error in a template without a transform,
    /// neither suffix nor attribute checked, no dependency edge.
    pub fn transform_get_att(&self, suffix: &str, attribute: &str) -> Str {
        Str(Expr::TransformRef(Box::new((
            Some(target_of(&self.node)),
            suffix.to_string(),
            Some(attribute.to_string()),
        ))))
    }

    /// `Fn::GetAtt` of an attribute that is a list of strings.
    pub fn get_att_list(&self, attribute: &str) -> StrList {
        StrList(Expr::GetAtt(target_of(&self.node), attribute.to_string()))
    }

    /// `Fn::GetAtt` of a numeric attribute.
    pub fn get_att_num(&self, attribute: &str) -> Num {
        Num(Expr::GetAtt(target_of(&self.node), attribute.to_string()))
    }

    /// Adds `DependsOn` on `other`. When `other` is a higher-level construct, this resource
    /// depends on every resource inside it. When it is in another stack of the app, the
    /// dependency becomes an ordering between the stacks instead.
    pub fn add_dependency(&self, other: &impl Construct) -> &Self {
        let other = other.node();
        if !std::rc::Rc::ptr_eq(&self.node.tree, &other.tree) {
            self.node.add_error(
                format!(
                    "cannot depend on `{}`: it belongs to another app",
                    other.path()
                ),
                "dependencies only work between constructs of the same App",
            );
            return self;
        }
        let targets: Vec<Target> = {
            let tree = other.tree();
            // Usually `other` is a resource itself (a leaf): no walk, no list of nodes.
            let leaf = [other.id];
            let walked;
            let nodes: &[NodeId] = if tree.nodes[other.id].children.is_empty() {
                &leaf
            } else {
                walked = tree.descendants(other.id);
                &walked
            };
            nodes
                .iter()
                .copied()
                .filter(|&n| matches!(tree.element(n), Some(ElementKind::Resource(_))))
                .filter(|&n| n != self.node.id)
                .map(|n| Target {
                    app: tree.app,
                    node: n,
                })
                .collect()
        };
        self.with(|r| {
            for t in targets {
                if !r.depends_on.iter().any(|d| d.node == t.node) {
                    r.depends_on.push(t);
                }
            }
        });
        self
    }

    /// Only create this resource when `condition` holds (`Condition`).
    pub fn set_condition(&self, condition: &CfnCondition) -> &Self {
        let t = condition.target();
        self.with(|r| r.condition = Some(t));
        self
    }

    /// Sets `DeletionPolicy` and `UpdateReplacePolicy` the way CDK's removal policies do.
    pub fn apply_removal_policy(&self, policy: RemovalPolicy) -> &Self {
        let p = policy.policy();
        // `RetainExceptOnCreate` is only valid as a `DeletionPolicy`; CDK pairs it with
        // `UpdateReplacePolicy: Retain`.
        let replace = match p {
            DeletionPolicy::RetainExceptOnCreate => DeletionPolicy::Retain,
            other => other,
        };
        self.with(|r| {
            r.deletion_policy = Some(p);
            r.update_replace_policy = Some(replace);
        });
        self
    }

    /// Sets `DeletionPolicy` alone.
    pub fn set_deletion_policy(&self, policy: DeletionPolicy) -> &Self {
        self.with(|r| r.deletion_policy = Some(policy));
        self
    }

    /// Sets `UpdateReplacePolicy` alone.
    pub fn set_update_replace_policy(&self, policy: DeletionPolicy) -> &Self {
        self.with(|r| r.update_replace_policy = Some(policy));
        self
    }

    /// Sets `UpdatePolicy` (e.g. `CodeDeployLambdaAliasUpdate`, `AutoScalingRollingUpdate`).
    pub fn set_update_policy(&self, policy: impl Into<Value>) -> &Self {
        let v = policy.into();
        self.with(|r| r.update_policy = Some(v));
        self
    }

    /// Sets `CreationPolicy` (e.g. a signal count for an auto scaling group).
    pub fn set_creation_policy(&self, policy: impl Into<Value>) -> &Self {
        let v = policy.into();
        self.with(|r| r.creation_policy = Some(v));
        self
    }

    /// Adds a key to the resource's `Metadata`.
    pub fn add_metadata(&self, key: &str, value: impl Into<Value>) -> &Self {
        let v = value.into();
        self.with(|r| r.metadata.insert(Text::from(key), v));
        self
    }

    /// Replaces the logical ID derived from the construct path. The ID must be alphanumeric
    /// and at most 255 characters; two resources with one ID are a synth error.
    pub fn override_logical_id(&self, logical_id: &str) -> &Self {
        let id = logical_id.to_string();
        self.with(|r| r.logical_id = Some(id));
        self
    }

    /// Declares that this resource's type needs template transform `transform` (e.g.
    /// `AWS::Serverless-2016-10-31` for an `AWS::Serverless::Function`). Every template the
    /// resource appears in gets the transform; a template it is not in (see
    /// [`only_in`](Self::only_in)) does not. Declaring the same transform twice keeps one.
    pub fn require_transform(&self, transform: &str) -> &Self {
        self.with(|d| {
            if !d.transforms.iter().any(|t| t == transform) {
                d.transforms.push(transform.to_string());
            }
        });
        self
    }

    /// The hint synthesis gives when this resource is on a dependency cycle, instead of the
    /// generic one: for constructs that know which of their options breaks it (e.g. a
    /// delivery path that does not need the reference).
    pub fn set_cycle_hint(&self, hint: &str) -> &Self {
        let hint = hint.to_string();
        self.with(|d| d.cycle_hint = Some(hint));
        self
    }

    /// Puts this resource in one template only (default: both). A reference to it from an
    /// element of the other template is a synth error; use [`Flavor::either`] there.
    pub fn only_in(&self, flavor: Flavor) -> &Self {
        self.with(|r| r.only_in = Some(flavor));
        self
    }

    /// Gives this resource the logical ID `prefix` + 10 hex digits of a hash of `source`'s
    /// properties as rendered in the plain template (SAM's scheme for function versions):
    /// the ID changes exactly when `source`'s content (code, configuration) changes, so
    /// CloudFormation creates a new resource then and keeps the old bytes otherwise. The
    /// files of a folder `source` uses in place ([`Asset::from_source_dir`]) count too.
    pub fn logical_id_from_content(&self, prefix: &str, source: &CfnResource) -> &Self {
        let entry = (prefix.to_string(), target_of(&source.node));
        self.with(|r| r.content_id = Some(entry));
        self
    }

    /// The logical ID this resource will have in its template. (A content-hashed ID, see
    /// [`logical_id_from_content`](Self::logical_id_from_content), is only known at synth;
    /// this returns the path-derived ID for such resources.)
    pub fn logical_id(&self) -> String {
        let explicit = self.with(|r| r.logical_id.clone());
        explicit.unwrap_or_else(|| {
            crate::logical_id::make_unique_id(&self.node.tree().path_in_stack(self.node.id))
        })
    }

    /// Overrides a value anywhere in the rendered resource, CDK-style: `path` is dot-separated
    /// (`Properties.Tags.0.Key`; write `\.` for a literal dot), missing intermediate objects
    /// are created, and a non-object in the way is replaced by an object. Overrides apply
    /// after everything else, in the order they were added.
    pub fn add_override(&self, path: &str, value: impl Into<Value>) -> &Self {
        let v = value.into();
        self.with(|r| r.overrides.push((path.to_string(), Some(v))));
        self
    }

    /// `add_override("Properties." + path, value)`.
    pub fn add_property_override(&self, path: &str, value: impl Into<Value>) -> &Self {
        self.add_override(&format!("Properties.{path}"), value)
    }

    /// Removes the value at `path` from the rendered resource.
    pub fn add_deletion_override(&self, path: &str) -> &Self {
        self.with(|r| r.overrides.push((path.to_string(), None)));
        self
    }

    /// `add_deletion_override("Properties." + path)`.
    pub fn add_property_deletion_override(&self, path: &str) -> &Self {
        self.add_deletion_override(&format!("Properties.{path}"))
    }

    // -- edits by path (the typed L1's changes after creation) -------------------------
    //
    // A path is a property name, then keys of literal objects inside it: `["Environment",
    // "Variables"]`. Each edit works on a copy of the property and writes it back only when
    // it succeeded, so a failed edit changes nothing.

    /// Sets the value at `path`: `["Name"]` is property `Name` (like
    /// [`set_property`](Self::set_property)), `["Name", "Key", …]` a key of an object inside
    /// it; objects missing on the way are created. A key its object does not have yet is
    /// inserted before the first key that sorts after it (byte order), so properties kept in
    /// name order stay in name order whether they were set at creation or later; an existing
    /// key keeps its place. Returns `false`, changing nothing, when a value on the way is not
    /// a literal object (an expression, a list, a scalar) or `path` is empty.
    pub fn set_property_at(&self, path: &[&str], value: impl Into<Value>) -> bool {
        let v = value.into().0;
        self.edit_at(path, true, |m, k| {
            *sorted_slot(m, k) = v;
            Some(())
        })
        .is_some()
    }

    /// Removes the value at `path` (a property, or a key of an object inside one) and returns
    /// it; the other keys keep their order. `None`, changing nothing, when there is no such
    /// value.
    pub fn remove_property_at(&self, path: &[&str]) -> Option<Value> {
        self.edit_at(path, false, |m, k| m.shift_remove(k))
            .map(Value)
    }

    /// Appends `items` to the literal list at `path`, creating the list (where
    /// [`set_property_at`](Self::set_property_at) would put it) when it is missing. Returns
    /// `false`, changing nothing, when the value at `path` is not a literal list (an
    /// expression such as a parameter's `Ref`) or a value on the way is not a literal object.
    pub fn append_to_property_at(
        &self,
        path: &[&str],
        items: impl IntoIterator<Item = Value>,
    ) -> bool {
        let items: Vec<Expr> = items.into_iter().map(|v| v.0).collect();
        self.edit_at(path, true, |m, k| {
            let slot = sorted_slot(m, k);
            if *slot == Expr::Null {
                *slot = Expr::List(Vec::new());
            }
            match slot {
                Expr::List(list) => {
                    list.extend(items);
                    Some(())
                }
                _ => None,
            }
        })
        .is_some()
    }

    /// Sets entry `key` of the literal map at `path` (a map-typed property such as
    /// `Variables`, whose keys are the user's), creating the map when it is missing. Unlike a
    /// property key, a new entry goes last: map entries keep the order they were added in.
    /// Returns `false`, changing nothing, when the value at `path` or on the way is not a
    /// literal object.
    pub fn insert_into_property_at(
        &self,
        path: &[&str],
        key: &str,
        value: impl Into<Value>,
    ) -> bool {
        let v = value.into().0;
        self.edit_at(path, true, |m, k| {
            let slot = sorted_slot(m, k);
            if *slot == Expr::Null {
                *slot = Expr::Map(IndexMap::default());
            }
            match slot {
                Expr::Map(map) => {
                    map.insert(Text::from(key), v);
                    Some(())
                }
                _ => None,
            }
        })
        .is_some()
    }

    /// Runs `edit` on the object holding the last key of `path` (with that key). With
    /// `create`, missing objects on the way are created; without it a missing one ends the
    /// edit. Nothing changes when the edit cannot be made: the way is checked first, read-only
    /// ([`way_is_open`]), and an `edit` that returns `None` has changed nothing itself (every
    /// caller's fails only on an existing value of the wrong kind, so no object on the way was
    /// created). The property is moved out and back, never copied: a policy document grown one
    /// statement at a time stays linear.
    fn edit_at<R>(
        &self,
        path: &[&str],
        create: bool,
        edit: impl FnOnce(&mut IndexMap<Text, Expr>, &str) -> Option<R>,
    ) -> Option<R> {
        let (&name, _) = path.split_first()?;
        self.with(|r| {
            let at = r.properties.get_index_of(name);
            if path.len() > 1
                && !way_is_open(
                    at.map(|i| &r.properties[i].0),
                    &path[1..path.len() - 1],
                    create,
                )
            {
                return None;
            }
            // The property as a one-key object, so that every level has the same shape.
            let mut top: IndexMap<Text, Expr> = IndexMap::default();
            if let Some(i) = at {
                top.insert(
                    Text::from(name),
                    std::mem::replace(&mut r.properties[i].0, Expr::Null),
                );
            }
            let mut map = &mut top;
            for &key in &path[..path.len() - 1] {
                let slot = sorted_slot(map, key);
                if *slot == Expr::Null {
                    *slot = Expr::Map(IndexMap::default());
                }
                map = match slot {
                    Expr::Map(m) => m,
                    _ => unreachable!("way_is_open checked every object on the way"),
                };
            }
            let out = edit(map, path[path.len() - 1]);
            match (at, top.shift_remove(name)) {
                (Some(i), Some(v)) => r.properties[i] = Value(v),
                (Some(i), None) => {
                    r.properties.shift_remove_index(i);
                }
                (None, Some(v)) if out.is_some() => {
                    let i = sorted_index(&r.properties, name);
                    r.properties.shift_insert(i, Text::from(name), Value(v));
                }
                (None, _) => {}
            }
            out
        })
    }
}

/// Whether [`CfnResource::edit_at`] can walk a path of two keys or more to its last key:
/// `first` is the property's value (`None` when unset), `rest` the keys after the property up
/// to, not including, the last. Every value on the way must be a literal object; a missing or
/// `null` one is created (with everything after it) only with `create`.
fn way_is_open(first: Option<&Expr>, rest: &[&str], create: bool) -> bool {
    let mut slot = first;
    let mut keys = rest.iter();
    loop {
        match slot {
            None | Some(Expr::Null) => return create,
            Some(Expr::Map(m)) => match keys.next() {
                None => return true,
                Some(k) => slot = m.get(*k),
            },
            Some(_) => return false,
        }
    }
}

/// Where key `key` goes in `map` when it is new: before the first key that sorts after it.
fn sorted_index<V>(map: &IndexMap<Text, V>, key: &str) -> usize {
    map.keys()
        .position(|k| k.as_str() > key)
        .unwrap_or(map.len())
}

/// The value of `key` in `map`, inserted as `null` at its sorted place when missing.
fn sorted_slot<'m>(map: &'m mut IndexMap<Text, Expr>, key: &str) -> &'m mut Expr {
    let i = match map.get_index_of(key) {
        Some(i) => i,
        None => {
            let i = sorted_index(map, key);
            map.shift_insert(i, Text::from(key), Expr::Null);
            i
        }
    };
    &mut map[i]
}

fn is_valid_resource_type(t: &str) -> bool {
    // Called for every resource: one pass over the bytes, no `split("::")` (a substring
    // search) and no vector of the parts. Parts are separated by `::`, each non-empty and
    // made of ASCII letters, digits, `_`, `-` and `@`.
    let ok_byte = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'@');
    let bytes = t.as_bytes();
    let (mut parts, mut part_len, mut i) = (0, 0, 0);
    while i < bytes.len() {
        if bytes[i] == b':' {
            if part_len == 0 || bytes.get(i + 1) != Some(&b':') {
                return false;
            }
            parts += 1;
            part_len = 0;
            i += 2;
        } else if ok_byte(bytes[i]) {
            part_len += 1;
            i += 1;
        } else {
            return false;
        }
    }
    if part_len == 0 {
        return false;
    }
    match parts + 1 {
        2 => t.starts_with("Custom::"),
        n => n >= 3,
    }
}

/// A stack output (`Outputs`), optionally exported for other stacks.
///
/// ```
/// use cdk_core::{App, Stack, CfnResource, CfnOutput};
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let queue = CfnResource::new(&stack, "Queue", "AWS::SQS::Queue");
/// CfnOutput::new(&stack, "QueueUrl", queue.ref_()).description("The queue's URL");
/// ```
#[derive(Clone, Debug)]
pub struct CfnOutput {
    node: Node,
}

impl Construct for CfnOutput {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl CfnOutput {
    /// A new output named `id` with `value`.
    pub fn new(scope: &impl Construct, id: &str, value: impl Into<Str>) -> CfnOutput {
        let node = scope.node().add_child(
            id,
            Kind::Element(ElementKind::Output(Box::new(OutputData {
                value: value.into(),
                description: None,
                export_name: None,
                condition: None,
                logical_id: None,
                only_in: None,
            }))),
        );
        CfnOutput { node }
    }

    fn with(&self, f: impl FnOnce(&mut OutputData)) {
        let mut tree = self.node.tree_mut();
        if let Kind::Element(ElementKind::Output(o)) = &mut tree.nodes[self.node.id].kind {
            f(o);
        }
    }

    /// Sets the output's `Description`.
    pub fn description(&self, description: &str) -> &Self {
        let d = description.to_string();
        self.with(|o| o.description = Some(d));
        self
    }

    /// Exports the value under `name` (unique per account and region), so other stacks can
    /// `Fn::ImportValue` it.
    pub fn export_name(&self, name: impl Into<Str>) -> &Self {
        let n = name.into();
        self.with(|o| o.export_name = Some(n));
        self
    }

    /// Only create the output when `condition` holds.
    pub fn condition(&self, condition: &CfnCondition) -> &Self {
        let t = condition.target();
        self.with(|o| o.condition = Some(t));
        self
    }

    /// Replaces the logical ID derived from the construct path.
    pub fn override_logical_id(&self, logical_id: &str) -> &Self {
        let id = logical_id.to_string();
        self.with(|o| o.logical_id = Some(id));
        self
    }

    /// Puts this output in one template only (default: both).
    pub fn only_in(&self, flavor: Flavor) -> &Self {
        self.with(|o| o.only_in = Some(flavor));
        self
    }
}

/// The type of a template parameter. Forward compatible: any type CloudFormation adds (or an
/// `AWS::SSM::Parameter::Value<…>` type) can be given with [`ParameterType::Other`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParameterType {
    /// `String`.
    String,
    /// `Number`.
    Number,
    /// `List<Number>`.
    ListNumber,
    /// `CommaDelimitedList`.
    CommaDelimitedList,
    /// Any other type, e.g. `AWS::EC2::KeyPair::KeyName`.
    Other(std::string::String),
}

impl ParameterType {
    fn as_str(&self) -> &str {
        match self {
            ParameterType::String => "String",
            ParameterType::Number => "Number",
            ParameterType::ListNumber => "List<Number>",
            ParameterType::CommaDelimitedList => "CommaDelimitedList",
            ParameterType::Other(s) => s,
        }
    }
}

/// A template parameter, supplied at deploy time.
///
/// ```
/// use cdk_core::{App, Stack, CfnParameter, ParameterType};
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let env = CfnParameter::new(&stack, "Env", ParameterType::String);
/// env.default_value("dev").allowed_values(["dev", "prod"]);
/// let name = env.value_as_string();
/// # let _ = name;
/// ```
#[derive(Clone, Debug)]
pub struct CfnParameter {
    node: Node,
}

impl Construct for CfnParameter {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl CfnParameter {
    /// A new parameter named `id` of type `type_`.
    pub fn new(scope: &impl Construct, id: &str, type_: ParameterType) -> CfnParameter {
        let mut entries = IndexMap::default();
        entries.insert("Type".to_string(), Value::from(type_.as_str()));
        let node = scope.node().add_child(
            id,
            Kind::Element(ElementKind::Parameter(ParameterData { entries })),
        );
        CfnParameter { node }
    }

    fn set(&self, key: &str, value: Value) -> &Self {
        let mut tree = self.node.tree_mut();
        if let Kind::Element(ElementKind::Parameter(p)) = &mut tree.nodes[self.node.id].kind {
            p.entries.insert(key.to_string(), value);
        }
        self
    }

    /// `Default`.
    pub fn default_value(&self, value: impl Into<Value>) -> &Self {
        self.set("Default", value.into())
    }
    /// `Description`.
    pub fn description(&self, description: &str) -> &Self {
        self.set("Description", description.into())
    }
    /// `AllowedValues`.
    pub fn allowed_values<S: Into<Value>>(&self, values: impl IntoIterator<Item = S>) -> &Self {
        self.set("AllowedValues", Value::list(values))
    }
    /// `AllowedPattern` (a Java regular expression).
    pub fn allowed_pattern(&self, pattern: &str) -> &Self {
        self.set("AllowedPattern", pattern.into())
    }
    /// `ConstraintDescription`: shown when a constraint is violated.
    pub fn constraint_description(&self, text: &str) -> &Self {
        self.set("ConstraintDescription", text.into())
    }
    /// `MinLength` of a string parameter.
    pub fn min_length(&self, n: u32) -> &Self {
        self.set("MinLength", n.into())
    }
    /// `MaxLength` of a string parameter.
    pub fn max_length(&self, n: u32) -> &Self {
        self.set("MaxLength", n.into())
    }
    /// `MinValue` of a number parameter.
    pub fn min_value(&self, n: i64) -> &Self {
        self.set("MinValue", n.into())
    }
    /// `MaxValue` of a number parameter.
    pub fn max_value(&self, n: i64) -> &Self {
        self.set("MaxValue", n.into())
    }
    /// `NoEcho`: mask the value in the console and API.
    pub fn no_echo(&self, no_echo: bool) -> &Self {
        self.set("NoEcho", no_echo.into())
    }

    /// The parameter's value as a string (`Ref`).
    pub fn value_as_string(&self) -> Str {
        Str(Expr::Ref(target_of(&self.node)))
    }
    /// The parameter's value as a list (`Ref` of a list-typed parameter).
    pub fn value_as_list(&self) -> StrList {
        StrList(Expr::Ref(target_of(&self.node)))
    }
    /// The parameter's value as a number (`Ref` of a `Number` parameter).
    pub fn value_as_number(&self) -> Num {
        Num(Expr::Ref(target_of(&self.node)))
    }
}

/// A named condition (`Conditions`), usable by resources, outputs and `Fn::If`.
///
/// ```
/// use cdk_core::{App, Stack, CfnParameter, CfnCondition, ParameterType, fns};
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let env = CfnParameter::new(&stack, "Env", ParameterType::String);
/// let is_prod = CfnCondition::new(&stack, "IsProd", fns::equals(env.value_as_string(), "prod"));
/// let retention: cdk_core::Num = fns::if_(&is_prod, 365, 7);
/// # let _ = retention;
/// ```
#[derive(Clone, Debug)]
pub struct CfnCondition {
    node: Node,
}

impl Construct for CfnCondition {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl CfnCondition {
    /// A new condition named `id` that holds when `expression` does.
    pub fn new(scope: &impl Construct, id: &str, expression: CondExpr) -> CfnCondition {
        let node = scope
            .node()
            .add_child(id, Kind::Element(ElementKind::Condition(expression)));
        CfnCondition { node }
    }

    pub(crate) fn target(&self) -> Target {
        target_of(&self.node)
    }
}

/// A two-level lookup table (`Mappings`), read with [`CfnMapping::find_in_map`].
///
/// ```
/// use cdk_core::{App, Stack, CfnMapping, Aws};
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let amis = CfnMapping::new(&stack, "RegionMap");
/// amis.set("us-east-1", "Ami", "ami-123").set("eu-west-1", "Ami", "ami-456");
/// let ami = amis.find_in_map(Aws::region(), "Ami");
/// # let _ = ami;
/// ```
#[derive(Clone, Debug)]
pub struct CfnMapping {
    node: Node,
}

impl Construct for CfnMapping {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl CfnMapping {
    /// A new, empty mapping named `id`.
    pub fn new(scope: &impl Construct, id: &str) -> CfnMapping {
        let node = scope
            .node()
            .add_child(id, Kind::Element(ElementKind::Mapping(IndexMap::default())));
        CfnMapping { node }
    }

    /// Sets `top_key` / `second_key` to `value`.
    pub fn set(&self, top_key: &str, second_key: &str, value: impl Into<Value>) -> &Self {
        let v = value.into();
        let mut tree = self.node.tree_mut();
        if let Kind::Element(ElementKind::Mapping(m)) = &mut tree.nodes[self.node.id].kind {
            m.get_or_default(top_key).insert(second_key.to_string(), v);
        }
        self
    }

    /// `Fn::FindInMap` on this mapping.
    pub fn find_in_map(&self, top_key: impl Into<Str>, second_key: impl Into<Str>) -> Str {
        Str(Expr::FindInMap(
            target_of(&self.node),
            Box::new(top_key.into().0),
            Box::new(second_key.into().0),
        ))
    }
}

/// A local folder a template points at, by a path relative to the template. Two kinds:
///
/// - [`Asset::from_dir`]: synthesis copies the folder into
///   `synth-out/assets/<sha256 of its content>/` and [`path`](Asset::path) is
///   `assets/<hash>` (what `sam deploy` and `aws cloudformation package` zip and upload);
/// - [`Asset::from_source_dir`]: the folder stays where it is and `path` is its path
///   relative to the output folder, e.g. a crate that `sam build` compiles.
///
/// Constructs never touch the file system: the folder is read (and a missing folder
/// reported) only at synth.
///
/// ```
/// use cdk_core::{App, Stack, Asset};
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let code = Asset::from_dir(&stack, "Code", "lambda");
/// let code_uri = code.path(); // "assets/<hash>", relative to the template
/// let krate = Asset::from_source_dir(&stack, "Crate", "handler");
/// let crate_uri = krate.path(); // "../handler" when the output folder is `synth-out/`
/// # let _ = (code_uri, crate_uri);
/// ```
#[derive(Clone, Debug)]
pub struct Asset {
    node: Node,
}

impl Construct for Asset {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Asset {
    /// Records folder `dir` (relative to the working directory, or absolute) as an asset.
    pub fn from_dir(scope: &impl Construct, id: &str, dir: impl Into<std::path::PathBuf>) -> Asset {
        let node = scope.node().add_child(
            id,
            Kind::Element(ElementKind::Asset(
                dir.into(),
                AssetKind::Staged {
                    links_outside: false,
                },
            )),
        );
        Asset { node }
    }

    /// Records source folder `dir` (relative to the working directory, or absolute) to be
    /// referenced **in place**: synthesis does not copy it, and [`path`](Self::path)
    /// resolves to the folder's path relative to the output folder (where the templates
    /// are), e.g. `../examples/rust-function/handler` for a template in `synth-out/` at the
    /// workspace root.
    ///
    /// This is for folders a build tool reads from the template, such as a Rust crate that
    /// `sam build` compiles with cargo-lambda (`Metadata.BuildMethod: rust-cargolambda`):
    /// a copy would cut the crate off from its workspace and lock file. The path is computed
    /// lexically (`.` and `..` removed, symbolic links not followed) from the absolute forms
    /// of both folders, relative ones taken from the working directory at synth; it is
    /// always relative and uses `/`, so the same program synthesizes the same bytes on every
    /// machine as long as the output folder sits at the same place relative to the source.
    /// A missing folder is a synth error with the path; a folder that cannot be reached by
    /// a relative path (another drive) is a synth error too. Such folders are not listed
    /// under `assets` in `manifest.json`.
    ///
    /// A content-hashed logical ID ([`CfnResource::logical_id_from_content`], a function's
    /// version) whose source uses the folder hashes the folder's files too, so changed code
    /// gets a new ID although the path stays the same. The hash leaves out `target/`,
    /// `.aws-sam/` and `.git/` at the top of the folder (build outputs, not sources), follows
    /// symbolic links, and does not see files outside the folder (a path dependency of the
    /// crate elsewhere in its workspace): change the folder too, or the source's
    /// configuration, when only those change.
    pub fn from_source_dir(
        scope: &impl Construct,
        id: &str,
        dir: impl Into<std::path::PathBuf>,
    ) -> Asset {
        let node = scope.node().add_child(
            id,
            Kind::Element(ElementKind::Asset(dir.into(), AssetKind::InPlace)),
        );
        Asset { node }
    }

    /// Lets symbolic links in this (staged) folder resolve to files and folders outside it;
    /// their targets are hashed and copied like the folder's own files.
    ///
    /// By default such a link is a synth error naming it, because it would ship a file of
    /// the machine running synthesis (a credential, `/etc/hostname`) inside the Lambda
    /// package. Links that stay inside the folder are always followed; dangling links and
    /// links to a folder that contains them are always errors. No effect on a folder
    /// referenced in place ([`from_source_dir`](Self::from_source_dir)).
    pub fn allow_links_outside(&self) -> &Self {
        let mut tree = self.node.tree_mut();
        if let Kind::Element(ElementKind::Asset(_, AssetKind::Staged { links_outside })) =
            &mut tree.nodes[self.node.id].kind
        {
            *links_outside = true;
        }
        self
    }

    /// The folder's path relative to the template: `assets/<hash>` for a staged folder, the
    /// relative path of the folder itself for one referenced in place.
    pub fn path(&self) -> Str {
        Str(Expr::Asset(target_of(&self.node)))
    }
}

/// The content of an [`OutputFile`].
pub(crate) struct FileData {
    /// The name after `<Stack>.`.
    pub(crate) name: String,
    pub(crate) content: serde_json::Value,
}

/// A JSON file synthesis writes beside its stack's templates, as `<Stack>.<name>`, and lists
/// in `manifest.json` with its SHA-256 (so a later synthesis recognises it as its own).
///
/// For documents users open with other tools next to the templates, such as a state
/// machine's Amazon States Language definition for Workflow Studio. The content is plain
/// JSON, written as the templates are (2-space indent, key order as built, trailing
/// newline). A name that is not a plain file name (letters, digits, `.`, `-`, `_`; at most
/// 200 characters), that collides with a template's name, or that two files of one stack
/// share, is a synth error.
///
/// ```
/// use cdk_core::{App, OutputFile, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let doc = serde_json::json!({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}});
/// OutputFile::json(&stack, "Definition", "Flow.asl.json", doc); // S.Flow.asl.json
/// ```
#[derive(Clone, Debug)]
pub struct OutputFile {
    node: Node,
}

impl Construct for OutputFile {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl OutputFile {
    /// Records a JSON file `<Stack>.<name>` with `content`.
    pub fn json(
        scope: &impl Construct,
        id: &str,
        name: &str,
        content: serde_json::Value,
    ) -> OutputFile {
        let node = scope.node().add_child(
            id,
            Kind::File(Box::new(FileData {
                name: name.to_string(),
                content,
            })),
        );
        OutputFile { node }
    }

    /// Replaces the file's content.
    pub fn set_content(&self, content: serde_json::Value) -> &Self {
        let mut tree = self.node.tree_mut();
        if let Kind::File(f) = &mut tree.nodes[self.node.id].kind {
            f.content = content;
        }
        drop(tree);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_resource_type;

    /// The rule as first written (split on `::`, then look at the parts): the one-pass
    /// check must agree with it everywhere.
    fn reference(t: &str) -> bool {
        let parts: Vec<&str> = t.split("::").collect();
        let ok_part = |p: &str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '@')
        };
        match parts.as_slice() {
            ["Custom", name] => ok_part(name),
            [_, _, ..] => parts.len() >= 3 && parts.iter().all(|p| ok_part(p)),
            _ => false,
        }
    }

    #[test]
    fn resource_type_check_agrees_with_the_split_rule() {
        let cases = [
            "AWS::S3::Bucket",
            "AWS::Serverless::Function",
            "Custom::My-Thing",
            "Custom::A::B",
            "Custom::",
            "Custom",
            "Custom:X",
            "Vendor::Service::Type::MODULE",
            "AWS::S3",
            "AWS::S3::",
            "::S3::Bucket",
            "AWS:::S3::Bucket",
            "AWS::::Bucket",
            "AWS::S3:Bucket",
            "AWS::S3::Bucket:",
            "AWS::S3::Bucket Extra",
            "AWS::S3::Bücket",
            "A@b::c_d::e-f",
            "NotAType",
            ":",
            "::",
            "",
        ];
        for t in cases {
            assert_eq!(is_valid_resource_type(t), reference(t), "{t:?}");
        }
        assert!(is_valid_resource_type("AWS::S3::Bucket"));
        assert!(!is_valid_resource_type("AWS::S3"));
    }
}
