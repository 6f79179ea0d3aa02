using Microsoft.Extensions.DependencyInjection;
using ShareHost.Abstractions;
using ShareHost.Features.Shares;
using ShareHost.Persistence;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.ExportLocations;

/// <summary>
/// The standardized export-location attributes only: <c>preferred</c>, <c>is_admin_only</c> (admins) and the
/// <c>readonly</c> marker a driver sets with ExportPath.ReadOnly, stored and shown; nothing else reaches the API.
/// </summary>
public sealed class ExportLocationReadOnlyTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: each test works on a share of its own.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task ExportLocations_DriverMarksAPathReadOnly_StoredAndShownOnListShowAndInstanceViews()
    {
        var shareId = await _admin.AvailableShareAsync();
        var instanceId = await InstanceAsync(shareId);
        await ReplaceAsync(instanceId,
            new ExportPath { Path = "/shares/rw", Preferred = true },
            new ExportPath { Path = "/shares/mirror", ReadOnly = true },
            new ExportPath { Path = "/admin/shares/rw", IsAdminOnly = true });

        var list = (await _admin.GetAsync($"/v2/shares/{shareId}/export_locations")).Json["export_locations"]!.AsArray();
        var mirror = list.Single(l => l!["path"]!.GetValue<string>().EndsWith("/shares/mirror", StringComparison.Ordinal))!;
        var show = await _admin.GetAsync($"/v2/shares/{shareId}/export_locations/{mirror["id"]}");
        var instance = await _admin.GetAsync($"/v2/share_instances/{instanceId}/export_locations/{mirror["id"]}");

        Assert.Multiple(() =>
        {
            Assert.That(list.Select(l => l!["readonly"]!.GetValue<bool>()), Is.EqualTo(new[] { false, true, false }));
            Assert.That(mirror.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "path", "preferred", "readonly", "share_instance_id", "is_admin_only" }));
            Assert.That(show.Json["export_location"]!["readonly"]!.GetValue<bool>(), Is.True);
            Assert.That(instance.Json["export_location"]!["readonly"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public async Task ExportLocations_ReadOnlyChangesOnTheSamePath_KeepsTheIdAndUpdatesTheMarker()
    {
        var shareId = await _admin.AvailableShareAsync();
        var instanceId = await InstanceAsync(shareId);
        await ReplaceAsync(instanceId, new ExportPath { Path = "/shares/p", ReadOnly = true });
        var before = (await _admin.GetAsync($"/v2/shares/{shareId}/export_locations")).Json["export_locations"]![0]!;

        await ReplaceAsync(instanceId, new ExportPath { Path = "/shares/p", ReadOnly = false });
        var after = (await _admin.GetAsync($"/v2/shares/{shareId}/export_locations")).Json["export_locations"]![0]!;

        Assert.That(after["id"]!.GetValue<string>(), Is.EqualTo(before["id"]!.GetValue<string>()));
        Assert.That(before["readonly"]!.GetValue<bool>(), Is.True);
        Assert.That(after["readonly"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public void DriverShares_StoredReadOnlyLocation_ReachesTheDriverMarkedReadOnly()
    {
        var share = new ShareRecord { Id = "s", ProjectId = "p", ShareProto = "NFS", Size = 1 };
        var instance = new ShareInstanceRecord { Id = "i", ShareId = "s", Pool = "pool" };
        ExportLocationRecord[] locations = [new() { ShareInstanceId = "i", Path = "/m", ReadOnly = true }, new() { ShareInstanceId = "i", Path = "/w" }];

        var driverShare = DriverShares.For(share, instance, null, locations);

        Assert.That(driverShare.ExportLocations.Select(e => (e.Path, e.ReadOnly)), Is.EqualTo(new[] { ("/m", true), ("/w", false) }));
    }

    private async Task<string> InstanceAsync(string shareId) =>
        (await _admin.GetAsync($"/v2/shares/{shareId}/instances")).Json["share_instances"]![0]!["id"]!.GetValue<string>();

    private async Task ReplaceAsync(string instanceId, params ExportPath[] paths)
    {
        await using var connection = await _host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection);
        await ShareRepository.ReplaceExportLocationsAsync(connection, transaction, instanceId, paths);
        await transaction.CommitAsync();
    }
}
