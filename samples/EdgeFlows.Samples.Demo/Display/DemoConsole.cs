using Spectre.Console;

namespace EdgeFlows.Samples.Demo.Display;

/// <summary>The console the demo writes to: a terminal as it is; a log file or CI without colours, 120 columns wide.</summary>
public static class DemoConsole
{
    private const int RedirectedWidth = 120;

    /// <summary>Creates the console for standard output.</summary>
    public static IAnsiConsole Create()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }
}
