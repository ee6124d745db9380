using Spectre.Console;

namespace EdgeFlows.Samples.Demo.Display;

/// <summary>The console the demo writes to: a terminal as it is; a log file, a pipe or CI (<c>CI=true</c>) without colours, 120 columns wide.</summary>
public static class DemoConsole
{
    private const int PlainWidth = 120;

    /// <summary>Creates the console for standard output.</summary>
    public static IAnsiConsole Create()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!Console.IsOutputRedirected && !ci)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = PlainWidth;
        return console;
    }
}
