namespace ShareHost.Features.Backends;

/// <summary>A driver call that failed, timed out, or could not be made; <see cref="UserMessage"/> is safe to show.</summary>
public sealed class DriverCallException(string message, string userMessage, Exception? inner = null) : Exception(message, inner)
{
    public string UserMessage { get; } = userMessage;

    /// <summary>The driver reported that the resource does not exist.</summary>
    public bool NotFound { get; init; }

    /// <summary>The driver refused a shrink because more data is in use.</summary>
    public bool PossibleDataLoss { get; init; }

    /// <summary>The driver does not support the operation.</summary>
    public bool NotSupported { get; init; }

    public bool TimedOut { get; init; }
}
