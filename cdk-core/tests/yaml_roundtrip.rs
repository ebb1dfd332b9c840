//! Round-trips values through `cdk_core::yaml::to_string` and PyYAML's `safe_load` (YAML 1.1,
//! as `sam` and cfn tooling read templates) and checks that the original JSON comes back.

use cdk_core::yaml;
use serde_json::{json, Map, Value};

/// Emits `value`, parses it back with PyYAML, and asserts the result is the same JSON,
/// including key order.
#[track_caller]
fn roundtrip(value: &Value) -> String {
    let text = yaml::to_string(value);
    assert!(
        text.ends_with('\n') && !text.ends_with("\n\n"),
        "output must end with exactly one newline:\n{text}"
    );
    let parsed: Value = serde_json::from_str(&cdk_validators::pyyaml_to_json(&text))
        .expect("PyYAML output is JSON");
    if parsed != *value {
        // Point at the first differing element for a readable failure.
        if let (Value::Array(a), Value::Array(b)) = (value, &parsed) {
            for (x, y) in a.iter().zip(b) {
                assert_eq!(x, y, "element differs after the round trip");
            }
        }
        panic!("round trip changed the value:\nYAML:\n{text}\nback: {parsed}\nwant: {value}");
    }
    assert_eq!(
        serde_json::to_string(&parsed).ok(),
        serde_json::to_string(value).ok(),
        "key order changed"
    );
    text
}

/// Round-trips every string as a sequence item, as a mapping value and as a mapping key.
fn roundtrip_strings(strings: &[String]) {
    let items: Vec<Value> = strings.iter().map(|s| json!(s)).collect();
    roundtrip(&Value::Array(items));

    let as_values: Map<String, Value> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("k{i}"), json!(s)))
        .collect();
    roundtrip(&Value::Object(as_values));

    let as_keys: Map<String, Value> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), json!(i)))
        .collect();
    roundtrip(&Value::Object(as_keys));

    // Keys inside a list of maps (the `- Key: v` form) and nested under a key.
    let nested: Vec<Value> = strings
        .iter()
        .map(|s| {
            let mut inner = Map::new();
            inner.insert(s.clone(), json!(s));
            inner.insert("Next".into(), json!([s]));
            json!({ s.clone(): Value::Object(inner) })
        })
        .collect();
    roundtrip(&json!({ "Items": nested }));
}

/// Hand-picked strings that YAML 1.1 or 1.2 could read as something other than a string.
fn ambiguous_strings() -> Vec<String> {
    let fixed = [
        // Booleans and nulls, YAML 1.1 and 1.2, in case variants.
        "y",
        "Y",
        "yes",
        "Yes",
        "YES",
        "n",
        "N",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "null",
        "Null",
        "NULL",
        "~",
        "",
        // Numbers of every YAML 1.1 / 1.2 flavour.
        "0",
        "1",
        "-1",
        "+1",
        "0777",
        "0o17",
        "0o777",
        "1e3",
        "1E3",
        "1e+3",
        "1.0e+3",
        "1_000",
        "0x1F",
        "0X1f",
        "0b101",
        "1:20",
        "190:20:30",
        "-1:20",
        "1:20.5",
        ".5",
        "12.",
        "1.0",
        "-1.5",
        "+.5",
        ".inf",
        "-.inf",
        "+.inf",
        ".Inf",
        ".INF",
        ".nan",
        ".NaN",
        ".NAN",
        "1__0",
        "0.",
        "-0",
        "00",
        "09",
        "1,000",
        "10.0.0.0/16",
        "3.9",
        // Dates and timestamps.
        "2012-10-17",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14T21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "2001-12-15T02:59:43.1Z",
        "2002-12-14",
        "2002-1-1",
        // Indicators, comments, keys, whitespace.
        "-",
        "--",
        "---",
        "...",
        "- x",
        "-x",
        "?",
        "? x",
        "?x",
        ":",
        ":x",
        ": x",
        "x:",
        "x: ",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "#x",
        "#",
        "'",
        "''",
        "\"",
        "a'b",
        "a\"b",
        "&a",
        "*a",
        "!a",
        "!!str",
        "!Ref x",
        "|",
        "|-",
        ">",
        ">-",
        "%",
        "%YAML",
        "@x",
        "`x",
        ",",
        "[",
        "]",
        "[]",
        "{",
        "}",
        "{}",
        "<<",
        "=",
        " x",
        "x ",
        " ",
        "  ",
        "a  b",
        "\tx",
        "x\t",
        "a\tb",
        "\\",
        "a\\b",
        "\\n",
        // Multi-line and control characters.
        "line1\nline2",
        "\n",
        "x\n",
        "\nx",
        "a\r\nb",
        "\r",
        "\u{0}",
        "\u{7}",
        "\u{1b}[0m",
        "\u{7f}",
        "\u{85}",
        "a\u{85}b",
        "\u{9f}",
        "a\u{2028}b",
        "a\u{2029}b",
        "\u{feff}x",
        "\u{fffe}",
        "\u{ffff}",
        // Unicode.
        "café",
        "日本語",
        "🎉",
        "a\u{a0}b",
        "\u{a0}",
        "Ωmega",
        "\u{e000}",
        "\u{10ffff}",
        "\u{1f389}x",
        // CloudFormation-looking strings.
        "AWS::S3::Bucket",
        "arn:aws:s3:::b/*",
        "index.handler",
        "s3:ObjectCreated:*",
        "Fn::GetAtt",
        "${AWS::StackName}-x",
        "arn:${AWS::Partition}:s3:::${B}/*",
        "https://example.com/a?b=c#d",
        "python3.12",
        "t3.micro",
        "/aws/lambda/fn",
        "$x",
        "Hello world",
        "f(x)+g,h=i",
        "a{b}c",
        "a,b",
        "a=b",
    ];
    fixed.iter().map(|s| s.to_string()).collect()
}

#[test]
fn ambiguous_strings_roundtrip() {
    roundtrip_strings(&ambiguous_strings());
}

/// Every string of one to three characters over an alphabet of YAML-significant characters.
#[test]
fn short_strings_exhaustive_roundtrip() {
    let alphabet: Vec<char> = "aeynoxEN01._-+:#~ '\"/$,=*@{".chars().collect();
    let mut strings = Vec::new();
    for &a in &alphabet {
        strings.push(a.to_string());
        for &b in &alphabet {
            strings.push(format!("{a}{b}"));
            for &c in &alphabet {
                strings.push(format!("{a}{b}{c}"));
            }
        }
    }
    let items: Vec<Value> = strings.iter().map(|s| json!(s)).collect();
    roundtrip(&Value::Array(items));
    let as_keys: Map<String, Value> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), json!(i)))
        .collect();
    roundtrip(&Value::Object(as_keys));
}

/// Every character from a broad set of ranges, alone and between letters.
#[test]
fn characters_roundtrip() {
    let ranges = [
        0u32..0x300,
        0x2000..0x2100,
        0x3000..0x3010,
        0xd7f0..0xd800,
        0xe000..0xe010,
        0xfef0..0x10000,
        0x10000..0x10010,
        0x1f380..0x1f390,
        0x10fff0..0x110000,
    ];
    let mut strings = Vec::new();
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        strings.push(c.to_string());
        strings.push(format!("a{c}b"));
    }
    roundtrip_strings(&strings);
}

#[test]
fn numbers_and_literals_roundtrip() {
    roundtrip(&json!([
        0,
        1,
        -1,
        42,
        i64::MIN,
        i64::MAX,
        u64::MAX,
        0.1,
        -0.5,
        1.5,
        100.0,
        1e300,
        1.5e300,
        -2.5e-10,
        1e-7,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        1e15,
        1e16,
        1e21,
        true,
        false,
        null,
        {},
        [],
        {"a": {}, "b": [], "c": null, "d": 1e22}
    ]));
}

#[test]
fn long_keys_roundtrip() {
    let long = "k".repeat(2000);
    let long_quoted = format!("{} yes\n", "x: ".repeat(700));
    let mut map = Map::new();
    map.insert(long.clone(), json!({"a": [1, {"b": 2}]}));
    map.insert(long_quoted.clone(), json!("v"));
    map.insert("k".repeat(512), json!([]));
    map.insert("k".repeat(513), json!({}));
    let map = Value::Object(map);
    roundtrip(&map);
    roundtrip(&json!([map.clone(), [map.clone()], { "m": map }]));
}

#[test]
fn nested_templates_roundtrip() {
    let bucket_policy = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Description": "Sample: a template with ambiguous values # not a comment",
        "Parameters": {
            "Env": {"Type": "String", "AllowedValues": ["yes", "no", "on", "off"], "Default": "no"}
        },
        "Conditions": {
            "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "yes"]}
        },
        "Resources": {
            "Bucket": {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    "VersioningConfiguration": {"Status": "Enabled"},
                    "Tags": [
                        {"Key": "Version", "Value": "1.10"},
                        {"Key": "Date", "Value": "2012-10-17"},
                        {"Key": "Enabled", "Value": "true"},
                        {"Key": "Empty", "Value": ""}
                    ],
                    "NotificationConfiguration": {
                        "LambdaConfigurations": [{
                            "Event": "s3:ObjectCreated:*",
                            "Function": {"Fn::GetAtt": ["Fn", "Arn"]}
                        }]
                    }
                }
            },
            "Policy": {
                "Type": "AWS::S3::BucketPolicy",
                "Condition": "IsProd",
                "Properties": {
                    "Bucket": {"Ref": "Bucket"},
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"AWS": "*"},
                            "Action": ["s3:GetObject", "s3:ListBucket"],
                            "Resource": [
                                {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"},
                                {"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "Bucket"}]]}
                            ],
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}}
                        }]
                    }
                }
            },
            "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "Handler": "index.handler",
                    "Runtime": "python3.12",
                    "MemorySize": 128,
                    "Timeout": 3.5,
                    "InlineCode": "def handler(e, c):\n    return {'ok': True}\n",
                    "Environment": {"Variables": {"ON": "on", "NULL": "~", "OCTAL": "0777"}}
                }
            }
        },
        "Outputs": {
            "Arn": {"Value": {"Fn::GetAtt": ["Bucket", "Arn"]}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-Arn"}}}
        }
    });
    let text = roundtrip(&bucket_policy);
    // Spot-check the layout.
    assert!(text.starts_with("AWSTemplateFormatVersion: \"2010-09-09\"\n"));
    assert!(text.contains("\n    AllowedValues:\n      - \"yes\"\n      - \"no\"\n"));
    assert!(text.contains("\n        - Key: Version\n          Value: \"1.10\"\n"));
    assert!(text.contains(
        "\n          - Event: s3:ObjectCreated:*\n            Function:\n              \
         Fn::GetAtt:\n                - Fn\n                - Arn\n"
    ));

    // Deeply mixed nesting.
    roundtrip(&json!([[[]], [[{"a": [[{"b": [{}]}]]}]], {"x": [[1, [2, [3]]]]}]));
    roundtrip(&json!({"": {"": [""]}}));
    roundtrip(&json!("top-level string"));
    roundtrip(&json!("yes"));
    roundtrip(&json!(["- x", {"- y": "? z"}]));
}

/// Plain-safe strings stay unquoted, so templates remain readable.
#[test]
fn readable_strings_are_plain() {
    let value = json!({
        "Type": "AWS::S3::Bucket",
        "Fn::GetAtt": ["Bucket", "Arn"],
        "Resource": "arn:aws:s3:::b/*",
        "Handler": "index.handler",
        "Event": "s3:ObjectCreated:*",
        "Sub": "${AWS::StackName}-bucket",
        "Description": "Hello world",
        "Path": "/aws/lambda/fn",
    });
    let text = roundtrip(&value);
    assert_eq!(
        text,
        "Type: AWS::S3::Bucket\n\
         Fn::GetAtt:\n  - Bucket\n  - Arn\n\
         Resource: arn:aws:s3:::b/*\n\
         Handler: index.handler\n\
         Event: s3:ObjectCreated:*\n\
         Sub: ${AWS::StackName}-bucket\n\
         Description: Hello world\n\
         Path: /aws/lambda/fn\n"
    );
    assert!(!text.contains('"'));
}
