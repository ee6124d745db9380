// A temporary directory holding one registry/store database file per test.
using EdgeFlows.Activities.Models;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Activities.Tests.Models;

public sealed class RegistryFile : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));

    public RegistryFile()
    {
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "edgeflows.db");
    }

    public string Path { get; }

    public SqliteModelRegistry OpenRegistry(TimeProvider? time = null) => new(new SqliteModelRegistryOptions { DataSource = Path }, timeProvider: time);

    public void Sql(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public string Hash() => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path)));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
