namespace Fulgur.Protocol.Wire.Messages;

/// <summary>One field of a message as the spec's <c>2. data:</c> list writes it: <c>[`u16`:`gflen`]</c> is ("u16", "gflen").</summary>
public readonly record struct WireField(string Type, string Name)
{
    public override string ToString() => $"[{Type}:{Name}]";
}
