namespace ShareHost.Drivers.Local.Tests;

/// <summary>Runs once after every test of the assembly, passed or failed: the lab comes down.</summary>
[SetUpFixture]
public sealed class LabTeardown
{
    [OneTimeTearDown]
    public async Task TearDownAsync() => await Lab.LocalLab.TeardownAsync();
}
