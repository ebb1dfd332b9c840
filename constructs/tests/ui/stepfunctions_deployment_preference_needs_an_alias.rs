// A deployment preference shifts an alias between versions: without `auto_publish_alias`
// the builder has no `deployment_preference`.
use cdk_core::{App, Stack};
use constructs::stepfunctions::{DeploymentPreference, Pass, StateMachine};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    StateMachine::new(&stack, "M", &Pass::new("P"))
        .deployment_preference(DeploymentPreference::all_at_once())
        .build();
}
