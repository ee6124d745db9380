// The at-least-once ledger: every execution of an activity appends one line
// "<idempotencyKey> <activityName> <pid>" and forces it to disk before the activity returns.
// A kill after the append but before the runtime commits the result makes the runtime run
// the call again, with the same key: the ledger then shows that key twice.
using System.Globalization;
using System.Text;

namespace EdgeFlows.Durable.CrashHost.Effects;

/// <summary>One line of the effects ledger.</summary>
public sealed record EffectEntry(string IdempotencyKey, string Activity, int ProcessId);

/// <summary>Appends effects to a text file, durably.</summary>
public sealed class EffectsLedger(string directory)
{
    // FileMode.Append is not O_APPEND in .NET: concurrent activities in this process take turns.
    private readonly Lock _lock = new();
    private readonly string _path = Path.Combine(directory, CrashHostSettings.EffectsLedgerFile);

    /// <summary>Appends and flushes one effect (one write call, so a kill never tears a line).</summary>
    public void Record(string idempotencyKey, string activity)
    {
        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{idempotencyKey} {activity} {Environment.ProcessId}\n"));
        lock (_lock)
        {
            using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Reads every effect recorded in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<EffectEntry> Read(string directory)
    {
        var path = Path.Combine(directory, CrashHostSettings.EffectsLedgerFile);
        if (!File.Exists(path))
        {
            return [];
        }

        return File.ReadAllLines(path)
            .Select(line => line.Split(' '))
            .Select(f => f.Length == 3
                ? new EffectEntry(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture))
                : throw new InvalidDataException($"Malformed effects ledger line: '{string.Join(' ', f)}'."))
            .ToList();
    }
}
