using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Wire.Tlv;

/// <summary>One <c>tlv_record</c>: a BigSize type and its value (the length is the value's length).</summary>
public readonly record struct TlvRecord(ulong Type, ByteVector Value)
{
    // BOLT #1: "MUST discard the next `length` bytes."
    /// <summary>Odd types may be ignored by a reader that does not know them ("it's ok to be odd").</summary>
    public bool IsOdd => (Type & 1) == 1;

    public override string ToString() => $"{Type}:{Value.ToHex()}";
}
