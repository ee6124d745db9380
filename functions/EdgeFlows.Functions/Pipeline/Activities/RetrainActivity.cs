// The base of the pipeline's activities. Whatever a client throws is turned into a
// RetrainStepException (retried) or RetrainStepRefusedException (not retried) whose message
// is redacted and carries no inner exception: the failure is stored in the run's history, and
// the runtime records an exception's whole inner chain.
using EdgeFlows.Activities.Storage;
using EdgeFlows.Durable;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>A pipeline activity: a thin adapter from a step's input to a client call.</summary>
/// <typeparam name="TInput">The step's input.</typeparam>
/// <typeparam name="TOutput">The step's output.</typeparam>
public abstract class RetrainActivity<TInput, TOutput>(SecretRedactor redactor, ILogger logger) : TaskActivity<TInput, TOutput>
{
    /// <summary>The redactor for messages and log lines this activity returns.</summary>
    protected SecretRedactor Redactor { get; } = redactor;

    /// <inheritdoc />
    public sealed override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await ExecuteAsync(context, input, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // shutdown or a lost lease: the call is delivered again, nothing is recorded
        }
        catch (Exception ex)
        {
            var message = Redactor.Redact(Describe(ex))!;
            logger.StepFailed(context.Name, context.InstanceId, ex.GetType().Name, message);
            throw IsRefusal(ex) ? new RetrainStepRefusedException(message) : new RetrainStepException(message);
        }
    }

    /// <summary>The step's work.</summary>
    protected abstract Task<TOutput> ExecuteAsync(TaskActivityContext context, TInput input, CancellationToken cancellationToken);

    /// <summary>
    /// True when retrying cannot help: refused credentials, bad input, or the activity's own
    /// refusal. Activities add the refusals of their clients.
    /// </summary>
    protected virtual bool IsRefusal(Exception exception) => exception switch
    {
        RetrainStepRefusedException => true,
        BlobStorageException storage => storage.IsAuthenticationFailure || storage.Status is 400 or 401 or 403,
        ArgumentException or FormatException => true,
        _ => false,
    };

    /// <summary>The exception's message and its causes', for history: our own messages as they are, others with their type.</summary>
    private static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            parts.Add(e is RetrainStepException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" ← ", parts);
    }
}
