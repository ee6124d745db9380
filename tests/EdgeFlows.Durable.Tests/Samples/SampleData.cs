namespace EdgeFlows.Durable.Tests.Samples;

/// <summary>The demo's data set, copied beside the test binaries by the sample project.</summary>
internal static class SampleData
{
    public static string BreastCancerCsv { get; } = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer_wisconsin.csv");

    /// <summary>SHA-256 of samples/data/breast_cancer_wisconsin.csv as committed (sha256sum).</summary>
    public const string BreastCancerSha256 = "a4b0375879e574b8b8ce85fde0df5de0dad7cc28b802238710c6cf535893f1fc";
}
