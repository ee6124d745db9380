// Speaks to the job wrapper on a target through a transport (local process or ssh): installs
// it once per target and work root, runs its commands, and turns exit codes and replies into
// statuses, reports and clear exceptions. Both runners are this client with another transport.
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using EdgeFlows.Activities.Training.Transport;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Training.Wrapper;

internal sealed class JobWrapperClient
{
    // The wrapper's exit code for a refusal it explains in {"error": ...}.
    private const int RefusedExitCode = 3;

    // Python's exit code when the script file does not exist (the wrapper was removed).
    private const int ScriptMissingExitCode = 2;

    private const int ShellCommandNotFound = 127;

    // Seconds a cancel leaves between the wrapper's answer and the command timeout (connecting, Python starting).
    private const double CancelReplyMarginSeconds = 5;

    private readonly ITargetTransport _transport;
    private readonly TrainingRunnerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, bool> _installed = new(StringComparer.Ordinal);

    public JobWrapperClient(ITargetTransport transport, TrainingRunnerOptions options, ILogger logger)
    {
        _transport = transport;
        _options = options;
        _logger = logger;
    }

    public async Task<ComputeReport> ProbeAsync(TrainingTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Validate();
        ComputeReport report;
        try
        {
            var stdout = await InvokeAsync(target, "probe", [_transport.ResolveWorkRoot(target)], ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            report = WrapperReplies.ToReport(target, WrapperReplies.Parse<WrapperReplies.ProbeReply>(target, stdout));
        }
        catch (TrainingTargetException e)
        {
            // Connected but unable to run the wrapper is "reachable, not usable".
            var reachable = e.Failure is TrainingTargetFailure.CommandFailed;
            report = new ComputeReport(target.Name, reachable, e.Message);
        }

        _logger.Probed(target.Name, report.Reachable, report.Error);
        return report;
    }

    public async Task<TrainingJobStatus> StartAsync(TrainingTarget target, TrainingJobSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(spec);
        target.Validate();
        spec.Validate();
        var envelope = await JobEnvelope.CreateAsync(spec, _options.MaxCodeBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            var status = await JobCommandAsync(target, "start", spec.JobId, envelope, cancellationToken).ConfigureAwait(false);
            _logger.JobStarted(spec.JobId, target.Name, status.Phase);
            return status;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(envelope);
        }
    }

    public Task<TrainingJobStatus> GetStatusAsync(TrainingTarget target, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Validate();
        TrainingJobIds.Validate(jobId);
        return JobCommandAsync(target, "status", jobId, ReadOnlyMemory<byte>.Empty, cancellationToken);
    }

    public async Task<TrainingJobStatus> CancelAsync(TrainingTarget target, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Validate();
        TrainingJobIds.Validate(jobId);
        // The wrapper waits for the job to stop, but must answer before the command times out.
        var wait = Math.Max(0, target.CommandTimeout.TotalSeconds - CancelReplyMarginSeconds);
        var status = await JobCommandAsync(target, "cancel", jobId, ReadOnlyMemory<byte>.Empty, cancellationToken,
            wait.ToString("0.###", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        _logger.JobCancelled(jobId, target.Name, status.Phase);
        return status;
    }

    private async Task<TrainingJobStatus> JobCommandAsync(
        TrainingTarget target, string command, string jobId, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken, params string[] extra)
    {
        string[] arguments =
        [
            _transport.ResolveWorkRoot(target),
            jobId,
            _options.LogTailLines.ToString(CultureInfo.InvariantCulture),
            _options.MaxLogLineLength.ToString(CultureInfo.InvariantCulture),
            .. extra,
        ];
        var stdout = await InvokeAsync(target, command, arguments, stdin, cancellationToken).ConfigureAwait(false);
        return WrapperReplies.ToStatus(target, WrapperReplies.Parse<WrapperReplies.StatusReply>(target, stdout), _options);
    }

    private async Task<string> InvokeAsync(TrainingTarget target, string command, string[] arguments, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        var key = _transport.InstallKey(target);
        if (!_installed.ContainsKey(key))
        {
            await InstallAsync(target, key, cancellationToken).ConfigureAwait(false);
        }

        string[] argv = [target.Python, JobWrapperFiles.EntryPath(_transport.ResolveWorkRoot(target)), command, .. arguments];
        var result = await RunAsync(target, command, argv, stdin, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == ScriptMissingExitCode && result.Stderr.Contains(JobWrapperFiles.EntryScript, StringComparison.Ordinal))
        {
            // Someone removed the installed wrapper (e.g. cleaned the work root): install it again.
            _installed.TryRemove(key, out _);
            await InstallAsync(target, key, cancellationToken).ConfigureAwait(false);
            result = await RunAsync(target, command, argv, stdin, cancellationToken).ConfigureAwait(false);
        }

        if (result.ExitCode == 0)
        {
            return result.Stdout;
        }

        var failure = result.ExitCode == RefusedExitCode && WrapperReplies.ErrorOf(result.Stdout) is { } refusal
            ? $"Training target '{target.Name}': the job wrapper refused '{command}': {refusal}"
            : Failed(target, command, result);
        throw Fail(target, command, new TrainingTargetException(target.Name, TrainingTargetFailure.CommandFailed, SasRedaction.Redact(failure)));
    }

    private async Task InstallAsync(TrainingTarget target, string key, CancellationToken cancellationToken)
    {
        string[] argv = [target.Python, "-c", JobWrapperFiles.InstallerCommand, _transport.ResolveWorkRoot(target), JobWrapperFiles.FolderName];
        var result = await RunAsync(target, "install", argv, JobWrapperFiles.InstallPayload(), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw Fail(target, "install", new TrainingTargetException(target.Name, TrainingTargetFailure.CommandFailed,
                SasRedaction.Redact(Failed(target, "install", result))));
        }

        _installed[key] = true;
        _logger.WrapperInstalled(JobWrapperFiles.FolderName, target.Name);
    }

    private async Task<CommandResult> RunAsync(TrainingTarget target, string command, IReadOnlyList<string> argv, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.RunAsync(target, argv, stdin, cancellationToken).ConfigureAwait(false);
        }
        catch (TrainingTargetException e)
        {
            _logger.TargetCommandFailed(command, target.Name, e.Failure, e.Message);
            throw;
        }
    }

    private TrainingTargetException Fail(TrainingTarget target, string command, TrainingTargetException e)
    {
        _logger.TargetCommandFailed(command, target.Name, e.Failure, e.Message);
        return e;
    }

    private static string Failed(TrainingTarget target, string command, CommandResult result)
    {
        var stderr = result.Stderr.Trim();
        if (result.ExitCode == ShellCommandNotFound || (stderr.Contains(target.Python, StringComparison.Ordinal) && stderr.Contains("not found", StringComparison.OrdinalIgnoreCase)))
        {
            return $"Training target '{target.Name}': '{target.Python}' was not found on {target.Describe()}; install Python 3 there or set the target's Python to its path.";
        }

        var lastLine = stderr.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "(no message)";
        if (lastLine.Length > 300)
        {
            lastLine = lastLine[..300] + "…";
        }

        var what = command == "install" ? "installing the job wrapper" : $"the job wrapper's '{command}'";
        return $"Training target '{target.Name}': {what} failed with exit code {result.ExitCode}: {lastLine}";
    }
}
