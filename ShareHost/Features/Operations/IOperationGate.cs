namespace ShareHost.Features.Operations;

/// <summary>
/// Asked before an operation runs: whether this process may run it now. An operation it may not run stays recorded
/// (for the process that owns its backend) and is not failed.
/// </summary>
public interface IOperationGate
{
    ValueTask<bool> MayRunAsync(Operation operation, CancellationToken cancellationToken);
}
