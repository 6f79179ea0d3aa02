using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Tests.Lab;
using static ShareHost.Drivers.Local.Tests.Lab.DriverHarness;

namespace ShareHost.Drivers.Local.Tests.Driver;

/// <summary>Share sizes are qgroup limits, enforced over NFS: extend and shrink change what a client can write.</summary>
public sealed class SizeTests
{
    private const int Mib = 1 << 20;
    private DriverHarness _lab = null!;
    private string _refusal = "";

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
    public async Task ExtendShare_FullShare_MoreCanBeWritten()
    {
        // 1 "GiB" is 8 MiB in the lab.
        var share = Share(sizeGb: 1);
        var path = await CreateWritableAsync(share);
        var filled = await FillAsync(path, "before");
        Assert.That(filled, Is.InRange(4, 8), "the 8 MiB limit must stop the writes");
        Assert.That(_refusal, Does.Contain("NFS4ERR_DQUOT"));

        await _lab.Driver.ExtendShareAsync(share, 3, CancellationToken.None);

        var more = await FillAsync(path, "after");
        Assert.That(more, Is.InRange(12, 17), "two more units (16 MiB) fit after the extend");
    }

    [Test]
    public async Task ShrinkShare_BelowUsed_RefusedNothingChanged()
    {
        var share = Share(sizeGb: 3);
        var path = await CreateWritableAsync(share);
        for (var i = 0; i < 12; i++)
        {
            var write = await Clients.NfsWriteBytesAsync(First, _lab.NfsPort, path, $"f{i}", Bytes());
            Assert.That(write.Succeeded, write.All);
        }

        var refused = Assert.ThrowsAsync<ShareShrinkingPossibleDataLossException>(() => _lab.Driver.ShrinkShareAsync(share, 1, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("holds").And.Contain("1 GiB"));
        Assert.That((await Clients.NfsWriteBytesAsync(First, _lab.NfsPort, path, "still-room", Bytes())).Succeeded, "the old limit still holds");
    }

    [Test]
    public async Task ShrinkShare_AboveUsed_LessCanBeWritten()
    {
        var share = Share(sizeGb: 4);
        var path = await CreateWritableAsync(share);
        await Clients.NfsWriteBytesAsync(First, _lab.NfsPort, path, "small", Bytes());

        await _lab.Driver.ShrinkShareAsync(share, 1, CancellationToken.None);

        var filled = await FillAsync(path, "after");
        Assert.That(filled, Is.InRange(3, 7), "only the 8 MiB of the new size fit, 1 MiB of it already used");
    }

    private async Task<string> CreateWritableAsync(DriverShare share)
    {
        var path = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
        await _lab.AllowAsync(share, Rule("ip", "127.0.0.1"));
        return path;
    }

    /// <summary>Writes 1 MiB files until the server refuses one; returns how many fitted.</summary>
    private async Task<int> FillAsync(string path, string prefix)
    {
        for (var i = 0; i < 40; i++)
        {
            var write = await Clients.NfsWriteBytesAsync(First, _lab.NfsPort, path, $"{prefix}-{i}", Bytes());
            if (!write.Succeeded)
            {
                _refusal = write.All;
                return i;
            }
        }

        return 40;
    }

    private static byte[] Bytes()
    {
        var bytes = new byte[Mib];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
