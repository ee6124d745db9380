// Checks that this host can take a training run: CPUs, memory and disk as the operating
// system reports them now. In the full pipeline the same check runs on each candidate VM.
using System.Globalization;
using EdgeFlows.Durable;

namespace EdgeFlows.Samples.Demo.Activities;

/// <summary>What a training run needs from its host.</summary>
/// <param name="MinCpuCount">Processors available to the process.</param>
/// <param name="MinAvailableMemoryMb">Memory available without swapping (MemAvailable), in MiB.</param>
/// <param name="MinFreeDiskMb">Free space where models are written, in MiB.</param>
public sealed record ComputeRequirements(int MinCpuCount = 1, long MinAvailableMemoryMb = 256, long MinFreeDiskMb = 64);

/// <summary>Input of <see cref="CheckCompute"/>.</summary>
/// <param name="WorkDirectory">Where models will be written; its file system is the one measured.</param>
/// <param name="Requirements">The thresholds.</param>
public sealed record ComputeCheckRequest(string WorkDirectory, ComputeRequirements Requirements);

/// <summary>The host's resources and whether they meet the requirements.</summary>
/// <param name="Host">The machine name.</param>
/// <param name="CpuCount">Processors available to this process.</param>
/// <param name="MemoryTotalMb">Total memory, MiB.</param>
/// <param name="MemoryAvailableMb">Memory available for new work, MiB.</param>
/// <param name="MemorySource">Where the memory figures come from (<c>/proc/meminfo</c>, or the runtime's view elsewhere).</param>
/// <param name="DiskPath">The directory whose file system was measured.</param>
/// <param name="DiskFreeMb">Free space there, MiB.</param>
/// <param name="Sufficient">True when every requirement is met.</param>
/// <param name="Shortfalls">One line per requirement not met.</param>
public sealed record ComputeReport(
    string Host,
    int CpuCount,
    long MemoryTotalMb,
    long MemoryAvailableMb,
    string MemorySource,
    string DiskPath,
    long DiskFreeMb,
    bool Sufficient,
    IReadOnlyList<string> Shortfalls);

/// <summary>Measures CPUs, memory and free disk on this host.</summary>
public sealed class CheckCompute : TaskActivity<ComputeCheckRequest, ComputeReport>
{
    private const string MemInfoPath = "/proc/meminfo";
    private const long BytesPerMb = 1024 * 1024;

    /// <inheritdoc />
    public override async Task<ComputeReport> RunAsync(TaskActivityContext context, ComputeCheckRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Directory.CreateDirectory(input.WorkDirectory);
        var (totalMb, availableMb, source) = await ReadMemoryAsync(cancellationToken);
        var diskFreeMb = new DriveInfo(Path.GetFullPath(input.WorkDirectory)).AvailableFreeSpace / BytesPerMb;
        var cpus = Environment.ProcessorCount;

        var required = input.Requirements;
        var shortfalls = new List<string>();
        if (cpus < required.MinCpuCount)
        {
            shortfalls.Add($"{cpus} CPUs, {required.MinCpuCount} required");
        }

        if (availableMb < required.MinAvailableMemoryMb)
        {
            shortfalls.Add($"{availableMb} MiB memory available, {required.MinAvailableMemoryMb} MiB required");
        }

        if (diskFreeMb < required.MinFreeDiskMb)
        {
            shortfalls.Add($"{diskFreeMb} MiB disk free, {required.MinFreeDiskMb} MiB required");
        }

        return new ComputeReport(
            Environment.MachineName, cpus, totalMb, availableMb, source, Path.GetFullPath(input.WorkDirectory), diskFreeMb, shortfalls.Count == 0, shortfalls);
    }

    private static async Task<(long TotalMb, long AvailableMb, string Source)> ReadMemoryAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(MemInfoPath))
        {
            // Lines look like "MemAvailable:    3054412 kB".
            var values = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var line in await File.ReadAllLinesAsync(MemInfoPath, cancellationToken))
            {
                var parts = line.Split(':', 2);
                var number = parts.Length == 2 ? parts[1].Trim().Split(' ')[0] : string.Empty;
                if (long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                {
                    values[parts[0]] = kb;
                }
            }

            if (values.TryGetValue("MemTotal", out var total) && values.TryGetValue("MemAvailable", out var available))
            {
                return (total / 1024, available / 1024, MemInfoPath);
            }
        }

        // Not Linux (a developer's Mac, say): the runtime's view of the memory it may use.
        var info = GC.GetGCMemoryInfo();
        var totalBytes = info.TotalAvailableMemoryBytes;
        return (totalBytes / BytesPerMb, (totalBytes - info.MemoryLoadBytes) / BytesPerMb, "GC.GetGCMemoryInfo");
    }
}
