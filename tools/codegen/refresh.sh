#!/usr/bin/env bash
# Refreshes the vendored inputs — the only step that touches the network — and regenerates.
#
#   tools/codegen/refresh.sh [aws-service-spec version] [cfn-lint version]
#
# Defaults: the latest @aws-cdk/aws-service-spec, and cfn-lint pinned in
# tools/validators/requirements.txt (so the SAM types match the linter the tests run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
spec_version="${1:-latest}"
lint_version="${2:-$(sed -n 's/^cfn-lint==//p' "$root/tools/validators/requirements.txt")}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# CloudFormation: the service database of AWS CDK's own code generator (Apache-2.0).
(cd "$tmp" && npm pack "@aws-cdk/aws-service-spec@$spec_version" >/dev/null && tar xzf ./*.tgz)
cp "$tmp/package/db.json.gz" "$tmp/package/LICENSE" "$here/vendor/aws-service-spec/"
python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['version'])" \
  "$tmp/package/package.json" > "$here/vendor/aws-service-spec/VERSION"

# SAM: cfn-lint's schemas of the AWS::Serverless::* types (MIT-0), renamed after their type.
pip download --no-deps --only-binary=:all: -d "$tmp/pip" "cfn-lint==$lint_version" >/dev/null
python3 - "$tmp/pip" "$here/vendor/cfn-lint-sam" "$lint_version" <<'PY'
import glob, json, sys, zipfile
wheel = zipfile.ZipFile(glob.glob(sys.argv[1] + "/cfn_lint-*.whl")[0])
out = sys.argv[2]
base = "cfnlint/data/schemas/"
sam = json.loads(wheel.read(base + "providers/sam.json"))
for path in glob.glob(out + "/AWS_Serverless_*.json"):
    __import__("os").remove(path)
for type_name, digest in sam.items():
    schema = json.loads(wheel.read(f"{base}resources/{digest}.json"))
    name = type_name.split("::")[-1]
    with open(f"{out}/AWS_Serverless_{name}.json", "w") as f:
        f.write(json.dumps(schema, indent=1, sort_keys=True) + "\n")
for name in wheel.namelist():
    if name.endswith(".dist-info/licenses/LICENSE") or name.endswith(".dist-info/licenses/NOTICE"):
        open(out + "/" + name.rsplit("/", 1)[1], "wb").write(wheel.read(name))
open(out + "/VERSION", "w").write(sys.argv[3] + "\n")
PY

cd "$root" && cargo run -q -p codegen
