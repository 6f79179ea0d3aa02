using System.Net;
using System.Net.Sockets;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Tests.Lab;
using static ShareHost.Drivers.Local.Tests.Lab.DriverHarness;

namespace ShareHost.Drivers.Local.Tests.Driver;

/// <summary>Daemons are supervised: one that dies comes back with its exports; health feeds stats and the address choice.</summary>
[NonParallelizable]
public sealed class SupervisionTests
{
    private DriverHarness _lab = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _lab = await DriverHarness.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    [Test]
    public async Task GaneshaKilled_RestartedWithItsExports()
    {
        var share = Share();
        var path = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
        await _lab.AllowAsync(share, Rule("ip", "127.0.0.1"));
        await Clients.NfsWriteAsync(Second, _lab.NfsPort, path, "survives.txt", "served again");
        var instance = _lab.Driver.Nfs!.Find(Second)!;
        var killed = instance.Pid!.Value;

        await Run.CheckedAsync("kill", "-KILL", killed.ToString());

        var read = await EventuallyAsync(async () =>
        {
            var attempt = await Clients.NfsReadAsync(Second, _lab.NfsPort, path, "survives.txt");
            return attempt.Output == "served again" ? attempt : null;
        });
        Assert.That(read, Is.Not.Null, "the export did not come back on the restarted instance");
        Assert.That(instance.Pid, Is.Not.EqualTo(killed));
        Assert.That(instance.Restarts, Is.GreaterThanOrEqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(_lab.StateDirectory, "nfs", Second, "ganesha.pid")).Trim(), Is.EqualTo(instance.Pid.ToString()));
    }

    [Test]
    public async Task GaneshaCannotRestart_AddressUnhealthyAndAvoidedUntilItRecovers()
    {
        var share = Share();
        await _lab.Driver.CreateShareAsync(share, CancellationToken.None);
        var instance = _lab.Driver.Nfs!.Find(Second)!;

        // Take the instance's port while it is down, so its restarts fail until we let go.
        await Run.CheckedAsync("kill", "-KILL", instance.Pid!.Value.ToString());
        using (var squatter = await SquatAsync(Second, _lab.NfsPort))
        {
            // Restarts keep failing while the port is taken: give the supervisor time to try at least once.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var stats = await _lab.Driver.GetStatsAsync(CancellationToken.None);
            var choice = await _lab.Driver.PickAddressAsync(PickRequest(share, leastLoaded: Second), CancellationToken.None);

            Assert.That(instance.IsHealthy, Is.False);
            Assert.That(stats.Addresses.Single(a => a.Address == Second).Healthy, Is.True, "smbd still serves the address");
            Assert.That(choice.Address, Is.EqualTo(First), "an NFS mount must not be sent to an address whose Ganesha is down");
        }

        var recovered = await EventuallyAsync(async () =>
        {
            await _lab.Driver.GetStatsAsync(CancellationToken.None);
            return instance.IsHealthy ? await _lab.Driver.PickAddressAsync(PickRequest(share, leastLoaded: Second), CancellationToken.None) : null;
        });
        Assert.That(recovered, Is.Not.Null, "the instance did not come back once its port was free");
        Assert.That(recovered!.Address, Is.EqualTo(Second));
    }

    [Test]
    public async Task SmbdCannotRestart_AddressesStayHealthyForNfsMounts()
    {
        var share = Share();
        await _lab.Driver.CreateShareAsync(share, CancellationToken.None);
        var smb = _lab.Driver.Smb!;

        // Without its configuration file smbd exits at once, so every restart fails until the file is back.
        var config = smb.Paths.Config;
        File.Move(config, config + ".away");
        try
        {
            await Run.CheckedAsync("kill", "-KILL", smb.Pid!.Value.ToString());
            await Task.Delay(TimeSpan.FromSeconds(1));
            var stats = await _lab.Driver.GetStatsAsync(CancellationToken.None);
            var choice = await _lab.Driver.PickAddressAsync(PickRequest(share, leastLoaded: Second), CancellationToken.None);

            Assert.That(smb.IsHealthy, Is.False);
            Assert.That(stats.Addresses.Select(a => a.Healthy), Is.All.True, "every Ganesha instance serves: the host must keep handing the addresses out");
            Assert.That(choice.Address, Is.EqualTo(Second));
        }
        finally
        {
            File.Move(config + ".away", config);
        }

        var recovered = await EventuallyAsync(async () =>
        {
            await _lab.Driver.GetStatsAsync(CancellationToken.None);
            return smb.IsHealthy ? smb : null;
        });
        Assert.That(recovered, Is.Not.Null, "smbd did not come back once its port was free");
    }

    [Test]
    public async Task PickAddress_HealthyCandidates_LeastLoadedOrCurrentWithPortOptions()
    {
        var share = Share();
        await _lab.Driver.CreateShareAsync(share, CancellationToken.None);

        var fresh = await _lab.Driver.PickAddressAsync(PickRequest(share, leastLoaded: Second), CancellationToken.None);
        var sticky = await _lab.Driver.PickAddressAsync(PickRequest(share, leastLoaded: Second, current: First), CancellationToken.None);
        var notOurs = await _lab.Driver.PickAddressAsync(new AddressPickRequest
        {
            Share = share,
            Client = "127.0.0.50",
            AccessLevel = "rw",
            Candidates = [new AddressCandidate { Address = "127.0.0.3" }, new AddressCandidate { Address = First, LiveLeases = 50 }],
        }, CancellationToken.None);

        Assert.That(fresh.Address, Is.EqualTo(Second));
        Assert.That(fresh.MountOptions, Is.EqualTo($"vers=4.1,port={_lab.NfsPort}"));
        Assert.That(sticky.Address, Is.EqualTo(First));
        Assert.That(notOurs.Address, Is.EqualTo(First), "127.0.0.3 has no Ganesha instance");
    }

    private static AddressPickRequest PickRequest(DriverShare share, string leastLoaded, string? current = null) => new()
    {
        Share = share,
        Client = "127.0.0.50",
        AccessLevel = "rw",
        CurrentAddress = current,
        Candidates =
        [
            new AddressCandidate { Address = First, LiveLeases = leastLoaded == First ? 0 : 5 },
            new AddressCandidate { Address = Second, LiveLeases = leastLoaded == Second ? 0 : 5 },
        ],
    };

    /// <summary>Binds the port as soon as the killed daemon's socket is gone.</summary>
    private static async Task<TcpListener> SquatAsync(string address, int port)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var listener = new TcpListener(IPAddress.Parse(address), port);
            try
            {
                // Like Ganesha: clients' TIME_WAIT connections on the port must not keep us out.
                listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Start();
                return listener;
            }
            catch (SocketException)
            {
                listener.Dispose();
                await Task.Delay(5);
            }
        }

        throw new InvalidOperationException($"{address}:{port} never came free");
    }

    private static async Task<T?> EventuallyAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        return null;
    }
}
