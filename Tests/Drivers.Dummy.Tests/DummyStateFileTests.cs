using Microsoft.Extensions.Configuration;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy.Tests;

/// <summary>With <c>StateFile</c> the Dummy keeps its shares in a journal, so a restarted host finds them again.</summary>
public sealed class DummyStateFileTests
{
    private string _directory = null!;

    private static readonly Dictionary<string, string?> Options = new()
    {
        ["Pools:0:Name"] = "pool-a",
        ["Pools:0:TotalCapacityGb"] = "100",
        ["StateFile"] = "shares.jsonl",
    };

    [SetUp]
    public void SetUp() => _directory = DummyFixture.NewDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string StateFile => Path.Combine(_directory, "shares.jsonl");

    [Test]
    public async Task NewInstance_SameStateFile_FindsSharesCreatedExtendedAndDeletedBefore()
    {
        var kept = DummyFixture.Share(id: "kept", sizeGb: 2);
        var removed = DummyFixture.Share(id: "removed", sizeGb: 3);
        var first = await DummyFixture.StartAsync(Options, _directory);
        await first.Driver.CreateShareAsync(kept, CancellationToken.None);
        await first.Driver.CreateShareAsync(removed, CancellationToken.None);
        await first.Driver.ExtendShareAsync(kept, 6, CancellationToken.None);
        await first.Driver.DeleteShareAsync(removed, CancellationToken.None);
        first.Driver.Dispose();

        var second = new DummyDriver();
        await second.InitializeAsync(DummyFixture.Context(first.Options, _directory), CancellationToken.None);
        var ensured = await second.EnsureSharesAsync([kept, removed], CancellationToken.None);
        var pool = (await second.GetStatsAsync(CancellationToken.None)).Pools.Single();
        second.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(ensured.Single(e => e.Id == "kept").Status, Is.EqualTo(EnsureStatus.Available));
            Assert.That(ensured.Single(e => e.Id == "removed").Status, Is.EqualTo(EnsureStatus.NotFound));
            Assert.That(pool.ProvisionedCapacityGb, Is.EqualTo(6));
        });
    }

    [Test]
    public async Task NewInstance_AfterManyChanges_CompactsTheJournalToOneLinePerShare()
    {
        var first = await DummyFixture.StartAsync(Options, _directory);
        for (var i = 0; i < 5; i++)
        {
            var share = DummyFixture.Share(id: $"s{i}");
            await first.Driver.CreateShareAsync(share, CancellationToken.None);
            await first.Driver.ExtendShareAsync(share, 2, CancellationToken.None);
            if (i % 2 == 0)
            {
                await first.Driver.DeleteShareAsync(share, CancellationToken.None);
            }
        }

        first.Driver.Dispose();
        var linesBefore = File.ReadAllLines(StateFile).Length;

        var second = new DummyDriver();
        await second.InitializeAsync(DummyFixture.Context(first.Options, _directory), CancellationToken.None);
        second.Dispose();

        Assert.That(linesBefore, Is.EqualTo(13));
        Assert.That(File.ReadAllLines(StateFile), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task NewInstance_LastLineTornByACrash_IgnoresItAndKeepsTheRest()
    {
        var first = await DummyFixture.StartAsync(Options, _directory);
        await first.Driver.CreateShareAsync(DummyFixture.Share(id: "whole", sizeGb: 3), CancellationToken.None);
        first.Driver.Dispose();
        File.AppendAllText(StateFile, "{\"Share\":{\"Id\":\"torn\",\"Sha");

        var second = new DummyDriver();
        await second.InitializeAsync(DummyFixture.Context(first.Options, _directory), CancellationToken.None);
        var ensured = await second.EnsureSharesAsync([DummyFixture.Share(id: "whole"), DummyFixture.Share(id: "torn")], CancellationToken.None);
        second.Dispose();

        Assert.That(ensured.Single(e => e.Id == "whole").Status, Is.EqualTo(EnsureStatus.Available));
        Assert.That(ensured.Single(e => e.Id == "torn").Status, Is.EqualTo(EnsureStatus.NotFound));
    }

    [Test]
    public void NewInstance_DamagedLineBeforeTheEnd_RefusesToStart()
    {
        File.WriteAllLines(StateFile, ["not json at all", "{\"Share\":null,\"Deleted\":\"x\"}"]);
        var options = new ConfigurationBuilder().AddInMemoryCollection(Options).Build();

        var failure = Assert.ThrowsAsync<ShareDriverException>(() =>
            new DummyDriver().InitializeAsync(DummyFixture.Context(options, _directory), CancellationToken.None));

        Assert.That(failure!.Message, Does.Contain("damaged at line 1"));
    }

    [Test]
    public async Task NoStateFile_NewInstance_StartsEmpty()
    {
        var inMemory = new Dictionary<string, string?> { ["Pools:0:Name"] = "pool-a" };
        using var first = await DummyFixture.StartAsync(inMemory);
        await first.Driver.CreateShareAsync(DummyFixture.Share(id: "gone"), CancellationToken.None);

        using var second = await DummyFixture.StartAsync(inMemory, first.StateDirectory);
        var ensured = await second.Driver.EnsureSharesAsync([DummyFixture.Share(id: "gone")], CancellationToken.None);

        Assert.That(ensured.Single().Status, Is.EqualTo(EnsureStatus.NotFound));
        Assert.That(Directory.GetFiles(first.StateDirectory), Is.Empty);
    }
}
