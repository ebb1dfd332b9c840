//! The state graph every state type shares: a state is a shared handle ([`StateRef`]) to its
//! data; states are connected by value (`a.next(&b)`), and a [`Chain`] is a start state and
//! the states a further `next` continues from.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::time::Duration;

use cdk_core::Str;
use serde_json::Value as Json;

#[allow(unused_imports)] // `Condition` and `Catch` are named in `lang`'s docs too
use super::choice::Condition;
#[allow(unused_imports)]
use super::retry::{Catch, Retry};
use crate::iam::PolicyStatement;

/// The data of one state.
pub(crate) struct Data {
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) comment: Option<String>,
    pub(crate) input_path: Option<String>,
    pub(crate) output_path: Option<String>,
    /// `Some(Json::Null)` discards the result (`"ResultPath": null`).
    pub(crate) result_path: Option<Json>,
    pub(crate) parameters: Option<Json>,
    pub(crate) result_selector: Option<Json>,
    /// `QueryLanguage` of this state (default: the machine's).
    pub(crate) query_language: Option<QueryLanguage>,
    /// JSONata `Arguments`, `Output`; `Assign` (both languages).
    pub(crate) arguments: Option<Json>,
    pub(crate) output: Option<Json>,
    pub(crate) assign: Option<Json>,
    pub(crate) retries: Vec<Retry>,
    pub(crate) catches: Vec<Catch>,
    pub(crate) next: Option<StateRef>,
    /// `.end()` was called.
    pub(crate) end: bool,
    /// The states that transition here (`Next`, a Choice rule or `Default`, a Catch).
    pub(crate) incoming: Vec<Weak<RefCell<Data>>>,
    /// Mistakes made while connecting (reported by the machine that uses the state).
    pub(crate) errors: Vec<(String, String)>,
    /// The machine (construct path) and the States object (0 = top level) that use it.
    pub(crate) owner: Option<(String, usize)>,
}

/// The query language of a machine or a state (`QueryLanguage`): how its fields select and
/// transform data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueryLanguage {
    /// JSONPath (the default): `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`,
    /// `OutputPath` and `"key.$"` paths.
    #[default]
    JsonPath,
    /// JSONata: `Arguments`, `Output`, `Assign` and `{% … %}` expressions; no JSONPath field.
    Jsonata,
}

impl QueryLanguage {
    /// The ASL value (`JSONPath`, `JSONata`).
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }
}

/// The query language a state's own setters have committed it to: the type parameter of
/// every state type (`Pass<L = lang::Any>`, …). A state starts [`Any`](lang::Any); a
/// JSONPath-only setter (`input_path`, `output_path`, `parameters`, `result_path`,
/// `discard_result`, `result_selector`, `Pass::result`, `items_path`, the `…_path` forms)
/// makes it [`JsonPath`](lang::JsonPath), a JSONata-only one (`arguments`, `output`,
/// `items`) [`Jsonata`](lang::Jsonata), and the other family's setters then do not compile:
///
/// ```compile_fail
/// use constructs::stepfunctions::Pass;
/// use serde_json::json;
/// // `result_path` is JSONPath, `output` JSONata: one state cannot have both.
/// let _ = Pass::new("Mixed").result_path("$.a").output(json!("{% $states.input %}"));
/// ```
///
/// What the types cannot see stays a synth error naming the state and the fields: the
/// machine's language (given to the machine's builder after the states are made, and a
/// state may be shared), `.query_language(…)` (a value), a state changed through a clone
/// of its handle made before a setter (clones are the same state), the language inside
/// values (`"key.$"` keys in JSON, [`Catch`] `result_path` vs `output`, [`Condition`]s).
pub mod lang {
    mod sealed {
        pub trait Sealed {}
    }

    /// No setter of either language yet (the default): the state takes the machine's
    /// language, and either family of setters may follow.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct Any;

    /// A JSONPath-only field is set: the state takes no JSONata field.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct JsonPath;

    /// A JSONata-only field is set: the state takes no JSONPath field.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct Jsonata;

    impl sealed::Sealed for Any {}
    impl sealed::Sealed for JsonPath {}
    impl sealed::Sealed for Jsonata {}

    /// The states that may take a JSONPath-only field ([`Any`], [`JsonPath`]). Sealed.
    #[diagnostic::on_unimplemented(
        message = "this state has a JSONata field (`arguments`, `output` or `items`), so it cannot take a JSONPath-only one",
        label = "a JSONPath-only setter on a JSONata state",
        note = "a state uses one query language: write the JSONata form (`arguments`, `output`, `assign` with `{{% … %}}`), or drop the JSONata field"
    )]
    pub trait TakesJsonPath: sealed::Sealed {}
    impl TakesJsonPath for Any {}
    impl TakesJsonPath for JsonPath {}

    /// The states that may take a JSONata-only field ([`Any`], [`Jsonata`]). Sealed.
    #[diagnostic::on_unimplemented(
        message = "this state has a JSONPath field (`input_path`, `parameters`, `result_path`, `result_selector`, `output_path`, …), so it cannot take a JSONata-only one",
        label = "a JSONata-only setter on a JSONPath state",
        note = "a state uses one query language: write the JSONPath form (`parameters`, `result_selector`, `result_path`, `output_path`), or drop the JSONPath field"
    )]
    pub trait TakesJsonata: sealed::Sealed {}
    impl TakesJsonata for Any {}
    impl TakesJsonata for Jsonata {}
}

/// Seconds, given literally or read from the input.
#[derive(Clone, Debug)]
pub(crate) enum Secs {
    Literal(u64),
    Path(String),
}

/// A task's integration.
pub(crate) struct TaskKind {
    /// The `Resource` ARN.
    pub(crate) resource: Str,
    /// The `Parameters` a service integration writes (see [`Integration`]).
    pub(crate) integration: Option<Integration>,
    pub(crate) timeout: Option<Secs>,
    pub(crate) heartbeat: Option<Secs>,
    /// What the machine's role needs for this task.
    pub(crate) statements: Vec<PolicyStatement>,
    /// The `.waitForTaskToken` pattern (the `Resource` gets the suffix).
    pub(crate) wait_for_task_token: bool,
}

/// The `Parameters` of a service integration: fixed entries (replaced by the state's own
/// `parameters(…)` when set) and entries that hold references, always written, each a
/// `(key, substitution name hint, value)`.
pub(crate) struct Integration {
    pub(crate) base: serde_json::Map<String, Json>,
    pub(crate) refs: Vec<(&'static str, String, Str)>,
    /// References deeper in `base` (`Entries[0].EventBusName`): `(path, hint, value)`,
    /// written only where the path exists (own parameters may replace `base` whole).
    pub(crate) nested: Vec<(Vec<Seg>, String, Str)>,
}

/// One step of a path into a JSON value.
#[derive(Clone, Debug)]
pub(crate) enum Seg {
    Key(&'static str),
    Index(usize),
}

/// How long a Wait state waits.
#[derive(Clone, Debug)]
pub(crate) enum WaitFor {
    Seconds(u64),
    SecondsPath(String),
    Timestamp(String),
    TimestampPath(String),
}

/// What kind of state, with the fields only that kind has.
pub(crate) enum Kind {
    Task(Box<TaskKind>),
    Choice {
        rules: Vec<(Condition, StateRef)>,
        default: Option<StateRef>,
    },
    Pass {
        result: Option<Json>,
    },
    Wait(WaitFor),
    Parallel {
        branches: Vec<StateRef>,
    },
    Map(Box<super::map::MapKind>),
    Succeed,
    Fail {
        error: Option<String>,
        cause: Option<String>,
        error_path: Option<String>,
        cause_path: Option<String>,
    },
}

impl Kind {
    /// The ASL `Type`.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Kind::Task(_) => super::asl::TASK,
            Kind::Choice { .. } => "Choice",
            Kind::Pass { .. } => "Pass",
            Kind::Wait(_) => "Wait",
            Kind::Parallel { .. } => "Parallel",
            Kind::Map(_) => "Map",
            Kind::Succeed => "Succeed",
            Kind::Fail { .. } => "Fail",
        }
    }

    /// Whether the state ends an execution path itself and so takes no `Next`/`End`.
    pub(crate) fn is_terminal(&self) -> bool {
        matches!(
            self,
            Kind::Choice { .. } | Kind::Succeed | Kind::Fail { .. }
        )
    }
}

/// A shared handle to one state's data; clones are the same state.
#[derive(Clone)]
pub(crate) struct StateRef(pub(crate) Rc<RefCell<Data>>);

impl StateRef {
    pub(crate) fn new(name: &str, kind: Kind) -> StateRef {
        StateRef(Rc::new(RefCell::new(Data {
            name: name.to_string(),
            kind,
            comment: None,
            input_path: None,
            output_path: None,
            result_path: None,
            parameters: None,
            result_selector: None,
            query_language: None,
            arguments: None,
            output: None,
            assign: None,
            retries: Vec::new(),
            catches: Vec::new(),
            next: None,
            end: false,
            incoming: Vec::new(),
            errors: Vec::new(),
            owner: None,
        })))
    }

    pub(crate) fn name(&self) -> String {
        self.0.borrow().name.clone()
    }

    pub(crate) fn same(&self, other: &StateRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// The address, an identity for sets of states.
    pub(crate) fn key(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    pub(crate) fn error(&self, message: String, hint: &str) {
        self.0.borrow_mut().errors.push((message, hint.to_string()));
    }

    /// Records that `from` transitions to this state.
    pub(crate) fn add_incoming(&self, from: &StateRef) {
        self.0.borrow_mut().incoming.push(Rc::downgrade(&from.0));
    }

    /// Sets `Next`; a terminal state, a second different `Next` or an explicit `End` is
    /// recorded as a mistake.
    pub(crate) fn set_next(&self, next: &StateRef) {
        let (terminal, kind, previous, end) = {
            let d = self.0.borrow();
            (
                d.kind.is_terminal(),
                d.kind.type_name(),
                d.next.clone(),
                d.end,
            )
        };
        if terminal {
            let hint = if kind == "Choice" {
                "a Choice continues through its rules: use .when(…) and .otherwise(…)"
            } else {
                "a Succeed or Fail state ends the execution; nothing can follow it"
            };
            self.error(
                format!(
                    "a {kind} state has no Next, but `{}` was chained after it",
                    next.name()
                ),
                hint,
            );
            return;
        }
        if end {
            self.error(
                format!(
                    "the state has End, but `{}` was chained after it",
                    next.name()
                ),
                "a state has exactly one of Next and End: drop .end() or the .next(…)",
            );
            return;
        }
        match previous {
            Some(p) if !p.same(next) => self.error(
                format!("Next set twice: to `{}` and to `{}`", p.name(), next.name()),
                "a state has one Next; branch with a Choice or a Parallel instead",
            ),
            Some(_) => {}
            None => {
                self.0.borrow_mut().next = Some(next.clone());
                next.add_incoming(self);
            }
        }
    }
}

/// Anything that can be the next step of a workflow: every state type and a [`Chain`].
pub trait IntoChain {
    /// This step as a chain: where it starts and where a following `next` continues.
    fn to_chain(&self) -> Chain;
}

/// A sequence of connected states: its start, and the states a further
/// [`next`](Chain::next) continues from. Made by `a.next(&b)`.
#[derive(Clone)]
pub struct Chain {
    pub(crate) start: StateRef,
    pub(crate) ends: Vec<StateRef>,
}

impl Chain {
    /// Continues the chain with `next`: the chain's last state gets `Next` = `next`'s
    /// start. After a Choice, Succeed or Fail nothing can follow (reported at synth).
    pub fn next(&self, next: &impl IntoChain) -> Chain {
        let n = next.to_chain();
        for end in &self.ends {
            end.set_next(&n.start);
        }
        Chain {
            start: self.start.clone(),
            ends: n.ends,
        }
    }

    /// The name of the first state.
    pub fn start_name(&self) -> String {
        self.start.name()
    }
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Chain({})", self.start.name())
    }
}

impl IntoChain for Chain {
    fn to_chain(&self) -> Chain {
        self.clone()
    }
}

/// Whole seconds of `d` (a sub-second rest is dropped; ASL takes whole seconds).
pub(crate) fn secs(d: Duration) -> u64 {
    d.as_secs()
}

/// Writes the handle type `$ty<L>` around a [`StateRef`]: `Debug` (the state's name),
/// [`IntoChain`], `name()`, `comment`, `query_language`, and `retype` (the same state
/// under another language marker).
macro_rules! state_handle {
    ($ty:ident) => {
        impl<L> $ty<L> {
            /// The state's name in the machine (its `States` key).
            pub fn name(&self) -> String {
                self.0.name()
            }

            /// The same state, committed to the language `M` (see [`lang`](crate::stepfunctions::lang)).
            #[allow(dead_code)]
            pub(crate) fn retype<M>(self) -> $ty<M> {
                $ty(self.0, ::std::marker::PhantomData)
            }
        }

        impl<L> ::std::fmt::Debug for $ty<L> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, concat!(stringify!($ty), "({})"), self.0.name())
            }
        }

        impl<L> $crate::stepfunctions::IntoChain for $ty<L> {
            fn to_chain(&self) -> $crate::stepfunctions::Chain {
                $crate::stepfunctions::Chain {
                    start: self.0.clone(),
                    ends: vec![self.0.clone()],
                }
            }
        }

        impl<L> $ty<L> {
            /// A human-readable `Comment` on the state (default: none).
            pub fn comment(self, comment: &str) -> Self {
                self.0 .0.borrow_mut().comment = Some(comment.to_string());
                self
            }

            /// `QueryLanguage` of this state (default: the machine's). A JSONata state
            /// takes no JSONPath field, and in a JSONata machine every state is JSONata
            /// (both checked at synth).
            pub fn query_language(self, language: $crate::stepfunctions::QueryLanguage) -> Self {
                self.0 .0.borrow_mut().query_language = Some(language);
                self
            }
        }
    };
}
pub(crate) use state_handle;

/// `InputPath` and `OutputPath` (JSONPath), `Output` (JSONata) (every state but Fail).
macro_rules! path_methods {
    ($ty:ident) => {
        impl<L> $ty<L> {
            /// `InputPath`: the part of the input the state works on (default: `$`).
            /// JSONPath only: a state with a JSONata field does not take it (compile error).
            pub fn input_path(self, path: &str) -> $ty<$crate::stepfunctions::lang::JsonPath>
            where
                L: $crate::stepfunctions::lang::TakesJsonPath,
            {
                self.0 .0.borrow_mut().input_path = Some(path.to_string());
                self.retype()
            }

            /// `OutputPath`: the part of the output passed on (default: `$`). JSONPath only.
            pub fn output_path(self, path: &str) -> $ty<$crate::stepfunctions::lang::JsonPath>
            where
                L: $crate::stepfunctions::lang::TakesJsonPath,
            {
                self.0 .0.borrow_mut().output_path = Some(path.to_string());
                self.retype()
            }

            /// JSONata `Output`: the state's output, JSON whose strings may be `{% … %}`
            /// expressions (default: the result). JSONata only: a state with a JSONPath
            /// field does not take it (compile error), nor does a JSONPath machine's state
            /// (synth error).
            pub fn output(
                self,
                output: ::serde_json::Value,
            ) -> $ty<$crate::stepfunctions::lang::Jsonata>
            where
                L: $crate::stepfunctions::lang::TakesJsonata,
            {
                self.0 .0.borrow_mut().output = Some(output);
                self.retype()
            }
        }
    };
}
pub(crate) use path_methods;

/// `Assign` (Task, Pass, Wait, Parallel, Map, Choice).
macro_rules! assign_methods {
    ($ty:ident) => {
        impl<L> $ty<L> {
            /// `Assign`: variables set after the state runs, `{"name": value}`; values are
            /// `{% … %}` expressions in a JSONata state, `"name.$"` paths in a JSONPath one
            /// (default: none).
            pub fn assign(self, variables: ::serde_json::Value) -> Self {
                self.0 .0.borrow_mut().assign = Some(variables);
                self
            }
        }
    };
}
pub(crate) use assign_methods;

/// JSONata `Arguments` (Task, Parallel).
macro_rules! arguments_methods {
    ($ty:ident) => {
        impl<L> $ty<L> {
            /// JSONata `Arguments`: the effective input (for a service integration, the API
            /// parameters, replacing the integration's own but for its references), JSON
            /// whose strings may be `{% … %}` expressions. JSONata only (a compile error on a
            /// state with a JSONPath field, a synth error in a JSONPath machine).
            pub fn arguments(
                self,
                arguments: ::serde_json::Value,
            ) -> $ty<$crate::stepfunctions::lang::Jsonata>
            where
                L: $crate::stepfunctions::lang::TakesJsonata,
            {
                self.0 .0.borrow_mut().arguments = Some(arguments);
                self.retype()
            }
        }
    };
}
pub(crate) use arguments_methods;

/// `Parameters` and `ResultPath` (Pass, Task, Parallel, Map), JSONPath.
macro_rules! result_methods {
    ($ty:ident) => {
        impl<L> $ty<L> {
            /// `Parameters`: the effective input, a JSON template whose `"key.$"` entries are
            /// paths (default: the input as is). JSONPath only.
            pub fn parameters(
                self,
                parameters: ::serde_json::Value,
            ) -> $ty<$crate::stepfunctions::lang::JsonPath>
            where
                L: $crate::stepfunctions::lang::TakesJsonPath,
            {
                self.0 .0.borrow_mut().parameters = Some(parameters);
                self.retype()
            }

            /// `ResultPath`: where in the input the result goes (default: `$`, the result
            /// replaces the input). JSONPath only.
            pub fn result_path(self, path: &str) -> $ty<$crate::stepfunctions::lang::JsonPath>
            where
                L: $crate::stepfunctions::lang::TakesJsonPath,
            {
                self.0 .0.borrow_mut().result_path = Some(path.into());
                self.retype()
            }

            /// `"ResultPath": null`: the result is discarded and the input passed on.
            /// JSONPath only.
            pub fn discard_result(self) -> $ty<$crate::stepfunctions::lang::JsonPath>
            where
                L: $crate::stepfunctions::lang::TakesJsonPath,
            {
                self.0 .0.borrow_mut().result_path = Some(::serde_json::Value::Null);
                self.retype()
            }
        }
    };
}
pub(crate) use result_methods;

/// `ResultSelector` (JSONPath), `Retry` and `Catch` (Task, Parallel, Map).
macro_rules! retry_catch_methods {
    ($ty:ident) => {
        impl<L> $ty<L> {
            /// `ResultSelector`: a JSON template applied to the raw result (default: none).
            /// JSONPath only.
            pub fn result_selector(
                self,
                selector: ::serde_json::Value,
            ) -> $ty<$crate::stepfunctions::lang::JsonPath>
            where
                L: $crate::stepfunctions::lang::TakesJsonPath,
            {
                self.0 .0.borrow_mut().result_selector = Some(selector);
                self.retype()
            }

            /// Adds a `Retry` rule, after the ones already added (`States.ALL` must be the
            /// last and alone: checked at synth).
            pub fn retry(self, retry: $crate::stepfunctions::Retry) -> Self {
                self.0 .0.borrow_mut().retries.push(retry);
                self
            }

            /// Adds a `Catch` rule, after the ones already added: on those errors the
            /// execution continues at the catch's handler.
            pub fn catch(self, catch: $crate::stepfunctions::Catch) -> Self {
                catch.handler.add_incoming(&self.0);
                self.0 .0.borrow_mut().catches.push(catch);
                self
            }
        }
    };
}
pub(crate) use retry_catch_methods;

/// `next` and `end` (Task, Pass, Wait, Parallel, Map).
macro_rules! next_methods {
    ($ty:ident) => {
        impl<L> $ty<L> {
            /// Continues with `next` (`Next`); returns the chain, so `a.next(&b).next(&c)`.
            /// Without a `Next` the state gets `End: true`.
            pub fn next(
                &self,
                next: &impl $crate::stepfunctions::IntoChain,
            ) -> $crate::stepfunctions::Chain {
                $crate::stepfunctions::IntoChain::to_chain(self).next(next)
            }

            /// Marks the state as the last (`End: true`), which it is anyway without a
            /// `Next`; a `Next` after it is reported at synth.
            pub fn end(self) -> Self {
                self.0 .0.borrow_mut().end = true;
                self
            }
        }
    };
}
pub(crate) use next_methods;
