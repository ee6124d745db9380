// One schedule for one dataset: on start, find where the schedule stopped (the newest
// occurrence id in the store) and deal with what was missed; then wait for each occurrence and
// start its run under the occurrence's instance id. Starting an id that exists is a no-op, so
// hosts that share a store race harmlessly: one run per occurrence in all.
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>Runs one schedule for one dataset (or none) until stopped.</summary>
internal sealed class ScheduleRunner
{
    // Waits are cut into pieces of at most this, so a far occurrence (a yearly schedule) never
    // asks for a timer longer than the platform allows, and the clock is looked at again.
    private static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    // Windows searched backwards for the latest of very many missed occurrences.
    private static readonly TimeSpan[] LatestSearchWindows =
        [TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(367)];

    private const int MaxNamed = 10;
    private const int MaxCounted = 10_000;
    private const int RecordsRead = 50;

    private readonly ScheduleOptions _schedule;
    private readonly string? _dataset;
    private readonly CronExpression _cron;
    private readonly TimeZoneInfo _zone;
    private readonly ScheduleTriggerOptions _options;
    private readonly DurableClient _client;
    private readonly IDatasetFingerprintSource? _data;
    private readonly IPromotedFingerprintSource? _promoted;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _prefix;

    public ScheduleRunner(
        ScheduleOptions schedule,
        string? dataset,
        ScheduleTriggerOptions options,
        DurableClient client,
        IDatasetFingerprintSource? data,
        IPromotedFingerprintSource? promoted,
        TimeProvider time,
        ILogger logger)
    {
        _schedule = schedule;
        _dataset = dataset;
        _cron = CronExpression.Parse(schedule.Schedule);
        _zone = ScheduleTimeZones.Find(schedule.TimeZone);
        _options = options;
        _client = client;
        _data = data;
        _promoted = promoted;
        _time = time;
        _logger = logger;
        _prefix = ScheduleOccurrenceId.Prefix(schedule.Name, dataset);
    }

    private string Target => _dataset ?? "no dataset";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var cursor = await RetryAsync(CatchUpAsync, cancellationToken);
        _logger.ScheduleStarted(_schedule.Name, Target, _cron.Text, _zone.Id, _schedule.Orchestrator, _cron.Next(cursor, _zone));
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_cron.Next(cursor, _zone) is not { } next)
            {
                _logger.NoMoreOccurrences(_schedule.Name, Target, cursor);
                return;
            }

            var wait = next - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < MaxWait ? wait : MaxWait, _time, cancellationToken);
                continue;
            }

            // Every occurrence due by now: the latest runs; earlier ones passed while the host
            // was held up (suspended, overloaded) and are only reported.
            var now = _time.GetUtcNow();
            var due = Collect(cursor, now);
            if (due.Count > 1)
            {
                _logger.FellBehind(_schedule.Name, Target, due.Count - 1, Describe(due.Named.Where(o => o != due.Latest).ToList(), due.Count - 1));
            }

            await FireAsync(due.Latest!.Value, ScheduledRun.OnTime, cancellationToken);
            cursor = due.Latest.Value;
        }
    }

    // Where the schedule resumes: occurrences after the returned time run on time.
    private async Task<DateTimeOffset> CatchUpAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var onTimeFrom = now - _options.LateTolerance;
        var last = await FindLastRecordedAsync(cancellationToken);
        if (last is null)
        {
            _logger.FirstStart(_schedule.Name, Target);
            return onTimeFrom;
        }

        if (last.Value >= onTimeFrom)
        {
            return last.Value;
        }

        var missed = Collect(last.Value, onTimeFrom);
        if (missed.Latest is not { } latest)
        {
            return onTimeFrom;
        }

        var onTimeFollows = _cron.Next(onTimeFrom, _zone) is { } upcoming && upcoming <= now;
        var action = (_schedule.MissedOccurrences, onTimeFollows) switch
        {
            (_, true) => "the occurrence due now runs instead",
            (MissedOccurrences.RunOnce, _) => $"running the latest, {latest:O}, once (MissedOccurrences = RunOnce)",
            _ => "none of them runs (MissedOccurrences = Skip)",
        };
        _logger.OccurrencesMissed(_schedule.Name, Target, missed.Count, Describe(missed.Named, missed.Count), action);
        if (!onTimeFollows)
        {
            await FireAsync(latest, ScheduledRun.Missed, cancellationToken);
        }

        return onTimeFrom;
    }

    // The newest occurrence that has an instance: ids sort by occurrence, and the store lists
    // newest first, so the first page holds it.
    private async Task<DateTimeOffset?> FindLastRecordedAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var page = await _client.QueryInstancesAsync(new InstanceQuery(InstanceIdPrefix: _prefix, PageSize: RecordsRead), timeout.Token);
        return page.Items
            .Select(i => ScheduleOccurrenceId.ParseOccurrence(i.InstanceId, _prefix))
            .Where(o => o is not null)
            .Max();
    }

    // Starts the occurrence's run (or records why not), retrying until the next occurrence is due.
    private async Task FireAsync(DateTimeOffset occurrence, string reason, CancellationToken cancellationToken)
    {
        var giveUpAt = _cron.Next(occurrence, _zone) ?? DateTimeOffset.MaxValue;
        while (true)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.RequestTimeout);
                await StartAsync(occurrence, reason, timeout.Token);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (_time.GetUtcNow() + _options.RetryInterval >= giveUpAt)
                {
                    _logger.GivenUp(_schedule.Name, Target, occurrence);
                    return;
                }

                _logger.StartFailed(_schedule.Name, Target, occurrence, _options.RetryInterval.TotalMilliseconds, ex);
                await Task.Delay(_options.RetryInterval, _time, cancellationToken);
            }
        }
    }

    private async Task StartAsync(DateTimeOffset occurrence, string reason, CancellationToken cancellationToken)
    {
        // The look-up only spares the fingerprint check; which host starts the occurrence is
        // decided by the store (TryScheduleNew…: of hosts racing, exactly one creates it).
        var id = ScheduleOccurrenceId.Format(_schedule.Name, _dataset, occurrence);
        if (await _client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            _logger.AlreadyHandled(_schedule.Name, Target, occurrence, id);
            return;
        }

        var run = new ScheduledRun(_dataset, _schedule.Name, occurrence.UtcDateTime, reason);
        if (reason == ScheduledRun.Missed && _schedule.MissedOccurrences == MissedOccurrences.Skip)
        {
            await StartOnceAsync(ScheduledRunSkipped.Name, run with { Reason = ScheduledRunSkipped.MissedAndSkipped }, occurrence, id, cancellationToken);
            return;
        }

        if (_schedule.SkipIfUnchanged && _dataset is not null && await UnchangedFingerprintAsync(occurrence, cancellationToken) is { } fingerprint)
        {
            if (await StartOnceAsync(ScheduledRunSkipped.Name, run with { Reason = ScheduledRunSkipped.Unchanged }, occurrence, id, cancellationToken))
            {
                _logger.SkippedUnchanged(_schedule.Name, Target, occurrence, fingerprint);
            }

            return;
        }

        if (await StartOnceAsync(_schedule.Orchestrator, run, occurrence, id, cancellationToken))
        {
            _logger.RunStarted(_schedule.Name, Target, _schedule.Orchestrator, occurrence, id, reason);
        }
    }

    // Starts the occurrence's instance; false (and logged) when another host got there first.
    private async Task<bool> StartOnceAsync(string orchestrator, ScheduledRun run, DateTimeOffset occurrence, string id, CancellationToken cancellationToken)
    {
        if (await _client.TryScheduleNewOrchestrationInstanceAsync(orchestrator, id, run, cancellationToken))
        {
            return true;
        }

        _logger.AlreadyHandled(_schedule.Name, Target, occurrence, id);
        return false;
    }

    // The fingerprint when the dataset's data is that of its promoted model; null to run.
    private async Task<string?> UnchangedFingerprintAsync(DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var current = _data is null ? null : await _data.GetFingerprintAsync(_dataset!, cancellationToken);
        var promoted = _promoted is null ? null : await _promoted.GetPromotedFingerprintAsync(_dataset!, cancellationToken);
        if (current is null || promoted is null)
        {
            _logger.FingerprintUnknown(_schedule.Name, Target, occurrence, current is null ? "the dataset's fingerprint is unknown" : "no model is promoted");
            return null;
        }

        return string.Equals(current, promoted, StringComparison.OrdinalIgnoreCase) ? current : null;
    }

    // The occurrences in (after, until]: how many (at most MaxCounted), the first few, the latest.
    private Occurrences Collect(DateTimeOffset after, DateTimeOffset until)
    {
        var named = new List<DateTimeOffset>();
        var count = 0;
        DateTimeOffset? latest = null;
        foreach (var occurrence in _cron.Occurrences(after, until, _zone))
        {
            if (named.Count < MaxNamed)
            {
                named.Add(occurrence);
            }

            latest = occurrence;
            if (++count >= MaxCounted)
            {
                latest = LatestIn(after, until);
                break;
            }
        }

        return new Occurrences(count, named, latest);
    }

    private DateTimeOffset? LatestIn(DateTimeOffset after, DateTimeOffset until)
    {
        foreach (var window in LatestSearchWindows)
        {
            var from = until - window > after ? until - window : after;
            if (_cron.Occurrences(from, until, _zone).LastOrDefault() is { } latest && latest != default)
            {
                return latest;
            }
        }

        return _cron.Occurrences(after, until, _zone).Last();
    }

    private static string Describe(IReadOnlyList<DateTimeOffset> named, int count)
    {
        var text = string.Join(", ", named.Take(MaxNamed).Select(o => o.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        return count > named.Count ? $"{text} and {(count >= MaxCounted ? "at least " : string.Empty)}{count - named.Count} more" : text;
    }

    private async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await action(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _logger.StartFailed(_schedule.Name, Target, _time.GetUtcNow(), _options.RetryInterval.TotalMilliseconds, ex);
                await Task.Delay(_options.RetryInterval, _time, cancellationToken);
            }
        }
    }

    private sealed record Occurrences(int Count, IReadOnlyList<DateTimeOffset> Named, DateTimeOffset? Latest);
}
