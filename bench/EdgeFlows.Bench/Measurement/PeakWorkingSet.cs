// The process's peak working set during one run. On Linux the kernel keeps the high-water
// mark that Process.PeakWorkingSet64 reads (VmHWM); writing 5 to /proc/self/clear_refs
// resets it, so each run of a --repeat reports its own peak. Where that reset is not
// possible, the working set is sampled every few milliseconds and the largest sample wins.
using System.Diagnostics;

namespace EdgeFlows.Bench.Measurement;

/// <summary>Measures the peak working set from <see cref="Start"/> to <see cref="PeakMb"/>.</summary>
internal sealed class PeakWorkingSet : IDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);
    private const double BytesPerMb = 1024 * 1024;

    private readonly Process _process = Process.GetCurrentProcess();
    private readonly Timer? _sampler;
    private long _sampledPeak;

    private PeakWorkingSet(bool kernelPeakWasReset)
    {
        if (!kernelPeakWasReset)
        {
            _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, SampleInterval);
        }
    }

    /// <summary>Starts measuring after a full garbage collection, so an earlier run's garbage does not count.</summary>
    public static PeakWorkingSet Start()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new PeakWorkingSet(TryResetKernelPeak());
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
