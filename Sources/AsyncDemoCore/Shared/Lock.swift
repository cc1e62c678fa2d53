import Locking

/// The package's one lock (see Locking's `LockedState`), named once for every file of the core.
@usableFromInline typealias LockedState<State> = Locking.LockedState<State>
