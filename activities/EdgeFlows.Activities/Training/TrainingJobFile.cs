// An input or output of a job: a path inside the job folder and the SAS URL it comes from or
// goes to. The URL's signature is a secret, so ToString leaves it out.
namespace EdgeFlows.Activities.Training;

/// <summary>A file a job downloads before its command runs, or uploads after it succeeded.</summary>
/// <param name="Name">
/// Path relative to the job's <c>inputs/</c> or <c>outputs/</c> folder, e.g. <c>part-1.csv</c> or
/// <c>model/model.json</c>; may hold any characters a blob name may, except control characters
/// and backslashes, and no <c>.</c> or <c>..</c> segment.
/// </param>
/// <param name="Url">
/// For an input, a read SAS URL; for an output, a create/write SAS URL (uploaded as a block
/// blob). A secret: never logged or stored in job state.
/// </param>
public sealed record TrainingJobFile(string Name, Uri Url)
{
    /// <summary>The name and the URL without its query, so the signature never reaches a log.</summary>
    public override string ToString() => $"{Name} <- {Url.GetLeftPart(UriPartial.Path)}?…";
}
