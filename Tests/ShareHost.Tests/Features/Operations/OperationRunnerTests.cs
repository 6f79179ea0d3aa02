using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using ShareHost.Features.Operations;

namespace ShareHost.Tests.Features.Operations;

public sealed class OperationRunnerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private Mock<IOperationHandler> _handler = null!;
    private OperationRunner _runner = null!;

    [SetUp]
    public void SetUp()
    {
        _handler = new Mock<IOperationHandler>();
        _handler.Setup(h => h.Kind).Returns("test");
    }

    [TearDown]
    public async Task TearDown() => await _runner.DisposeAsync();

    [Test]
    public async Task Enqueue_SameShare_RunsInAcceptanceOrderOneAtATime()
    {
        var tracker = new ConcurrencyTracker();
        var order = new ConcurrentQueue<string>();
        _handler.Setup(h => h.RunAsync(It.IsAny<Operation>(), It.IsAny<CancellationToken>()))
            .Returns(async (Operation operation, CancellationToken token) =>
            {
                using (tracker.Enter())
                {
                    order.Enqueue(operation.Id);
                    await Task.Delay(10, token);
                }
            });
        _runner = Runner(maxConcurrent: 8);
        var operations = Enumerable.Range(0, 6).Select(i => Op($"op-{i}", "share-1")).ToList();

        operations.ForEach(_runner.Enqueue);
        await _runner.WhenIdleAsync().WaitAsync(Bound);

        Assert.That(order, Is.EqualTo(operations.Select(o => o.Id)));
        Assert.That(tracker.Max, Is.EqualTo(1));
    }

    [Test]
    public async Task Enqueue_DifferentShares_RunConcurrentlyUpToTheLimit()
    {
        var tracker = new ConcurrencyTracker();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        _handler.Setup(h => h.RunAsync(It.IsAny<Operation>(), It.IsAny<CancellationToken>()))
            .Returns(async (Operation _, CancellationToken token) =>
            {
                using (tracker.Enter())
                {
                    Interlocked.Increment(ref started);
                    await gate.Task.WaitAsync(token);
                }
            });
        _runner = Runner(maxConcurrent: 3);

        for (var i = 0; i < 6; i++)
        {
            _runner.Enqueue(Op($"op-{i}", $"share-{i}"));
        }

        await Until(() => Volatile.Read(ref started) == 3);
        await Task.Delay(100);
        var startedWhileFull = Volatile.Read(ref started);
        gate.SetResult();
        await _runner.WhenIdleAsync().WaitAsync(Bound);

        Assert.That(startedWhileFull, Is.EqualTo(3), "a fourth operation started while three held every slot");
        Assert.That(tracker.Max, Is.EqualTo(3));
        _handler.Verify(h => h.RunAsync(It.IsAny<Operation>(), It.IsAny<CancellationToken>()), Times.Exactly(6));
    }

    [Test]
    public async Task Run_HandlerThrows_FailAsyncGetsTheReasonAndTheQueueMovesOn()
    {
        var failing = Op("op-fails", "share-1");
        var next = Op("op-next", "share-1");
        _handler.Setup(h => h.RunAsync(It.Is<Operation>(o => o.Id == failing.Id), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("disk vanished"));
        _handler.Setup(h => h.RunAsync(It.Is<Operation>(o => o.Id == next.Id), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask);
        _runner = Runner();

        _runner.Enqueue(failing);
        _runner.Enqueue(next);
        await _runner.WhenIdleAsync().WaitAsync(Bound);

        _handler.Verify(h => h.FailAsync(failing, It.Is<string>(m => m.Contains("disk vanished")), It.IsAny<CancellationToken>()), Times.Once);
        _handler.Verify(h => h.FailAsync(next, It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _handler.Verify(h => h.RunAsync(next, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Run_FailAsyncAlsoThrows_RunnerStaysUsable()
    {
        _handler.Setup(h => h.RunAsync(It.Is<Operation>(o => o.Id == "op-1"), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("first"));
        _handler.Setup(h => h.FailAsync(It.IsAny<Operation>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("database locked"));
        _runner = Runner();

        _runner.Enqueue(Op("op-1", "share-1"));
        await _runner.WhenIdleAsync().WaitAsync(Bound);
        _runner.Enqueue(Op("op-2", "share-1"));
        await _runner.WhenIdleAsync().WaitAsync(Bound);

        _handler.Verify(h => h.RunAsync(It.Is<Operation>(o => o.Id == "op-2"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Enqueue_SameOperationTwice_RunsItOnce()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _handler.Setup(h => h.RunAsync(It.IsAny<Operation>(), It.IsAny<CancellationToken>())).Returns(() => gate.Task);
        _runner = Runner();
        var operation = Op("op-1", "share-1");

        _runner.Enqueue(operation);
        _runner.Enqueue(operation);
        gate.SetResult();
        await _runner.WhenIdleAsync().WaitAsync(Bound);

        _handler.Verify(h => h.RunAsync(operation, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Enqueue_UnknownKind_IsSkippedAndOthersRun()
    {
        _runner = Runner();
        var known = Op("op-known", "share-1");

        _runner.Enqueue(new Operation { Id = "op-unknown", Kind = "no_such_kind", ShareId = "share-1" });
        _runner.Enqueue(known);
        await _runner.WhenIdleAsync().WaitAsync(Bound);

        _handler.Verify(h => h.RunAsync(known, It.IsAny<CancellationToken>()), Times.Once);
        _handler.Verify(h => h.RunAsync(It.Is<Operation>(o => o.Id == "op-unknown"), It.IsAny<CancellationToken>()), Times.Never);
        Assert.That(_runner.InFlight, Is.Zero);
    }

    [Test]
    public async Task DisposeAsync_WhileRunning_CancelsItRunsNothingQueuedAndFailsNothing()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken seen = default;
        _handler.Setup(h => h.RunAsync(It.Is<Operation>(o => o.Id == "op-running"), It.IsAny<CancellationToken>()))
            .Returns(async (Operation _, CancellationToken token) =>
            {
                seen = token;
                started.SetResult();
                await Task.Delay(Timeout.Infinite, token);
            });
        _runner = Runner();
        _runner.Enqueue(Op("op-running", "share-1"));
        _runner.Enqueue(Op("op-queued", "share-1"));
        await started.Task.WaitAsync(Bound);

        await _runner.DisposeAsync().AsTask().WaitAsync(Bound);
        _runner.Enqueue(Op("op-late", "share-2"));
        await _runner.WhenIdleAsync().WaitAsync(Bound);

        Assert.That(seen.IsCancellationRequested, Is.True);
        _handler.Verify(h => h.RunAsync(It.IsAny<Operation>(), It.IsAny<CancellationToken>()), Times.Once);
        _handler.Verify(h => h.FailAsync(It.IsAny<Operation>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task StopAsync_ThenDisposeAsync_IsSafe()
    {
        _runner = Runner();

        await _runner.StopAsync();
        await _runner.DisposeAsync();

        Assert.That(_runner.InFlight, Is.Zero);
    }

    [Test]
    public async Task WhenIdleAsync_WithWorkRunning_CompletesOnlyAfterIt()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _handler.Setup(h => h.RunAsync(It.IsAny<Operation>(), It.IsAny<CancellationToken>())).Returns(() => gate.Task);
        _runner = Runner();
        _runner.Enqueue(Op("op-1", "share-1"));

        var idle = _runner.WhenIdleAsync();
        var idleBefore = idle.IsCompleted;
        gate.SetResult();
        await idle.WaitAsync(Bound);

        Assert.That(idleBefore, Is.False);
        Assert.That(_runner.InFlight, Is.Zero);
    }

    private OperationRunner Runner(int maxConcurrent = 4) =>
        new([_handler.Object], Microsoft.Extensions.Options.Options.Create(new ShareHostOptions { MaxConcurrentOperations = maxConcurrent }),
            NullLogger<OperationRunner>.Instance);

    private static Operation Op(string id, string shareId) => new() { Id = id, Kind = "test", ShareId = shareId, ResourceId = shareId };

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "condition not reached in time");
            await Task.Delay(10);
        }
    }

    /// <summary>Counts how many callers are inside at once.</summary>
    private sealed class ConcurrencyTracker
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public IDisposable Enter()
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            return new Exit(this);
        }

        private sealed class Exit(ConcurrencyTracker tracker) : IDisposable
        {
            public void Dispose() => Interlocked.Decrement(ref tracker._current);
        }
    }
}
