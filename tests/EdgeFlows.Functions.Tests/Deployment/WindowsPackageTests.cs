// The win-x64 package as App Service's zip deploy and the ASP.NET Core Module see it.
using System.Globalization;
using System.Xml.Linq;
using EdgeFlows.Functions.Hosting;

namespace EdgeFlows.Functions.Tests.Deployment;

public sealed class WindowsPackageTests
{
    private const string Runtime = "win-x64";

    [Fact]
    public void WinX64Package_Root_HoldsExeWebConfigHostJsonAndNativeSqlite()
    {
        using var package = PublishedPackages.Open(Runtime);

        // Zip deploy unpacks the entries as they are named: the app must be at the root, not in a folder.
        foreach (var name in new[] { "EdgeFlows.Functions.exe", "EdgeFlows.Functions.dll", "web.config", "host.json", "e_sqlite3.dll" })
        {
            PublishedPackages.Entry(package, name);
        }
    }

    [Fact]
    public void WinX64Package_RuntimeConfig_CarriesNetAndAspNetCoreItself()
    {
        using var package = PublishedPackages.Open(Runtime);
        using var config = PublishedPackages.ReadJson(package, "EdgeFlows.Functions.runtimeconfig.json");

        // A self-contained app lists the frameworks it carries ("includedFrameworks") instead of
        // the ones it needs installed ("frameworks"), so the worker's .NET versions do not matter.
        var options = config.RootElement.GetProperty("runtimeOptions");
        Assert.False(options.TryGetProperty("frameworks", out _));
        var included = options.GetProperty("includedFrameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("Microsoft.NETCore.App", included);
        Assert.Contains("Microsoft.AspNetCore.App", included);
        PublishedPackages.Entry(package, "hostfxr.dll");
    }

    [Fact]
    public void WinX64Package_WebConfig_RunsTheExeOutOfProcess()
    {
        var module = AspNetCoreElement(out var handler);

        Assert.Equal("AspNetCoreModuleV2", (string?)handler.Attribute("modules"));
        Assert.Equal(@".\EdgeFlows.Functions.exe", (string?)module.Attribute("processPath"));
        Assert.Equal("outofprocess", ((string?)module.Attribute("hostingModel"))?.ToLowerInvariant());
    }

    [Fact]
    public void WinX64Package_WebConfig_ShutdownTimeLimitOutlastsTheHostsShutdownTimeout()
    {
        var module = AspNetCoreElement(out _);
        using var package = PublishedPackages.Open(Runtime);
        using var hostJson = PublishedPackages.ReadJson(package, "host.json");

        // The module kills the process after shutdownTimeLimit; the host must have finished its
        // graceful shutdown (activities released) by then.
        var hostShutdown = new HostingOptions().ShutdownTimeout;
        if (hostJson.RootElement.TryGetProperty("EdgeFlows", out var edgeFlows) && edgeFlows.TryGetProperty("Host", out var host)
            && host.TryGetProperty("ShutdownTimeout", out var configured))
        {
            hostShutdown = TimeSpan.Parse(configured.GetString()!, CultureInfo.InvariantCulture);
        }

        var limit = TimeSpan.FromSeconds(int.Parse((string?)module.Attribute("shutdownTimeLimit") ?? "10", CultureInfo.InvariantCulture));
        Assert.True(limit > hostShutdown, $"web.config's shutdownTimeLimit ({limit}) must be longer than EdgeFlows:Host:ShutdownTimeout ({hostShutdown}).");
    }

    [Fact]
    public void WinX64Package_WebConfig_WritesStdoutUnderHomeLogFiles()
    {
        var module = AspNetCoreElement(out _);

        // The app logs to the console; on App Service only the module's stdout file keeps it.
        Assert.Equal("true", (string?)module.Attribute("stdoutLogEnabled"));
        Assert.Equal(@"\\?\%home%\LogFiles\stdout", (string?)module.Attribute("stdoutLogFile"));
    }

    private static XElement AspNetCoreElement(out XElement handler)
    {
        using var package = PublishedPackages.Open(Runtime);
        using var stream = PublishedPackages.Entry(package, "web.config").Open();
        var webServer = XDocument.Load(stream).Descendants("system.webServer").Single();
        handler = webServer.Element("handlers")!.Elements("add").Single(e => (string?)e.Attribute("name") == "aspNetCore");
        return webServer.Element("aspNetCore")!;
    }
}
