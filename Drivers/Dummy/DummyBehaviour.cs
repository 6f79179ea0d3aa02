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

    public async Task BeforeAsync(string operation, CancellationToken cancellationToken)
    {
        var latency = options.GetValue<double?>($"LatencyMs:{operation}") ?? options.GetValue<double?>("LatencyMs:Default") ?? 0;
        if (latency > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(latency), cancellationToken);
        }

        // Read key by key: binding the section would enumerate every configuration key on every call.
        var fault = Fault(operation);
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

    private DummyFaultOptions? Fault(string operation)
    {
        var prefix = $"Faults:{operation}:";
        var hang = options[prefix + "Hang"];
        var ignore = options[prefix + "IgnoreCancellation"];
        var nth = options[prefix + "FailEveryNth"];
        var ratio = options[prefix + "FailRatio"];
        var message = options[prefix + "Message"];
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
}
