// ssh hands the remote command to the login shell as one string, so every argument is quoted
// here: inside single quotes a POSIX shell expands nothing, and a single quote is written as
// '\'' (close, escaped quote, reopen). Names from datasets or blobs can then never inject.
using System.Text;

namespace EdgeFlows.Activities.Training.Ssh;

internal static class PosixShell
{
    /// <summary>One argument, single-quoted.</summary>
    /// <exception cref="ArgumentException">It contains NUL, which no shell argument can hold.</exception>
    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A shell argument cannot contain NUL.", nameof(argument));
        }

        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A command line of quoted arguments, run with exec so no shell lingers.</summary>
    public static string Command(IEnumerable<string> argv)
    {
        var line = new StringBuilder("exec");
        foreach (var argument in argv)
        {
            line.Append(' ').Append(Quote(argument));
        }

        return line.ToString();
    }
}
