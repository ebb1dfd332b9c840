//! The intermediate model both inputs are read into: services, resources, property types.

/// A property's type.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// A string; `allowed` lists the spec's known values (may be empty).
    String {
        allowed: Vec<String>,
    },
    Integer,
    Number,
    Boolean,
    /// Free-form JSON (a policy document, a pass-through SAM property, …).
    Json,
    /// The shared `{Key, Value}` tag type.
    Tag,
    /// A property type of the same resource, by index into [`Resource::types`].
    Ref(usize),
    Array(Box<Ty>),
    Map(Box<Ty>),
    /// One of several shapes (`CodeUri`: a string or an object).
    Union(Vec<Ty>),
}

#[derive(Clone, Debug)]
pub struct Prop {
    /// The CloudFormation name (`BucketName`).
    pub name: String,
    pub doc: Option<String>,
    pub ty: Ty,
    pub required: bool,
    pub deprecated: bool,
    /// A string property with exactly one allowed value, written automatically (SAM's event
    /// `Type` discriminators): not a field.
    pub constant: Option<String>,
}

#[derive(Clone, Debug)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub props: Vec<Prop>,
}

#[derive(Clone, Debug)]
pub struct Attr {
    pub name: String,
    pub doc: Option<String>,
    pub ty: Ty,
}

#[derive(Clone, Debug)]
pub struct Resource {
    /// `AWS::DynamoDB::Table`.
    pub cfn_type: String,
    /// `Table`.
    pub name: String,
    pub doc: Option<String>,
    pub props: Vec<Prop>,
    pub attrs: Vec<Attr>,
    pub types: Vec<TypeDef>,
    /// What `Ref` returns (the identifier names), when known.
    pub ref_returns: Vec<String>,
    /// A template transform the type needs (`AWS::Serverless-2016-10-31`).
    pub transform: Option<String>,
    /// How the type takes tags, if it takes any.
    pub tagging: Option<Tagging>,
}

/// The shape of a resource type's tags (the spec's `tagInformation.variant`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagForm {
    /// A list of `{Key, Value}` objects.
    Standard,
    /// A map of strings.
    Map,
    /// An auto scaling group's `{Key, Value, PropagateAtLaunch}` list.
    Asg,
}

/// Where and how a resource type takes tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tagging {
    /// The property holding them (`Tags`, `UserPoolTags`, …).
    pub property: String,
    pub form: TagForm,
    /// A boolean property that passes the tags on to the resources a transform generates
    /// (SAM's `PropagateTags`).
    pub propagate: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Service {
    /// Module and feature name (`dynamodb`).
    pub module: String,
    /// `AWS::DynamoDB`.
    pub namespace: String,
    pub resources: Vec<Resource>,
    /// Where the definitions came from, for the file header.
    pub source: String,
}

/// A union of its distinct members; a union of one member is that member.
pub fn simplify_union(members: Vec<Ty>) -> Ty {
    let mut out: Vec<Ty> = Vec::new();
    for m in members {
        let m = match m {
            Ty::Union(inner) => {
                for i in inner {
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
                continue;
            }
            m => m,
        };
        if !out.contains(&m) {
            out.push(m);
        }
    }
    match out.len() {
        0 => Ty::Json,
        1 => out.pop().unwrap_or(Ty::Json),
        _ => Ty::Union(out),
    }
}
