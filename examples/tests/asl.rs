//! Every state machine in the checked-in `synth-out/` (plain and SAM templates of every
//! stack) passes npm's `asl-validator`, its `${…}` substitutions resolved with placeholder
//! ARNs: cfn-lint does not look inside an `Fn::Sub` `DefinitionString`.

use std::path::PathBuf;

#[test]
fn every_state_machine_definition_in_synth_out_passes_asl_validator() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../synth-out"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("synth-out/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".template.json") || n.ends_with(".sam.json"))
        .collect();
    names.sort();
    let mut machines = 0;
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).expect("read template");
        let template: serde_json::Value = serde_json::from_str(&text).expect("json");
        machines += cdk_validators::assert_template_asl_valid(&template);
    }
    // The workflows example's machines, in both templates.
    assert!(
        machines >= 8,
        "only {machines} state machines in synth-out/"
    );
}
