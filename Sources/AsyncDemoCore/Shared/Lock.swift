import Locking

/// The package's one lock (see Locking's `LockedState`) under its plain name for a core file that
/// does not import Locking itself; every file that uses it should, and then this can go.
typealias LockedState<State> = Locking.LockedState<State>
