// The local target: the wrapper runs as a child process of this host. Jobs it starts are
// detached (their own session), so they outlive this process.
using System.ComponentModel;
using System.Diagnostics;

namespace EdgeFlows.Activities.Training.Transport;

internal sealed class LocalTransport : ITargetTransport
{
    public string ResolveWorkRoot(TrainingTarget target)
    {
        var root = target.WorkRoot;
        if (root == "~" || root.StartsWith("~/", StringComparison.Ordinal))
        {
            root = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), root[1..]);
        }

        return Path.GetFullPath(root);
    }

    public string InstallKey(TrainingTarget target) => "local|" + ResolveWorkRoot(target);

    public async Task<CommandResult> RunAsync(TrainingTarget target, IReadOnlyList<string> argv, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(argv[0]);
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        CommandResult? result;
        try
        {
            result = await TargetProcess.RunAsync(start, stdin, target.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new TrainingTargetException(target.Name, TrainingTargetFailure.CommandFailed,
                $"'{argv[0]}' could not be started on {target.Describe()}: {e.Message}. Install Python 3 or set the target's Python to its path.", e);
        }

        return result ?? throw new TrainingTargetException(target.Name, TrainingTargetFailure.Timeout,
            $"A command on {target.Describe()} did not finish within {target.CommandTimeout.TotalSeconds:0.#} s and was killed.");
    }
}
