/// A command whose options are fully checked only once the whole command line is known: the
/// dashboard's and `snapshot`'s `--speed` range is not `demo`'s, and the root command's
/// `validate()` runs before ArgumentParser knows which subcommand follows.
protocol CheckedBeforeRun {
    /// Throws the error that refuses the command line; does nothing else.
    func checkBeforeRun() throws
}
