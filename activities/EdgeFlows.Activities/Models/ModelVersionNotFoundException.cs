namespace EdgeFlows.Activities.Models;

/// <summary>The named model version does not exist.</summary>
public sealed class ModelVersionNotFoundException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public ModelVersionNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelVersionNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ModelVersionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a model name and version.</summary>
    public ModelVersionNotFoundException(string name, int version)
        : base($"The model registry has no version {version} of model '{name}'.")
    {
        ModelName = name;
        Version = version;
    }

    /// <summary>The model's name.</summary>
    public string? ModelName { get; }

    /// <summary>The version asked for.</summary>
    public int? Version { get; }
}
