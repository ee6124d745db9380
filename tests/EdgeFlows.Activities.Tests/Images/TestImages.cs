// Model files, requests and base images for the image tests. Model content is pseudo-random
// from a seed (so it barely compresses, like real weights, and a changed seed is a changed model).
using System.Text;
using EdgeFlows.Activities.Images;

namespace EdgeFlows.Activities.Tests.Images;

internal static class TestImages
{
    public const int ModelBytes = 300 * 1024;

    public static byte[] ModelContent(int seed, int length = ModelBytes)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static ImageFile[] ModelFiles(int seed) =>
    [
        ImageFile.FromBytes("/models/churn/model.bin", ModelContent(seed)),
        ImageFile.FromBytes("/models/churn/metrics.json", Encoding.UTF8.GetBytes("""{"accuracy":0.9846}""")),
        ImageFile.FromBytes("/app/score.py", Encoding.UTF8.GetBytes("print('scoring')\n"), executable: true),
    ];

    public static Dictionary<string, string> Labels(string version) =>
        ModelImageLabels.Create("churn", version, new Dictionary<string, double> { ["accuracy"] = 0.9846, ["f1"] = 0.97 }, dataFingerprint: "sha256:0f1e2d", runId: "run-1");

    public static ModelImageRequest Request(string repository, string tag, int seed = 1, ImageReference? baseImage = null) => new()
    {
        Repository = repository,
        Tag = tag,
        BaseImage = baseImage,
        Files = ModelFiles(seed),
        Entrypoint = ["python3", "/app/score.py"],
        Environment = new Dictionary<string, string> { ["MODEL_PATH"] = "/models/churn/model.bin" },
        Labels = Labels(tag),
    };

    /// <summary>
    /// Pushes a two-layer base image (a tiny "root file system", then a "runtime" layer on it)
    /// to <paramref name="repository"/>:1 with the builder itself, and returns its reference.
    /// </summary>
    public static async Task<ImageReference> PushBaseAsync(OciRegistryClient client, string repository)
    {
        var builder = new ModelImageBuilder();
        var root = await builder.PushAsync(new ModelImageRequest
        {
            Repository = repository,
            Tag = "0",
            Files =
            [
                ImageFile.FromBytes("etc/os-release", Encoding.UTF8.GetBytes("ID=edgeflows-test\n")),
                ImageFile.FromBytes("bin/hello", Encoding.UTF8.GetBytes("#!/bin/sh\necho hello\n"), executable: true),
            ],
            Cmd = ["/bin/hello"],
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" },
            Labels = new Dictionary<string, string> { ["org.opencontainers.image.vendor"] = "edgeflows-tests" },
        }, client);
        await builder.PushAsync(new ModelImageRequest
        {
            Repository = repository,
            Tag = "1",
            BaseImage = root.Reference,
            Files = [ImageFile.FromBytes("usr/lib/runtime/lib.bin", ModelContent(seed: 99, length: 64 * 1024))],
        }, client);
        return ImageReference.Parse($"{client.Registry}/{repository}:1");
    }
}
