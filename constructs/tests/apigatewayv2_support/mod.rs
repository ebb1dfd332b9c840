//! Helpers shared by the `apigatewayv2_*` tests (`mod apigatewayv2_support;`).

#![allow(dead_code)] // each test file uses some of them

use cdk_core::{App, Stack};
use constructs::lambda::{Code, Function, FunctionBuilder, Runtime};
use serde_json::{json, Value};

/// A Python function `id` in `stack`, not built yet (for `.auto_publish_alias`).
pub fn python(stack: &Stack, id: &str) -> FunctionBuilder {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return {'statusCode': 200}\n"),
        "index.handler",
    )
}

/// A Python function `id` in `stack`.
pub fn function(stack: &Stack, id: &str) -> Function {
    python(stack, id).build()
}

/// The resources of `template` of type `ty`, in template order.
pub fn of_type<'a>(template: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

/// `arn:<partition>:execute-api:<region>:<account>:<api>` followed by `rest`, as a join.
pub fn execute_api_arn(api: &str, rest: Vec<Value>) -> Value {
    let mut parts = vec![
        json!("arn:"),
        json!({"Ref": "AWS::Partition"}),
        json!(":execute-api:"),
        json!({"Ref": "AWS::Region"}),
        json!(":"),
        json!({"Ref": "AWS::AccountId"}),
        json!(":"),
        json!({"Ref": api}),
    ];
    parts.extend(rest);
    json!({"Fn::Join": ["", parts]})
}

/// Builds with `define` in a stack `S`, expects exactly one diagnostic, at `path`,
/// containing `message`, with a hint.
pub fn one_error(define: impl Fn(&Stack), path: &str, message: &str) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    define(&stack);
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, path, "{err}");
    assert!(d[0].message.contains(message), "{err}");
    assert!(!d[0].hint.is_empty(), "{err}");
}
