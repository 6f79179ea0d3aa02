using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy;

/// <summary>
/// Latency and failure injection, read from configuration on every call so tests can change them while the host
/// runs: <c>LatencyMs:Default</c>, <c>LatencyMs:&lt;Operation&gt;</c>, <c>Faults:&lt;Operation&gt;:…</c>.
/// </summary>
internal sealed class DummyBehaviour(IConfiguration options)
{
    private readonly Dictionary<string, int> _calls = [];
    private readonly Lock _lock = new();

    // The section objects are kept, their values read from the configuration at every call: still live, without
    // building the key paths and section objects again on every call (the mount benchmark's hot path).
    private readonly ConcurrentDictionary<string, IConfigurationSection> _sections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OperationKeys> _operations = new(StringComparer.Ordinal);

    /// <summary>A setting's current value (null when unset).</summary>
    public string? Live(string key) => _sections.GetOrAdd(key, static (path, root) => root.GetSection(path), options).Value;

    public double? LiveNumber(string key) =>
        double.TryParse(Live(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public async Task BeforeAsync(string operation, CancellationToken cancellationToken)
    {
        var keys = _operations.GetOrAdd(operation, static (op, root) => new OperationKeys(op, root), options);
        var latency = Number(keys.Latency.Value) ?? LiveNumber("LatencyMs:Default") ?? 0;
        if (latency > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(latency), cancellationToken);
        }

        // Read key by key: binding the section would enumerate every configuration key on every call.
        var fault = Fault(keys);
        if (fault is null)
        {
            return;
        }

        if (fault.Hang)
        {
            if (fault.IgnoreCancellation)
            {
                await Task.Delay(TimeSpan.FromHours(1), CancellationToken.None);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        int count;
        lock (_lock)
        {
            count = _calls[operation] = _calls.GetValueOrDefault(operation) + 1;
        }

        if ((fault.FailEveryNth > 0 && count % fault.FailEveryNth == 0)
            || (fault.FailRatio > 0 && Random.Shared.NextDouble() < fault.FailRatio))
        {
            throw new ShareDriverException($"{fault.Message} ({operation}, call {count})");
        }
    }

    private static DummyFaultOptions? Fault(OperationKeys keys)
    {
        var hang = keys.Hang.Value;
        var ignore = keys.IgnoreCancellation.Value;
        var nth = keys.FailEveryNth.Value;
        var ratio = keys.FailRatio.Value;
        var message = keys.Message.Value;
        if (hang is null && nth is null && ratio is null && ignore is null && message is null)
        {
            return null;
        }

        return new DummyFaultOptions
        {
            Hang = bool.TryParse(hang, out var h) && h,
            IgnoreCancellation = bool.TryParse(ignore, out var i) && i,
            FailEveryNth = int.TryParse(nth, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0,
            FailRatio = double.TryParse(ratio, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : 0,
            Message = message ?? new DummyFaultOptions().Message,
        };
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The settings of one operation: <c>LatencyMs:&lt;Operation&gt;</c> and <c>Faults:&lt;Operation&gt;:…</c>.</summary>
    private sealed class OperationKeys(string operation, IConfiguration options)
    {
        public IConfigurationSection Latency { get; } = options.GetSection($"LatencyMs:{operation}");

        public IConfigurationSection Hang { get; } = options.GetSection($"Faults:{operation}:Hang");

        public IConfigurationSection IgnoreCancellation { get; } = options.GetSection($"Faults:{operation}:IgnoreCancellation");

        public IConfigurationSection FailEveryNth { get; } = options.GetSection($"Faults:{operation}:FailEveryNth");

        public IConfigurationSection FailRatio { get; } = options.GetSection($"Faults:{operation}:FailRatio");

        public IConfigurationSection Message { get; } = options.GetSection($"Faults:{operation}:Message");
    }
}
