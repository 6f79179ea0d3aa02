// Fixtures run side by side: each owns its TestHost (own temp folder, SQLite file and plugin copy), and most of a
// test's time is spent waiting on background operations, not on the CPU. Tests inside a fixture stay sequential.
// Fixtures that spawn processes with fixed resources or drive heavy load opt out with [NonParallelizable].
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
