using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>The <c>fee_range</c> TLV of <c>closing_signed</c>: the fees the sender will accept.</summary>
public readonly record struct ClosingFeeRange(Satoshi MinFeeSatoshis, Satoshi MaxFeeSatoshis)
{
    public bool Contains(Satoshi fee) => fee >= MinFeeSatoshis && fee <= MaxFeeSatoshis;
}

/// <summary>
/// BOLT 2 <c>closing_signed</c> (legacy closing negotiation, without <c>option_simple_close</c>): a proposed fee
/// and the sender's signature of the closing transaction paying it.
/// </summary>
/// <param name="FeeRange">The <c>fee_range</c> TLV, or null when absent.</param>
public sealed record ClosingSignedMessage(
    ChannelId ChannelId,
    Satoshi FeeSatoshis,
    EcdsaSignature Signature,
    ClosingFeeRange? FeeRange,
    TlvStream UnknownTlvs) : IWireMessage<ClosingSignedMessage>
{
    private const ulong FeeRangeType = 1;

    public ClosingSignedMessage(ChannelId channelId, Satoshi feeSatoshis, EcdsaSignature signature, ClosingFeeRange? feeRange = null)
        : this(channelId, feeSatoshis, signature, feeRange, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(39);

    public static string Name => "closing_signed";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u64", "fee_satoshis"),
        new("signature", "signature"),
        new("closing_signed_tlvs", "tlvs"),
    ];

    public static TlvNamespace Tlvs { get; } = new("closing_signed_tlvs",
        new TlvType(FeeRangeType, "fee_range", ChannelFieldCodecs.SatoshiPair));

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ClosingSignedMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadSatoshi(out var fee)
            || !reader.TryReadSignature(out var signature)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        ClosingFeeRange? feeRange = null;
        if (tlvs.TryGetValue(FeeRangeType, out var value))
        {
            // The namespace's validator has checked the value: two u64 amounts below 2^63.
            var valueReader = new WireReader(value.Span);
            valueReader.TryReadSatoshi(out var min);
            valueReader.TryReadSatoshi(out var max);
            feeRange = new ClosingFeeRange(min, max);
        }
        message = new ClosingSignedMessage(channelId, fee, signature, feeRange, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteSatoshi(FeeSatoshis);
        writer.WriteSignature(Signature);
        var tlvs = UnknownTlvs;
        if (FeeRange is { } range)
        {
            tlvs = tlvs.With(FeeRangeType, WireWriter.ToByteVector(w =>
            {
                w.WriteSatoshi(range.MinFeeSatoshis);
                w.WriteSatoshi(range.MaxFeeSatoshis);
            }));
        }
        tlvs.Write(writer);
    }
}
