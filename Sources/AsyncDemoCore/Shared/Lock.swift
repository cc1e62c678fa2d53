import Locking

/// The package's one lock (see Locking's `LockedState`) under its plain name, usable from the
/// core's inlinable code.
@usableFromInline typealias LockedState<State> = Locking.LockedState<State>
