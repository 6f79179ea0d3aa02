using System.Reflection;
using System.Xml.Linq;

namespace ShareHost.Abstractions.Tests;

/// <summary>
/// Vendors read the contract without the host's source: every public type and member carries a summary, every
/// parameter and type parameter is described, and every method that returns something says what.
/// </summary>
public sealed class XmlDocumentationTests
{
    private static readonly Assembly Contract = typeof(IShareDriver).Assembly;

    [Test]
    public void DocumentationFile_EveryPublicMember_IsDocumented()
    {
        var docs = LoadDocumentation();
        var problems = new List<string>();

        foreach (var type in Contract.GetExportedTypes())
        {
            Check(docs, type, type, problems);
            foreach (var member in PublicMembers(type))
            {
                Check(docs, type, member, problems);
            }
        }

        Assert.That(problems, Is.Empty, "Public members of ShareHost.Abstractions without complete XML documentation:\n" + string.Join("\n", problems));
    }

    [Test]
    public void DocumentationFile_ForContractAssembly_IsNextToIt()
    {
        var path = Path.ChangeExtension(Contract.Location, ".xml");

        Assert.That(File.Exists(path), Is.True, $"{path} is missing: ShareHost.Abstractions must build with GenerateDocumentationFile");
    }

    private static Dictionary<string, XElement> LoadDocumentation()
    {
        var path = Path.ChangeExtension(Contract.Location, ".xml");
        return XDocument.Load(path).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);
    }

    private static IEnumerable<MemberInfo> PublicMembers(Type type)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var properties = type.GetProperties(Declared).Where(p => p.GetAccessors(nonPublic: true).Any(Visible)).ToList();
        var events = type.GetEvents(Declared).Where(e => e.AddMethod is { } add && Visible(add)).ToList();
        var accessors = properties.SelectMany(p => p.GetAccessors(nonPublic: true))
            .Concat(events.SelectMany(e => new[] { e.AddMethod, e.RemoveMethod }))
            .ToHashSet();

        return type.GetConstructors(Declared).Where(Visible).Cast<MemberInfo>()
            .Concat(type.GetFields(Declared).Where(f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName))
            .Concat(properties)
            .Concat(events)
            .Concat(type.GetMethods(Declared).Where(m => Visible(m) && !accessors.Contains(m) && !m.Name.Contains('<', StringComparison.Ordinal)));
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static void Check(Dictionary<string, XElement> docs, Type type, MemberInfo member, List<string> problems)
    {
        var id = DocumentationIds.For(member);
        if (!docs.TryGetValue(id, out var doc))
        {
            // The compiler writes no entry for an implicit parameterless constructor, and nothing can document it.
            if (member is ConstructorInfo { IsStatic: false } c && c.GetParameters().Length == 0 && !type.IsAbstract)
            {
                return;
            }

            problems.Add($"{id}: no documentation");
            return;
        }

        if (doc.Element("inheritdoc") is not null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(doc.Element("summary")?.Value))
        {
            problems.Add($"{id}: empty or missing <summary>");
        }

        var parameters = member switch
        {
            MethodBase method => method.GetParameters(),
            PropertyInfo property => property.GetIndexParameters(),
            _ => [],
        };
        foreach (var parameter in parameters)
        {
            var described = doc.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == parameter.Name);
            if (string.IsNullOrWhiteSpace(described?.Value))
            {
                problems.Add($"{id}: parameter '{parameter.Name}' is not described");
            }
        }

        var typeParameters = member switch
        {
            MethodInfo { IsGenericMethodDefinition: true } method => method.GetGenericArguments(),
            Type { IsGenericTypeDefinition: true } generic => generic.GetGenericArguments(),
            _ => [],
        };
        foreach (var typeParameter in typeParameters)
        {
            if (doc.Elements("typeparam").All(p => (string?)p.Attribute("name") != typeParameter.Name))
            {
                problems.Add($"{id}: type parameter '{typeParameter.Name}' is not described");
            }
        }

        if (member is MethodInfo { ReturnType: var returns } && returns != typeof(void) && string.IsNullOrWhiteSpace(doc.Element("returns")?.Value))
        {
            problems.Add($"{id}: the return value is not described");
        }
    }
}
