namespace ShareHost.Features.Operations;

/// <summary>
/// Thrown by a handler (or anything it calls) when the operation cannot run in this process now, for example because
/// another ShareHost process owns the share's backend. The runner leaves the operation recorded, unfailed, for
/// whichever process can run it.
/// </summary>
public class OperationDeferredException(string message, Exception? inner = null) : OperationCanceledException(message, inner);
