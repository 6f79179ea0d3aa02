using System.Diagnostics;
using ShareHost.Features.Ownership;

namespace ShareHost.Tests.Features.Ownership;

/// <summary>A holder is judged dead only when certainly gone: a process of this machine that no longer runs.</summary>
public sealed class HolderIdentityTests
{
    private static readonly long StartTicks = Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks;

    [Test]
    public void IsDeadLocalHolder_ItselfOrAnotherHostInThisProcess_IsAlive()
    {
        var identity = new HolderIdentity();
        var sibling = new HolderIdentity();

        Assert.That(identity.IsDeadLocalHolder(identity.Id), Is.False);
        Assert.That(identity.IsDeadLocalHolder(sibling.Id), Is.False);
    }

    [Test]
    public void IsDeadLocalHolder_AnotherMachineOrAnUnreadableHolder_IsNeverJudgedDead()
    {
        var identity = new HolderIdentity();

        Assert.That(identity.IsDeadLocalHolder($"elsewhere-{Guid.NewGuid():N}/1/1/abc"), Is.False);
        Assert.That(identity.IsDeadLocalHolder("intruder/1/1/x"), Is.False);
        Assert.That(identity.IsDeadLocalHolder("garbage"), Is.False);
    }

    [Test]
    public void IsDeadLocalHolder_ThisMachineWithAProcessThatIsGone_IsDead()
    {
        var identity = new HolderIdentity();
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        exited.WaitForExit();

        Assert.That(identity.IsDeadLocalHolder($"{Environment.MachineName}/{exited.Id}/{StartTicks}/deadbeef"), Is.True);
    }

    [Test]
    public void IsDeadLocalHolder_ThisProcessIdButAnotherStartTime_IsAnEarlierProcessAndDead()
    {
        var identity = new HolderIdentity();

        Assert.That(identity.IsDeadLocalHolder($"{Environment.MachineName}/{Environment.ProcessId}/{StartTicks - TimeSpan.TicksPerHour}/deadbeef"), Is.True);
        Assert.That(identity.IsDeadLocalHolder($"{Environment.MachineName}/{Environment.ProcessId}/{StartTicks}/deadbeef"), Is.False);
    }
}
