//! Billing modes as types, so capacity settings exist only where they mean something.
//!
//! A [`TableBuilder`](super::TableBuilder) starts as `TableBuilder<OnDemand>` and becomes
//! `TableBuilder<Provisioned>` with [`.provisioned(read, write)`](super::TableBuilder::provisioned).
//! Options that only make sense for provisioned capacity (`.read_capacity`,
//! `.auto_scale_read_capacity`, an index with its own capacity) require
//! [`ProvisionedBilling`], which only [`Provisioned`] implements; on an on-demand table they
//! are compile errors that say so.

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// Typestate: the table is billed per request (`BillingMode: PAY_PER_REQUEST`). The default.
#[derive(Debug)]
pub enum OnDemand {}

/// Typestate: the table is billed for provisioned read and write capacity units
/// (`ProvisionedThroughput`).
#[derive(Debug)]
pub enum Provisioned {}

/// A billing mode typestate: [`OnDemand`] or [`Provisioned`]. Sealed.
pub trait Billing: sealed::Sealed {
    /// Whether this is [`Provisioned`].
    const PROVISIONED: bool;
}

impl sealed::Sealed for OnDemand {}
impl sealed::Sealed for Provisioned {}

impl Billing for OnDemand {
    const PROVISIONED: bool = false;
}

impl Billing for Provisioned {
    const PROVISIONED: bool = true;
}

/// Implemented only by [`Provisioned`]: the bound on options that set provisioned capacity.
#[diagnostic::on_unimplemented(
    message = "this option sets provisioned capacity, but the table is billed `{Self}`",
    label = "only provisioned tables have read/write capacity to set",
    note = "call `.provisioned(read, write)` on the table builder first, or drop this option: on-demand (PAY_PER_REQUEST) tables scale without capacity settings"
)]
pub trait ProvisionedBilling: Billing {}

impl ProvisionedBilling for Provisioned {}
