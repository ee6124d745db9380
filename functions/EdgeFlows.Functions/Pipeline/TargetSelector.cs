using System.Globalization;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// Picks the training target for a recipe from the targets' reports. A target is fit when it
/// is reachable, has the free disk and available memory the recipe asks for, a GPU and a
/// container runtime if the recipe needs them, and room for another job. Of the fit ones the
/// best has the fewest running jobs, then the most available memory, then the most free disk,
/// then comes first in configuration. Pure and deterministic: orchestrator code calls it.
/// </summary>
public static class TargetSelector
{
    /// <summary>The best fit target, or none and why each target is unfit.</summary>
    public static TargetChoice Choose(IReadOnlyList<TargetReport> reports, RecipePlan recipe)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(recipe);
        var fit = new List<(TargetReport Report, int Order)>();
        var reasons = new List<string>();
        for (var i = 0; i < reports.Count; i++)
        {
            var problem = WhyUnfit(reports[i], recipe);
            if (problem is null)
            {
                fit.Add((reports[i], i));
            }
            else
            {
                reasons.Add($"{reports[i].Target}: {problem}");
            }
        }

        var best = fit
            .OrderBy(f => f.Report.RunningJobs)
            .ThenByDescending(f => f.Report.MemoryAvailableBytes)
            .ThenByDescending(f => f.Report.FreeDiskBytes)
            .ThenBy(f => f.Order)
            .Select(f => f.Report.Target)
            .FirstOrDefault();
        return new TargetChoice(best, reasons);
    }

    /// <summary>Why the target cannot take the recipe's job, or null when it can.</summary>
    public static string? WhyUnfit(TargetReport report, RecipePlan recipe)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(recipe);
        if (!report.Reachable)
        {
            return $"unreachable ({report.Error ?? "no answer"})";
        }

        var problems = new List<string>();
        if (report.FreeDiskBytes < recipe.MinFreeDiskBytes)
        {
            problems.Add($"{Bytes(report.FreeDiskBytes)} free disk, the recipe needs {Bytes(recipe.MinFreeDiskBytes)}");
        }

        if (report.MemoryAvailableBytes < recipe.MinMemoryBytes)
        {
            problems.Add($"{Bytes(report.MemoryAvailableBytes)} memory available, the recipe needs {Bytes(recipe.MinMemoryBytes)}");
        }

        if (recipe.NeedsGpu && report.GpuCount < 1)
        {
            problems.Add("no GPU, the recipe needs one");
        }

        if (recipe.NeedsDocker && string.IsNullOrEmpty(report.ContainerRuntime))
        {
            problems.Add("no container runtime, the recipe needs docker");
        }

        if (report.RunningJobs >= report.MaxConcurrentJobs)
        {
            problems.Add($"busy ({report.RunningJobs} running jobs of at most {report.MaxConcurrentJobs})");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}

/// <summary>The chosen target, or none, and why the others were unfit.</summary>
/// <param name="Target">The chosen target, or null when none is fit.</param>
/// <param name="Reasons">For each unfit target: its name and why.</param>
public sealed record TargetChoice(string? Target, IReadOnlyList<string> Reasons);
