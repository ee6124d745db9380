using System.Diagnostics;
using EdgeFlows.Activities.Training.Ssh;

namespace EdgeFlows.Activities.Tests.Training;

/// <summary>Quoting for the remote shell, checked against a real /bin/sh.</summary>
public class PosixShellTests
{
    public static TheoryData<string> Nasty => new()
    {
        "plain",
        "",
        "with space",
        "it's",
        "'",
        "''",
        "x'; touch /tmp/pwned #",
        "$(touch /tmp/pwned)",
        "`touch /tmp/pwned`",
        "${HOME} $HOME \\$HOME",
        "\"double\" \\ backslash",
        "line\nbreak\ttab",
        "*?[a-z]~!#&|;<>(){}",
        "-rf",
        "ünïcödé ✓",
    };

    [Fact]
    public void Quote_SingleQuote_ClosesEscapesAndReopens() =>
        Assert.Equal("'it'\\''s'", PosixShell.Quote("it's"));

    [Fact]
    public void Quote_Nul_Rejected() =>
        Assert.Throws<ArgumentException>(() => PosixShell.Quote("a\0b"));

    [Theory]
    [MemberData(nameof(Nasty))]
    public async Task Command_ThroughRealShell_ArgumentArrivesUnchanged(string argument)
    {
        var line = PosixShell.Command(["printf", "%s", argument]);

        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, ArgumentList = { "-c", line } };
        using var shell = Process.Start(start)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();

        Assert.Equal(0, shell.ExitCode);
        Assert.Equal(argument, output);
    }
}
