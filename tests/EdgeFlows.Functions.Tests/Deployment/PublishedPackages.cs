// Where the tests find the deployment packages: eng/test.sh runs eng/publish.sh after the
// build and exports EDGEFLOWS_TEST_PACKAGES (the folder holding edgeflows-<version>-<rid>.zip).
// Without it every package test fails and says how to fix that, rather than skipping, so a run
// that never built the packages does not look green.
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;

namespace EdgeFlows.Functions.Tests.Deployment;

internal static class PublishedPackages
{
    public const string EnvironmentVariable = "EDGEFLOWS_TEST_PACKAGES";

    /// <summary>The app's version without the commit (0.1.0 of 0.1.0+sha), as the zip names carry it.</summary>
    public static string Version
    {
        get
        {
            var informational = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
    }

    /// <summary>The path of the package for a runtime (win-x64, linux-x64); fails when it is not there.</summary>
    public static string Path(string runtime)
    {
        var folder = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set, so there are no packages to check. Run eng/test.sh, or run " +
                $"'eng/publish.sh' and then 'export {EnvironmentVariable}=$PWD/artifacts' before dotnet test.");
        }

        var path = System.IO.Path.Combine(folder, $"edgeflows-{Version}-{runtime}.zip");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} does not exist: eng/publish.sh names its packages edgeflows-<the app's version>-<runtime>.zip. Run it again.", path);
    }

    public static ZipArchive Open(string runtime) => ZipFile.OpenRead(Path(runtime));

    public static ZipArchiveEntry Entry(ZipArchive package, string name) =>
        package.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"The package has no '{name}' at its root.");

    public static JsonDocument ReadJson(ZipArchive package, string name)
    {
        using var stream = Entry(package, name).Open();
        return JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
    }
}
