namespace EdgeFlows.Durable.Tests.Infrastructure;

/// <summary>
/// A SQLite file that outlives the hosts started on it, for tests that stop a host and start
/// another on the same store. Deleted with its folder on dispose.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string _directory;

    public TestDatabase()
    {
        _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "store.db");
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown; the temp folder is cleaned later.
        }
    }
}
