using System.Text.RegularExpressions;

namespace EdgeFlows.Functions.Http.Retrain;

/// <summary>
/// The optional body of <c>POST /api/retrain/{dataset}</c>. Every field is optional: the
/// dataset's configured recipe and target apply when left out.
/// </summary>
/// <param name="Recipe">The training recipe to use (1–64 of <c>A-Z a-z 0-9 . _ -</c>).</param>
/// <param name="Target">The training target to run on (same characters).</param>
/// <param name="Reason">Why the run was asked for, kept with the run (at most 500 characters).</param>
public sealed partial record RetrainBody(string? Recipe = null, string? Target = null, string? Reason = null)
{
    /// <summary>Longest <see cref="Reason"/>.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Throws a 400 naming the first bad field.</summary>
    public void Validate()
    {
        CheckName("recipe", Recipe);
        CheckName("target", Target);
        if (Reason is not null && (Reason.Length > MaxReasonLength || Reason.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))))
        {
            throw ApiException.BadRequest($"The field 'reason' must be at most {MaxReasonLength} characters without control characters.");
        }
    }

    private static void CheckName(string field, string? value)
    {
        if (value is not null && !Name().IsMatch(value))
        {
            throw ApiException.BadRequest($"The field '{field}' must be 1–64 of A-Z a-z 0-9 . _ - (got {(value.Length > 64 ? value.Length + " characters" : $"'{value}'")}).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Name();
}
