//! Logical IDs, with AWS CDK's exact scheme (`core/lib/private/uniqueid.ts`), so the same
//! construct ids give the same logical IDs as TypeScript CDK and a stack can move from
//! TypeScript to Rust without CloudFormation replacing its resources.
//!
//! For the path components below the stack:
//! 1. components equal to `Default` are dropped entirely;
//! 2. a single remaining component is the ID itself, minus non-alphanumerics (no hash), as
//!    long as it fits in 255 characters;
//! 3. otherwise the ID is a *human* part plus an 8-hex-digit hash. The hash is the first 8
//!    hex digits, upper-cased, of the MD5 of the components joined by `/`. The human part
//!    drops a component when the one before it ends with it (consecutive duplicates,
//!    `Bucket/Bucket`), hides components equal to `Resource`, strips non-alphanumerics, and
//!    is cut at 240 characters.
//!
//! ```
//! use cdk_core::logical_id::make_unique_id;
//! assert_eq!(make_unique_id(&["cdk-rekn-imagebucket", "Resource"]), "cdkreknimagebucketA588DC88");
//! assert_eq!(make_unique_id(&["CDKMetadata", "Default"]), "CDKMetadata");
//! ```

use md5::{Digest, Md5};

/// Path components equal to this are removed before anything else.
pub const HIDDEN_ID: &str = "Default";
/// Path components equal to this are left out of the human part (but kept in the hash).
pub const HIDDEN_FROM_HUMAN_ID: &str = "Resource";
const HASH_LEN: usize = 8;
const MAX_HUMAN_LEN: usize = 240;
/// CloudFormation's limit on a logical ID's length.
pub const MAX_ID_LEN: usize = 255;

/// The logical ID for the construct path components below a stack (CDK's `makeUniqueId`).
/// An empty list (or one of only `Default`s) yields an empty string, which synthesis
/// reports as an error.
pub fn make_unique_id<S: AsRef<str>>(components: &[S]) -> String {
    // Synthesis computes one of these per element: no intermediate string beyond the
    // result.
    let mut parts = components
        .iter()
        .map(AsRef::as_ref)
        .filter(|c| *c != HIDDEN_ID)
        .peekable();
    let Some(&first) = parts.peek() else {
        return String::new();
    };
    let count = components
        .iter()
        .filter(|c| c.as_ref() != HIDDEN_ID)
        .count();
    if count == 1 {
        let top = remove_non_alphanumeric(first);
        if top.len() <= MAX_ID_LEN {
            return top;
        }
    }
    // The hash is fed the components and their `/` separators directly: no joined path.
    let mut hasher = Md5::new();
    let room: usize = components.iter().map(|c| c.as_ref().len()).sum();
    // ASCII only, so built as bytes (no per-character UTF-8 encoding).
    let mut human: Vec<u8> = Vec::with_capacity(room.min(MAX_HUMAN_LEN) + HASH_LEN);
    let mut last: Option<&str> = None;
    // (A separator only after something was hashed, as joining by `/` into an empty
    // buffer would: leading empty components add nothing.)
    let mut hashed_any = false;
    for c in parts {
        if hashed_any {
            hasher.update(b"/");
        }
        hasher.update(c.as_bytes());
        hashed_any |= !c.is_empty();
        // Consecutive duplicates (a component the previous one ends with) are dropped from
        // the human part, and so is `Resource`; both stay in the hash.
        let dupe = last.is_some_and(|l| l.ends_with(c));
        if !dupe {
            last = Some(c);
            if c != HIDDEN_FROM_HUMAN_ID {
                human.extend(c.bytes().filter(u8::is_ascii_alphanumeric));
            }
        }
    }
    human.truncate(MAX_HUMAN_LEN);
    let digest = hasher.finalize();
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in &digest[..HASH_LEN / 2] {
        human.push(HEX[usize::from(b >> 4)]);
        human.push(HEX[usize::from(b & 15)]);
    }
    ascii(human)
}

fn remove_non_alphanumeric(s: &str) -> String {
    ascii(s.bytes().filter(u8::is_ascii_alphanumeric).collect())
}

/// `bytes` (ASCII letters and digits only) as a string.
fn ascii(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

/// Whether `id` is a valid CloudFormation logical ID: 1–255 ASCII letters and digits.
pub fn is_valid(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_LEN && id.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, expect: &str) {
        let parts: Vec<&str> = path.split('/').collect();
        assert_eq!(make_unique_id(&parts), expect, "path {path}");
    }

    #[test]
    fn reference_stack_ids_match_aws_cdk_2_276() {
        check(
            "cdk-rekn-imagebucket/Resource",
            "cdkreknimagebucketA588DC88",
        );
        check("cdk-rekn-lambdarole/Resource", "cdkreknlambdarole41F46FAD");
        check(
            "cdk-rekn-lambdarole/DefaultPolicy/Resource",
            "cdkreknlambdaroleDefaultPolicyBB0B80A9",
        );
        check("cdk-rekn-imagetable/Resource", "cdkreknimagetable40EC84B0");
        check("cdk-rekn-function/Resource", "cdkreknfunctionB9ACD525");
        check(
            "cdk-rekn-function/LogGroup/Resource",
            "cdkreknfunctionLogGroup8E457125",
        );
        check("CDKMetadata/Default", "CDKMetadata");
    }

    #[test]
    fn more_ids_from_the_cdk_reference_templates() {
        // From ../shared/reference/CdkRekognitionStack.template.json.
        check(
            "cdk-rekn-imagebucket/Notifications/HandlerPolicy/Resource",
            "cdkreknimagebucketNotificationsHandlerPolicyABAF4F02",
        );
        check(
            "cdk-rekn-imagebucket/Notifications/Resource",
            "cdkreknimagebucketNotifications1C6C352D",
        );
    }

    #[test]
    fn rules() {
        // A single top-level component: no hash, non-alphanumerics removed.
        check("My-Bucket_1", "MyBucket1");
        // `Default` is dropped everywhere, including from the hash input.
        assert_eq!(
            make_unique_id(&["A", "Default", "B"]),
            make_unique_id(&["A", "B"])
        );
        check("Default/Default", "");
        // `Resource` is hidden from the human part but hashed.
        assert!(make_unique_id(&["A", "Resource"]).starts_with("A"));
        assert_ne!(
            make_unique_id(&["A", "Resource"]),
            make_unique_id(&["A", "B"])
        );
        // Consecutive duplicates (a component that the previous one ends with) collapse.
        let id = make_unique_id(&["Bucket", "Bucket"]);
        assert_eq!(&id[..id.len() - 8], "Bucket");
        let id = make_unique_id(&["MyBucket", "Bucket", "X"]);
        assert_eq!(&id[..id.len() - 8], "MyBucketX");
        // Not-consecutive duplicates stay.
        let id = make_unique_id(&["A", "B", "A"]);
        assert_eq!(&id[..id.len() - 8], "ABA");
        // The human part is capped at 240 characters, plus the 8-digit hash.
        let long = "x".repeat(300);
        assert_eq!(make_unique_id(&[long.as_str(), "y"]).len(), 248);
        // A single component longer than 255 characters gets the hashed form.
        assert_eq!(make_unique_id(&[long.as_str()]).len(), 248);
        // The hash is upper-case hex.
        let id = make_unique_id(&["a", "b"]);
        assert!(id[id.len() - 8..]
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
    }

    #[test]
    fn the_hash_is_the_md5_of_the_components_joined_by_slashes() {
        // Including empty components, leading or not (invalid ids, still hashed as
        // `join("/")` into an empty buffer would: no separator before the first non-empty one).
        let joined_md5 = |path: &str| {
            let d = Md5::digest(path.as_bytes());
            d[..4]
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect::<String>()
        };
        for (parts, joined) in [
            (&["A", "B"][..], "A/B"),
            (&["A", "Resource"][..], "A/Resource"),
            (&["A", "Default", "B", "C"][..], "A/B/C"),
            (&["", "A"][..], "A"),
            (&["", "", "A", "B"][..], "A/B"),
            (&["A", "", "B"][..], "A//B"),
            (&["A", ""][..], "A/"),
        ] {
            let id = make_unique_id(parts);
            assert_eq!(&id[id.len() - 8..], joined_md5(joined), "{parts:?}");
        }
    }

    #[test]
    fn validity() {
        assert!(is_valid("Abc123"));
        assert!(!is_valid(""));
        assert!(!is_valid("a-b"));
        assert!(!is_valid(&"a".repeat(256)));
    }
}
