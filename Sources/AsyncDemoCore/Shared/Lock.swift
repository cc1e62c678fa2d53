import Locking

/// The package's one lock (see Locking's `LockedState`), named once for every file of the core.
typealias LockedState<State> = Locking.LockedState<State>
