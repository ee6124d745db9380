// The schedule trigger: NCRONTAB schedules from EdgeFlows:Schedules start their orchestrations
// at each occurrence, exactly once across hosts and restarts. See docs/schedules.md.
using EdgeFlows.Durable.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>
/// Runs every configured schedule for each of its datasets, each independently. Several hosts
/// may run it against one store: an occurrence's run has an instance id derived from the
/// occurrence, and a second start of it is a no-op.
/// </summary>
public sealed class ScheduleTrigger : BackgroundService
{
    /// <summary>The service key of a <see cref="TimeProvider"/> used by the schedules only (tests give a fake clock here).</summary>
    public const string ClockServiceKey = "EdgeFlows:ScheduleTrigger:Clock";

    private readonly ScheduleTriggerOptions _options;
    private readonly DurableClient _client;
    private readonly IDatasetFingerprintSource? _data;
    private readonly IPromotedFingerprintSource? _promoted;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduleTrigger> _logger;

    /// <summary>Created by DI; see <c>AddScheduleTrigger</c>.</summary>
    /// <exception cref="InvalidOperationException">A schedule skips unchanged data, but no <see cref="IPromotedFingerprintSource"/> is given.</exception>
    public ScheduleTrigger(
        IOptions<ScheduleTriggerOptions> options,
        DurableClient client,
        ILogger<ScheduleTrigger> logger,
        IDatasetFingerprintSource? data = null,
        IPromotedFingerprintSource? promoted = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _data = data;
        _promoted = promoted;
        _time = time ?? TimeProvider.System;
        var needy = _options.Schedules.Select((s, i) => (s, i)).FirstOrDefault(p => p.s.SkipIfUnchanged);
        if (needy.s is not null && (_promoted is null || _data is null))
        {
            throw new InvalidOperationException(
                $"{ScheduleTriggerOptions.SchedulesSectionName}:{needy.i}:SkipIfUnchanged is set, but no " +
                $"{(_promoted is null ? nameof(IPromotedFingerprintSource) + " (the model registry's promoted fingerprints)" : nameof(IDatasetFingerprintSource))} is registered.");
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runners = _options.Schedules
            .SelectMany(s => s.EffectiveDatasets.Count == 0 ? [(s, (string?)null)] : s.EffectiveDatasets.Select(d => (s, (string?)d)))
            .Select(p => new ScheduleRunner(p.s, p.Item2, _options, _client, _data, _promoted, _time, _logger))
            .ToList();
        try
        {
            await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunAsync(stoppingToken), CancellationToken.None)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
