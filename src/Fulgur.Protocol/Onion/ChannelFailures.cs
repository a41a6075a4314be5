using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// A failure with the UPDATE flag: it carries <c>[u16:len][len*byte:channel_update]</c>, kept raw here (gossip parses
/// and validates it). BOLT #4: "Nodes which do not provide a `channel_update` are expected to set the
/// `channel_update` `len` field to zero."
/// </summary>
public abstract record ChannelUpdateFailure(ByteVector ChannelUpdate) : FailureMessage
{
    public override bool TryGetChannelUpdate(out ByteVector channelUpdate)
    {
        channelUpdate = ChannelUpdate;
        return !ChannelUpdate.IsEmpty;
    }

    private protected void WriteChannelUpdate(WireWriter writer) => writer.WriteU16Prefixed(ChannelUpdate.Span);
}

/// <summary>UPDATE|7 (<c>temporary_channel_failure</c>).</summary>
public sealed record TemporaryChannelFailure(ByteVector ChannelUpdate) : ChannelUpdateFailure(ChannelUpdate)
{
    public override FailureCode Code => FailureCode.TemporaryChannelFailure;

    private protected override void WriteData(WireWriter writer) => WriteChannelUpdate(writer);
}

/// <summary>PERM|8 (<c>permanent_channel_failure</c>).</summary>
public sealed record PermanentChannelFailure : FailureMessage
{
    public override FailureCode Code => FailureCode.PermanentChannelFailure;
}

/// <summary>PERM|9 (<c>required_channel_feature_missing</c>).</summary>
public sealed record RequiredChannelFeatureMissing : FailureMessage
{
    public override FailureCode Code => FailureCode.RequiredChannelFeatureMissing;
}

/// <summary>PERM|10 (<c>unknown_next_peer</c>): no channel matches the onion's <c>short_channel_id</c>.</summary>
public sealed record UnknownNextPeer : FailureMessage
{
    public override FailureCode Code => FailureCode.UnknownNextPeer;
}

/// <summary>UPDATE|11 (<c>amount_below_minimum</c>).</summary>
public sealed record AmountBelowMinimum(MilliSatoshi HtlcMsat, ByteVector ChannelUpdate) : ChannelUpdateFailure(ChannelUpdate)
{
    public override FailureCode Code => FailureCode.AmountBelowMinimum;

    private protected override void WriteData(WireWriter writer)
    {
        writer.WriteMilliSatoshi(HtlcMsat);
        WriteChannelUpdate(writer);
    }
}

/// <summary>UPDATE|12 (<c>fee_insufficient</c>).</summary>
public sealed record FeeInsufficient(MilliSatoshi HtlcMsat, ByteVector ChannelUpdate) : ChannelUpdateFailure(ChannelUpdate)
{
    public override FailureCode Code => FailureCode.FeeInsufficient;

    private protected override void WriteData(WireWriter writer)
    {
        writer.WriteMilliSatoshi(HtlcMsat);
        WriteChannelUpdate(writer);
    }
}

/// <summary>UPDATE|13 (<c>incorrect_cltv_expiry</c>).</summary>
public sealed record IncorrectCltvExpiry(CltvExpiry CltvExpiry, ByteVector ChannelUpdate) : ChannelUpdateFailure(ChannelUpdate)
{
    public override FailureCode Code => FailureCode.IncorrectCltvExpiry;

    private protected override void WriteData(WireWriter writer)
    {
        writer.WriteCltvExpiry(CltvExpiry);
        WriteChannelUpdate(writer);
    }
}

/// <summary>UPDATE|14 (<c>expiry_too_soon</c>).</summary>
public sealed record ExpiryTooSoon(ByteVector ChannelUpdate) : ChannelUpdateFailure(ChannelUpdate)
{
    public override FailureCode Code => FailureCode.ExpiryTooSoon;

    private protected override void WriteData(WireWriter writer) => WriteChannelUpdate(writer);
}

/// <summary>UPDATE|20 (<c>channel_disabled</c>). BOLT #4: "No flags for `disabled_flags` are currently defined"</summary>
public sealed record ChannelDisabled(ushort DisabledFlags, ByteVector ChannelUpdate) : ChannelUpdateFailure(ChannelUpdate)
{
    public override FailureCode Code => FailureCode.ChannelDisabled;

    private protected override void WriteData(WireWriter writer)
    {
        writer.WriteU16(DisabledFlags);
        WriteChannelUpdate(writer);
    }
}
