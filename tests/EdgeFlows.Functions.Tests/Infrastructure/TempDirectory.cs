namespace EdgeFlows.Functions.Tests.Infrastructure;

/// <summary>A temporary folder deleted on dispose, for a database that several hosts share.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));

    public TempDirectory() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => TryDelete(Path);

    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open after a slow shutdown; the temp folder is cleaned later.
        }
    }
}
