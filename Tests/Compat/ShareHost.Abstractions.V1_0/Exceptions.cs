namespace ShareHost.Abstractions;

/// <summary>
/// A driver failure the host reports to users. The message is logged; <see cref="UserMessage"/>, when given, is shown
/// to the resource's owner in <c>/v2/messages</c> (keep secrets and internal paths out of it).
/// </summary>
public class ShareDriverException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ShareDriverException()
    {
    }

    /// <summary>Creates an exception whose message is also the user message.</summary>
    /// <param name="message">What went wrong.</param>
    public ShareDriverException(string message) : base(message)
    {
        UserMessage = message;
    }

    /// <summary>Creates an exception with a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ShareDriverException(string message, Exception innerException) : base(message, innerException)
    {
        UserMessage = message;
    }

    /// <summary>The text shown to the resource's owner, or <see langword="null"/> for a generic one.</summary>
    public string? UserMessage { get; init; }
}

/// <summary>The resource a driver was asked about does not exist on the backend.</summary>
public class ShareNotFoundException : ShareDriverException
{
    /// <summary>Creates an exception with no message.</summary>
    public ShareNotFoundException()
    {
    }

    /// <summary>Creates an exception naming what is missing.</summary>
    /// <param name="message">What is missing.</param>
    public ShareNotFoundException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception with a cause.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ShareNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>A shrink was refused because more data is stored than the new size holds; nothing changed.</summary>
public class ShareShrinkingPossibleDataLossException : ShareDriverException
{
    /// <summary>Creates an exception with no message.</summary>
    public ShareShrinkingPossibleDataLossException()
    {
    }

    /// <summary>Creates an exception saying how much is in use.</summary>
    /// <param name="message">How much is in use and the size asked for.</param>
    public ShareShrinkingPossibleDataLossException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception with a cause.</summary>
    /// <param name="message">How much is in use and the size asked for.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ShareShrinkingPossibleDataLossException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
