using System.Globalization;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>A Lightning message's 2-byte type.</summary>
public readonly record struct MessageType(ushort Value)
{
    // BOLT #1: "The type follows the _it's ok to be odd_ rule, so nodes MAY send _odd_-numbered types without
    // ascertaining that the recipient understands it."
    public bool IsOdd => (Value & 1) == 1;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
