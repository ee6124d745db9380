// Runs a child process with bytes on stdin, captures bounded stdout and stderr, and kills it
// when it outlives its timeout. Only the process itself is killed: the job wrapper starts
// detached jobs and ssh forks a shared connection, and neither may die with it.
using System.Diagnostics;
using System.Text;

namespace EdgeFlows.Activities.Training.Transport;

internal static class TargetProcess
{
    // Replies are one JSON object, a few KB; anything past this is dropped rather than buffered.
    private const int MaxCapturedBytes = 1 << 20;

    /// <summary>Runs the process; returns null when it timed out (it was killed then).</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started.</exception>
    public static async Task<CommandResult?> RunAsync(ProcessStartInfo start, ReadOnlyMemory<byte> stdin, TimeSpan timeout, CancellationToken cancellationToken)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = new Process { StartInfo = start };
        process.Start();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream);
        var stderr = ReadBoundedAsync(process.StandardError.BaseStream);
        try
        {
            await WriteStdinAsync(process, stdin, timeoutSource.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).WaitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static async Task WriteStdinAsync(Process process, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        var input = process.StandardInput.BaseStream;
        try
        {
            if (!stdin.IsEmpty)
            {
                await input.WriteAsync(stdin, cancellationToken).ConfigureAwait(false);
            }

            await input.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The process stopped reading (e.g. ssh could not connect); its exit code tells why.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Same: a closed pipe is not the failure to report.
            }
        }
    }

    private static async Task<string> ReadBoundedAsync(Stream stream)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = MaxCapturedBytes - (int)kept.Length;
            if (room > 0)
            {
                kept.Write(buffer, 0, Math.Min(room, read));
            }
        }

        return Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }
}
