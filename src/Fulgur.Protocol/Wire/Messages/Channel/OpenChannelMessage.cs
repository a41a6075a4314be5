using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 2 <c>open_channel</c>: the funder proposes a v1 channel, its own channel parameters and its keys.
/// </summary>
/// <param name="UpfrontShutdownScript">The <c>upfront_shutdown_script</c> TLV, or null when absent (empty means "no script").</param>
/// <param name="ChannelType">The <c>channel_type</c> TLV as a feature vector, or null when absent.</param>
/// <param name="UnknownTlvs">Unknown odd TLV records, kept so the message re-encodes exactly.</param>
public sealed record OpenChannelMessage(
    ChainHash ChainHash,
    ChannelId TemporaryChannelId,
    Satoshi FundingSatoshis,
    MilliSatoshi PushMsat,
    Satoshi DustLimitSatoshis,
    MaxHtlcValueInFlight MaxHtlcValueInFlightMsat,
    Satoshi ChannelReserveSatoshis,
    MilliSatoshi HtlcMinimumMsat,
    FeeRate FeeratePerKw,
    ToSelfDelay ToSelfDelay,
    ushort MaxAcceptedHtlcs,
    PublicKey FundingPubkey,
    PublicKey RevocationBasepoint,
    PublicKey PaymentBasepoint,
    PublicKey DelayedPaymentBasepoint,
    PublicKey HtlcBasepoint,
    PublicKey FirstPerCommitmentPoint,
    byte ChannelFlags,
    ByteVector? UpfrontShutdownScript,
    FeatureBits? ChannelType,
    TlvStream UnknownTlvs) : IWireMessage<OpenChannelMessage>
{
    internal const ulong UpfrontShutdownScriptType = 0;
    internal const ulong ChannelTypeType = 1;

    /// <summary>The <c>announce_channel</c> bit of <see cref="ChannelFlags"/>.</summary>
    public const byte AnnounceChannelBit = 1;

    public static MessageType MessageType => new(32);

    public static string Name => "open_channel";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("chain_hash", "chain_hash"),
        new("32*byte", "temporary_channel_id"),
        new("u64", "funding_satoshis"),
        new("u64", "push_msat"),
        new("u64", "dust_limit_satoshis"),
        new("u64", "max_htlc_value_in_flight_msat"),
        new("u64", "channel_reserve_satoshis"),
        new("u64", "htlc_minimum_msat"),
        new("u32", "feerate_per_kw"),
        new("u16", "to_self_delay"),
        new("u16", "max_accepted_htlcs"),
        new("point", "funding_pubkey"),
        new("point", "revocation_basepoint"),
        new("point", "payment_basepoint"),
        new("point", "delayed_payment_basepoint"),
        new("point", "htlc_basepoint"),
        new("point", "first_per_commitment_point"),
        new("byte", "channel_flags"),
        new("open_channel_tlvs", "tlvs"),
    ];

    public static TlvNamespace Tlvs { get; } = OpeningTlvs.Namespace("open_channel_tlvs");

    public MessageType Type => MessageType;

    // BOLT #2: "Only the least-significant bit of `channel_flags` is currently
    // defined: `announce_channel`."
    public bool AnnounceChannel => (ChannelFlags & AnnounceChannelBit) != 0;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out OpenChannelMessage? message)
    {
        message = null;
        if (!reader.TryReadChainHash(out var chainHash)
            || !reader.TryReadChannelId(out var temporaryChannelId)
            || !reader.TryReadSatoshi(out var fundingSatoshis)
            || !reader.TryReadMilliSatoshi(out var pushMsat)
            || !reader.TryReadSatoshi(out var dustLimit)
            || !reader.TryReadMaxHtlcValueInFlight(out var maxInFlight)
            || !reader.TryReadSatoshi(out var channelReserve)
            || !reader.TryReadMilliSatoshi(out var htlcMinimum)
            || !reader.TryReadFeeRate(out var feerate)
            || !reader.TryReadToSelfDelay(out var toSelfDelay)
            || !reader.TryReadU16(out var maxAcceptedHtlcs)
            || !reader.TryReadPoint(out var fundingPubkey)
            || !reader.TryReadPoint(out var revocationBasepoint)
            || !reader.TryReadPoint(out var paymentBasepoint)
            || !reader.TryReadPoint(out var delayedPaymentBasepoint)
            || !reader.TryReadPoint(out var htlcBasepoint)
            || !reader.TryReadPoint(out var firstPerCommitmentPoint)
            || !reader.TryReadU8(out var channelFlags)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        var (shutdownScript, channelType) = OpeningTlvs.Read(tlvs);
        message = new OpenChannelMessage(
            chainHash, temporaryChannelId, fundingSatoshis, pushMsat, dustLimit, maxInFlight, channelReserve, htlcMinimum,
            feerate, toSelfDelay, maxAcceptedHtlcs, fundingPubkey, revocationBasepoint, paymentBasepoint,
            delayedPaymentBasepoint, htlcBasepoint, firstPerCommitmentPoint, channelFlags, shutdownScript, channelType,
            tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChainHash(ChainHash);
        writer.WriteChannelId(TemporaryChannelId);
        writer.WriteSatoshi(FundingSatoshis);
        writer.WriteMilliSatoshi(PushMsat);
        writer.WriteSatoshi(DustLimitSatoshis);
        writer.WriteU64(MaxHtlcValueInFlightMsat.RawMsat);
        writer.WriteSatoshi(ChannelReserveSatoshis);
        writer.WriteMilliSatoshi(HtlcMinimumMsat);
        writer.WriteFeeRate(FeeratePerKw);
        writer.WriteToSelfDelay(ToSelfDelay);
        writer.WriteU16(MaxAcceptedHtlcs);
        writer.WritePoint(FundingPubkey);
        writer.WritePoint(RevocationBasepoint);
        writer.WritePoint(PaymentBasepoint);
        writer.WritePoint(DelayedPaymentBasepoint);
        writer.WritePoint(HtlcBasepoint);
        writer.WritePoint(FirstPerCommitmentPoint);
        writer.WriteU8(ChannelFlags);
        OpeningTlvs.With(UnknownTlvs, UpfrontShutdownScript, ChannelType).Write(writer);
    }
}

/// <summary>The TLVs <c>open_channel</c> and <c>accept_channel</c> share: <c>upfront_shutdown_script</c> and <c>channel_type</c>.</summary>
internal static class OpeningTlvs
{
    public static TlvNamespace Namespace(string name) => new(name,
        new TlvType(OpenChannelMessage.UpfrontShutdownScriptType, "upfront_shutdown_script", TlvFormat.Bytes),
        new TlvType(OpenChannelMessage.ChannelTypeType, "channel_type", TlvFormat.Bytes));

    public static (ByteVector? ShutdownScript, FeatureBits? ChannelType) Read(TlvStream tlvs)
    {
        ByteVector? shutdownScript = tlvs.TryGetValue(OpenChannelMessage.UpfrontShutdownScriptType, out var script) ? script : null;
        FeatureBits? channelType = tlvs.TryGetValue(OpenChannelMessage.ChannelTypeType, out var type) ? FeatureBits.FromWire(type.Span) : null;
        return (shutdownScript, channelType);
    }

    public static TlvStream With(TlvStream unknown, ByteVector? shutdownScript, FeatureBits? channelType)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        var tlvs = unknown;
        if (shutdownScript is { } script)
            tlvs = tlvs.With(OpenChannelMessage.UpfrontShutdownScriptType, script);
        if (channelType is not null)
            tlvs = tlvs.With(OpenChannelMessage.ChannelTypeType, new ByteVector(channelType.WireBytes));
        return tlvs;
    }
}
