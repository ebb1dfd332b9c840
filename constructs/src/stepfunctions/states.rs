//! The flow states: Pass, Wait, Parallel, Succeed, Fail (Map is in `map.rs`).

use std::marker::PhantomData;
use std::time::Duration;

use serde_json::Value as Json;

use super::state::{
    arguments_methods, assign_methods, next_methods, path_methods, result_methods,
    retry_catch_methods, secs, state_handle, Kind, StateRef, WaitFor,
};
use super::{lang, IntoChain};

/// A Pass state: passes its input on, or a fixed [`result`](Pass::result).
#[derive(Clone)]
pub struct Pass<L = lang::Any>(pub(crate) StateRef, pub(crate) PhantomData<L>);

state_handle!(Pass);
path_methods!(Pass);
result_methods!(Pass);
next_methods!(Pass);
assign_methods!(Pass);

impl Pass {
    /// A Pass state named `name` (unique in the machine, at most 80 characters).
    pub fn new(name: &str) -> Pass {
        Pass(
            StateRef::new(name, Kind::Pass { result: None }),
            PhantomData,
        )
    }
}

impl<L> Pass<L> {
    /// `Result`: the output instead of the input (any JSON). JSONPath only (a JSONata
    /// Pass state writes its `output`).
    pub fn result(self, result: impl Into<Json>) -> Pass<lang::JsonPath>
    where
        L: lang::TakesJsonPath,
    {
        if let Kind::Pass { result: r } = &mut self.0 .0.borrow_mut().kind {
            *r = Some(result.into());
        }
        self.retype()
    }
}

/// A Wait state: waits a number of seconds or until a timestamp.
#[derive(Clone)]
pub struct Wait<L = lang::Any>(pub(crate) StateRef, pub(crate) PhantomData<L>);

state_handle!(Wait);
path_methods!(Wait);
next_methods!(Wait);
assign_methods!(Wait);

impl Wait {
    fn with<L>(name: &str, w: WaitFor) -> Wait<L> {
        Wait(StateRef::new(name, Kind::Wait(w)), PhantomData)
    }

    /// Waits `duration` (`Seconds`, whole seconds).
    pub fn duration(name: &str, duration: Duration) -> Wait {
        Wait::with(name, WaitFor::Seconds(secs(duration)))
    }

    /// Waits the number of seconds at `path` in the input (`SecondsPath`; JSONPath, so the
    /// state takes no JSONata field).
    pub fn seconds_path(name: &str, path: &str) -> Wait<lang::JsonPath> {
        Wait::with(name, WaitFor::SecondsPath(path.to_string()))
    }

    /// Waits until `timestamp`, RFC 3339 (`Timestamp`: `2026-12-01T16:00:00Z`).
    pub fn until(name: &str, timestamp: &str) -> Wait {
        Wait::with(name, WaitFor::Timestamp(timestamp.to_string()))
    }

    /// Waits until the timestamp at `path` in the input (`TimestampPath`; JSONPath, so the
    /// state takes no JSONata field).
    pub fn timestamp_path(name: &str, path: &str) -> Wait<lang::JsonPath> {
        Wait::with(name, WaitFor::TimestampPath(path.to_string()))
    }
}

/// A Parallel state: runs every branch on its input; the output is the list of the
/// branches' outputs.
#[derive(Clone)]
pub struct Parallel<L = lang::Any>(pub(crate) StateRef, pub(crate) PhantomData<L>);

state_handle!(Parallel);
path_methods!(Parallel);
result_methods!(Parallel);
retry_catch_methods!(Parallel);
next_methods!(Parallel);
arguments_methods!(Parallel);
assign_methods!(Parallel);

impl Parallel {
    /// A Parallel state named `name`, with no branches yet.
    pub fn new(name: &str) -> Parallel {
        Parallel(
            StateRef::new(
                name,
                Kind::Parallel {
                    branches: Vec::new(),
                },
            ),
            PhantomData,
        )
    }
}

impl<L> Parallel<L> {
    /// Adds a branch starting at `branch` (its states are its own: a `Next` out of the
    /// branch is reported at synth).
    pub fn branch(self, branch: &impl IntoChain) -> Self {
        if let Kind::Parallel { branches } = &mut self.0 .0.borrow_mut().kind {
            branches.push(branch.to_chain().start);
        }
        self
    }
}

/// A Succeed state: ends the execution (or the branch) successfully.
#[derive(Clone)]
pub struct Succeed<L = lang::Any>(pub(crate) StateRef, pub(crate) PhantomData<L>);

state_handle!(Succeed);
path_methods!(Succeed);

impl Succeed {
    /// A Succeed state named `name`.
    pub fn new(name: &str) -> Succeed {
        Succeed(StateRef::new(name, Kind::Succeed), PhantomData)
    }
}

/// A Fail state: ends the execution with an error and a cause.
#[derive(Clone)]
pub struct Fail<L = lang::Any>(pub(crate) StateRef, pub(crate) PhantomData<L>);

state_handle!(Fail);

impl Fail {
    /// A Fail state named `name` (no error or cause until set).
    pub fn new(name: &str) -> Fail {
        Fail(
            StateRef::new(
                name,
                Kind::Fail {
                    error: None,
                    cause: None,
                    error_path: None,
                    cause_path: None,
                },
            ),
            PhantomData,
        )
    }
}

impl<L> Fail<L> {
    fn edit(self, f: impl FnOnce(&mut [&mut Option<String>; 4])) -> Self {
        if let Kind::Fail {
            error,
            cause,
            error_path,
            cause_path,
        } = &mut self.0 .0.borrow_mut().kind
        {
            f(&mut [error, cause, error_path, cause_path]);
        }
        self
    }

    /// `Error`: the error name.
    pub fn error(self, error: &str) -> Self {
        self.edit(|f| *f[0] = Some(error.to_string()))
    }

    /// `Cause`: a human-readable message.
    pub fn cause(self, cause: &str) -> Self {
        self.edit(|f| *f[1] = Some(cause.to_string()))
    }

    /// `ErrorPath`: the error name read from the input. JSONPath only (in JSONata, give
    /// [`error`](Self::error) a `{% … %}` expression).
    pub fn error_path(self, path: &str) -> Fail<lang::JsonPath>
    where
        L: lang::TakesJsonPath,
    {
        self.edit(|f| *f[2] = Some(path.to_string())).retype()
    }

    /// `CausePath`: the cause read from the input. JSONPath only.
    pub fn cause_path(self, path: &str) -> Fail<lang::JsonPath>
    where
        L: lang::TakesJsonPath,
    {
        self.edit(|f| *f[3] = Some(path.to_string())).retype()
    }
}
