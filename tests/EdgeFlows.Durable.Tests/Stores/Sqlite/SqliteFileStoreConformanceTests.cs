// The conformance suite on a SQLite file with synchronous FULL, as production runs it.
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Sqlite;

namespace EdgeFlows.Durable.Tests.Stores.Sqlite;

public sealed class SqliteFileStoreConformanceTests : PersistentStoreConformanceTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));
    private string? _firstFile;
    private int _files;

    protected override Task<IOrchestrationStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        var file = Path.Combine(_directory, $"store-{++_files}.db");
        _firstFile ??= file;
        return Task.FromResult<IOrchestrationStore>(Open(file, timeProvider));
    }

    protected override Task<IOrchestrationStore> ReopenStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<IOrchestrationStore>(Open(_firstFile ?? throw new InvalidOperationException("No store was created yet."), timeProvider));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The test never created a file.
        }
    }

    private static SqliteOrchestrationStore Open(string file, TimeProvider timeProvider) =>
        new(new SqliteStoreOptions { DataSource = file, Synchronous = "FULL" }, timeProvider);
}
