using System.Globalization;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// <c>to_self_delay</c>: the number of blocks the owner of a commitment must wait (OP_CHECKSEQUENCEVERIFY) before
/// spending its own <c>to_local</c> or second-stage HTLC outputs. It is set by the other side.
/// </summary>
public readonly record struct ToSelfDelay(ushort Blocks)
{
    public override string ToString() => Blocks.ToString(CultureInfo.InvariantCulture);
}
