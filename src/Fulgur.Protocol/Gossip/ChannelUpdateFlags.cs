namespace Fulgur.Protocol.Gossip;

/// <summary>Which end of a channel a <c>channel_update</c> speaks for: the <c>direction</c> bit of <c>channel_flags</c>.</summary>
public enum ChannelDirection : byte
{
    /// <summary>Sent by <c>node_id_1</c>, the lesser node id (direction bit 0).</summary>
    FromNode1 = 0,

    /// <summary>Sent by <c>node_id_2</c> (direction bit 1).</summary>
    FromNode2 = 1,
}

/// <summary>The <c>channel_flags</c> byte of <c>channel_update</c>.</summary>
public readonly record struct ChannelUpdateChannelFlags(byte Value)
{
    private const byte DirectionBit = 1 << 0;
    private const byte DisableBit = 1 << 1;

    // BOLT #7: "MUST set bits in `channel_flags` and `message_flags` that are not assigned a meaning to 0."
    public static ChannelUpdateChannelFlags Create(ChannelDirection direction, bool disabled) =>
        new((byte)((direction == ChannelDirection.FromNode2 ? DirectionBit : 0) | (disabled ? DisableBit : 0)));

    // BOLT #7: "`node_id_1` if the least-significant bit of flags is 0 or `node_id_2` otherwise."
    public ChannelDirection Direction => (Value & DirectionBit) == 0 ? ChannelDirection.FromNode1 : ChannelDirection.FromNode2;

    /// <summary>The <c>disable</c> bit: the origin says the channel is (temporarily or for good) unusable.</summary>
    public bool IsDisabled => (Value & DisableBit) != 0;

    /// <summary>Bits with no assigned meaning are set (an origin must leave them 0; a receiver ignores them).</summary>
    public bool HasUnassignedBits => (Value & ~(DirectionBit | DisableBit)) != 0;

    public override string ToString() => $"0x{Value:x2} ({Direction}{(IsDisabled ? ", disabled" : "")})";
}

/// <summary>The <c>message_flags</c> byte of <c>channel_update</c>.</summary>
public readonly record struct ChannelUpdateMessageFlags(byte Value)
{
    private const byte MustBeOneBit = 1 << 0;
    private const byte DontForwardBit = 1 << 1;

    // BOLT #7: "MUST set `must_be_one` in `message_flags` to 1."
    public static ChannelUpdateMessageFlags Create(bool dontForward) =>
        new((byte)(MustBeOneBit | (dontForward ? DontForwardBit : 0)));

    /// <summary>The <c>must_be_one</c> bit (once the "htlc_maximum_msat present" bit; receivers ignore it).</summary>
    public bool MustBeOne => (Value & MustBeOneBit) != 0;

    /// <summary>The <c>dont_forward</c> bit: a private update for the channel peer only, never relayed.</summary>
    public bool DontForward => (Value & DontForwardBit) != 0;

    public bool HasUnassignedBits => (Value & ~(MustBeOneBit | DontForwardBit)) != 0;

    public override string ToString() => $"0x{Value:x2}";
}
