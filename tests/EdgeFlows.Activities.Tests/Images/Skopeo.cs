// Runs skopeo, the independent judge of what the registry (or a layout folder) holds: the
// tests never check the builder's output with the builder's own reading code alone.
using System.Diagnostics;
using System.Text.Json;

namespace EdgeFlows.Activities.Tests.Images;

internal static class Skopeo
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary><c>skopeo inspect</c> of <c>docker://REFERENCE</c> over plain http.</summary>
    public static Task<JsonElement> InspectAsync(string reference, string? credentials = null, bool raw = false) =>
        RunJsonAsync(["inspect", "--tls-verify=false", .. CredentialArguments(credentials), .. RawArguments(raw), $"docker://{reference}"]);

    /// <summary><c>skopeo inspect</c> of an OCI layout: <c>oci:FOLDER:REF</c>.</summary>
    public static Task<JsonElement> InspectLayoutAsync(string folder, string refName, bool raw = false) =>
        RunJsonAsync(["inspect", .. RawArguments(raw), $"oci:{folder}:{refName}"]);

    /// <summary><c>skopeo copy</c> with plain http on both sides; <paramref name="extra"/> e.g. <c>--format v2s2</c>.</summary>
    public static async Task CopyAsync(string source, string destination, params string[] extra)
    {
        var (exit, _, error) = await RunAsync(["copy", "--src-tls-verify=false", "--dest-tls-verify=false", .. extra, source, destination]);
        Assert.True(exit == 0, $"skopeo copy {source} {destination} failed ({exit}): {error}");
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("skopeo did not start.");
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"skopeo {string.Join(' ', start.ArgumentList)} did not finish within {Timeout}.");
        }

        return (process.ExitCode, await output, await error);
    }

    private static async Task<JsonElement> RunJsonAsync(string[] arguments)
    {
        var (exit, output, error) = await RunAsync(arguments);
        Assert.True(exit == 0, $"skopeo {string.Join(' ', arguments.Where(a => !a.StartsWith("--creds", StringComparison.Ordinal)))} failed ({exit}): {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static string[] RawArguments(bool raw) => raw ? ["--raw"] : [];

    private static string[] CredentialArguments(string? credentials) => credentials is null ? [] : [$"--creds={credentials}"];
}
