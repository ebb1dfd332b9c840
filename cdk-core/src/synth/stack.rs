//! A stack's templates in memory (`Stack::template`, the assertions' `Template::from_stack`):
//! the whole app is assembled, as synthesis would, and nothing is written.

use serde_json::Value as Json;

use crate::error::{Diagnostic, Error, Result};
use crate::tree::{App, Stack};
use crate::value::Flavor;

impl Stack {
    /// This stack's plain CloudFormation template as synthesis would write it (validating
    /// the whole app).
    pub fn template(&self) -> Result<Json> {
        self.template_of(Flavor::Cfn)
    }

    /// This stack's SAM template as synthesis would write it (validating the whole app).
    pub fn sam_template(&self) -> Result<Json> {
        self.template_of(Flavor::Sam)
    }

    /// This stack's template of `flavor`; an error if the stack opted out of it.
    pub fn template_of(&self, flavor: Flavor) -> Result<Json> {
        let name = self.stack_name();
        let app = App {
            node: crate::tree::Node {
                tree: self.node.tree.clone(),
                id: 0,
            },
        };
        let assembly = app.assemble_stack(&name)?;
        assembly
            .stack(&name)
            .and_then(|s| s.template(flavor))
            .cloned()
            .ok_or_else(|| {
                Error::Invalid(vec![Diagnostic::new(
                    name,
                    format!("the stack has no {} template", flavor.label()),
                    "see Stack::set_templates",
                )])
            })
    }
}

impl crate::assertions::Template {
    /// The template of `stack`, synthesized in memory (nothing is written). Panics with the
    /// synthesis errors if the app is invalid; use [`Stack::template`] to get them as a
    /// `Result`.
    #[track_caller]
    pub fn from_stack(stack: &Stack) -> crate::assertions::Template {
        match stack.template() {
            Ok(t) => crate::assertions::Template::from_json(t),
            Err(e) => panic!("{e}"),
        }
    }

    /// The SAM template of `stack`, synthesized in memory. Panics like
    /// [`from_stack`](Self::from_stack).
    #[track_caller]
    pub fn from_stack_sam(stack: &Stack) -> crate::assertions::Template {
        match stack.sam_template() {
            Ok(t) => crate::assertions::Template::from_json(t),
            Err(e) => panic!("{e}"),
        }
    }
}
