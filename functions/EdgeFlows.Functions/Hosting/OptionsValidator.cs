using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Runs an options class's own validation, whose messages name each bad key, at start-up.</summary>
internal sealed class OptionsValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
