using System.Diagnostics;

namespace EdgeFlows.Activities.Tests.Storage;

/// <summary>Runs the plain curl a training job would use with a SAS URL.</summary>
internal static class Curl
{
    /// <summary>GETs <paramref name="url"/>; returns the HTTP status and the body.</summary>
    public static async Task<(int Status, byte[] Body)> GetAsync(Uri url)
    {
        var output = Path.GetTempFileName();
        try
        {
            var status = await RunAsync("-sS", "-o", output, "-w", "%{http_code}", url.AbsoluteUri);
            return (status, await File.ReadAllBytesAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>PUTs <paramref name="data"/> as a block blob; returns the HTTP status.</summary>
    public static async Task<int> PutBlockBlobAsync(Uri url, byte[] data)
    {
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(input, data);
            return await RunAsync("-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT",
                "-H", "x-ms-blob-type: BlockBlob", "--data-binary", "@" + input, url.AbsoluteUri);
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static async Task<int> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("curl did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.True(process.ExitCode == 0, $"curl exited {process.ExitCode}: {await stderr}");
        return int.Parse(await stdout, System.Globalization.CultureInfo.InvariantCulture);
    }
}
