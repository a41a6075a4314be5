namespace Fulgur.Protocol.Wire.Tlv;

/// <summary>
/// Checks a known record's value. The reader spans exactly the value; returning true with bytes left over is
/// still a failure (BOLT 1: the length must equal the known encoding's).
/// </summary>
public delegate bool TlvValueValidator(ref WireReader value);

/// <summary>A known TLV type in a namespace: its number, its spec name and how its value must look.</summary>
public sealed record TlvType(ulong Number, string Name, TlvValueValidator Validate);

/// <summary>
/// The TLV types one stream (<c>init_tlvs</c>, <c>n1</c>, …) knows. A reader fails on unknown even types and keeps
/// unknown odd ones; known types are checked with their validator.
/// </summary>
public sealed class TlvNamespace
{
    private readonly Dictionary<ulong, TlvType> _types;

    /// <summary>A stream with no known types, for messages whose extension the spec leaves undefined.</summary>
    public static readonly TlvNamespace None = new("");

    public TlvNamespace(string name, params IEnumerable<TlvType> types)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(types);
        Name = name;
        _types = [];
        foreach (var type in types)
        {
            if (!_types.TryAdd(type.Number, type))
                throw new ArgumentException($"TLV type {type.Number} is declared twice in '{name}'", nameof(types));
        }
        Types = [.. _types.Values.OrderBy(t => t.Number)];
    }

    /// <summary>The spec's name for the stream (<c>init_tlvs</c>); empty for <see cref="None"/>.</summary>
    public string Name { get; }

    /// <summary>The known types in increasing order.</summary>
    public IReadOnlyList<TlvType> Types { get; }

    public bool IsKnown(ulong type) => _types.ContainsKey(type);

    public bool TryGetType(ulong number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TlvType? type) =>
        _types.TryGetValue(number, out type);

    public override string ToString() => Name.Length == 0 ? "(no known types)" : Name;
}
