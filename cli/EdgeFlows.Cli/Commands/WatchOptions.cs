using System.CommandLine;

namespace EdgeFlows.Cli.Commands;

/// <summary>The options of <c>watch</c> (and <c>start --watch</c>).</summary>
internal sealed class WatchOptions
{
    public Option<TimeSpan> Interval { get; } = new("--interval")
    {
        Description = "How often to read the run's status (default 1s).",
        HelpName = "duration",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(1),
        CustomParser = ValueParsers.Duration("--interval", TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1)),
    };

    public Option<TimeSpan?> Timeout { get; } = new("--timeout")
    {
        Description = "Stop watching after this long (exit 6 if the run has not finished); default: until it finishes.",
        HelpName = "duration",
        CustomParser = result => ValueParsers.Duration("--timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(365))(result),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Interval);
        command.Options.Add(Timeout);
    }
}
