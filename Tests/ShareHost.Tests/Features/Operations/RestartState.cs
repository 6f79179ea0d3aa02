using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using ShareHost.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Operations;

/// <summary>
/// What survives a restart, read from disk rather than through the host: the database's share instances and
/// operations, and each Dummy backend's own record of the instances it holds (its journal).
/// </summary>
public static class RestartState
{
    public const string StateFile = "dummy-state.jsonl";

    /// <summary>Two Dummy backends that keep their shares in a journal, with the given create/delete latency.</summary>
    public static Dictionary<string, string?> Settings(string directory, int createLatencyMs, int deleteLatencyMs = 0, int maxConcurrent = 64)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ShareHost:MaxConcurrentOperations"] = maxConcurrent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var backend in new[] { "dummy1", "dummy2" })
        {
            settings[$"Backends:{backend}:Options:StateFile"] = StateFile;
            settings[$"Backends:{backend}:Options:LatencyMs:CreateShare"] = createLatencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Backends:{backend}:Options:LatencyMs:DeleteShare"] = deleteLatencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>Instance id → share id, per backend, replayed from the Dummy journals under the host's data directory.</summary>
    public static Dictionary<string, Dictionary<string, string>> DriverInstances(string dataDirectory)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var backend in new[] { "dummy1", "dummy2" })
        {
            var instances = new Dictionary<string, string>(StringComparer.Ordinal);
            var path = Path.Combine(dataDirectory, "backends", backend, StateFile);
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                while (reader.ReadLine() is { } line)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var entry = JsonNode.Parse(line)!;
                    if (entry["Share"] is JsonObject share)
                    {
                        instances[share["Id"]!.GetValue<string>()] = share["ShareId"]!.GetValue<string>();
                    }
                    else if (entry["Deleted"]?.GetValue<string>() is { } deleted)
                    {
                        instances.Remove(deleted);
                    }
                }
            }

            result[backend] = instances;
        }

        return result;
    }

    public static async Task<IReadOnlyList<InstanceRow>> InstancesAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        return (await connection.QueryAsync<InstanceRow>("SELECT id AS Id, share_id AS ShareId, status AS Status, backend AS Backend FROM share_instances")).ToList();
    }

    public static async Task<long> OperationCountAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM operations");
    }

    /// <summary>
    /// The invariant after any restart: every share the API accepted is available exactly once (one instance in the
    /// database, held by exactly the backend the database names, and by no other), nothing is transitional, and no
    /// operation is left.
    /// </summary>
    public static async Task AssertEveryShareAvailableExactlyOnceAsync(ApiClient admin, string databasePath, string dataDirectory, IReadOnlyCollection<string> shareIds)
    {
        var listed = (await admin.GetAsync("/v2/shares/detail")).Json["shares"]!.AsArray()
            .ToDictionary(s => s!["id"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());
        var instances = await InstancesAsync(databasePath);
        var driver = DriverInstances(dataDirectory);
        var held = driver.SelectMany(b => b.Value.Select(i => (Backend: b.Key, InstanceId: i.Key, ShareId: i.Value))).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(listed.Keys, Is.EquivalentTo(shareIds), "every accepted share is listed, and nothing else");
            Assert.That(listed.Values, Is.All.EqualTo(ShareStatus.Available));
            Assert.That(instances.Where(i => ShareStatus.Transitional.Contains(i.Status)), Is.Empty, "instances left in a transitional status");
            Assert.That(instances.Select(i => i.ShareId), Is.EquivalentTo(shareIds), "one instance per share in the database");
            Assert.That(held.Select(h => h.ShareId), Is.EquivalentTo(shareIds), "each share held exactly once across the backends");
            Assert.That(held.Select(h => (h.Backend, h.InstanceId)), Is.EquivalentTo(instances.Select(i => (i.Backend!, i.Id))),
                "the backends hold exactly the instances the database places on them");
            Assert.That(await OperationCountAsync(databasePath), Is.Zero, "operations left unfinished");
        });
    }

    public sealed record InstanceRow(string Id, string ShareId, string Status, string? Backend);
}
