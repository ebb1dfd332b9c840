//! Key attributes: the name and scalar type of a partition or sort key.

/// The scalar type of a key attribute (`AttributeType` in an attribute definition).
///
/// DynamoDB keys are always strings, numbers or binary; other item attributes are
/// schemaless and never declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttributeType {
    /// `S`: a UTF-8 string.
    String,
    /// `N`: a number.
    Number,
    /// `B`: binary data.
    Binary,
}

impl AttributeType {
    /// The CloudFormation code: `S`, `N` or `B`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeType::String => "S",
            AttributeType::Number => "N",
            AttributeType::Binary => "B",
        }
    }
}

impl std::fmt::Display for AttributeType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A key attribute of a table or index: a name and an [`AttributeType`].
///
/// ```
/// use constructs::dynamodb::{Attribute, AttributeType};
/// let key = Attribute::string("Image");
/// assert_eq!(key.name(), "Image");
/// assert_eq!(key.attribute_type(), AttributeType::String);
/// ```
///
/// Names must be 1–255 bytes; synthesis reports an empty or longer name with the table's
/// path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Attribute {
    name: String,
    type_: AttributeType,
}

impl Attribute {
    /// A key attribute named `name` of type `type_`.
    pub fn new(name: impl Into<String>, type_: AttributeType) -> Attribute {
        Attribute {
            name: name.into(),
            type_,
        }
    }

    /// A string (`S`) key attribute.
    pub fn string(name: impl Into<String>) -> Attribute {
        Attribute::new(name, AttributeType::String)
    }

    /// A number (`N`) key attribute.
    pub fn number(name: impl Into<String>) -> Attribute {
        Attribute::new(name, AttributeType::Number)
    }

    /// A binary (`B`) key attribute.
    pub fn binary(name: impl Into<String>) -> Attribute {
        Attribute::new(name, AttributeType::Binary)
    }

    /// The attribute's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The attribute's type.
    pub fn attribute_type(&self) -> AttributeType {
        self.type_
    }
}
