using System.Text.Json.Serialization;
using System.Xml;
using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts;

/// <summary>
/// A mount with its lease. The lease speaks in durations (<c>seconds_left</c>, whole seconds rounded up, and
/// <c>expires_in</c>, ISO 8601), judged by the server's clock, so a client needs no clock of its own to use it; the
/// timestamps are informative, in database time. <c>id</c> and <c>lease.id</c> are the same: a mount is its lease.
/// </summary>
public sealed class MountView(LeaseClock clock)
{
    public MountBody Render(RequestContext caller, MountLease lease, bool live)
    {
        var active = lease.State == LeaseStates.Active;
        var left = !active ? 0 : Math.Max(0, live ? clock.SecondsUntil(lease.Deadline) : lease.SecondsLeft);
        return new MountBody
        {
            Id = lease.Id,
            ShareId = lease.ShareId,
            SnapshotId = lease.SnapshotId,
            ProjectId = lease.ProjectId,
            UserId = lease.UserId,
            Client = lease.Client,
            AccessLevel = lease.AccessLevel,
            Exclusive = lease.Exclusive,
            Address = lease.Address,
            ExportPath = lease.ExportPath,
            Protocol = lease.Protocol,
            MountOptions = lease.MountOptions,
            AddressSource = lease.AddressSource,
            Access = lease.Access,
            AccessRuleId = lease.AccessRuleId,
            Lease = new LeaseBody
            {
                Id = lease.Id,
                State = lease.State,
                LeaseSeconds = lease.LeaseSeconds,
                SecondsLeft = (int)Math.Ceiling(left),
                ExpiresIn = active ? XmlConvert.ToString(TimeSpan.FromMilliseconds(Math.Round(left * 1000))) : null,
                FencingToken = lease.FencingToken,
                Renewals = lease.Renewals,
            },
            GrantedAt = ManilaJson.Timestamp(lease.GrantedAt),
            RenewedAt = ManilaJson.Timestamp(lease.RenewedAt),
            EndedAt = ManilaJson.Timestamp(lease.EndedAt),
            ShareInstanceId = caller.IsAdmin ? lease.ShareInstanceId : null,
            Backend = caller.IsAdmin ? lease.Backend : null,
        };
    }
}

/// <summary>
/// A mount in a response, typed so the hot path writes it without a dictionary and boxes per field; names are the
/// API's snake_case. <see cref="ShareInstanceId"/> and <see cref="Backend"/> are shown to admins only.
/// </summary>
public sealed class MountBody
{
    public required string Id { get; init; }

    public required string ShareId { get; init; }

    public string? SnapshotId { get; init; }

    public required string ProjectId { get; init; }

    public required string UserId { get; init; }

    public required string Client { get; init; }

    public required string AccessLevel { get; init; }

    public bool Exclusive { get; init; }

    public required string Address { get; init; }

    public required string ExportPath { get; init; }

    public required string Protocol { get; init; }

    public string? MountOptions { get; init; }

    public required string AddressSource { get; init; }

    public required string Access { get; init; }

    public string? AccessRuleId { get; init; }

    public required LeaseBody Lease { get; init; }

    public string? GrantedAt { get; init; }

    public string? RenewedAt { get; init; }

    public string? EndedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ShareInstanceId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Backend { get; init; }
}

/// <summary>A mount's lease in a response: durations by the server's clock, and the fencing token.</summary>
public sealed class LeaseBody
{
    public required string Id { get; init; }

    public required string State { get; init; }

    public int LeaseSeconds { get; init; }

    public int SecondsLeft { get; init; }

    public string? ExpiresIn { get; init; }

    public long FencingToken { get; init; }

    public int Renewals { get; init; }
}

/// <summary>The body of every call that answers with one mount: <c>{"mount": {…}}</c>.</summary>
public sealed record MountResponse(MountBody Mount);
