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

/// Each state machine's definition is also a file, `<Stack>.<Machine>.asl.json`, listed in
/// the manifest: exactly the SAM templates' `Definition`s (the same `${Name}` placeholders),
/// one file per machine, each accepted by `asl-validator` once its placeholders are
/// resolved.
#[test]
fn every_state_machine_has_its_asl_json_file() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../synth-out"));
    let read = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(dir.join(name)).expect("read");
        serde_json::from_str(&text).expect("json")
    };
    let manifest = read("manifest.json");
    let mut from_templates: Vec<String> = Vec::new();
    let mut from_files: Vec<String> = Vec::new();
    for (stack, entry) in manifest["stacks"].as_object().expect("stacks") {
        let files = entry["files"].as_object().expect("files");
        let sam = format!("{stack}.sam.json");
        if files.contains_key(&sam) {
            let template = read(&sam);
            for resource in template["Resources"]
                .as_object()
                .expect("resources")
                .values()
            {
                if resource["Type"] == "AWS::Serverless::StateMachine" {
                    from_templates.push(resource["Properties"]["Definition"].to_string());
                }
            }
        }
        for name in files.keys().filter(|n| n.ends_with(".asl.json")) {
            assert!(name.starts_with(&format!("{stack}.")), "{name}");
            let definition = read(name);
            let text = serde_json::to_string(&definition).expect("json");
            let mut resolved = text.clone();
            let mut rest = text.as_str();
            while let Some(start) = rest.find("${") {
                let end = rest[start..].find('}').expect("closed placeholder") + start;
                let var = &rest[start + 2..end];
                resolved = resolved.replace(
                    &format!("${{{var}}}"),
                    &cdk_validators::placeholder_arn(var),
                );
                rest = &rest[end + 1..];
            }
            cdk_validators::assert_asl_valid(name, &resolved);
            from_files.push(definition.to_string());
        }
    }
    from_templates.sort();
    from_files.sort();
    assert!(
        from_files.len() >= 6,
        "only {} .asl.json files",
        from_files.len()
    );
    assert_eq!(
        from_files, from_templates,
        "one file per machine, equal to its Definition"
    );
}
