using Microsoft.Extensions.Configuration;
using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;
using ShareHost.Features.ShareTypes;

namespace ShareHost.Features.Replicas;

/// <summary>The replicas of one share as drivers see them, and the backend a replication call goes to.</summary>
public sealed record ReplicaSet(ShareRecord Share, IReadOnlyList<ShareInstanceRow> Rows, IReadOnlyList<DriverReplica> Replicas)
{
    public DriverReplica Get(string id) => Replicas.First(r => r.Share.Id == id);

    /// <summary>The active replica: the share's primary instance.</summary>
    public ShareInstanceRow? Active => Rows.FirstOrDefault(r => r.IsPrimary && r.ReplicaState == ReplicaStates.Active);

    public ReplicationRequest Request(string replicaId) => new() { Replica = Get(replicaId), Replicas = Replicas };
}

/// <summary>
/// Builds replication calls (every replica with its backend's options and reachability, as contract 1.4 asks) and makes
/// them through <see cref="DriverInvoker"/>, refusing before any call a backend whose driver lacks
/// <see cref="IReplicationDriver"/>.
/// </summary>
public sealed class ReplicaDrivers(ShareRepository shares, ShareTypeRepository shareTypes, ReplicaRepository replicas, BackendRegistry backends, DriverInvoker invoker)
{
    private static readonly IConfiguration NoOptions = new ConfigurationBuilder().Build();

    public async Task<ReplicaSet?> LoadAsync(string shareId, CancellationToken cancellationToken)
    {
        var share = await shares.FindAsync(shareId, cancellationToken);
        if (share is null)
        {
            return null;
        }

        var rows = await replicas.ForShareAsync(shareId, cancellationToken);
        var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
        var exports = await shares.ExportLocationsAsync(rows.Select(r => r.Id).ToList(), cancellationToken);
        var list = rows.Where(r => r.Backend is not null).Select(r =>
        {
            var backend = backends.Find(r.Backend);
            return new DriverReplica
            {
                Share = DriverShares.For(share, Record(r), type, exports),
                State = State(r.ReplicaState),
                BackendName = r.Backend!,
                BackendOptions = backend?.DriverOptions ?? NoOptions,
                Reachable = backend is { Driver: not null, IsUp: true },
            };
        }).ToList();
        return new ReplicaSet(share, rows, list);
    }

    /// <summary>Calls the replication driver of <paramref name="backendName"/>; a missing backend or interface fails without a call.</summary>
    public Task<T> CallAsync<T>(string? backendName, string operation, Func<IReplicationDriver, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var backend = backends.Find(backendName)
            ?? throw new DriverCallException($"backend {backendName} not configured", $"The backend '{backendName}' is no longer configured.");
        if (backend.Driver is { } driver && driver is not IReplicationDriver)
        {
            throw new DriverCallException(
                $"driver of backend {backend.Name} does not implement IReplicationDriver",
                $"The backend '{backend.Name}' does not support replication.") { NotSupported = true };
        }

        return invoker.CallAsync(backend, operation, (d, ct) => call((IReplicationDriver)d, ct), cancellationToken);
    }

    public static ReplicaState State(string? state) => state switch
    {
        ReplicaStates.Active => ReplicaState.Active,
        ReplicaStates.InSync => ReplicaState.InSync,
        ReplicaStates.Error => ReplicaState.Error,
        _ => ReplicaState.OutOfSync,
    };

    public static string State(ReplicaState state) => state switch
    {
        ReplicaState.Active => ReplicaStates.Active,
        ReplicaState.InSync => ReplicaStates.InSync,
        ReplicaState.Error => ReplicaStates.Error,
        _ => ReplicaStates.OutOfSync,
    };

    public static ShareInstanceRecord Record(ShareInstanceRow row) => new()
    {
        Id = row.Id,
        ShareId = row.ShareId,
        IsPrimary = row.IsPrimary,
        Status = row.Status,
        Backend = row.Backend,
        Pool = row.Pool,
        AvailabilityZone = row.AvailabilityZone,
        ReplicaState = row.ReplicaState,
        AccessRulesStatus = row.AccessRulesStatus,
        Progress = row.Progress,
        CreatedAt = row.CreatedAt,
        UpdatedAt = row.UpdatedAt,
    };
}
