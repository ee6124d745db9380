using EdgeFlows.Activities.Models;

namespace EdgeFlows.Activities.Tests.Models;

internal static class Registrations
{
    public static ModelRegistration For(string name, string runId, double accuracy = 0.95, IReadOnlyDictionary<string, string>? tags = null) => new()
    {
        Name = name,
        RunId = runId,
        ArtifactUri = $"http://127.0.0.1:10000/devstoreaccount1/models/{name}/{runId}/model.json",
        Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy, ["loss"] = 1 - accuracy },
        Tags = tags ?? new Dictionary<string, string> { ["dataset"] = "churn" },
        Lineage = new ModelLineage
        {
            Dataset = "churn",
            DataFingerprint = "sha256:" + new string('a', 64),
            RunId = runId,
            InstanceId = "retrain-churn-1",
            Target = "local",
            Recipe = "logreg",
            CodeVersion = "abc123",
            Trigger = "blob",
            Blobs = 3,
        },
    };
}
