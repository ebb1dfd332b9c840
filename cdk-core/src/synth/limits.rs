//! CloudFormation quotas checked at synth.

use serde_json::{Map, Value as Json};

use crate::error::Diagnostic;
use crate::tree::{NodeId, Tree};
use crate::value::Flavor;

/// Resources per template.
pub const RESOURCES: usize = 500;
/// Outputs per template.
pub const OUTPUTS: usize = 200;
/// Parameters per template.
pub const PARAMETERS: usize = 200;
/// Mappings per template.
pub const MAPPINGS: usize = 200;
/// Template body size when deployed from S3 (as `sam deploy` does), in bytes.
pub const TEMPLATE_BYTES: usize = 1_000_000;
/// Length of the template description, in bytes.
pub const DESCRIPTION_BYTES: usize = 1024;
/// Length of an export name, in characters.
pub const EXPORT_NAME_LENGTH: usize = 255;

/// The quota problems of `stack`'s template of `flavor`.
pub(super) fn check(
    tree: &Tree,
    stack: NodeId,
    flavor: Flavor,
    template: &Map<String, Json>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let count = |k: &str| {
        template
            .get(k)
            .and_then(Json::as_object)
            .map_or(0, Map::len)
    };
    let path = tree.path(stack);
    if count("Resources") == 0 {
        diags.push(Diagnostic::new(
            &path,
            "the stack has no resources; CloudFormation requires at least one",
            "add a resource, or remove the stack",
        ));
    }
    for (section, max) in [
        ("Resources", RESOURCES),
        ("Outputs", OUTPUTS),
        ("Parameters", PARAMETERS),
        ("Mappings", MAPPINGS),
    ] {
        let n = count(section);
        if n > max {
            diags.push(Diagnostic::new(
                &path,
                format!("the template has {n} {section}; CloudFormation allows at most {max}"),
                "split the stack into several stacks",
            ));
        }
    }
    if let Some(Json::String(d)) = template.get("Description") {
        if d.len() > DESCRIPTION_BYTES {
            diags.push(Diagnostic::new(
                &path,
                format!(
                    "the description is {} bytes; CloudFormation allows {}",
                    d.len(),
                    DESCRIPTION_BYTES
                ),
                "shorten it",
            ));
        }
    }
    // Count the compact JSON's bytes without building it.
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let size = serde_json::to_writer(&mut count, template).map_or(0, |()| count.0);
    if size > TEMPLATE_BYTES {
        diags.push(Diagnostic::new(
            &path,
            format!(
                "the {} template is {size} bytes; CloudFormation accepts at most {} bytes",
                flavor.label(),
                TEMPLATE_BYTES
            ),
            "split the stack into several stacks",
        ));
    }
    diags
}
