// Defence in depth for "secrets never reach history, statuses or logs": every message an
// activity returns or throws (log lines of a job, error texts of clients) passes through
// here before it is stored. Known secret values from configuration are masked exactly, and
// the shapes secrets take in text (SAS signatures, keys in connection strings, bearer and
// basic credentials, private key blocks, webhook secrets) are masked by pattern.
using System.Text.RegularExpressions;
using EdgeFlows.Functions.Pipeline.Configuration;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>Masks secrets in text that is about to be stored or shown. Thread-safe.</summary>
public sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    // Shorter values would mask ordinary words; real keys and passwords are longer.
    private const int MinSecretLength = 6;

    private const string WebhookSecretPrefix = "whsec_";

    private readonly string[] _secrets;

    /// <summary>Creates a redactor that also masks these exact values.</summary>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = [.. secrets
            .Where(s => s is { Length: >= MinSecretLength })
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)];
    }

    /// <summary>
    /// A redactor for the pipeline's configured secrets: the storage connection string and its
    /// key, webhook secrets, the registry password, and the lines of SSH identity files.
    /// </summary>
    public static SecretRedactor For(RetrainPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secrets = new List<string?> { options.Storage.ConnectionString, options.Image.Password };
        secrets.AddRange(SettingValues(options.Storage.ConnectionString));
        foreach (var secret in options.Webhooks.Endpoints.Values.SelectMany(w => new[] { w.Secret, w.PreviousSecret }))
        {
            // The key is the base64 after "whsec_": it must not show without its prefix either.
            secrets.Add(secret);
            secrets.Add(secret?.StartsWith(WebhookSecretPrefix, StringComparison.Ordinal) == true ? secret[WebhookSecretPrefix.Length..] : null);
        }
        foreach (var target in options.Targets.Values.Where(t => t.IdentityFile is not null))
        {
            secrets.AddRange(KeyFileLines(target.IdentityFile!));
        }

        return new SecretRedactor(secrets);
    }

    /// <summary>The text with every secret masked; null stays null.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = PrivateKeyBlock().Replace(text, $"-----{Mask} PRIVATE KEY {Mask}-----");
        text = SignatureParameter().Replace(text, $"$1={Mask}");
        text = SecretSetting().Replace(text, $"$1={Mask}");
        text = Credentials().Replace(text, $"$1 {Mask}");
        return WebhookSecret().Replace(text, $"whsec_{Mask}");
    }

    /// <summary>Each line redacted.</summary>
    public IReadOnlyList<string> Redact(IEnumerable<string>? lines) => lines is null ? [] : [.. lines.Select(l => Redact(l) ?? string.Empty)];

    private static IEnumerable<string> SettingValues(string? connectionString) =>
        connectionString is null
            ? []
            : connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split('=', 2))
                .Where(kv => kv.Length == 2 && kv[0].Trim() is var name
                    && (name.Equals("AccountKey", StringComparison.OrdinalIgnoreCase) || name.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase)))
                .Select(kv => kv[1].Trim());

    private static IEnumerable<string> KeyFileLines(string path)
    {
        try
        {
            return [.. File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return []; // Validation reports a missing key file; patterns still mask key blocks.
        }
    }

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\b(sig)=[^&\s""'<>]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SignatureParameter();

    [GeneratedRegex(@"\b(AccountKey|SharedAccessSignature|Password|Secret|client_secret|access_token|refresh_token)=[^;&\s""'<>]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretSetting();

    [GeneratedRegex(@"\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Credentials();

    [GeneratedRegex(@"whsec_[A-Za-z0-9+/=]+", RegexOptions.CultureInvariant)]
    private static partial Regex WebhookSecret();
}
