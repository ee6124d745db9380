// The local target: the wrapper runs as a child process of this host. Jobs it starts are
// detached (their own session), so they outlive this process. They get a small allowlist of
// this process's environment, not all of it: EdgeFlows' settings (connection strings with
// account keys, webhook secrets) often live in environment variables, and a training command
// must not read them. A job's own variables come from TrainingJobSpec.Environment.
using System.ComponentModel;
using System.Diagnostics;

namespace EdgeFlows.Activities.Training.Transport;

internal sealed class LocalTransport : ITargetTransport
{
    // What a process needs to find programs, write temporary files, reach storage through a
    // proxy, trust a private CA (Stack Hub's), and use docker/podman and GPUs.
    private static readonly string[] InheritedVariables =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ",
        "TMPDIR", "TEMP", "TMP", "XDG_RUNTIME_DIR",
        "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE",
        "DOCKER_HOST", "DOCKER_CONFIG", "CONTAINER_HOST",
        "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "LD_LIBRARY_PATH",
    ];

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

        start.Environment.Clear();
        foreach (var name in InheritedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
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
