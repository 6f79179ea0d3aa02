using ShareHost.Features.Operations;

namespace ShareHost.Features.Ownership;

/// <summary>
/// A driver call or a write for a backend this process does not own (any more). Operations that hit it stay recorded
/// for the owner; API requests answer 503 naming the owner.
/// </summary>
public sealed class BackendNotOwnedException(string backend, string message, Exception? inner = null) : OperationDeferredException(message, inner)
{
    public string Backend { get; } = backend;
}
