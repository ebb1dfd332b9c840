//! The Map state, inline ([`Map`]) and distributed ([`DistributedMap`]: child workflow
//! executions, items read from S3, results written to S3, batching, tolerated failures).
//!
//! The distributed-only fields exist on [`DistributedMap`] only, so an inline Map with an
//! item reader or a tolerated failure count does not compile. What AWS rejects beyond types
//! (a label over 40 characters or with reserved characters, a percentage over 100, a batch
//! over 256 KiB, a distributed Map in an EXPRESS machine, `Items` in a JSONPath state) is a
//! synth error naming the state.

use serde_json::{json, Map as JsonMap, Value as Json};

use cdk_core::Str;

use super::asl;
use super::graph::Substitutions;
use super::state::{
    assign_methods, next_methods, path_methods, result_methods, retry_catch_methods, state_handle,
    Kind, StateRef,
};
use super::IntoChain;
use crate::iam::{PolicyStatement, KEY_READ_ACTIONS, KEY_WRITE_ACTIONS};
use crate::s3::BucketLike;

/// `arn:aws:states:::s3:getObject`: an item reader of one object.
pub const S3_GET_OBJECT_ARN: &str = "arn:aws:states:::s3:getObject";
/// `arn:aws:states:::s3:listObjectsV2`: an item reader of a bucket's objects.
pub const S3_LIST_OBJECTS_V2_ARN: &str = "arn:aws:states:::s3:listObjectsV2";
/// `arn:aws:states:::s3:putObject`: a result writer.
pub const S3_PUT_OBJECT_ARN: &str = "arn:aws:states:::s3:putObject";

/// At most this many characters in a distributed Map's `Label`.
pub const MAX_MAP_LABEL: usize = 40;
/// At most this many bytes in one batch (`MaxInputBytesPerBatch`, 256 KiB).
pub const MAX_INPUT_BYTES_PER_BATCH: u32 = 262_144;

/// What the ResultWriter's role needs on the objects it writes (AWS's documented list).
pub const RESULT_WRITER_ACTIONS: &[&str] = &[
    "s3:AbortMultipartUpload",
    "s3:GetObject",
    "s3:ListMultipartUploadParts",
    "s3:PutObject",
];

/// The data of a Map state.
pub(crate) struct MapKind {
    pub(crate) processor: Option<StateRef>,
    pub(crate) items_path: Option<String>,
    pub(crate) items: Option<Json>,
    pub(crate) item_selector: Option<Json>,
    pub(crate) max_concurrency: Option<u32>,
    /// `None` for an inline Map.
    pub(crate) distributed: Option<Distributed>,
}

/// Seconds, counts and percentages: literal, or read from the input (`…Path`).
#[derive(Clone, Debug)]
pub(crate) enum Number {
    Literal(u32),
    Path(String),
}

/// The distributed-only fields.
pub(crate) struct Distributed {
    pub(crate) execution: ChildExecution,
    pub(crate) reader: Option<ItemReader>,
    pub(crate) writer: Option<ResultWriter>,
    pub(crate) batcher: Option<ItemBatcher>,
    pub(crate) label: Option<String>,
    pub(crate) tolerated_percentage: Option<Number>,
    pub(crate) tolerated_count: Option<Number>,
}

/// How a distributed Map runs its child workflows (`ProcessorConfig.ExecutionType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildExecution {
    /// `STANDARD`: exactly once, up to a year each, with execution history.
    Standard,
    /// `EXPRESS`: at least once, up to five minutes each, for high-volume items.
    Express,
}

impl ChildExecution {
    fn name(self) -> &'static str {
        match self {
            ChildExecution::Standard => "STANDARD",
            ChildExecution::Express => "EXPRESS",
        }
    }
}

/// How a CSV object's columns are named.
#[derive(Clone, Debug)]
pub enum CsvHeaders {
    /// `FIRST_ROW`: the object's first line.
    FirstRow,
    /// `GIVEN`: these names (the first line is data).
    Given(Vec<String>),
}

#[derive(Clone, Debug)]
enum Source {
    /// `getObject` of `key`, read as `input_type` (`JSON`, `JSONL`, `CSV`).
    Object {
        key: String,
        input_type: &'static str,
        csv: Option<CsvHeaders>,
    },
    /// `listObjectsV2` under `prefix`.
    List { prefix: String },
}

/// Where a distributed Map reads its items: one object of a bucket (a JSON array, JSON
/// Lines, CSV rows) or the objects of a bucket under a prefix. The machine's role gets
/// `s3:GetObject` on that object, or `s3:ListBucket` on the bucket limited to the prefix
/// (`s3:prefix`), and the bucket key's read actions when it has a customer managed key.
#[derive(Clone)]
pub struct ItemReader {
    bucket_name: Str,
    bucket_arn: Str,
    objects_arn: Str,
    key_arn: Option<Str>,
    hint: String,
    source: Source,
    max_items: Option<u32>,
}

impl std::fmt::Debug for ItemReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ItemReader({:?})", self.source)
    }
}

fn bucket_hint(bucket: &impl BucketLike) -> String {
    super::lambda_invoke::alphanumeric(&bucket.node().id())
}

impl ItemReader {
    fn object(
        bucket: &impl BucketLike,
        key: &str,
        input_type: &'static str,
        csv: Option<CsvHeaders>,
    ) -> ItemReader {
        ItemReader {
            bucket_name: bucket.bucket_name(),
            bucket_arn: bucket.arn(),
            objects_arn: bucket.arn_for_objects(key),
            key_arn: bucket.encryption_key_arn(),
            hint: format!("{}Name", bucket_hint(bucket)),
            source: Source::Object {
                key: key.to_string(),
                input_type,
                csv,
            },
            max_items: None,
        }
    }

    /// The items of the JSON array in object `key` of `bucket` (`InputType: JSON`).
    pub fn json(bucket: &impl BucketLike, key: &str) -> ItemReader {
        ItemReader::object(bucket, key, "JSON", None)
    }

    /// One item per line of the JSON Lines object `key` (`InputType: JSONL`).
    pub fn json_lines(bucket: &impl BucketLike, key: &str) -> ItemReader {
        ItemReader::object(bucket, key, "JSONL", None)
    }

    /// One item per row of the CSV object `key` (`InputType: CSV`), its columns named by
    /// `headers`.
    pub fn csv(bucket: &impl BucketLike, key: &str, headers: CsvHeaders) -> ItemReader {
        ItemReader::object(bucket, key, "CSV", Some(headers))
    }

    /// One item per object of `bucket` whose key starts with `prefix` (`listObjectsV2`;
    /// `""` for every object).
    pub fn list_objects(bucket: &impl BucketLike, prefix: &str) -> ItemReader {
        ItemReader {
            bucket_name: bucket.bucket_name(),
            bucket_arn: bucket.arn(),
            objects_arn: bucket.arn_for_objects("*"),
            key_arn: bucket.encryption_key_arn(),
            hint: format!("{}Name", bucket_hint(bucket)),
            source: Source::List {
                prefix: prefix.to_string(),
            },
            max_items: None,
        }
    }

    /// Reads at most `n` items (`ReaderConfig.MaxItems`, at least 1; default: all).
    pub fn max_items(mut self, n: u32) -> Self {
        self.max_items = Some(n);
        self
    }

    fn statements(&self) -> Vec<PolicyStatement> {
        let mut out = vec![match &self.source {
            Source::Object { .. } => PolicyStatement::allow()
                .actions(["s3:GetObject"])
                .resources([self.objects_arn.clone()]),
            Source::List { prefix } => {
                let s = PolicyStatement::allow()
                    .actions(["s3:ListBucket"])
                    .resources([self.bucket_arn.clone()]);
                if prefix.is_empty() {
                    s
                } else {
                    s.condition("StringLike", "s3:prefix", format!("{prefix}*"))
                }
            }
        }];
        if let Some(k) = &self.key_arn {
            out.push(
                PolicyStatement::allow()
                    .actions(KEY_READ_ACTIONS.iter().copied())
                    .resources([k.clone()]),
            );
        }
        out
    }

    fn render(&self, jsonata: bool, subs: &mut Substitutions) -> Json {
        let mut m = JsonMap::new();
        let mut config = JsonMap::new();
        let mut params = JsonMap::new();
        params.insert(
            asl::BUCKET.into(),
            json!(subs.placeholder(&self.hint, &self.bucket_name)),
        );
        let resource = match &self.source {
            Source::Object {
                key,
                input_type,
                csv,
            } => {
                config.insert(asl::INPUT_TYPE.into(), json!(input_type));
                match csv {
                    Some(CsvHeaders::FirstRow) => {
                        config.insert(asl::CSV_HEADER_LOCATION.into(), json!("FIRST_ROW"));
                    }
                    Some(CsvHeaders::Given(names)) => {
                        config.insert(asl::CSV_HEADER_LOCATION.into(), json!("GIVEN"));
                        config.insert(asl::CSV_HEADERS.into(), json!(names));
                    }
                    None => {}
                }
                params.insert(asl::KEY.into(), json!(key));
                S3_GET_OBJECT_ARN
            }
            Source::List { prefix } => {
                params.insert(asl::PREFIX.into(), json!(prefix));
                S3_LIST_OBJECTS_V2_ARN
            }
        };
        if let Some(n) = self.max_items {
            config.insert(asl::MAX_ITEMS.into(), json!(n));
        }
        m.insert(asl::RESOURCE.into(), json!(resource));
        if !config.is_empty() {
            m.insert(asl::READER_CONFIG.into(), Json::Object(config));
        }
        m.insert(
            if jsonata {
                asl::ARGUMENTS
            } else {
                asl::PARAMETERS
            }
            .into(),
            Json::Object(params),
        );
        Json::Object(m)
    }
}

/// Where a distributed Map writes its child executions' results: under `prefix` in a
/// bucket (`s3:putObject`). The role gets [`RESULT_WRITER_ACTIONS`] on `<prefix>/*` and the
/// bucket key's write actions when it has a customer managed key.
#[derive(Clone)]
pub struct ResultWriter {
    bucket_name: Str,
    objects_arn: Str,
    key_arn: Option<Str>,
    hint: String,
    prefix: String,
}

impl std::fmt::Debug for ResultWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ResultWriter({})", self.prefix)
    }
}

impl ResultWriter {
    /// Writes under `prefix` of `bucket` (`""`: the bucket's root). The bucket must be in
    /// the machine's account and region (AWS fails the execution otherwise).
    pub fn new(bucket: &impl BucketLike, prefix: &str) -> ResultWriter {
        let trimmed = prefix.trim_end_matches('/');
        let pattern = if trimmed.is_empty() {
            "*".to_string()
        } else {
            format!("{trimmed}/*")
        };
        ResultWriter {
            bucket_name: bucket.bucket_name(),
            objects_arn: bucket.arn_for_objects(&pattern),
            key_arn: bucket.encryption_key_arn(),
            hint: format!("{}Name", bucket_hint(bucket)),
            prefix: prefix.to_string(),
        }
    }

    fn statements(&self) -> Vec<PolicyStatement> {
        let mut out = vec![PolicyStatement::allow()
            .actions(RESULT_WRITER_ACTIONS.iter().copied())
            .resources([self.objects_arn.clone()])];
        if let Some(k) = &self.key_arn {
            out.push(
                PolicyStatement::allow()
                    .actions(KEY_WRITE_ACTIONS.iter().copied())
                    .resources([k.clone()]),
            );
        }
        out
    }

    fn render(&self, jsonata: bool, subs: &mut Substitutions) -> Json {
        let mut params = JsonMap::new();
        params.insert(
            asl::BUCKET.into(),
            json!(subs.placeholder(&self.hint, &self.bucket_name)),
        );
        params.insert(asl::PREFIX.into(), json!(self.prefix));
        let mut m = JsonMap::new();
        m.insert(asl::RESOURCE.into(), json!(S3_PUT_OBJECT_ARN));
        m.insert(
            if jsonata {
                asl::ARGUMENTS
            } else {
                asl::PARAMETERS
            }
            .into(),
            Json::Object(params),
        );
        Json::Object(m)
    }
}

/// Groups items into batches, one child execution each (`ItemBatcher`): at most
/// [`max_items_per_batch`](Self::max_items_per_batch) items and/or
/// [`max_input_bytes_per_batch`](Self::max_input_bytes_per_batch) bytes.
#[derive(Clone, Debug)]
pub struct ItemBatcher {
    max_items: Option<u32>,
    max_bytes: Option<u32>,
    batch_input: Option<Json>,
}

impl ItemBatcher {
    /// Batches of at most `n` items (`MaxItemsPerBatch`, at least 1).
    pub fn max_items_per_batch(n: u32) -> ItemBatcher {
        ItemBatcher {
            max_items: Some(n),
            max_bytes: None,
            batch_input: None,
        }
    }

    /// Batches of at most `n` bytes (`MaxInputBytesPerBatch`, 1 to
    /// [`MAX_INPUT_BYTES_PER_BATCH`]).
    pub fn max_input_bytes_per_batch(n: u32) -> ItemBatcher {
        ItemBatcher {
            max_items: None,
            max_bytes: Some(n),
            batch_input: None,
        }
    }

    /// Also at most `n` items per batch.
    pub fn and_max_items(mut self, n: u32) -> Self {
        self.max_items = Some(n);
        self
    }

    /// Also at most `n` bytes per batch.
    pub fn and_max_input_bytes(mut self, n: u32) -> Self {
        self.max_bytes = Some(n);
        self
    }

    /// `BatchInput`: a JSON object added to every batch (default: none).
    pub fn batch_input(mut self, input: Json) -> Self {
        self.batch_input = Some(input);
        self
    }

    fn render(&self) -> Json {
        let mut m = JsonMap::new();
        if let Some(n) = self.max_items {
            m.insert(asl::MAX_ITEMS_PER_BATCH.into(), json!(n));
        }
        if let Some(n) = self.max_bytes {
            m.insert(asl::MAX_INPUT_BYTES_PER_BATCH.into(), json!(n));
        }
        if let Some(b) = &self.batch_input {
            m.insert(asl::BATCH_INPUT.into(), b.clone());
        }
        Json::Object(m)
    }

    fn problems(&self, out: &mut Vec<String>) {
        if self.max_items == Some(0) {
            out.push("MaxItemsPerBatch is at least 1".into());
        }
        if let Some(n) = self.max_bytes {
            if n == 0 || n > MAX_INPUT_BYTES_PER_BATCH {
                out.push(format!(
                    "MaxInputBytesPerBatch is 1 to {MAX_INPUT_BYTES_PER_BATCH} (256 KiB), not {n}"
                ));
            }
        }
        if self.batch_input.as_ref().is_some_and(|b| !b.is_object()) {
            out.push("BatchInput is a JSON object".into());
        }
    }
}

/// Characters a Map run's label cannot hold (AWS's list, with whitespace and controls).
const LABEL_FORBIDDEN: &str = "<>{}[]?*\"#%\\^|~`$&,;:/";

impl MapKind {
    fn new(distributed: Option<Distributed>) -> MapKind {
        MapKind {
            processor: None,
            items_path: None,
            items: None,
            item_selector: None,
            max_concurrency: None,
            distributed,
        }
    }

    /// The path fields (JSONPath only): `ItemsPath`, `ToleratedFailure…Path`.
    pub(crate) fn paths(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(p) = &self.items_path {
            out.push((asl::ITEMS_PATH, p.clone()));
        }
        if let Some(d) = &self.distributed {
            if let Some(Number::Path(p)) = &d.tolerated_percentage {
                out.push((asl::TOLERATED_FAILURE_PERCENTAGE_PATH, p.clone()));
            }
            if let Some(Number::Path(p)) = &d.tolerated_count {
                out.push((asl::TOLERATED_FAILURE_COUNT_PATH, p.clone()));
            }
        }
        out
    }

    /// What AWS would reject in this Map (beyond the graph and the query language).
    pub(crate) fn problems(&self, out: &mut Vec<String>) {
        if self.processor.is_none() {
            out.push("a Map state needs an item processor".into());
        }
        if let Some(items) = &self.items {
            let expression = items
                .as_str()
                .is_some_and(super::graph::is_jsonata_expression);
            if !items.is_array() && !expression {
                out.push(format!(
                    "Items is a JSON array or a JSONata expression (`{{% … %}}`), not `{items}`"
                ));
            }
        }
        let Some(d) = &self.distributed else { return };
        if let Some(Number::Literal(p)) = d.tolerated_percentage {
            if p > 100 {
                out.push(format!("ToleratedFailurePercentage is 0 to 100, not {p}"));
            }
        }
        if let Some(label) = &d.label {
            let n = label.chars().count();
            if n == 0 || n > MAX_MAP_LABEL {
                out.push(format!(
                    "a Map's Label has 1 to {MAX_MAP_LABEL} characters, this one {n}"
                ));
            }
            let bad: String = label
                .chars()
                .filter(|c| c.is_whitespace() || c.is_control() || LABEL_FORBIDDEN.contains(*c))
                .collect();
            if !bad.is_empty() {
                out.push(format!(
                    "the Label `{label}` has characters AWS does not allow in it ({bad:?}: no whitespace, control characters or {LABEL_FORBIDDEN})"
                ));
            }
        }
        if let Some(b) = &d.batcher {
            b.problems(out);
        }
        if let Some(r) = &d.reader {
            if r.max_items == Some(0) {
                out.push("the item reader's MaxItems is at least 1".into());
            }
            if let Source::Object { key, .. } = &r.source {
                if key.is_empty() {
                    out.push("the item reader names no object key".into());
                }
            }
        }
    }

    /// The statements the machine's role needs for the reader and the writer.
    pub(crate) fn statements(&self) -> Vec<PolicyStatement> {
        let mut out = Vec::new();
        if let Some(d) = &self.distributed {
            if let Some(r) = &d.reader {
                out.extend(r.statements());
            }
            if let Some(w) = &d.writer {
                out.extend(w.statements());
            }
        }
        out
    }

    /// Renders the Map's own fields into `put` (the processor is rendered by the caller as
    /// `processor`, the `StartAt`/`States` of its object).
    pub(crate) fn render(
        &self,
        processor: Option<JsonMap<String, Json>>,
        jsonata: bool,
        subs: &mut Substitutions,
        put: &mut dyn FnMut(&str, Json),
    ) {
        if let Some(states) = processor {
            let mut proc = JsonMap::new();
            let config = match &self.distributed {
                None => json!({ asl::MODE: asl::INLINE }),
                Some(d) => json!({
                    asl::MODE: asl::DISTRIBUTED,
                    asl::EXECUTION_TYPE: d.execution.name(),
                }),
            };
            proc.insert(asl::PROCESSOR_CONFIG.into(), config);
            proc.extend(states);
            put(asl::ITEM_PROCESSOR, Json::Object(proc));
        }
        if let Some(p) = &self.items_path {
            put(asl::ITEMS_PATH, json!(p));
        }
        if let Some(i) = &self.items {
            put(asl::ITEMS, i.clone());
        }
        if let Some(s) = &self.item_selector {
            put(asl::ITEM_SELECTOR, s.clone());
        }
        if let Some(n) = self.max_concurrency {
            put(asl::MAX_CONCURRENCY, json!(n));
        }
        let Some(d) = &self.distributed else { return };
        if let Some(r) = &d.reader {
            put(asl::ITEM_READER, r.render(jsonata, subs));
        }
        if let Some(b) = &d.batcher {
            put(asl::ITEM_BATCHER, b.render());
        }
        if let Some(w) = &d.writer {
            put(asl::RESULT_WRITER, w.render(jsonata, subs));
        }
        if let Some(l) = &d.label {
            put(asl::LABEL, json!(l));
        }
        for (key, path_key, value) in [
            (
                asl::TOLERATED_FAILURE_PERCENTAGE,
                asl::TOLERATED_FAILURE_PERCENTAGE_PATH,
                &d.tolerated_percentage,
            ),
            (
                asl::TOLERATED_FAILURE_COUNT,
                asl::TOLERATED_FAILURE_COUNT_PATH,
                &d.tolerated_count,
            ),
        ] {
            match value {
                Some(Number::Literal(n)) => put(key, json!(n)),
                Some(Number::Path(p)) => put(path_key, json!(p)),
                None => {}
            }
        }
    }
}

/// The setters both Map kinds have.
macro_rules! map_methods {
    ($ty:ident) => {
        impl<L> $ty<L> {
            fn map(&self, f: impl FnOnce(&mut MapKind)) {
                if let Kind::Map(m) = &mut self.0 .0.borrow_mut().kind {
                    f(m);
                }
            }

            /// The states run for each item (`ItemProcessor`).
            pub fn item_processor(self, processor: &impl IntoChain) -> Self {
                self.map(|m| m.processor = Some(processor.to_chain().start));
                self
            }

            /// `ItemsPath`: the list in the input (default: `$`). JSONPath only.
            pub fn items_path(self, path: &str) -> $ty<super::lang::JsonPath>
            where
                L: super::lang::TakesJsonPath,
            {
                self.map(|m| m.items_path = Some(path.to_string()));
                self.retype()
            }

            /// `Items`: the list itself, a JSON array or a JSONata expression
            /// (`"{% $states.input.lines %}"`). JSONata only (a compile error on a state with
            /// a JSONPath field, a synth error in a JSONPath machine).
            pub fn items(self, items: Json) -> $ty<super::lang::Jsonata>
            where
                L: super::lang::TakesJsonata,
            {
                self.map(|m| m.items = Some(items));
                self.retype()
            }

            /// `ItemSelector`: a JSON template for each item's input (`$$.Map.Item.Value`).
            pub fn item_selector(self, selector: Json) -> Self {
                self.map(|m| m.item_selector = Some(selector));
                self
            }

            /// `MaxConcurrency` (default: 0, as many as possible).
            pub fn max_concurrency(self, n: u32) -> Self {
                self.map(|m| m.max_concurrency = Some(n));
                self
            }
        }
    };
}

/// An inline Map state: runs its item processor on every item of a list, inside this
/// execution (up to 40 at once; larger work is a [`DistributedMap`]).
#[derive(Clone)]
pub struct Map<L = super::lang::Any>(pub(crate) StateRef, pub(crate) std::marker::PhantomData<L>);

state_handle!(Map);
path_methods!(Map);
result_methods!(Map);
retry_catch_methods!(Map);
next_methods!(Map);
assign_methods!(Map);
map_methods!(Map);

impl Map {
    /// An inline Map state named `name`; set its [`item_processor`](Map::item_processor).
    pub fn new(name: &str) -> Map {
        Map(
            StateRef::new(name, Kind::Map(Box::new(MapKind::new(None)))),
            std::marker::PhantomData,
        )
    }
}

/// A distributed Map state: each item (or batch) runs as a child workflow execution of
/// kind `execution`, up to 10,000 at once; items can come from S3 ([`ItemReader`]) and
/// results go to S3 ([`ResultWriter`]).
///
/// The machine's role gets `states:StartExecution` on the machine itself and
/// `states:DescribeExecution`/`states:StopExecution` on its child executions
/// (`execution:<machine>/<label>:*`, or `/*` without a literal label), in a policy of its own
/// (`<machine>/DistributedMapPolicy`) that the machine does not wait for, as the machine's
/// ARN in its default policy would be a circular dependency. A distributed Map cannot be in
/// an EXPRESS machine (a synth error).
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::s3::Bucket;
/// use constructs::stepfunctions::{ChildExecution, DistributedMap, ItemBatcher, ItemReader, Pass, ResultWriter, StateMachine};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Data");
/// let bucket = Bucket::new(&stack, "Data").build();
/// let each = DistributedMap::new("Each row", ChildExecution::Express)
///     .item_reader(ItemReader::json(&bucket, "input/rows.json"))
///     .item_batcher(ItemBatcher::max_items_per_batch(100))
///     .result_writer(ResultWriter::new(&bucket, "results"))
///     .tolerated_failure_percentage(5)
///     .label("Rows")
///     .item_processor(&Pass::new("Row"));
/// let machine = StateMachine::new(&stack, "Rows", &each).build();
/// assert_eq!(machine.definition()["States"]["Each row"]["Label"], "Rows");
/// # stack.template().unwrap();
/// ```
#[derive(Clone)]
pub struct DistributedMap<L = super::lang::Any>(
    pub(crate) StateRef,
    pub(crate) std::marker::PhantomData<L>,
);

state_handle!(DistributedMap);
path_methods!(DistributedMap);
result_methods!(DistributedMap);
retry_catch_methods!(DistributedMap);
next_methods!(DistributedMap);
assign_methods!(DistributedMap);
map_methods!(DistributedMap);

impl DistributedMap {
    /// A distributed Map state named `name` whose child workflows run as `execution`.
    pub fn new(name: &str, execution: ChildExecution) -> DistributedMap {
        DistributedMap(
            StateRef::new(
                name,
                Kind::Map(Box::new(MapKind::new(Some(Distributed {
                    execution,
                    reader: None,
                    writer: None,
                    batcher: None,
                    label: None,
                    tolerated_percentage: None,
                    tolerated_count: None,
                })))),
            ),
            std::marker::PhantomData,
        )
    }
}

impl<L> DistributedMap<L> {
    fn distributed(&self, f: impl FnOnce(&mut Distributed)) {
        self.map(|m| {
            if let Some(d) = &mut m.distributed {
                f(d);
            }
        });
    }

    /// Reads the items from S3 (`ItemReader`; default: the state's input).
    pub fn item_reader(self, reader: ItemReader) -> Self {
        self.distributed(|d| d.reader = Some(reader));
        self
    }

    /// Writes the results to S3 (`ResultWriter`; default: the results are the state's
    /// output, which is limited to 256 KiB).
    pub fn result_writer(self, writer: ResultWriter) -> Self {
        self.distributed(|d| d.writer = Some(writer));
        self
    }

    /// Runs items in batches (`ItemBatcher`; default: one item per child execution).
    pub fn item_batcher(self, batcher: ItemBatcher) -> Self {
        self.distributed(|d| d.batcher = Some(batcher));
        self
    }

    /// `Label`: the name of the map runs and of their child executions (1 to
    /// [`MAX_MAP_LABEL`] characters, no whitespace or reserved characters; default: one
    /// made from the state's name). A literal label also narrows the role's grant on the
    /// child executions.
    pub fn label(self, label: &str) -> Self {
        self.distributed(|d| d.label = Some(label.to_string()));
        self
    }

    /// `ToleratedFailurePercentage`: the map run fails when more than this share of items
    /// failed (0 to 100; default: 0).
    pub fn tolerated_failure_percentage(self, percent: u32) -> Self {
        self.distributed(|d| d.tolerated_percentage = Some(Number::Literal(percent)));
        self
    }

    /// `ToleratedFailurePercentagePath`: the percentage read from the input. JSONPath only.
    pub fn tolerated_failure_percentage_path(
        self,
        path: &str,
    ) -> DistributedMap<super::lang::JsonPath>
    where
        L: super::lang::TakesJsonPath,
    {
        self.distributed(|d| d.tolerated_percentage = Some(Number::Path(path.to_string())));
        self.retype()
    }

    /// `ToleratedFailureCount`: the map run fails when more than this many items failed
    /// (default: 0).
    pub fn tolerated_failure_count(self, count: u32) -> Self {
        self.distributed(|d| d.tolerated_count = Some(Number::Literal(count)));
        self
    }

    /// `ToleratedFailureCountPath`: the count read from the input. JSONPath only.
    pub fn tolerated_failure_count_path(self, path: &str) -> DistributedMap<super::lang::JsonPath>
    where
        L: super::lang::TakesJsonPath,
    {
        self.distributed(|d| d.tolerated_count = Some(Number::Path(path.to_string())));
        self.retype()
    }
}

/// The literal label of a distributed Map state (`None`: inline, or no label).
pub(crate) fn distributed_label(kind: &Kind) -> Option<Option<String>> {
    match kind {
        Kind::Map(m) => m.distributed.as_ref().map(|d| d.label.clone()),
        _ => None,
    }
}
