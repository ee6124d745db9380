// Checks a target before any command is built from it. Host and user end up as ssh arguments,
// so they are limited to characters that cannot be read as options or shell syntax.
using System.Text.RegularExpressions;

namespace EdgeFlows.Activities.Training;

internal static partial class TrainingTargetValidation
{
    public static void Validate(TrainingTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Require(!string.IsNullOrWhiteSpace(target.Name), nameof(TrainingTarget.Name), "is required");
        var where = $"Training target '{TrainingJobIds.Printable(target.Name)}'";
        Require(target.Kind is not null && (string.Equals(target.Kind, TrainingTargetKinds.Local, StringComparison.OrdinalIgnoreCase) || target.IsSsh),
            nameof(TrainingTarget.Kind), $"must be '{TrainingTargetKinds.Local}' or '{TrainingTargetKinds.Ssh}', not '{TrainingJobIds.Printable(target.Kind)}'", where);
        Require(!string.IsNullOrWhiteSpace(target.WorkRoot), nameof(TrainingTarget.WorkRoot), "is required", where);
        Require(!target.WorkRoot.Contains('\0', StringComparison.Ordinal), nameof(TrainingTarget.WorkRoot), "must not contain NUL", where);
        Require(!string.IsNullOrWhiteSpace(target.Python) && !target.Python.Contains('\0', StringComparison.Ordinal), nameof(TrainingTarget.Python), "is required", where);
        Require(target.CommandTimeout > TimeSpan.Zero, nameof(TrainingTarget.CommandTimeout), "must be positive", where);
        if (!target.IsSsh)
        {
            return;
        }

        Require(target.Host is not null && HostName().IsMatch(target.Host), nameof(TrainingTarget.Host),
            $"must be a host name or IP address, not '{TrainingJobIds.Printable(target.Host)}'", where);
        Require(target.Port is > 0 and <= 65535, nameof(TrainingTarget.Port), $"must be 1-65535, not {target.Port}", where);
        Require(target.User is not null && UserName().IsMatch(target.User), nameof(TrainingTarget.User),
            $"must be a user name ([A-Za-z0-9._-], not starting with '-'), not '{TrainingJobIds.Printable(target.User)}'", where);
        Require(!string.IsNullOrWhiteSpace(target.IdentityFile), nameof(TrainingTarget.IdentityFile), "is required (key authentication only)", where);
        Require(!string.IsNullOrWhiteSpace(target.KnownHostsFile), nameof(TrainingTarget.KnownHostsFile),
            "is required: the target's host key must be pinned", where);
        Require(File.Exists(target.IdentityFile), nameof(TrainingTarget.IdentityFile), $"'{target.IdentityFile}' does not exist", where);
        Require(File.Exists(target.KnownHostsFile), nameof(TrainingTarget.KnownHostsFile), $"'{target.KnownHostsFile}' does not exist", where);
        Require(target.ConnectTimeout > TimeSpan.Zero, nameof(TrainingTarget.ConnectTimeout), "must be positive", where);
    }

    private static void Require(bool condition, string property, string problem, string where = "Training target", string parameterName = "target")
    {
        if (!condition)
        {
            throw new ArgumentException($"{where}: {property} {problem}.", parameterName);
        }
    }

    // Names and IPv4/IPv6 literals; never starting with '-', so ssh cannot take it for an option.
    [GeneratedRegex(@"^[A-Za-z0-9_\[:][A-Za-z0-9._:\[\]%-]{0,252}\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserName();
}
