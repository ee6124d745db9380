// The job wrapper's Python files, embedded in this assembly, and the installer that puts them
// on a target. They are installed into WORKROOT/bin/job-wrapper-HASH/, named by the hash of
// their contents, so a new EdgeFlows version never changes the wrapper of a running job.
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EdgeFlows.Activities.Training.Wrapper;

internal static class JobWrapperFiles
{
    /// <summary>The wrapper's entry script, inside the installed folder.</summary>
    public const string EntryScript = "edgeflows_job.py";

    private const string ResourcePrefix = "EdgeFlows.Activities.Training.Wrapper.";

    // Run as `python3 -c INSTALLER ROOT FOLDER` with {name: base64} JSON on stdin: writes the
    // files into a temporary folder and renames it into place, so a half-written wrapper is
    // never used and concurrent installs agree. Base64 keeps the -c argument one line of plain
    // characters whatever the login shell.
    private const string InstallerSource = """
        import base64, json, os, shutil, sys, tempfile
        files = json.load(sys.stdin)
        root = os.path.abspath(os.path.expanduser(sys.argv[1]))
        bin_dir = os.path.join(root, "bin")
        target = os.path.join(bin_dir, sys.argv[2])
        if not os.path.isfile(os.path.join(target, "edgeflows_job.py")):
            os.makedirs(bin_dir, exist_ok=True)
            staging = tempfile.mkdtemp(prefix=".tmp-", dir=bin_dir)
            for name, data in files.items():
                with open(os.path.join(staging, name), "wb") as f:
                    f.write(base64.b64decode(data))
            os.chmod(staging, 0o755)
            try:
                os.rename(staging, target)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
                if not os.path.isfile(os.path.join(target, "edgeflows_job.py")):
                    raise
        print(target)
        """;

    private static readonly Lazy<(IReadOnlyDictionary<string, byte[]> Files, string Hash)> Loaded = new(Load);

    /// <summary>File name to contents.</summary>
    public static IReadOnlyDictionary<string, byte[]> Files => Loaded.Value.Files;

    /// <summary>The folder name under WORKROOT/bin: <c>job-wrapper-</c> and 16 hex digits of the files' SHA-256.</summary>
    public static string FolderName => "job-wrapper-" + Loaded.Value.Hash[..16];

    /// <summary>The <c>-c</c> argument that installs the wrapper (see <see cref="InstallerSource"/>).</summary>
    public static string InstallerCommand { get; } =
        "import base64;exec(base64.b64decode('" + Convert.ToBase64String(Encoding.UTF8.GetBytes(InstallerSource)) + "'))";

    /// <summary>The installer's stdin: every file, base64-encoded, by name.</summary>
    public static byte[] InstallPayload() =>
        JsonSerializer.SerializeToUtf8Bytes(Files.ToDictionary(f => f.Key, f => Convert.ToBase64String(f.Value), StringComparer.Ordinal));

    /// <summary>The entry script's path on the target for a work root as the target reads it.</summary>
    public static string EntryPath(string workRoot) => $"{workRoot.TrimEnd('/')}/bin/{FolderName}/{EntryScript}";

    private static (IReadOnlyDictionary<string, byte[]>, string) Load()
    {
        var assembly = typeof(JobWrapperFiles).Assembly;
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[ResourcePrefix.Length..]] = copy.ToArray();
        }

        if (!files.ContainsKey(EntryScript))
        {
            throw new InvalidOperationException($"The job wrapper is missing from {assembly.GetName().Name}: no embedded {EntryScript}.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, content) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\n" + content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
            hash.AppendData(content);
        }

        return (files, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
