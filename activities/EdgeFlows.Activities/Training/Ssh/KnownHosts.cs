// Reads an OpenSSH known_hosts file for the managed ssh client, with OpenSSH's rules: plain
// and hashed (|1|salt|hash) host names, "[host]:port" for ports other than 22, patterns with
// * and ? and negation (!), the @revoked marker; @cert-authority lines are not used (host
// certificates are not accepted). A host's key is trusted only when a line for that host
// holds exactly the key the server offered.
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Activities.Training.Ssh;

/// <summary>What the pinned keys say about the key a server offered.</summary>
internal enum HostKeyVerdict
{
    /// <summary>A line for this host holds the offered key.</summary>
    Trusted,

    /// <summary>Lines for this host hold other keys only: the host key changed (or a server in between).</summary>
    Changed,

    /// <summary>No line names this host.</summary>
    NotPinned,

    /// <summary>The offered key is marked @revoked.</summary>
    Revoked,
}

/// <summary>The keys of one known_hosts file, for one host and port.</summary>
internal sealed class KnownHosts
{
    private readonly List<Entry> _entries;

    private KnownHosts(List<Entry> entries) => _entries = entries;

    /// <summary>The key types pinned for the host (e.g. <c>ssh-ed25519</c>, <c>ssh-rsa</c>), in file order.</summary>
    public IReadOnlyList<string> KeyTypes => _entries.Where(e => !e.Revoked).Select(e => e.KeyType).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Reads the lines of <paramref name="path"/> that name <paramref name="host"/> on <paramref name="port"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static KnownHosts Load(string path, string host, int port) => Parse(File.ReadAllLines(path), host, port);

    /// <summary>Keeps the lines among <paramref name="lines"/> that name <paramref name="host"/> on <paramref name="port"/>; malformed lines are skipped, as OpenSSH does.</summary>
    public static KnownHosts Parse(IEnumerable<string> lines, string host, int port)
    {
        // OpenSSH writes and looks up a non-default port as "[host]:port".
        var name = port == 22 ? host.ToLowerInvariant() : $"[{host.ToLowerInvariant()}]:{port}";
        var entries = new List<Entry>();
        foreach (var raw in lines)
        {
            var fields = raw.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#'))
            {
                continue;
            }

            var revoked = false;
            if (fields[0].StartsWith('@'))
            {
                if (!string.Equals(fields[0], "@revoked", StringComparison.Ordinal))
                {
                    continue; // @cert-authority, or a marker OpenSSH would not know either
                }

                revoked = true;
                fields = fields[1..];
            }

            if (fields.Length < 3 || !MatchesHost(fields[0], name) || !TryDecode(fields[2], out var blob))
            {
                continue;
            }

            entries.Add(new Entry(fields[1], blob, revoked));
        }

        return new KnownHosts(entries);
    }

    /// <summary>Judges the key the server offered (its SSH wire-format public key blob).</summary>
    public HostKeyVerdict Check(ReadOnlySpan<byte> offeredKey)
    {
        var trusted = false;
        var pinned = false;
        foreach (var entry in _entries)
        {
            var same = offeredKey.SequenceEqual(entry.Key);
            if (entry.Revoked)
            {
                if (same)
                {
                    return HostKeyVerdict.Revoked;
                }

                continue;
            }

            pinned = true;
            trusted |= same;
        }

        return trusted ? HostKeyVerdict.Trusted : pinned ? HostKeyVerdict.Changed : HostKeyVerdict.NotPinned;
    }

    // A comma-separated list of patterns (or one hashed name): a negated match rules the host
    // out whatever else matches, as in OpenSSH's match_hostname.
    private static bool MatchesHost(string patterns, string name)
    {
        if (patterns.StartsWith("|1|", StringComparison.Ordinal))
        {
            return MatchesHashed(patterns, name);
        }

        var matched = false;
        foreach (var pattern in patterns.Split(','))
        {
            var negated = pattern.StartsWith('!');
            var body = negated ? pattern[1..] : pattern;
            if (Glob(body.ToLowerInvariant(), name))
            {
                if (negated)
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }

    private static bool MatchesHashed(string field, string name)
    {
        var parts = field.Split('|'); // "", "1", salt, hash
        if (parts.Length != 4 || !TryDecode(parts[2], out var salt) || !TryDecode(parts[3], out var hash))
        {
            return false;
        }

        // OpenSSH's HashKnownHosts format is defined with HMAC-SHA1; it hides names, it signs nothing.
#pragma warning disable CA5350
        var computed = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350
        return CryptographicOperations.FixedTimeEquals(computed, hash);
    }

    // '*' any run of characters, '?' one character; everything else literally.
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        bytes = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, bytes, out var written) && written > 0)
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }

    private sealed record Entry(string KeyType, byte[] Key, bool Revoked);
}
