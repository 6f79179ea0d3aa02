using System.Diagnostics;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy.Tests;

/// <summary>Failure injection and latency, read from the options on every call.</summary>
public sealed class DummyDriverFaultTests
{
    private static readonly Dictionary<string, string?> OnePool = new() { ["Pools:0:Name"] = "pool-a" };

    [Test]
    public async Task CreateShare_FailEveryThird_FailsExactlyTheThirdAndSixthCalls()
    {
        using var dummy = await DummyFixture.StartAsync(With(("Faults:CreateShare:FailEveryNth", "3")));
        var outcomes = new List<bool>();

        for (var call = 1; call <= 6; call++)
        {
            try
            {
                await dummy.Driver.CreateShareAsync(DummyFixture.Share(), CancellationToken.None);
                outcomes.Add(true);
            }
            catch (ShareDriverException)
            {
                outcomes.Add(false);
            }
        }

        Assert.That(outcomes, Is.EqualTo(new[] { true, true, false, true, true, false }));
    }

    [Test]
    public async Task CreateShare_FailRatioOne_AlwaysFailsWithTheConfiguredMessageAndStoresNothing()
    {
        using var dummy = await DummyFixture.StartAsync(With(("Faults:CreateShare:FailRatio", "1.0"), ("Faults:CreateShare:Message", "disk on fire")));

        var failures = new List<ShareDriverException>();
        for (var call = 0; call < 5; call++)
        {
            failures.Add(Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.CreateShareAsync(DummyFixture.Share(), CancellationToken.None))!);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(failures.Select(f => f.UserMessage), Is.All.StartsWith("disk on fire (CreateShare, call "));
            Assert.That((await dummy.PoolAsync()).ProvisionedCapacityGb, Is.Zero);
        });
    }

    [Test]
    public async Task Fault_OnOneOperation_LeavesOtherOperationsAlone()
    {
        using var dummy = await DummyFixture.StartAsync(With(("Faults:DeleteShare:FailEveryNth", "1")));

        var created = await dummy.Driver.CreateShareAsync(DummyFixture.Share(), CancellationToken.None);

        Assert.That(created.ExportLocations, Is.Not.Empty);
    }

    [Test]
    public async Task Fault_ChangedWhileRunning_AppliesToTheNextCall()
    {
        using var dummy = await DummyFixture.StartAsync(OnePool);
        await dummy.Driver.CreateShareAsync(DummyFixture.Share(), CancellationToken.None);

        dummy.Options["Faults:CreateShare:FailEveryNth"] = "1";

        Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.CreateShareAsync(DummyFixture.Share(), CancellationToken.None));
    }

    [Test]
    public async Task CreateShare_Hang_EndsWithCancellationWhenTheTokenFires()
    {
        using var dummy = await DummyFixture.StartAsync(With(("Faults:CreateShare:Hang", "true")));
        using var cancellation = new CancellationTokenSource();

        var call = dummy.Driver.CreateShareAsync(DummyFixture.Share(), cancellation.Token);
        var stillRunning = !call.IsCompleted;
        await cancellation.CancelAsync();

        Assert.That(stillRunning, Is.True);
        Assert.That(async () => await call.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That((await dummy.PoolAsync()).ProvisionedCapacityGb, Is.Zero);
    }

    [Test]
    public async Task CreateShare_HangIgnoringCancellation_KeepsRunningAfterTheTokenFires()
    {
        using var dummy = await DummyFixture.StartAsync(With(("Faults:CreateShare:Hang", "true"), ("Faults:CreateShare:IgnoreCancellation", "true")));
        using var cancellation = new CancellationTokenSource();

        var call = dummy.Driver.CreateShareAsync(DummyFixture.Share(), cancellation.Token);
        await cancellation.CancelAsync();
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(300))) == call;

        Assert.That(finished, Is.False, "a driver stuck in a syscall does not notice the token");
        Assert.That(call.IsCompleted, Is.False);
    }

    [Test]
    public async Task CreateShare_Latency_TakesAtLeastThatLong()
    {
        using var dummy = await DummyFixture.StartAsync(With(("LatencyMs:CreateShare", "200")));
        var clock = Stopwatch.StartNew();

        await dummy.Driver.CreateShareAsync(DummyFixture.Share(), CancellationToken.None);

        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)));
    }

    [Test]
    public async Task Latency_Default_AppliesToOperationsWithoutTheirOwnAndHonoursCancellation()
    {
        using var dummy = await DummyFixture.StartAsync(OnePool);
        dummy.Options["LatencyMs:Default"] = "600000";
        using var cancellation = new CancellationTokenSource();

        var call = dummy.Driver.GetStatsAsync(cancellation.Token);
        var waiting = !call.IsCompleted;
        await cancellation.CancelAsync();

        Assert.That(waiting, Is.True);
        Assert.That(async () => await call.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Latency_SpecificZero_OverridesDefault()
    {
        using var dummy = await DummyFixture.StartAsync(With(("LatencyMs:GetStats", "0")));
        dummy.Options["LatencyMs:Default"] = "600000";

        var stats = await dummy.Driver.GetStatsAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(stats.Pools, Has.Count.EqualTo(1));
    }

    [Test]
    public void Initialize_FaultOnInitialize_Throws()
    {
        var options = With(("Faults:Initialize:FailEveryNth", "1"), ("Faults:Initialize:Message", "controller offline"));

        var failure = Assert.ThrowsAsync<ShareDriverException>(() => DummyFixture.StartAsync(options));

        Assert.That(failure!.UserMessage, Does.StartWith("controller offline"));
    }

    private static Dictionary<string, string?> With(params (string Key, string Value)[] settings)
    {
        var options = new Dictionary<string, string?>(OnePool);
        foreach (var (key, value) in settings)
        {
            options[key] = value;
        }

        return options;
    }
}
