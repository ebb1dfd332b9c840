//! Tags: `Tags::of(&scope).add("team", "payments")` tags every taggable resource below the
//! scope, as AWS CDK's `Tags.of(scope).add(…)`.
//!
//! ```
//! use cdk_core::{App, Stack};
//! use constructs::{s3::Bucket, sqs::Queue, tags::{TagProps, Tags}};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Shop");
//! let bucket = Bucket::new(&stack, "Images").build();
//! Queue::new(&stack, "Jobs").build();
//! Tags::of(&stack).add("team", "payments");
//! Tags::of(&stack).add_with("backup", "daily", TagProps::new().include_resource_types(["AWS::S3::Bucket"]));
//! let t = stack.template().unwrap();
//! let tags = &t["Resources"][bucket.cfn().resource().logical_id()]["Properties"]["Tags"];
//! assert_eq!(tags[0]["Key"], "backup");
//! assert_eq!(tags[1]["Key"], "team");
//! ```
//!
//! - **Applied at synthesis** by an aspect ([`AspectPriority::MUTATING`], so read-only aspects
//!   such as checks see the tags), to every resource below the scope whose type takes tags,
//!   in that type's form: a `{Key, Value}` list, a string map (SAM's `Tags`, SSM parameters),
//!   or an auto scaling group's list with `PropagateAtLaunch`. The form comes from the
//!   generated table [`cfn_l1::tags`] (the service spec's `tagInformation` and the SAM
//!   schemas); a type without tags is skipped. Both templates are tagged, each resource in its
//!   own form (`AWS::Lambda::Function`'s list in the plain one, `AWS::Serverless::Function`'s
//!   map in the SAM one), and a SAM type with `PropagateTags` gets `PropagateTags: true`, so
//!   the resources SAM generates from it carry the tags as ours do in the plain template.
//! - **Priorities** as AWS CDK's: an add has priority 100, a removal 200, tags a construct set
//!   itself 50; a higher priority wins, and at equal priority the nearer scope wins (its
//!   aspect runs later). Resources list their tags sorted by key.
//! - **Checked**: a key is 1 to 128 characters and does not start with `aws:` (reserved for
//!   AWS), a value at most 256 characters (an error on the scope, the tag is not applied); a
//!   resource with more than 50 tags is an error on the resource.

use cdk_core::{Aspect, AspectPriority, Aspects, CfnResource, Construct, Node, Value};
use cfn_l1::tags::{tagging, TagForm, Tagging};
use cfn_l1::{IntoValue, Tag};

/// The most tags a resource may have.
pub const MAX_TAGS: usize = 50;
/// The longest tag key, in characters.
pub const MAX_KEY: usize = 128;
/// The longest tag value, in characters.
pub const MAX_VALUE: usize = 256;

/// The priority of [`Tags::add`] (AWS CDK's).
pub const ADD_PRIORITY: u32 = 100;
/// The priority of [`Tags::remove`] (AWS CDK's): a removal beats an add.
pub const REMOVE_PRIORITY: u32 = 200;
/// The priority of the tags a construct set on its resource itself.
pub const INITIAL_PRIORITY: u32 = 50;

/// Options of a tag: priority, the resource types it applies to, and whether an auto
/// scaling group passes it to its instances.
#[derive(Clone, Debug)]
pub struct TagProps {
    priority: Option<u32>,
    include: Vec<String>,
    exclude: Vec<String>,
    apply_to_launched_instances: bool,
}

impl Default for TagProps {
    fn default() -> Self {
        TagProps {
            priority: None,
            include: Vec::new(),
            exclude: Vec::new(),
            apply_to_launched_instances: true,
        }
    }
}

impl TagProps {
    /// The defaults: the operation's priority, every type, applied to launched instances.
    pub fn new() -> TagProps {
        TagProps::default()
    }

    /// The priority (default: [`ADD_PRIORITY`] or [`REMOVE_PRIORITY`]).
    pub fn priority(mut self, priority: u32) -> Self {
        self.priority = Some(priority);
        self
    }

    /// Only resources of these types (default: every type).
    pub fn include_resource_types<S: Into<String>>(
        mut self,
        types: impl IntoIterator<Item = S>,
    ) -> Self {
        self.include.extend(types.into_iter().map(Into::into));
        self
    }

    /// Not resources of these types (wins over an include).
    pub fn exclude_resource_types<S: Into<String>>(
        mut self,
        types: impl IntoIterator<Item = S>,
    ) -> Self {
        self.exclude.extend(types.into_iter().map(Into::into));
        self
    }

    /// Whether an auto scaling group gives the tag to the instances it launches
    /// (`PropagateAtLaunch`; default: yes).
    pub fn apply_to_launched_instances(mut self, apply: bool) -> Self {
        self.apply_to_launched_instances = apply;
        self
    }

    fn applies_to(&self, type_: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|t| t == type_))
            && !self.exclude.iter().any(|t| t == type_)
    }
}

/// The tags of a scope: `Tags::of(&stack).add("team", "payments")`.
#[derive(Clone, Debug)]
pub struct Tags {
    node: Node,
}

impl Tags {
    /// The tags of `scope` (a stack, a construct, a resource): they apply to every taggable
    /// resource below it.
    pub fn of(scope: &impl Construct) -> Tags {
        Tags {
            node: scope.node().clone(),
        }
    }

    /// Adds tag `key` = `value` to every taggable resource below the scope.
    pub fn add(&self, key: &str, value: &str) -> &Self {
        self.add_with(key, value, TagProps::default())
    }

    /// Adds tag `key` = `value` with `props` (priority, resource types).
    pub fn add_with(&self, key: &str, value: &str, props: TagProps) -> &Self {
        if self.valid(key, Some(value)) {
            self.register(key, Some(value.to_string()), props, ADD_PRIORITY);
        }
        self
    }

    /// Removes tag `key` from every resource below the scope (including tags added by an
    /// ancestor scope at a lower priority, and tags the construct set itself).
    pub fn remove(&self, key: &str) -> &Self {
        self.remove_with(key, TagProps::default())
    }

    /// Removes tag `key` with `props` (priority, resource types).
    pub fn remove_with(&self, key: &str, props: TagProps) -> &Self {
        if self.valid(key, None) {
            self.register(key, None, props, REMOVE_PRIORITY);
        }
        self
    }

    fn register(&self, key: &str, value: Option<String>, props: TagProps, default: u32) {
        let priority = props.priority.unwrap_or(default);
        Aspects::of(&self.node).add_with_priority(
            TagAspect {
                key: key.to_string(),
                value,
                priority,
                props,
            },
            AspectPriority::MUTATING,
        );
    }

    /// Records one error per broken rule; whether the tag may be applied.
    fn valid(&self, key: &str, value: Option<&str>) -> bool {
        let mut ok = true;
        let keys = key.chars().count();
        if keys == 0 || keys > MAX_KEY {
            self.node.add_error(
                format!("tag key `{key}` has {keys} characters"),
                format!("a tag key has 1 to {MAX_KEY} characters"),
            );
            ok = false;
        }
        if key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
            self.node.add_error(
                format!("tag key `{key}` starts with `aws:`, which AWS reserves for its own tags"),
                "choose a key without the `aws:` prefix (e.g. `team`, `cost-center`)",
            );
            ok = false;
        }
        if let Some(v) = value {
            let n = v.chars().count();
            if n > MAX_VALUE {
                self.node.add_error(
                    format!("the value of tag `{key}` has {n} characters"),
                    format!("a tag value has at most {MAX_VALUE} characters"),
                );
                ok = false;
            }
        }
        ok
    }
}

/// One `add` or `remove`, applied to each resource below its scope.
struct TagAspect {
    key: String,
    /// `None` for a removal.
    value: Option<String>,
    priority: u32,
    props: TagProps,
}

impl Aspect for TagAspect {
    fn visit(&self, node: &Node) {
        let Some(resource) = CfnResource::from_node(node) else {
            return;
        };
        let type_ = resource.resource_type();
        let Some(tagging) = tagging(&type_) else {
            return;
        };
        if !self.props.applies_to(&type_) || node.with_attachment(|m: &mut TagManager| m.untagged) {
            return;
        }
        let started =
            node.with_attachment(|m: &mut TagManager| std::mem::replace(&mut m.started, true));
        if !started {
            let initial = resource.property(tagging.property);
            let parsed = initial.as_ref().map(|v| initial_tags(v, tagging.form));
            match parsed {
                Some(None) => {
                    node.add_error(
                        format!(
                            "`{}` is not a literal {} of tags, so tags cannot be added to it",
                            tagging.property,
                            if tagging.form == TagForm::Map {
                                "map"
                            } else {
                                "list"
                            }
                        ),
                        "set the tags of this resource with Tags::of(…) instead of an expression",
                    );
                    node.with_attachment(|m: &mut TagManager| m.broken = true);
                }
                Some(Some(tags)) => node.with_attachment(|m: &mut TagManager| {
                    for (k, v) in tags {
                        m.set(&k, Some(v), INITIAL_PRIORITY);
                    }
                }),
                None => {}
            }
        }
        let item = self.value.as_ref().map(|v| match tagging.form {
            TagForm::Standard => Tag::new(self.key.as_str(), v.as_str()).into_value(),
            TagForm::Map => Value::from(v.as_str()),
            TagForm::AutoScalingGroup => {
                let mut t = Tag::new(self.key.as_str(), v.as_str()).into_value();
                t.insert("PropagateAtLaunch", self.props.apply_to_launched_instances);
                t
            }
        });
        let rendered = node.with_attachment(|m: &mut TagManager| {
            if m.broken {
                return None;
            }
            m.set(&self.key, item, self.priority);
            Some(m.render(tagging.form))
        });
        if let Some((value, count)) = rendered {
            write(&resource, tagging, value, count);
            if count > MAX_TAGS {
                let first = node.with_attachment(|m: &mut TagManager| {
                    !std::mem::replace(&mut m.over_limit_reported, true)
                });
                if first {
                    node.add_error(
                        format!("the resource has {count} tags; AWS allows at most {MAX_TAGS}"),
                        "remove tags (Tags::of(…).remove) or narrow them to fewer resource types (TagProps::include_resource_types)",
                    );
                }
            }
        }
    }
}

/// Marks `resource`, which stands in the plain template for one SAM generates from an
/// event of a function (an event source mapping, an event rule), as SAM generates it:
/// untagged. `PropagateTags` does not reach those (aws-sam-translator 1.115.0 tags a
/// function's role and CodeDeploy resources, not its mappings and rules), so tagging ours
/// would make the two templates deploy different resources.
pub(crate) fn like_sam_generated(resource: &CfnResource) {
    resource
        .node()
        .with_attachment(|m: &mut TagManager| m.untagged = true);
}

/// Writes the rendered tags (or removes the property when there are none), and SAM's
/// `PropagateTags`.
fn write(resource: &CfnResource, tagging: &Tagging, value: Value, count: usize) {
    if count == 0 {
        resource.remove_property_at(&[tagging.property]);
    } else {
        resource.set_property_at(&[tagging.property], value);
    }
    if let Some(p) = tagging.propagate {
        if count == 0 {
            resource.remove_property_at(&[p]);
        } else {
            resource.set_property_at(&[p], true);
        }
    }
}

/// The tags a construct set itself: (key, item) with the item in the resource's form (the
/// `{Key, Value…}` object, or the map's value); `None` when the property is not literal.
fn initial_tags(v: &Value, form: TagForm) -> Option<Vec<(String, Value)>> {
    match form {
        TagForm::Map => v.entries(),
        TagForm::Standard | TagForm::AutoScalingGroup => v
            .items()?
            .into_iter()
            .map(|item| {
                let key = item
                    .entries()?
                    .into_iter()
                    .find(|(k, _)| k == "Key")?
                    .1
                    .as_str()?
                    .to_string();
                Some((key, item))
            })
            .collect(),
    }
}

/// The tags an aspect manages on one resource (an attachment of its node).
#[derive(Default)]
struct TagManager {
    /// Whether the construct's own tags were read.
    started: bool,
    /// Never tagged ([`like_sam_generated`]).
    untagged: bool,
    /// The tag property is an expression (reported once; nothing is applied).
    broken: bool,
    over_limit_reported: bool,
    /// key → (item, or `None` once removed; priority).
    tags: Vec<(String, Option<Value>, u32)>,
}

impl TagManager {
    /// Sets (or, with `None`, removes) `key` unless a higher priority set it.
    fn set(&mut self, key: &str, item: Option<Value>, priority: u32) {
        match self.tags.iter_mut().find(|(k, _, _)| k == key) {
            Some(t) if t.2 > priority => {}
            Some(t) => {
                t.1 = item;
                t.2 = priority;
            }
            None => self.tags.push((key.to_string(), item, priority)),
        }
    }

    /// The property's value (sorted by key) and the number of tags.
    fn render(&self, form: TagForm) -> (Value, usize) {
        let mut live: Vec<(&String, &Value)> = self
            .tags
            .iter()
            .filter_map(|(k, v, _)| v.as_ref().map(|v| (k, v)))
            .collect();
        live.sort_by(|a, b| a.0.cmp(b.0));
        let n = live.len();
        let value = match form {
            TagForm::Map => Value::map(live.into_iter().map(|(k, v)| (k.clone(), v.clone()))),
            TagForm::Standard | TagForm::AutoScalingGroup => {
                Value::list(live.into_iter().map(|(_, v)| v.clone()))
            }
        };
        (value, n)
    }
}
