using Spectre.Console;

namespace EdgeFlows.Samples.Demo.Display;

/// <summary>
/// The console the demo writes to: a terminal as it is; a log file, a pipe or CI
/// (<c>CI=true</c>) plain, without colours, its rules 120 columns wide.
/// </summary>
public static class DemoConsole
{
    private const int PlainWidth = 120;

    /// <summary>Creates the console for standard output; <paramref name="plain"/> tells whether it is plain.</summary>
    public static IAnsiConsole Create(out bool plain)
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        plain = Console.IsOutputRedirected || ci;
        if (!plain)
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
