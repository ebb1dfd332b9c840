//! The generated resource facts (`cfn_l1::resource_facts::FACTS`) that `diff` reads: sorted for
//! lookups, and saying what the service spec says.

use cdk_core::cli::Replacement;
use cfn_l1::resource_facts::FACTS;

#[test]
fn sorted_and_without_sam_types() {
    let types: Vec<&str> = FACTS.types().collect();
    assert!(types.len() > 1000, "every service is in the table");
    assert!(
        types.windows(2).all(|w| w[0] < w[1]),
        "sorted, no duplicates"
    );
    assert!(!types.iter().any(|t| t.starts_with("AWS::Serverless::")));
}

#[test]
fn replacement_and_state_from_the_spec() {
    let r = |ty, prop| FACTS.replacement(ty, prop);
    assert_eq!(
        r("AWS::DynamoDB::Table", "KeySchema"),
        Some(Replacement::Always)
    );
    assert_eq!(
        r("AWS::DynamoDB::Table", "TableName"),
        Some(Replacement::Always)
    );
    assert_eq!(r("AWS::DynamoDB::Table", "BillingMode"), None);
    assert_eq!(
        r("AWS::S3::Bucket", "BucketName"),
        Some(Replacement::Always)
    );
    assert_eq!(r("AWS::Lambda::Function", "MemorySize"), None);
    assert_eq!(
        r("AWS::Lambda::Function", "FunctionName"),
        Some(Replacement::Always)
    );
    assert!(FACTS.is_stateful("AWS::DynamoDB::Table"));
    assert!(FACTS.is_stateful("AWS::S3::Bucket"));
    assert!(!FACTS.is_stateful("AWS::Lambda::Function"));
    assert_eq!(
        r("AWS::RDS::DBInstance", "MultiAZ"),
        Some(Replacement::Conditional)
    );
    assert!(FACTS.is_stateful("AWS::RDS::DBInstance"));
}
