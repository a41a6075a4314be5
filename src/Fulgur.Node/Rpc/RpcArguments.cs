using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Fulgur.Node.Rpc;

/// <summary>A call's parameters after binding: typed values by declared name, defaults filled in.</summary>
public sealed class RpcArguments
{
    private readonly Dictionary<string, object> _values;

    private RpcArguments(Dictionary<string, object> values) => _values = values;

    public static RpcArguments Empty { get; } = new(new Dictionary<string, object>(StringComparer.Ordinal));

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>A required parameter (or an optional one with a default). Asking for an undeclared one is a bug.</summary>
    public T Get<T>(string name) =>
        TryGet<T>(name, out var value) ? value : throw new InvalidOperationException($"parameter '{name}' was not bound");

    public bool TryGet<T>(string name, [MaybeNullWhen(false)] out T value)
    {
        if (_values.TryGetValue(name, out var raw) && raw is T typed)
        {
            value = typed;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>
    /// Binds <paramref name="parameters"/> (absent, an array by position, or an object by name or alias) to the
    /// declaration. A JSON null counts as omitted, as in Core Lightning. On failure the error is -32602 naming the
    /// parameter and what was wrong.
    /// </summary>
    public static bool TryBind(IReadOnlyList<RpcParam> declaration, JsonElement? parameters,
        [NotNullWhen(true)] out RpcArguments? arguments, [NotNullWhen(false)] out RpcError? error)
    {
        arguments = null;
        var given = new Dictionary<string, (string As, JsonElement Value)>(StringComparer.Ordinal);
        if (parameters is { } p)
        {
            switch (p.ValueKind)
            {
                case JsonValueKind.Array:
                    var count = p.GetArrayLength();
                    if (count > declaration.Count)
                    {
                        error = RpcError.InvalidParams($"too many parameters: got {count}, expected at most {declaration.Count}");
                        return false;
                    }
                    var i = 0;
                    foreach (var item in p.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Null)
                            given[declaration[i].Name] = (declaration[i].Name, item);
                        i++;
                    }
                    break;
                case JsonValueKind.Object:
                    foreach (var property in p.EnumerateObject())
                    {
                        var param = declaration.FirstOrDefault(d => d.Answers(property.Name));
                        if (param is null)
                        {
                            error = RpcError.InvalidParams($"unknown parameter: '{property.Name}'");
                            return false;
                        }
                        if (property.Value.ValueKind == JsonValueKind.Null)
                            continue;
                        if (given.TryGetValue(param.Name, out var earlier))
                        {
                            error = RpcError.InvalidParams(earlier.As == property.Name
                                ? $"{param.Name}: given twice"
                                : $"{param.Name}: given twice, as '{earlier.As}' and as '{property.Name}'");
                            return false;
                        }
                        given[param.Name] = (property.Name, property.Value);
                    }
                    break;
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    break;
                default:
                    error = RpcError.InvalidParams("params must be an array or an object");
                    return false;
            }
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var param in declaration)
        {
            if (!given.TryGetValue(param.Name, out var supplied))
            {
                if (param.IsRequired)
                {
                    error = RpcError.InvalidParams($"missing required parameter: {param.Name}");
                    return false;
                }
                if (param.Default is not null)
                    values[param.Name] = param.Default;
                continue;
            }
            if (!RpcParamParser.TryParse(param.Type, supplied.Value, out var parsed, out var why))
            {
                error = RpcError.InvalidParams($"{supplied.As}: {why}: invalid token '{RpcParamParser.Describe(supplied.Value)}'");
                return false;
            }
            values[param.Name] = parsed!;
        }
        arguments = new RpcArguments(values);
        error = null;
        return true;
    }
}
