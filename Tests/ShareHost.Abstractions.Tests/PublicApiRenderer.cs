using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace ShareHost.Abstractions.Tests;

/// <summary>
/// Renders an assembly's public surface as C#-like text, one member per line, sorted so the same API always gives
/// the same text. Everything a driver compiled against the contract depends on is in it: type kinds, base types,
/// interfaces, member signatures with nullability, <c>required</c> and <c>init</c>, parameter defaults, enum values,
/// and the attributes that change meaning (attribute usage, obsolete, flags, the contract's own attributes).
/// </summary>
public static class PublicApiRenderer
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void",
        [typeof(object)] = "object",
        [typeof(string)] = "string",
        [typeof(bool)] = "bool",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(char)] = "char",
        [typeof(short)] = "short",
        [typeof(ushort)] = "ushort",
        [typeof(int)] = "int",
        [typeof(uint)] = "uint",
        [typeof(long)] = "long",
        [typeof(ulong)] = "ulong",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
        [typeof(nint)] = "nint",
        [typeof(nuint)] = "nuint",
    };

    /// <summary>Attributes outside the contract assembly that change what a member means to a caller.</summary>
    private static readonly HashSet<string> MeaningfulAttributes =
    [
        typeof(AttributeUsageAttribute).FullName!,
        typeof(ObsoleteAttribute).FullName!,
        typeof(FlagsAttribute).FullName!,
        "System.ComponentModel.EditorBrowsableAttribute",
        "System.Diagnostics.CodeAnalysis.ExperimentalAttribute",
        "System.Runtime.CompilerServices.ExtensionAttribute",
    ];

    public static string Render(Assembly assembly)
    {
        var text = new StringBuilder();
        var name = assembly.GetName();
        text.Append("// ").Append(name.Name).Append(' ').Append(name.Version).Append('\n');
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append('\n');
            RenderType(text, type, assembly);
        }

        return text.ToString();
    }

    private static void RenderType(StringBuilder text, Type type, Assembly owner)
    {
        foreach (var attribute in Attributes(type.CustomAttributes, owner))
        {
            text.Append(attribute).Append('\n');
        }

        if (IsDelegate(type))
        {
            var invoke = type.GetMethod("Invoke")!;
            text.Append(Visibility(type)).Append(" delegate ").Append(ReturnType(invoke)).Append(' ')
                .Append(DeclarationName(type)).Append('(').Append(Parameters(invoke)).Append(");\n");
            return;
        }

        text.Append(Visibility(type)).Append(' ').Append(TypeKind(type)).Append(' ').Append(DeclarationName(type));
        var bases = BaseTypes(type).ToList();
        if (bases.Count > 0)
        {
            text.Append(" : ").Append(string.Join(", ", bases));
        }

        text.Append(Constraints(type.IsGenericTypeDefinition ? type.GetGenericArguments() : [])).Append('\n');
        text.Append("{\n");
        foreach (var line in Members(type, owner))
        {
            text.Append("    ").Append(line).Append('\n');
        }

        text.Append("}\n");
    }

    private static IEnumerable<string> Members(Type type, Assembly owner)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var nullability = new NullabilityInfoContext();

        if (type.IsEnum)
        {
            var underlying = Enum.GetUnderlyingType(type);
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static)
                         .OrderBy(f => Convert.ToDecimal(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture))
                         .ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                foreach (var attribute in Attributes(field.CustomAttributes, owner))
                {
                    yield return attribute;
                }

                yield return $"{field.Name} = {Convert.ChangeType(field.GetRawConstantValue(), underlying, System.Globalization.CultureInfo.InvariantCulture)},";
            }

            yield break;
        }

        var sample = Sample(type);
        var properties = type.GetProperties(Declared).Where(p => p.GetAccessors(nonPublic: true).Any(IsVisible)).ToList();
        var events = type.GetEvents(Declared).Where(e => e.AddMethod is { } add && IsVisible(add)).ToList();
        var accessors = properties.SelectMany(p => p.GetAccessors(nonPublic: true))
            .Concat(events.SelectMany(e => new[] { e.AddMethod, e.RemoveMethod, e.RaiseMethod }))
            .Where(m => m is not null)
            .ToHashSet();

        var groups = new List<IEnumerable<(string Name, string Text)>>
        {
            type.GetConstructors(Declared).Where(IsVisible)
                .Select(c => (c.Name, WithAttributes(c, owner, $"{Visibility(c)} {TypeNameWithoutArity(type)}({Parameters(c)});"))),
            type.GetFields(Declared).Where(IsVisible)
                .Select(f => (f.Name, WithAttributes(f, owner, Field(f, nullability)))),
            properties.Select(p => (p.Name, WithAttributes(p, owner, Property(p, nullability) + InitialValue(p, sample)))),
            events.Select(e => (e.Name, WithAttributes(e, owner, $"{Visibility(e.AddMethod!)} {Modifiers(e.AddMethod!)}event {TypeName(e.EventHandlerType!, nullability.Create(e))} {e.Name};"))),
            type.GetMethods(Declared).Where(m => IsVisible(m) && !accessors.Contains(m) && !m.Name.Contains('<', StringComparison.Ordinal))
                .Select(m => (m.Name, WithAttributes(m, owner, Method(m)))),
        };

        foreach (var group in groups)
        {
            foreach (var member in group.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Text, StringComparer.Ordinal))
            {
                yield return member.Text;
            }
        }
    }

    /// <summary>
    /// A fresh instance, when the type has a public parameterless constructor, so property initial values (which
    /// drivers rely on when they leave a property unset) are part of the snapshot too.
    /// </summary>
    private static object? Sample(Type type)
    {
        if (type.IsAbstract || type.IsInterface || type.IsGenericTypeDefinition || type.GetConstructor(Type.EmptyTypes) is null)
        {
            return null;
        }

        try
        {
            return Activator.CreateInstance(type);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    private static string InitialValue(PropertyInfo property, object? sample)
    {
        if (sample is null || property.GetMethod is not { IsStatic: false } getter || !IsVisible(getter) || property.GetIndexParameters().Length > 0
            || property.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute"))
        {
            return "";
        }

        return " = " + Value(property.GetValue(sample)) + ";";
    }

    private static string Value(object? value) => value switch
    {
        null => "null",
        string or bool or char or Enum => Literal(value, value.GetType()),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IDictionary d => "{" + string.Join(", ", d.Keys.Cast<object>().Select(k => $"{Value(k)}: {Value(d[k])}")) + "}",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Value)) + "]",
        _ => $"new {FullName(value.GetType())}()",
    };

    private static string Field(FieldInfo field, NullabilityInfoContext nullability)
    {
        var type = TypeName(field.FieldType, nullability.Create(field));
        if (field.IsLiteral)
        {
            return $"{Visibility(field)} const {type} {field.Name} = {Literal(field.GetRawConstantValue(), field.FieldType)};";
        }

        var modifiers = (field.IsStatic ? "static " : "") + (field.IsInitOnly ? "readonly " : "");
        return $"{Visibility(field)} {modifiers}{type} {field.Name};";
    }

    private static string Property(PropertyInfo property, NullabilityInfoContext nullability)
    {
        var getter = property.GetMethod is { } g && IsVisible(g) ? g : null;
        var setter = property.SetMethod is { } s && IsVisible(s) ? s : null;
        var main = getter ?? setter!;
        var required = property.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute")
            ? "required "
            : "";
        var accessors = new List<string>();
        if (getter is not null)
        {
            accessors.Add(AccessorVisibility(getter, main) + "get;");
        }

        if (setter is not null)
        {
            var init = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            accessors.Add(AccessorVisibility(setter, main) + (init ? "init;" : "set;"));
        }

        var indexParameters = property.GetIndexParameters();
        var name = indexParameters.Length == 0 ? property.Name : $"this[{Parameters(indexParameters)}]";
        return $"{Visibility(main)} {Modifiers(main)}{required}{TypeName(property.PropertyType, nullability.Create(property))} {name} {{ {string.Join(' ', accessors)} }}";
    }

    private static string Method(MethodInfo method)
    {
        var generic = method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : "";
        var constraints = method.IsGenericMethodDefinition ? Constraints(method.GetGenericArguments()) : "";
        return $"{Visibility(method)} {Modifiers(method)}{ReturnType(method)} {method.Name}{generic}({Parameters(method)}){constraints};";
    }

    private static string ReturnType(MethodInfo method) =>
        TypeName(method.ReturnType, new NullabilityInfoContext().Create(method.ReturnParameter));

    private static string Parameters(MethodBase method) => Parameters(method.GetParameters());

    private static string Parameters(ParameterInfo[] parameters)
    {
        var nullability = new NullabilityInfoContext();
        return string.Join(", ", parameters.Select(p =>
        {
            var prefix = "";
            if (p.Position == 0 && p.Member.IsDefined(typeof(ExtensionAttribute), false))
            {
                prefix = "this ";
            }

            if (p.ParameterType.IsByRef)
            {
                prefix += p.IsOut ? "out " : p.IsIn ? "in " : "ref ";
            }
            else if (p.IsDefined(typeof(ParamArrayAttribute), false))
            {
                prefix += "params ";
            }

            var text = $"{prefix}{TypeName(p.ParameterType, nullability.Create(p))} {p.Name}";
            return p.HasDefaultValue ? $"{text} = {Literal(p.RawDefaultValue, p.ParameterType)}" : text;
        }));
    }

    private static string Literal(object? value, Type type) => value switch
    {
        null => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null",
        string s => $"\"{s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"",
        bool b => b ? "true" : "false",
        char c => $"'{c}'",
        _ when (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } enumType => EnumLiteral(enumType, value),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string EnumLiteral(Type enumType, object value)
    {
        var boxed = Enum.ToObject(enumType, value);
        var names = boxed.ToString()!.Split(", ");
        return string.Join(" | ", names.Select(n => char.IsDigit(n[0]) || n[0] == '-' ? $"({FullName(enumType)}){n}" : $"{FullName(enumType)}.{n}"));
    }

    private static IEnumerable<string> Attributes(IEnumerable<CustomAttributeData> attributes, Assembly owner)
    {
        var all = attributes.ToList();

        // The compiler marks constructors of types with required members [Obsolete] + [CompilerFeatureRequired] for
        // old compilers; that is not an obsoletion anyone wrote.
        var compilerGuard = all.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.CompilerFeatureRequiredAttribute");
        return all
            .Where(a => a.AttributeType.Assembly == owner || MeaningfulAttributes.Contains(a.AttributeType.FullName!))
            .Where(a => !(compilerGuard && a.AttributeType == typeof(ObsoleteAttribute)))
            .Select(a =>
            {
                var arguments = a.ConstructorArguments.Select(Argument)
                    .Concat(a.NamedArguments.Select(n => $"{n.MemberName} = {Argument(n.TypedValue)}"))
                    .ToList();
                var name = FullName(a.AttributeType);
                name = name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
                return arguments.Count == 0 ? $"[{name}]" : $"[{name}({string.Join(", ", arguments)})]";
            })
            .Order(StringComparer.Ordinal);
    }

    private static string Argument(CustomAttributeTypedArgument argument) => argument.Value switch
    {
        IReadOnlyCollection<CustomAttributeTypedArgument> items => $"[{string.Join(", ", items.Select(Argument))}]",
        Type t => $"typeof({FullName(t)})",
        var value => Literal(value, argument.ArgumentType),
    };

    private static string WithAttributes(MemberInfo member, Assembly owner, string declaration)
    {
        var attributes = Attributes(member.CustomAttributes, owner).ToList();
        return attributes.Count == 0 ? declaration : $"{string.Join(' ', attributes)} {declaration}";
    }

    private static string TypeKind(Type type)
    {
        if (type.IsInterface)
        {
            return "interface";
        }

        if (type.IsEnum)
        {
            var underlying = Enum.GetUnderlyingType(type);
            return underlying == typeof(int) ? "enum" : $"enum : {Keywords[underlying]}";
        }

        if (type.IsValueType)
        {
            var isReadOnly = type.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IsReadOnlyAttribute");
            return (isReadOnly ? "readonly " : "") + (IsRecord(type) ? "record struct" : "struct");
        }

        var kind = IsRecord(type) ? "record" : "class";
        return type switch
        {
            { IsAbstract: true, IsSealed: true } => "static " + kind,
            { IsAbstract: true } => "abstract " + kind,
            { IsSealed: true } => "sealed " + kind,
            _ => kind,
        };
    }

    private static IEnumerable<string> BaseTypes(Type type)
    {
        if (!type.IsInterface && !type.IsValueType && type.BaseType is { } baseType && baseType != typeof(object))
        {
            yield return TypeName(baseType, null);
        }

        if (type.IsEnum)
        {
            yield break;
        }

        // Interfaces a base class already brings are part of the base, not news about this type.
        var inherited = type.IsInterface ? [] : type.BaseType?.GetInterfaces() ?? [];
        foreach (var name in type.GetInterfaces().Except(inherited).Select(i => TypeName(i, null)).Order(StringComparer.Ordinal))
        {
            yield return name;
        }
    }

    private static string Constraints(Type[] genericParameters)
    {
        var text = new StringBuilder();
        foreach (var parameter in genericParameters)
        {
            var constraints = new List<string>();
            var attributes = parameter.GenericParameterAttributes;
            if (attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("struct");
            }
            else if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add("class");
            }

            constraints.AddRange(parameter.GetGenericParameterConstraints()
                .Where(c => c != typeof(ValueType))
                .Select(c => TypeName(c, null))
                .Order(StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint)
                && !attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                text.Append(" where ").Append(parameter.Name).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return text.ToString();
    }

    /// <summary>A type as C# writes it, with the <c>?</c> annotations that nullable reference types put on it.</summary>
    private static string TypeName(Type type, NullabilityInfo? nullability)
    {
        if (type.IsByRef)
        {
            return TypeName(type.GetElementType()!, nullability);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying, null) + "?";
        }

        var nullable = !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? "?" : "";
        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            return $"{TypeName(type.GetElementType()!, nullability?.ElementType)}[{new string(',', rank - 1)}]{nullable}";
        }

        if (type.IsGenericParameter)
        {
            return type.Name + nullable;
        }

        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword + nullable;
        }

        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            var rendered = arguments.Select((a, i) =>
                TypeName(a, nullability is not null && i < nullability.GenericTypeArguments.Length ? nullability.GenericTypeArguments[i] : null));
            return $"{FullName(type.GetGenericTypeDefinition())}<{string.Join(", ", rendered)}>{nullable}";
        }

        return FullName(type) + nullable;
    }

    /// <summary>Namespace-qualified name without generic arity, nested types joined with a dot.</summary>
    private static string FullName(Type type)
    {
        var name = StripArity(type.Name);
        if (type.DeclaringType is { } declaring && !type.IsGenericParameter)
        {
            return $"{FullName(declaring.IsGenericType ? declaring.GetGenericTypeDefinition() : declaring)}.{name}";
        }

        return string.IsNullOrEmpty(type.Namespace) ? name : $"{type.Namespace}.{name}";
    }

    private static string DeclarationName(Type type)
    {
        var name = FullName(type);
        return type.IsGenericTypeDefinition
            ? $"{name}<{string.Join(", ", type.GetGenericArguments().Skip(type.DeclaringType?.GetGenericArguments().Length ?? 0).Select(a => a.Name))}>"
            : name;
    }

    private static string TypeNameWithoutArity(Type type) => StripArity(type.Name);

    private static string StripArity(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static bool IsDelegate(Type type) => type.BaseType == typeof(MulticastDelegate);

    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null
        || (type.IsValueType && type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static bool IsVisible(FieldInfo field) => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly;

    private static string Visibility(Type type) => type.IsPublic || type.IsNestedPublic ? "public" : "protected";

    private static string Visibility(MethodBase method) => method.IsPublic ? "public" : method.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string Visibility(FieldInfo field) => field.IsPublic ? "public" : field.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string AccessorVisibility(MethodInfo accessor, MethodInfo main) =>
        Visibility(accessor) == Visibility(main) ? "" : Visibility(accessor) + " ";

    private static string Modifiers(MethodBase method)
    {
        if (method.DeclaringType!.IsInterface)
        {
            return (method.IsStatic ? "static " : "") + (method.IsAbstract ? (method.IsStatic ? "abstract " : "") : "virtual ");
        }

        if (method.IsStatic)
        {
            return "static ";
        }

        if (!method.IsVirtual)
        {
            return "";
        }

        var isOverride = IsOverride(method);
        if (method.IsFinal)
        {
            // A final virtual that overrides nothing implements an interface member: no modifier in C#.
            return isOverride ? "sealed override " : "";
        }

        if (method.IsAbstract)
        {
            return isOverride ? "abstract override " : "abstract ";
        }

        return isOverride ? "override " : "virtual ";
    }

    private static bool IsOverride(MethodBase method) =>
        method is MethodInfo info && info.GetBaseDefinition().DeclaringType != info.DeclaringType;
}
