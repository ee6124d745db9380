// The pipeline's paths on this host that hold state (the OCI layout folder, the local runner's
// job folders) resolve against the app's data folder, as the SQLite store does: a relative
// path would otherwise land in the app's own folder, which the next deployment replaces. The
// recipes' code files stay relative to the app's folder: they ship in the package. An ssh
// target's WorkRoot is a path on its VM and is left as it is.
using EdgeFlows.Functions.Pipeline.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Resolves the pipeline's relative state paths against the data folder.</summary>
public static class AppPipelinePaths
{
    /// <summary>
    /// Makes <c>EdgeFlows:Image:LayoutFolder</c> and every local target's <c>WorkRoot</c>
    /// absolute, under <c>EdgeFlows:Host:DataFolder</c> when relative.
    /// </summary>
    public static IServiceCollection ResolvePipelinePathsInDataFolder(this IServiceCollection services, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(environment);
        services.AddOptions<RetrainPipelineOptions>().PostConfigure<IOptions<HostingOptions>>((pipeline, hosting) =>
        {
            var folder = hosting.Value.EffectiveDataFolder(environment.ContentRootPath);
            pipeline.Image.LayoutFolder = InDataFolder(pipeline.Image.LayoutFolder, folder);
            foreach (var target in pipeline.Targets.Values.Where(t => t.Kind == TrainingTargetOptions.LocalKind))
            {
                target.WorkRoot = InDataFolder(target.WorkRoot, folder);
            }
        });
        return services;
    }

    /// <summary>The path under <paramref name="folder"/> when relative; blank and absolute paths unchanged (validation reports a blank one).</summary>
    private static string InDataFolder(string path, string folder) =>
        string.IsNullOrWhiteSpace(path) || Path.IsPathFullyQualified(path) || path.Any(char.IsControl) ? path : Path.GetFullPath(path, folder);
}
