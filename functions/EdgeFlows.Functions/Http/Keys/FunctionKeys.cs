// Key checks in constant time: the presented key and every configured key are hashed to
// fixed-length SHA-256 digests and compared with FixedTimeEquals, so neither a key's length
// nor the position of its first wrong character shows in the response time. Every candidate
// is compared, so which key matched does not show either.
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Http.Keys;

/// <summary>The configured keys, held as digests, and the check of a presented key.</summary>
public sealed class FunctionKeys
{
    private readonly byte[]? _host;
    private readonly Dictionary<string, byte[]> _functions;

    /// <summary>Created by DI from <see cref="KeyOptions"/>.</summary>
    public FunctionKeys(IOptions<KeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.Value;
        AllowAnonymous = keys.AllowAnonymous;
        _host = string.IsNullOrEmpty(keys.Host) ? null : Digest(keys.Host);
        _functions = keys.Functions.ToDictionary(p => p.Key, p => Digest(p.Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when keys are not enforced (<see cref="KeyOptions.AllowAnonymous"/>).</summary>
    public bool AllowAnonymous { get; }

    /// <summary>True when <paramref name="presented"/> opens an endpoint with <paramref name="requirement"/>.</summary>
    public bool IsAuthorized(KeyRequirement requirement, string? presented)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        if (AllowAnonymous)
        {
            return true;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var digest = Digest(presented);
        var match = Matches(_host, digest);
        if (requirement.Level == KeyLevel.Function)
        {
            match |= Matches(Lookup(requirement.FunctionName), digest);
            match |= Matches(Lookup(FunctionNames.Default), digest);
        }

        return match;
    }

    private byte[]? Lookup(string? name) => name is not null && _functions.TryGetValue(name, out var digest) ? digest : null;

    private static bool Matches(byte[]? expected, byte[] presented) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(expected, presented);

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
