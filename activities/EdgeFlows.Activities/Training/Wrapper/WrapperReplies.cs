// What the wrapper prints (one JSON object per command) and how it becomes the public types.
// Every text that came from the target is redacted once more here: the wrapper redacts too,
// but a job's own output is not under our control.
using System.Text.Json;

namespace EdgeFlows.Activities.Training.Wrapper;

internal static class WrapperReplies
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static T Parse<T>(TrainingTarget target, string stdout)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(stdout, Json)
                ?? throw new JsonException("null reply");
        }
        catch (JsonException e)
        {
            throw new TrainingTargetException(target.Name, TrainingTargetFailure.CommandFailed,
                $"Training target '{target.Name}': the job wrapper's reply could not be read ({e.Message}).", e);
        }
    }

    public static string? ErrorOf(string stdout)
    {
        try
        {
            return JsonSerializer.Deserialize<ErrorReply>(stdout, Json)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static TrainingJobStatus ToStatus(TrainingTarget target, StatusReply reply, TrainingRunnerOptions options)
    {
        var phase = Enum.TryParse<TrainingJobPhase>(reply.Phase, ignoreCase: false, out var parsed) ? parsed : TrainingJobPhase.Failed;
        var error = reply.Phase is not null && phase == TrainingJobPhase.Failed && !string.Equals(reply.Phase, "Failed", StringComparison.Ordinal)
            ? $"the job wrapper reported an unknown phase '{reply.Phase}'"
            : reply.Error;
        var lines = (reply.LastLogLines ?? [])
            .TakeLast(Math.Max(0, options.LogTailLines))
            .Select(l => Cut(SasRedaction.Redact(l), options.MaxLogLineLength))
            .ToArray();
        return new TrainingJobStatus(
            reply.JobId ?? string.Empty,
            phase,
            reply.ExitCode,
            reply.StartedAt,
            reply.FinishedAt,
            reply.ElapsedSeconds is { } elapsed ? TimeSpan.FromSeconds(elapsed) : null,
            reply.TrainingSeconds,
            lines,
            SasRedaction.RedactOrNull(error))
        {
            Target = target.Name,
            JobFolder = reply.JobFolder,
            CancelRequested = reply.CancelRequested ?? false,
        };
    }

    public static ComputeReport ToReport(TrainingTarget target, ProbeReply reply) =>
        new(target.Name, Reachable: true, SasRedaction.RedactOrNull(reply.Error))
        {
            Os = reply.Os,
            FreeDiskBytes = reply.FreeDiskBytes,
            MemoryTotalBytes = reply.MemoryTotalBytes,
            MemoryAvailableBytes = reply.MemoryAvailableBytes,
            CpuCount = reply.CpuCount,
            Gpus = reply.Gpus ?? [],
            ContainerRuntime = reply.ContainerRuntime,
            RunningJobs = reply.RunningJobs ?? [],
            PythonVersion = reply.PythonVersion,
            ProbedAt = reply.ProbedAt,
        };

    private static string Cut(string line, int max) => max > 0 && line.Length > max ? line[..max] + "…" : line;

    internal sealed record ErrorReply(string? Error);

    internal sealed record StatusReply(
        string? JobId,
        string? Phase,
        int? ExitCode,
        DateTimeOffset? StartedAt,
        DateTimeOffset? FinishedAt,
        double? ElapsedSeconds,
        double? TrainingSeconds,
        string? Error,
        bool? CancelRequested,
        string? JobFolder,
        List<string>? LastLogLines);

    internal sealed record ProbeReply(
        string? Error,
        string? Os,
        long? FreeDiskBytes,
        long? MemoryTotalBytes,
        long? MemoryAvailableBytes,
        int? CpuCount,
        List<GpuInfo>? Gpus,
        ContainerRuntimeInfo? ContainerRuntime,
        List<string>? RunningJobs,
        string? PythonVersion,
        DateTimeOffset? ProbedAt);
}
