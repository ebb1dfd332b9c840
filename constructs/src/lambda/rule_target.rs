//! Functions and aliases as EventBridge rule targets: this module implements
//! [`events::RuleTarget`](crate::events::RuleTarget), so `events` does not know Lambda.

use cdk_core::{Construct, Flavor, Node, Str};

use super::trigger::Trigger;
use super::{Alias, Function, Permission};
use crate::events::{Rule, RuleTarget, RuleTargetConfig};
use crate::iam::Principal;
use crate::util::node_unique_id;

/// The rule invokes the function (its unqualified ARN), as AWS CDK's
/// `targets.LambdaFunction(fn)`: binding adds the `AWS::Lambda::Permission` that lets
/// `events.amazonaws.com` invoke it from this rule (`SourceArn` the rule's ARN), placed under
/// the rule as CDK places it (`<rule>/AllowEventRule<function's unique id>`), so a rule and a
/// function in different stacks form no cycle; once per rule, however often the function is
/// added. The rule waits for the function's own log group (see
/// [`Function::register_trigger`]).
impl RuleTarget for Function {
    fn bind(&self, rule: &Rule) -> RuleTargetConfig {
        bind(self.trigger(), rule, self.arn(), self.node(), None)
    }
}

/// The rule invokes the alias (`live`, …), with the same permission as a
/// [`Function`](Function#impl-RuleTarget-for-Function) target but on the alias's ARN, named
/// after the alias (`<rule>/AllowEventRule<alias's unique id>`).
impl RuleTarget for Alias {
    fn bind(&self, rule: &Rule) -> RuleTargetConfig {
        bind(
            &self.trigger,
            rule,
            self.arn(),
            self.resource().node(),
            None,
        )
    }
}

/// The rule SAM generates for a function's `Schedule` or `EventBridgeRule` event, which the
/// plain template spells out: it invokes the function's alias when it has one, and its
/// permission, named after the function, exists in the plain template only (as the rule
/// does).
pub(crate) struct SamEventTarget<'a>(pub(crate) &'a Function);

impl RuleTarget for SamEventTarget<'_> {
    fn bind(&self, rule: &Rule) -> RuleTargetConfig {
        let function = self.0;
        bind(
            function.trigger(),
            rule,
            function.trigger_arn(),
            function.node(),
            Some(Flavor::Cfn),
        )
    }
}

/// Lets `rule` invoke `arn` (a function or an alias of it): the permission
/// `<rule>/AllowEventRule<unique id of named_after>`, unless the rule has it already, kept
/// to `only_in` when given; and the rule registered with the function's `trigger`.
fn bind(
    trigger: &Trigger,
    rule: &Rule,
    arn: Str,
    named_after: &Node,
    only_in: Option<Flavor>,
) -> RuleTargetConfig {
    let permission_id = format!("AllowEventRule{}", node_unique_id(named_after));
    let exists = rule
        .node()
        .children()
        .iter()
        .any(|c| c.id() == permission_id);
    if !exists {
        let permission = Permission::new(Principal::service("events.amazonaws.com"))
            .source_arn(rule.arn())
            .create(rule, &permission_id, arn.clone());
        if let Some(flavor) = only_in {
            permission.resource().only_in(flavor);
        }
    }
    trigger.register(rule.resource());
    RuleTargetConfig::new(arn)
}

#[cfg(test)]
mod tests {
    use cdk_core::assertions::{Match, Template};
    use cdk_core::{App, Stack};
    use serde_json::json;

    use crate::events::{Rule, Schedule};
    use crate::lambda::{Code, Function, Runtime};

    fn function(stack: &Stack) -> super::super::FunctionBuilder {
        Function::new(
            stack,
            "Fn",
            Runtime::PYTHON_3_12,
            Code::from_inline("def handler(e, c):\n    pass\n"),
            "index.handler",
        )
    }

    #[test]
    fn a_function_target_gets_cdks_permission_under_the_rule() {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let func = function(&stack).build();
        let rule = Rule::new(&stack, "Rule")
            .schedule(Schedule::rate(5))
            .build();
        assert_eq!(rule.add_target(&func), "Target0");
        let fn_id = func.resource().logical_id();
        let rule_id = rule.resource().logical_id();
        let t = Template::from_stack(&stack);
        t.has_resource_properties(
            "AWS::Events::Rule",
            json!({"Targets": [{"Arn": {"Fn::GetAtt": [fn_id, "Arn"]}, "Id": "Target0"}]}),
        );
        t.has_resource_properties(
            "AWS::Lambda::Permission",
            Match::exact(json!({
                "Action": "lambda:InvokeFunction",
                "FunctionName": {"Fn::GetAtt": [fn_id, "Arn"]},
                "Principal": "events.amazonaws.com",
                "SourceArn": {"Fn::GetAtt": [rule_id, "Arn"]},
            })),
        );
        // CDK's place and id for the permission: under the rule, `AllowEventRule` + the
        // function's unique id (stack name included).
        let fn_unique = cdk_core::logical_id::make_unique_id(&["S", "Fn"]);
        let expected = cdk_core::logical_id::make_unique_id(&[
            "Rule".to_string(),
            format!("AllowEventRule{fn_unique}"),
        ]);
        assert!(expected.starts_with("RuleAllowEventRuleSFn"));
        assert!(t.to_json()["Resources"]
            .as_object()
            .unwrap()
            .contains_key(&expected));
    }

    #[test]
    fn the_same_function_twice_has_one_permission() {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let func = function(&stack).build();
        let rule = Rule::new(&stack, "Rule")
            .event_pattern(json!({"source": ["aws.s3"]}))
            .build();
        rule.add_target(&func);
        assert_eq!(rule.add_target(&func), "Target1");
        Template::from_stack(&stack).resource_count_is("AWS::Lambda::Permission", 1);
    }

    #[test]
    fn an_alias_target_invokes_the_alias() {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let func = function(&stack).auto_publish_alias("live").build();
        let rule = Rule::new(&stack, "Rule")
            .schedule(Schedule::rate(5))
            .build();
        rule.add_target(&func.alias());
        // The function itself too: a second permission, on the unqualified ARN.
        rule.add_target(func.function());
        let fn_id = func.resource().logical_id();
        let alias = json!({"Ref": format!("{fn_id}Aliaslive")});
        let t = Template::from_stack(&stack);
        t.has_resource_properties(
            "AWS::Events::Rule",
            json!({"Targets": [
                {"Arn": alias, "Id": "Target0"},
                {"Arn": {"Fn::GetAtt": [fn_id, "Arn"]}, "Id": "Target1"},
            ]}),
        );
        t.has_resource_properties("AWS::Lambda::Permission", json!({"FunctionName": alias}));
        t.resource_count_is("AWS::Lambda::Permission", 2);
        // The SAM template names the alias through the transform.
        let sam = stack.sam_template().unwrap();
        let targets =
            sam["Resources"][rule.resource().logical_id()]["Properties"]["Targets"].clone();
        assert_eq!(targets[0]["Arn"], json!({"Ref": format!("{fn_id}.Alias")}));
    }
}
