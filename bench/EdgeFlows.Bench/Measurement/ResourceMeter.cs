// What one run costs the process: CPU time (user + system, every thread), which says more
// than wall-clock time on a shared machine, and the peak working set. On Linux the kernel keeps the high-water
// mark that Process.PeakWorkingSet64 reads (VmHWM); writing 5 to /proc/self/clear_refs
// resets it, so each run of a --repeat reports its own peak. Where that reset is not
// possible, the working set is sampled every few milliseconds and the largest sample wins.
using System.Diagnostics;

namespace EdgeFlows.Bench.Measurement;

/// <summary>Measures CPU time and the peak working set from <see cref="Start"/> on.</summary>
internal sealed class ResourceMeter : IDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);
    private const double BytesPerMb = 1024 * 1024;

    private readonly Process _process = Process.GetCurrentProcess();
    private readonly Timer? _sampler;
    private readonly TimeSpan _cpuAtStart;
    private readonly long _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
    private readonly TimeSpan _gcPauseAtStart = GC.GetTotalPauseDuration();
    private readonly int[] _collectionsAtStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private long _sampledPeak;

    private ResourceMeter(bool kernelPeakWasReset)
    {
        _cpuAtStart = _process.TotalProcessorTime;
        if (!kernelPeakWasReset)
        {
            _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, SampleInterval);
        }
    }

    /// <summary>Starts measuring after a full garbage collection, so an earlier run's garbage does not count.</summary>
    public static ResourceMeter Start()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new ResourceMeter(TryResetKernelPeak());
    }

    /// <summary>CPU seconds the whole process used since <see cref="Start"/>.</summary>
    public double CpuSeconds
    {
        get
        {
            _process.Refresh();
            return BenchMetrics.Round((_process.TotalProcessorTime - _cpuAtStart).TotalSeconds);
        }
    }

    /// <summary>The peak so far, in MiB.</summary>
    public double PeakMb
    {
        get
        {
            _process.Refresh();
            var peak = _sampler is null ? _process.PeakWorkingSet64 : Math.Max(Interlocked.Read(ref _sampledPeak), _process.WorkingSet64);
            return BenchMetrics.Round(peak / BytesPerMb);
        }
    }

    /// <summary>Garbage collector activity since <see cref="Start"/>, for --profile.</summary>
    public string FormatGarbageCollection(long activities)
    {
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: false) - _allocatedAtStart) / BytesPerMb;
        var perActivity = activities > 0 ? $" ({allocatedMb * 1024 / activities:0.0} KiB per activity)" : string.Empty;
        var pause = GC.GetTotalPauseDuration() - _gcPauseAtStart;
        return $"GC: {allocatedMb:0.0} MiB allocated{perActivity}; collections gen0 {GC.CollectionCount(0) - _collectionsAtStart[0]}, " +
            $"gen1 {GC.CollectionCount(1) - _collectionsAtStart[1]}, gen2 {GC.CollectionCount(2) - _collectionsAtStart[2]}; paused {pause.TotalSeconds:0.000} s; " +
            $"CPU {CpuSeconds:0.000} s";
    }

    public void Dispose()
    {
        _sampler?.Dispose();
        _process.Dispose();
    }

    private static bool TryResetKernelPeak()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        var current = process.WorkingSet64;
        long seen;
        while ((seen = Interlocked.Read(ref _sampledPeak)) < current && Interlocked.CompareExchange(ref _sampledPeak, current, seen) != seen)
        {
        }
    }
}
