using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 7 <c>channel_update</c>: one end's relay policy for a channel, signed by that end. Also carried inside
/// BOLT 4 failure messages. Validation lives in <see cref="ChannelUpdateValidator"/>.
/// </summary>
/// <param name="FeeBaseMsat">The <c>u32</c> <c>fee_base_msat</c>.</param>
public sealed record ChannelUpdateMessage(
    EcdsaSignature Signature,
    ChainHash ChainHash,
    ShortChannelId ShortChannelId,
    GossipTimestamp Timestamp,
    ChannelUpdateMessageFlags MessageFlags,
    ChannelUpdateChannelFlags ChannelFlags,
    CltvExpiryDelta CltvExpiryDelta,
    MilliSatoshi HtlcMinimumMsat,
    MilliSatoshi FeeBaseMsat,
    uint FeeProportionalMillionths,
    MilliSatoshi HtlcMaximumMsat,
    TlvStream UnknownTlvs) : IWireMessage<ChannelUpdateMessage>
{
    public static MessageType MessageType => new(258);

    public static string Name => "channel_update";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("signature", "signature"),
        new("chain_hash", "chain_hash"),
        new("short_channel_id", "short_channel_id"),
        new("u32", "timestamp"),
        new("byte", "message_flags"),
        new("byte", "channel_flags"),
        new("u16", "cltv_expiry_delta"),
        new("u64", "htlc_minimum_msat"),
        new("u32", "fee_base_msat"),
        new("u32", "fee_proportional_millionths"),
        new("u64", "htlc_maximum_msat"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public ChannelDirection Direction => ChannelFlags.Direction;

    public bool IsDisabled => ChannelFlags.IsDisabled;

    public bool DontForward => MessageFlags.DontForward;

    /// <summary>
    /// The fee this update asks for forwarding <paramref name="amountToForward"/>.
    /// </summary>
    // BOLT #7: "fee_base_msat + ( amount_to_forward * fee_proportional_millionths / 1000000 )"
    public MilliSatoshi FeeFor(MilliSatoshi amountToForward) =>
        FeeBaseMsat + new MilliSatoshi((long)((Int128)amountToForward.Value * FeeProportionalMillionths / 1_000_000));

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ChannelUpdateMessage? message)
    {
        message = null;
        if (!reader.TryReadSignature(out var signature)
            || !reader.TryReadChainHash(out var chainHash)
            || !reader.TryReadShortChannelId(out var scid)
            || !reader.TryReadU32(out var timestamp)
            || !reader.TryReadU8(out var messageFlags)
            || !reader.TryReadU8(out var channelFlags)
            || !reader.TryReadCltvExpiryDelta(out var cltvExpiryDelta)
            || !reader.TryReadMilliSatoshi(out var htlcMinimum)
            || !reader.TryReadU32(out var feeBase)
            || !reader.TryReadU32(out var feeProportional)
            || !reader.TryReadMilliSatoshi(out var htlcMaximum)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new ChannelUpdateMessage(signature, chainHash, scid, new GossipTimestamp(timestamp),
            new ChannelUpdateMessageFlags(messageFlags), new ChannelUpdateChannelFlags(channelFlags), cltvExpiryDelta, htlcMinimum,
            new MilliSatoshi(feeBase), feeProportional, htlcMaximum, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        if (FeeBaseMsat.Value is < 0 or > uint.MaxValue)
            throw new InvalidOperationException($"fee_base_msat {FeeBaseMsat} does not fit a u32");
        writer.WriteSignature(Signature);
        writer.WriteChainHash(ChainHash);
        writer.WriteShortChannelId(ShortChannelId);
        writer.WriteU32(Timestamp.Value);
        writer.WriteU8(MessageFlags.Value);
        writer.WriteU8(ChannelFlags.Value);
        writer.WriteCltvExpiryDelta(CltvExpiryDelta);
        writer.WriteMilliSatoshi(HtlcMinimumMsat);
        writer.WriteU32((uint)FeeBaseMsat.Value);
        writer.WriteU32(FeeProportionalMillionths);
        writer.WriteMilliSatoshi(HtlcMaximumMsat);
        UnknownTlvs.Write(writer);
    }
}
