//! Typed AWS constructs built on `cdk-core`.
//!
//! ```
//! let _ = 1;
//! ```
