// Where the CLI writes and what it reads from its surroundings. Program.Main uses the process
// console and environment; tests run the same entry point over string writers and a
// dictionary, so no test depends on the machine's console or variables.
using Spectre.Console;

namespace EdgeFlows.Cli;

/// <summary>The CLI's standard output and error, its environment, and whether it may redraw the screen.</summary>
public sealed class CliConsole
{
    /// <summary>Width used when the output is not a terminal (wide enough that tables do not wrap ids).</summary>
    public const int DefaultWidth = 160;

    /// <summary>Standard output: the JSON document with <c>--json</c>.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: messages, and errors as JSON with <c>--json</c>.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Human output (tables, colours) on standard output.</summary>
    public required IAnsiConsole Ansi { get; init; }

    /// <summary>
    /// True when <c>watch</c> may redraw a live table: a terminal that is not redirected and
    /// not CI. Otherwise it prints a plain line per change.
    /// </summary>
    public bool IsInteractive { get; init; }

    /// <summary>Reads an environment variable (EDGEFLOWS_URL, EDGEFLOWS_KEY, EDGEFLOWS_STORE).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The clock for elapsed times and polling.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The process console: interactive only on a terminal, not redirected, and not under CI=true.</summary>
    public static CliConsole FromSystem()
    {
        var ci = IsTrue(Environment.GetEnvironmentVariable("CI"));
        var redirected = Console.IsOutputRedirected;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected || ci ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (redirected)
        {
            ansi.Profile.Width = DefaultWidth;
        }

        return new CliConsole
        {
            Out = Console.Out,
            Error = Console.Error,
            Ansi = ansi,
            IsInteractive = !redirected && !ci && ansi.Profile.Capabilities.Ansi && ansi.Profile.Capabilities.Interactive,
        };
    }

    /// <summary>A console over writers (tests, embedding): no colours, <paramref name="width"/> columns.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="environment">The environment variables the CLI may read; none by default.</param>
    /// <param name="interactive">Redraw <c>watch</c> live (with ANSI cursor moves) instead of plain lines.</param>
    /// <param name="width">The terminal width.</param>
    public static CliConsole ForWriters(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string>? environment = null, bool interactive = false, int width = DefaultWidth)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        ansi.Profile.Width = width;
        return new CliConsole
        {
            Out = output,
            Error = error,
            Ansi = ansi,
            IsInteractive = interactive,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        };
    }

    private static bool IsTrue(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
