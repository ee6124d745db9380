namespace EdgeFlows.Activities.Models;

/// <summary>The model registry could not do what was asked (its database is not usable, say).</summary>
public class ModelRegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelRegistryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ModelRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
