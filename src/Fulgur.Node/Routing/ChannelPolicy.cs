using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>
/// BOLT #7: the `direction` bit of `channel_flags`: 0 when the update comes from `node_id_1` (the lesser node id),
/// 1 when it comes from `node_id_2`.
/// </summary>
public enum ChannelDirection : byte
{
    FromNode1 = 0,
    FromNode2 = 1,
}

/// <summary>One direction's forwarding policy, as a <c>channel_update</c> carries it (already validated by the caller).</summary>
public readonly record struct ChannelPolicy(
    bool Disabled,
    MilliSatoshi HtlcMinimum,
    MilliSatoshi HtlcMaximum,
    MilliSatoshi FeeBase,
    uint FeeProportionalMillionths,
    ushort CltvExpiryDelta)
{
    /// <summary>
    /// BOLT #7: the fee a forwarding node charges is
    /// "fee_base_msat + ( amount_to_forward * fee_proportional_millionths / 1000000 )" (integer arithmetic).
    /// </summary>
    public MilliSatoshi FeeFor(MilliSatoshi amountToForward) =>
        new(FeeMsat(FeeBase.Value, FeeProportionalMillionths, amountToForward.Value));

    internal static long FeeMsat(long baseMsat, uint proportionalMillionths, long amountToForward) =>
        checked(baseMsat + (long)((Int128)amountToForward * proportionalMillionths / 1_000_000));
}

/// <summary>A <c>channel_update</c>-like record for one direction of a channel.</summary>
public sealed record ChannelDirectionUpdate(ShortChannelId Channel, ChannelDirection Direction, uint Timestamp, ChannelPolicy Policy);
