namespace EdgeFlows.Activities.Tests.Training;

/// <summary>Fresh folders for job work roots and markers, under EDGEFLOWS_TEST_WORK when eng/test.sh set it.</summary>
internal static class TestFolders
{
    public static string Create(string purpose)
    {
        var parent = Environment.GetEnvironmentVariable("EDGEFLOWS_TEST_WORK") is { Length: > 0 } work ? work : Path.GetTempPath();
        var path = Path.Join(parent, $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A job process may still be closing a file; the test folder goes with the run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Whether a process with this id exists (and is not a zombie).</summary>
    public static bool ProcessExists(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
