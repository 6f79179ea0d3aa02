using System.Reflection;

namespace ShareHost.Abstractions.Tests;

/// <summary>
/// The driver contract's public API, compared with the reviewed snapshot in <c>PublicApi.approved.txt</c>. Any change
/// to the contract shows up as a diff of that file in review; minor versions may only add lines.
/// </summary>
public sealed class PublicApiTests
{
    private const string ApprovedFile = "PublicApi.approved.txt";
    private const string ReceivedFile = "PublicApi.received.txt";

    [Test]
    public void PublicApi_ComparedWithApprovedSnapshot_IsUnchanged()
    {
        var directory = ProjectDirectory();
        var approvedPath = Path.Combine(directory, ApprovedFile);
        var receivedPath = Path.Combine(directory, ReceivedFile);

        var received = PublicApiRenderer.Render(typeof(IShareDriver).Assembly);
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : "";

        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        var relative = Path.GetRelativePath(Path.GetFullPath(Path.Combine(directory, "..", "..")), directory);
        Assert.Fail(
            $"The public API of ShareHost.Abstractions differs from {ApprovedFile}.\n" +
            LineDiff.Unified(approved, received, ApprovedFile, ReceivedFile) +
            $"\nThe rendered API was written to {receivedPath}.\n" +
            "If the change is intended (minor versions only add; see ShareHost.Abstractions/README.md), approve it from the\n" +
            "repository root with\n" +
            $"    cp {Path.Combine(relative, ReceivedFile)} {Path.Combine(relative, ApprovedFile)}\n" +
            "and commit the approved file with the change, so reviewers see the contract diff.");
    }

    [Test]
    public void Render_SameAssemblyTwice_GivesIdenticalText()
    {
        var first = PublicApiRenderer.Render(typeof(IShareDriver).Assembly);

        var second = PublicApiRenderer.Render(typeof(IShareDriver).Assembly);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Render_ContractTypes_ShowsRequiredInitNullabilityAndDefaults()
    {
        var api = PublicApiRenderer.Render(typeof(IShareDriver).Assembly);

        Assert.Multiple(() =>
        {
            Assert.That(api, Does.Contain("public required string Id { get; init; }"));
            Assert.That(api, Does.Contain("public System.Collections.Generic.IReadOnlyList<ShareHost.Abstractions.ExportPath>? ExportLocations { get; init; }"));
            Assert.That(api, Does.Contain("public static System.Version Current { get; }"));
            Assert.That(api, Does.Contain("NotFound = 2,"));
            Assert.That(api, Does.Contain("[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false, Inherited = false)]"));
            Assert.That(api, Does.Contain("public ShareDriverException(string message, System.Exception innerException);"));
        });
    }

    [Test]
    public void Unified_OneLineChanged_ShowsRemovedAndAddedLine()
    {
        var diff = LineDiff.Unified("a\nb\nc\n", "a\nB\nc\n", "approved", "received");

        Assert.That(diff, Does.Contain("-b\n+B\n"));
        Assert.That(diff, Does.Contain(" a\n"));
    }

    private static string ProjectDirectory() =>
        typeof(PublicApiTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value!;
}
