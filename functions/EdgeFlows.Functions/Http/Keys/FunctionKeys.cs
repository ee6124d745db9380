// Key checks in constant time: the presented key and every configured key are hashed to
// fixed-length SHA-256 digests and compared with FixedTimeEquals, so neither a key's length
// nor the position of its first wrong character shows in the response time. Every candidate
// is compared, so which key matched does not show either. When the configuration reloads
// (Key Vault on its ReloadInterval) valid new keys replace the old ones as one set.
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EdgeFlows.Functions.Http.Keys;

/// <summary>The configured keys, held as digests, and the check of a presented key.</summary>
public sealed class FunctionKeys
{
    private readonly IConfiguration? _configuration;
    private readonly ILogger _logger;
    private KeySet _keys;

    /// <summary>Created by DI from <see cref="KeyOptions"/> (checked at start-up).</summary>
    /// <param name="options">The keys at start-up.</param>
    /// <param name="configuration">When given, a reload of it (Key Vault's, on its interval) replaces the keys, if the new ones are valid.</param>
    /// <param name="logger">Logs reloads, never a key.</param>
    public FunctionKeys(IOptions<KeyOptions> options, IConfiguration? configuration = null, ILogger<FunctionKeys>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = KeySet.Of(options.Value);
        _configuration = configuration;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (configuration is not null)
        {
            ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        }
    }

    /// <summary>True when keys are not enforced (<see cref="KeyOptions.AllowAnonymous"/>).</summary>
    public bool AllowAnonymous => Volatile.Read(ref _keys).AllowAnonymous;

    /// <summary>True when <paramref name="presented"/> opens an endpoint with <paramref name="requirement"/>.</summary>
    public bool IsAuthorized(KeyRequirement requirement, string? presented)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var keys = Volatile.Read(ref _keys);
        if (keys.AllowAnonymous)
        {
            return true;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var digest = Digest(presented);
        var match = Matches(keys.Host, digest);
        if (requirement.Level == KeyLevel.Function)
        {
            match |= Matches(keys.Lookup(requirement.FunctionName), digest);
            match |= Matches(keys.Lookup(FunctionNames.Default), digest);
        }

        return match;
    }

    // The configuration changed: take its keys if they are valid, else keep those in force.
    private void Reload()
    {
        try
        {
            var options = new KeyOptions();
            _configuration!.GetSection(KeyOptions.SectionName).Bind(options);
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                _logger.KeysReloadRefused(string.Join(" ", errors));
                return;
            }

            var keys = KeySet.Of(options);
            if (!keys.SameAs(Volatile.Read(ref _keys)))
            {
                Volatile.Write(ref _keys, keys);
                _logger.KeysReloaded();
                if (keys.AllowAnonymous)
                {
                    _logger.KeysNotEnforced();
                }
            }
        }
        catch (InvalidOperationException ex)
        {
            // A value the binder cannot read (AllowAnonymous = "maybe"): its message names the key, not a secret.
            _logger.KeysReloadRefused(ex.Message);
        }
    }

    private static bool Matches(byte[]? expected, byte[] presented) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(expected, presented);

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    // One generation of keys, swapped whole so a request never sees half of a reload.
    private sealed record KeySet(byte[]? Host, Dictionary<string, byte[]> Functions, bool AllowAnonymous)
    {
        public static KeySet Of(KeyOptions options) => new(
            string.IsNullOrEmpty(options.Host) ? null : Digest(options.Host),
            options.Functions.ToDictionary(p => p.Key, p => Digest(p.Value), StringComparer.OrdinalIgnoreCase),
            options.AllowAnonymous);

        public byte[]? Lookup(string? name) => name is not null && Functions.TryGetValue(name, out var digest) ? digest : null;

        public bool SameAs(KeySet other) =>
            AllowAnonymous == other.AllowAnonymous
            && SameDigest(Host, other.Host)
            && Functions.Count == other.Functions.Count
            && Functions.All(f => other.Functions.TryGetValue(f.Key, out var d) && f.Value.AsSpan().SequenceEqual(d));

        private static bool SameDigest(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
    }
}
