namespace EdgeFlows.Samples.Demo.Display;

/// <summary>Shows paths relative to the current directory when they lie under it.</summary>
internal static class Paths
{
    public static string Show(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
