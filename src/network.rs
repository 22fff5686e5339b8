//! Scenario -> Network: the dependency graph compiled into flat arrays in topological order.
