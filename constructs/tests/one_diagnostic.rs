//! One mistake, one diagnostic: a mistake is reported once, at its root, not again through
//! everything that derives from it.

use cdk_core::App;
use cdk_core::Stack;
use constructs::lambda::{Code, Function, Runtime};

#[test]
fn an_invalid_alias_name_is_one_diagnostic_not_also_an_invalid_logical_id() {
    for name in ["has space", "$LATEST", "a.b", "ünï"] {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        Function::new(
            &stack,
            "Fn",
            Runtime::PYTHON_3_13,
            Code::from_inline("def handler(e, c):\n    pass\n"),
            "index.handler",
        )
        .auto_publish_alias(name)
        .build();
        let err = app.assemble().unwrap_err();
        let d = err.diagnostics();
        assert_eq!(d.len(), 1, "{name}: {err}");
        assert!(d[0].message.contains("is not a valid alias name"), "{err}");
        assert_eq!(d[0].path, "S/Fn");
    }
}
