namespace EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

/// <summary>Files of this repository the end-to-end tests use: the reference trainer and its data.</summary>
public static class RepositoryFiles
{
    /// <summary>The repository's root (the folder holding EdgeFlows.sln), found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string TrainPy => Path.Combine(Root, "samples", "trainer", "train.py");

    public static string ScorePy => Path.Combine(Root, "samples", "trainer", "score.py");

    public static string BreastCancerCsv => Path.Combine(Root, "samples", "data", "breast_cancer_wisconsin.csv");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeFlows.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No EdgeFlows.sln above {AppContext.BaseDirectory}.");
    }
}
