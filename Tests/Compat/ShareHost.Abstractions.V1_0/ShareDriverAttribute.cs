namespace ShareHost.Abstractions;

/// <summary>
/// Marks a public class with a parameterless constructor that implements <see cref="IShareDriver"/> as a driver the
/// host can instantiate. Backends select it by <see cref="Name"/> in their <c>Driver</c> setting.
/// </summary>
/// <param name="name">The driver name backends refer to, for example <c>Dummy</c>; compared case-insensitively.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ShareDriverAttribute(string name) : Attribute
{
    /// <summary>The driver name backends refer to in their <c>Driver</c> setting.</summary>
    public string Name { get; } = name;
}
