"""Translate a SAM template into plain CloudFormation with aws-sam-translator, offline.

Usage: python sam_translate.py TEMPLATE   (JSON or YAML; prints the translation as JSON)

Exit status 0 with the translated template on stdout, or 1 with the translator's error
messages on stderr (one line per cause, as `sam deploy` would report them).

What this does that the hosted transform does not, and why:

* Offline. No AWS credentials, no network: the region is the dummy `us-east-1` (set before
  boto3 is imported; boto3 is told not to read the user's config files), and AWS managed
  policy names resolve from the map bundled with aws-sam-translator; the fallback loader the
  translator would call for an unknown name (IAM `ListPolicies`) is a stub that knows none,
  so such a name is left as written.
* Local code paths. The translator only accepts S3 locations for `CodeUri` (Function),
  `ContentUri` (LayerVersion) and `DefinitionUri` (Api, HttpApi, StateMachine); a local path
  is what `sam package` would upload and replace. As cfn-lint did when it ran the transform
  (`cfnlint/template/transforms/_sam.py`), a local path is replaced by a dummy S3 location;
  unlike cfn-lint's single `s3://bucket/value`, the dummy keeps the path as the key:
  `assets/abc` becomes `s3://{LOCAL_BUCKET}/assets/abc`. So two functions with different code
  stay different, the auto-published Version's logical ID still changes with the path, and a
  comparison can map `{S3Bucket: LOCAL_BUCKET, S3Key: P}` back to the local path `P`.
* Local images. A function with `PackageType: Image` and a `Dockerfile` in its `Metadata` but
  no `ImageUri` is what `sam build` builds; the translator requires an `ImageUri`, so (as
  `sam validate` does with a dummy ECR URI) it gets the name `sam build` would tag the image
  with: `<logical id, lower case>:<DockerTag, default latest>`.
* Metadata passes through onto the generated resources (`passthrough_metadata`, as `sam build`
  and cfn-lint do), so a generated `AWS::Lambda::Function` keeps its `aws:cdk:path`.
"""

import json
import logging
import os
import sys

# Must be set before boto3 (imported by samtranslator) creates a session.
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"  # Keep in sync with `OFFLINE_REGION` in src/sam.rs.
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

import yaml  # noqa: E402
from samtranslator.public.exceptions import InvalidDocumentException  # noqa: E402
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402

# The bucket of the dummy S3 locations that stand for local paths (see the module docstring).
# Keep in sync with `LOCAL_ASSET_BUCKET` in src/sam.rs.
LOCAL_BUCKET = "sam-translate-local-asset"

# Resource type -> the properties that may hold a local path.
LOCAL_PATH_PROPERTIES = {
    "AWS::Serverless::Function": ["CodeUri"],
    "AWS::Serverless::LayerVersion": ["ContentUri"],
    "AWS::Serverless::Api": ["DefinitionUri"],
    "AWS::Serverless::HttpApi": ["DefinitionUri"],
    "AWS::Serverless::StateMachine": ["DefinitionUri"],
}
# Globals section -> the properties that may hold a local path.
LOCAL_PATH_GLOBALS = {"Function": ["CodeUri"], "Api": ["DefinitionUri"], "HttpApi": ["DefinitionUri"]}


class OfflineManagedPolicyLoader(ManagedPolicyLoader):
    """Knows no managed policy beyond the translator's bundled map, and never calls IAM."""

    def __init__(self):
        super().__init__(iam_client=None)

    def load(self):
        return {}


class CloudFormationLoader(yaml.SafeLoader):
    """PyYAML's safe loader (YAML 1.1, as `sam` reads templates) plus the short-form
    intrinsics (`!Ref x`, `!GetAtt a.b`, `!Sub ...`)."""


def _intrinsic(loader, tag_suffix, node):
    name = "Ref" if tag_suffix == "Ref" else "Fn::" + tag_suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


CloudFormationLoader.add_multi_constructor("!", _intrinsic)

# The translator logs notes such as "Feature '...' not available in Feature Toggle Config." as
# warnings; only its errors (raised as exceptions, printed below) matter here.
logging.getLogger("samtranslator").setLevel(logging.ERROR)


def load_template(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("{"):
        return json.loads(text)
    return yaml.load(text, Loader=CloudFormationLoader)  # noqa: S506 (a SafeLoader subclass)


def is_local_path(value):
    return isinstance(value, str) and not value.startswith("s3://") and value != ""


def replace_local_paths(template):
    def fix(props, names):
        if not isinstance(props, dict):
            return
        for name in names:
            value = props.get(name)
            if is_local_path(value):
                props[name] = "s3://{}/{}".format(LOCAL_BUCKET, value)

    for resource in (template.get("Resources") or {}).values():
        if isinstance(resource, dict):
            fix(resource.get("Properties"), LOCAL_PATH_PROPERTIES.get(resource.get("Type"), []))
    for section, names in LOCAL_PATH_GLOBALS.items():
        fix((template.get("Globals") or {}).get(section), names)


def name_local_images(template):
    for logical_id, resource in (template.get("Resources") or {}).items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = resource.get("Properties") or {}
        metadata = resource.get("Metadata") or {}
        if props.get("PackageType") == "Image" and "Dockerfile" in metadata and "ImageUri" not in props:
            # samcli/lib/build/app_builder.py `_build_lambda_image`: `<name lower>:<tag>`.
            props["ImageUri"] = "{}:{}".format(logical_id.lower(), metadata.get("DockerTag", "latest"))


def main(argv):
    if len(argv) != 2:
        print("usage: sam_translate.py TEMPLATE", file=sys.stderr)
        return 2
    template = load_template(argv[1])
    if not isinstance(template, dict):
        print("{}: not a template (top level is not a mapping)".format(argv[1]), file=sys.stderr)
        return 1
    replace_local_paths(template)
    name_local_images(template)
    try:
        translated = transform(template, {}, OfflineManagedPolicyLoader(), passthrough_metadata=True)
    except InvalidDocumentException as e:
        print(e.message, file=sys.stderr)
        for cause in e.causes:
            print(cause.message, file=sys.stderr)
        return 1
    json.dump(translated, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
