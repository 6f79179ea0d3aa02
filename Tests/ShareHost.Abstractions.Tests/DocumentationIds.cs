using System.Reflection;
using System.Text;

namespace ShareHost.Abstractions.Tests;

/// <summary>The C# compiler's documentation comment ids (<c>T:</c>, <c>M:</c>, <c>P:</c>, <c>F:</c>, <c>E:</c>) for reflected members.</summary>
public static class DocumentationIds
{
    public static string For(Type type) => "T:" + TypeId(type);

    public static string For(MemberInfo member) => member switch
    {
        Type type => For(type),
        PropertyInfo p => $"P:{TypeId(p.DeclaringType!)}.{p.Name}{ParameterList(p.GetIndexParameters())}",
        FieldInfo f => $"F:{TypeId(f.DeclaringType!)}.{f.Name}",
        EventInfo e => $"E:{TypeId(e.DeclaringType!)}.{e.Name}",
        ConstructorInfo c => $"M:{TypeId(c.DeclaringType!)}.{(c.IsStatic ? "#cctor" : "#ctor")}{ParameterList(c.GetParameters())}",
        MethodInfo m => MethodId(m),
        _ => throw new ArgumentException($"no documentation id for {member.MemberType}", nameof(member)),
    };

    private static string MethodId(MethodInfo method)
    {
        var id = new StringBuilder("M:").Append(TypeId(method.DeclaringType!)).Append('.').Append(method.Name.Replace('.', '#'));
        if (method.IsGenericMethodDefinition)
        {
            id.Append("``").Append(method.GetGenericArguments().Length);
        }

        id.Append(ParameterList(method.GetParameters()));
        if (method.Name is "op_Implicit" or "op_Explicit")
        {
            id.Append('~').Append(TypeReference(method.ReturnType));
        }

        return id.ToString();
    }

    private static string ParameterList(ParameterInfo[] parameters) =>
        parameters.Length == 0 ? "" : $"({string.Join(",", parameters.Select(p => TypeReference(p.ParameterType)))})";

    /// <summary>A type as declared: generic arity kept (<c>List`1</c>), nested types joined with a dot.</summary>
    private static string TypeId(Type type) =>
        type.DeclaringType is { } declaring ? $"{TypeId(declaring)}.{type.Name}" : $"{type.Namespace}.{type.Name}";

    /// <summary>A type as used in a signature: <c>List{System.String}</c>, <c>`0</c>, <c>``0</c>, <c>[]</c>, <c>@</c>.</summary>
    private static string TypeReference(Type type)
    {
        if (type.IsByRef)
        {
            return TypeReference(type.GetElementType()!) + "@";
        }

        if (type.IsPointer)
        {
            return TypeReference(type.GetElementType()!) + "*";
        }

        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            return TypeReference(type.GetElementType()!) + (rank == 1 ? "[]" : $"[{string.Join(",", Enumerable.Repeat("0:", rank))}]");
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var name = TypeId(definition);
            name = name[..name.LastIndexOf('`')];
            return $"{name}{{{string.Join(",", type.GetGenericArguments().Select(TypeReference))}}}";
        }

        return TypeId(type);
    }
}
